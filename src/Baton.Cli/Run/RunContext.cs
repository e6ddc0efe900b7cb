namespace Baton.Cli.Run;

/// <summary>What every worker loop of one <c>baton run</c> shares.</summary>
internal sealed record RunContext
{
    public required GitRepository Repository { get; init; }

    public required RunOptions Options { get; init; }

    /// <summary>The hub the agents reach Baton through (<c>BATON_SERVER</c>).</summary>
    public required string ServerUrl { get; init; }

    /// <summary>The token this run speaks to the hub with (the repository's own, or the one given).</summary>
    public string? Token { get; init; }

    /// <summary>The tokens the agents get (<c>BATON_TOKEN</c>), by worker name: worker tokens bound to that name when
    /// this run could make them (it has the hub's key), otherwise the run's own <see cref="Token"/>.</summary>
    public Dictionary<string, string?> AgentTokens { get; } = [];

    /// <summary><c>.baton</c> in the repository root: tasks/, logs/, worktrees/, bin/.</summary>
    public required string BatonDirectory { get; init; }

    public required RunView View { get; init; }

    public string TaskFile(string id, string extension) => Path.Combine(BatonDirectory, "tasks", $"{id}.{extension}");

    public string LogFile(string id, int attempt) => Path.Combine(BatonDirectory, "logs", $"{id}-{attempt}.log");

    public string BinDirectory => Path.Combine(BatonDirectory, "bin");

    public string Relative(string path) => Path.GetRelativePath(Repository.Root, path).Replace('\\', '/');
}
