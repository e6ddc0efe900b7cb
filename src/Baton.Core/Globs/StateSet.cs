using System.Buffers;

namespace Baton.Core.Globs;

/// <summary>
/// The visited set and work stack of a product-automaton search: on the caller's stack memory when the state
/// space fits, else on pooled arrays. Every state is pushed at most once. Callers size the stack buffers to the
/// state count (zeroing a fixed 1024-state buffer on every call cost more than most searches).
/// </summary>
internal ref struct StateSet
{
    private readonly Span<bool> _visited;
    private readonly Span<int> _stack;
    private readonly bool[]? _rentedVisited;
    private readonly int[]? _rentedStack;
    private int _count;

    public StateSet(int states, Span<bool> visitedBuffer, Span<int> stackBuffer)
    {
        if (states > visitedBuffer.Length)
        {
            _rentedVisited = ArrayPool<bool>.Shared.Rent(states);
            _rentedStack = ArrayPool<int>.Shared.Rent(states);
            visitedBuffer = _rentedVisited;
            stackBuffer = _rentedStack;
        }
        _visited = visitedBuffer[..states];
        _stack = stackBuffer[..states];
        _visited.Clear();
        _count = 0;
    }

    public void Push(int state)
    {
        if (!_visited[state])
        {
            _visited[state] = true;
            _stack[_count++] = state;
        }
    }

    public bool TryPop(out int state)
    {
        if (_count == 0)
        {
            state = -1;
            return false;
        }
        state = _stack[--_count];
        return true;
    }

    public readonly void Dispose()
    {
        if (_rentedVisited is not null)
        {
            ArrayPool<bool>.Shared.Return(_rentedVisited);
        }
        if (_rentedStack is not null)
        {
            ArrayPool<int>.Shared.Return(_rentedStack);
        }
    }
}
