namespace Baton.Storage.Sqlite;

/// <summary>What a running hub says about itself in <c>STORE.hub.json</c> (see <see cref="HubLockFile"/>).</summary>
public sealed record HubLockRecord
{
    /// <summary>Where the hub listens; null while it starts (it takes the store before it binds).</summary>
    public Uri? Url { get; init; }

    /// <summary>The hub's process id (0 when its record could not be read).</summary>
    public required int Pid { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The store's full path.</summary>
    public required string Store { get; init; }

    /// <summary>"at http://127.0.0.1:7411 (pid 1234)", or what of it is known.</summary>
    public string Describe()
    {
        var where = Url is null ? "(still starting)" : $"at {Url.ToString().TrimEnd('/')}";
        return Pid > 0 ? $"{where} (pid {Pid})" : where;
    }
}

/// <summary>What <see cref="HubLockFile.TryTakeAsync"/> found: the lock taken (<paramref name="Held"/>), or the hub
/// that holds it (<paramref name="Holder"/>).</summary>
public sealed record HubLockAttempt(HubLock? Held, HubLockRecord? Holder);
