using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Cli.Hooks;

/// <summary>
/// What the stop hook remembers between stops of one chat, to notice a loop: the task it last pointed the agent at
/// and how many times in a row it blocked the stop without the agent making progress (reporting or taking a new task).
/// Kept in the temporary directory per worker and chat, never in the repository.
/// </summary>
internal sealed record StopHookState(string? Task, int Blocks)
{
    public static string PathFor(string worker, string? session)
    {
        var key = string.Concat($"{worker}-{session ?? "none"}".Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return Path.Combine(Path.GetTempPath(), "baton-hooks", key + ".json");
    }

    public static StopHookState Load(string path)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            return new StopHookState(
                root.TryGetProperty("task", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null,
                root.TryGetProperty("blocks", out var b) && b.TryGetInt32(out var n) ? n : 0);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new StopHookState(null, 0);
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, new JsonObject { ["task"] = Task, ["blocks"] = Blocks }.ToJsonString() + "\n");
    }
}
