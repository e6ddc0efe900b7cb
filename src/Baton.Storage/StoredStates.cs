using System.Diagnostics;
using Baton.Core.Tasks;

namespace Baton.Storage;

/// <summary>
/// The one place the stores (SQLite and PostgreSQL, the same text in both) map <see cref="TaskState"/> to the text they
/// keep in <c>tasks.state</c> and <c>events.state</c>, and back: each state's wire name (<see cref="TaskStates.ToWire"/>),
/// as every store made before has it, so no data moves. The stores' SQL names no state: states are bound as parameters.
/// </summary>
internal static class StoredStates
{
    // Indexed by the enum's value (its members are numbered from 0 in order), built once from the wire names.
    private static readonly string[] Names = BuildNames();

    private static string[] BuildNames()
    {
        var states = Enum.GetValues<TaskState>();
        var names = new string[states.Length];
        foreach (var state in states)
        {
            Debug.Assert((int)state >= 0 && (int)state < states.Length, "task states are numbered from 0 in order");
            names[(int)state] = state.ToWire();
        }
        return names;
    }

    /// <summary>The stored text of a state (the same string instance each time).</summary>
    public static string Name(TaskState state) => Names[(int)state];

    /// <summary>The stored texts of several states, for <c>state = ANY($n)</c>.</summary>
    public static string[] Of(IReadOnlyList<TaskState> states) => [.. states.Select(Name)];

    /// <summary>The state a stored text names.</summary>
    /// <exception cref="InvalidDataException">The text names no state (a store written by something else).</exception>
    public static TaskState Parse(string text, string taskId)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (string.Equals(Names[i], text, StringComparison.Ordinal))
            {
                return (TaskState)i;
            }
        }
        throw new InvalidDataException($"task {taskId} has an unknown state '{text}'");
    }

    /// <summary>The per-state counts a status shows, keyed by stored name, every state present.</summary>
    public static Dictionary<string, int> EmptyCounts() => Names.ToDictionary(n => n, _ => 0, StringComparer.Ordinal);
}
