namespace Baton.Cli.Demo;

/// <summary>The demo's sample repository and plan: three independent file summaries, like the seed's first test.</summary>
internal static class DemoPlan
{
    public static IReadOnlyList<(string Name, string Text)> Notes { get; } =
    [
        ("alpha", "Baton splits work among agents.\nA coordinator writes tasks with full context.\nWorkers claim, do and report them.\n"),
        ("beta", "Leases keep two workers off one task.\nHeartbeats renew a lease during long work.\nA late report is kept but never applied.\nExpired tasks go back to ready.\n"),
        ("gamma", "Every change is an event.\nThe status view follows the events live.\n"),
    ];

    public static void WriteRepository(string root)
    {
        Directory.CreateDirectory(Path.Combine(root, "notes"));
        foreach (var (name, text) in Notes)
        {
            File.WriteAllText(Path.Combine(root, "notes", $"{name}.txt"), text);
        }
    }

    public static string PlanJson() => $$"""
        {"tasks": [{{string.Join(",\n", Notes.Select(n => TaskJson(n.Name)))}}]}
        """;

    private static string TaskJson(string name) => $$"""
        {"id": "summarize-{{name}}",
         "title": "Summarize notes/{{name}}.txt",
         "description": "Write summaries/{{name}}.md: the line count, word count and first line of notes/{{name}}.txt.",
         "context": "Part of the baton demo: three independent file summaries, one per worker. Markdown, one bullet per fact.",
         "context_files": ["notes/{{name}}.txt"],
         "files": ["summaries/{{name}}.md"],
         "acceptance": ["summaries/{{name}}.md exists", "it gives the line count, word count and first line of notes/{{name}}.txt"]}
        """;
}
