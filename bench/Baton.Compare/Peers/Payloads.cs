using System.Globalization;

namespace Baton.Compare.Peers;

/// <summary>The small task every peer carries: about the size of a task id plus a title.</summary>
internal static class Payloads
{
    /// <summary>Preload batches: pipelined or multi-value writes, so preloading stays short and untimed.</summary>
    public const int PreloadBatch = 1000;

    public static string Body(int i) => "task-" + i.ToString("D6", CultureInfo.InvariantCulture) + " do the thing";

    public static IEnumerable<IReadOnlyList<string>> Batches(int tasks)
        => Enumerable.Range(0, tasks).Select(Body).Chunk(PreloadBatch);
}
