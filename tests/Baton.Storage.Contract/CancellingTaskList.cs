using System.Collections;
using Baton.Core.Tasks;

namespace Baton.Storage.Contract;

/// <summary>
/// A plan's tasks that cancel a token once an enumeration has handed out <c>cancelAt</c> of them: the import walks
/// the list with <c>foreach</c> as it makes the rows to insert, so it is cancelled halfway through, the moment a client
/// would go away. Indexing (the checks before that) does not cancel.
/// </summary>
public sealed class CancellingTaskList(IReadOnlyList<TaskSpec> tasks, int cancelAt, CancellationTokenSource cancel) : IReadOnlyList<TaskSpec>
{
    public TaskSpec this[int index] => tasks[index];

    public int Count => tasks.Count;

    public IEnumerator<TaskSpec> GetEnumerator()
    {
        for (var i = 0; i < tasks.Count; i++)
        {
            if (i == cancelAt)
            {
                cancel.Cancel();
            }
            yield return tasks[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
