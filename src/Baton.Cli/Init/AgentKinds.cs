namespace Baton.Cli.Init;

/// <summary>Names of <see cref="AgentKind"/> on the command line and in <c>.baton/init.json</c>.</summary>
internal static class AgentKinds
{
    public static readonly string[] Names = ["cursor", "claude", "codex", "all"];

    public static AgentKind Parse(IEnumerable<string> names)
    {
        var kind = AgentKind.None;
        foreach (var name in names.SelectMany(n => n.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            kind |= name.ToLowerInvariant() switch
            {
                "cursor" => AgentKind.Cursor,
                "claude" => AgentKind.Claude,
                "codex" => AgentKind.Codex,
                "all" => AgentKind.All,
                _ => throw new ArgumentException($"unknown agent '{name}'", nameof(names)),
            };
        }
        return kind;
    }

    public static List<string> ToNames(AgentKind kind)
        => [.. new[] { (AgentKind.Cursor, "cursor"), (AgentKind.Claude, "claude"), (AgentKind.Codex, "codex") }
            .Where(p => kind.HasFlag(p.Item1)).Select(p => p.Item2)];
}
