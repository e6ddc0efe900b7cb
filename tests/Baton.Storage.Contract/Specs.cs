using Baton.Core.Tasks;

namespace Baton.Storage.Contract;

/// <summary>Task specs for the tests, with what most tests leave at its default.</summary>
public static class Specs
{
    public static TaskSpec Task(string id, int priority = 0, string[]? files = null, string[]? dependsOn = null, int maxAttempts = 3, string[]? labels = null)
        => new()
        {
            Id = new TaskId(id),
            Title = "task " + id,
            Description = "do " + id,
            Priority = priority,
            Files = files ?? [],
            DependsOn = (dependsOn ?? []).Select(d => new TaskId(d)).ToList(),
            MaxAttempts = maxAttempts,
            Labels = labels ?? [],
        };
}
