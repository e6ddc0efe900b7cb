using System.Reflection;
using Baton.Storage;

namespace Baton.Hub.Tests.Support;

/// <summary>Passes every call to a real store and notes whether it was closed.</summary>
public class ObservedStore : DispatchProxy
{
    private IBatonStore? _inner;

    /// <summary>Whether <see cref="IAsyncDisposable.DisposeAsync"/> was called.</summary>
    public bool Closed { get; private set; }

    public static (IBatonStore Store, ObservedStore Observer) Wrap(IBatonStore inner)
    {
        var store = Create<IBatonStore, ObservedStore>();
        var observer = (ObservedStore)(object)store;
        observer._inner = inner;
        return (store, observer);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IAsyncDisposable.DisposeAsync))
        {
            Closed = true;
        }
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }
}
