using System.Text.Json;
using Baton.Core.Tasks;

namespace Baton.Storage.Tests.Checks;

/// <summary>Tasks with acceptance items written as JSON, for the check tests.</summary>
internal static class CheckTasks
{
    public static TaskItem With(string[] files, params string[] acceptance) => new()
    {
        Id = new TaskId("t1"),
        Title = "task",
        Files = files,
        Acceptance = [.. acceptance.Select(Item)],
        State = TaskState.Checking,
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static AcceptanceItem Item(string text)
    {
        if (!text.StartsWith('{'))
        {
            return AcceptanceItem.OfText(text);
        }
        using var doc = JsonDocument.Parse(text);
        return new AcceptanceItem { Check = doc.RootElement.Clone() };
    }
}
