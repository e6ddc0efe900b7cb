namespace Baton.Cli.Tests.Support;

/// <summary>Plan files used by the tests.</summary>
internal static class Plans
{
    public static string Three(string prefix = "t") => $$"""
        {"tasks": [
          {"id": "{{prefix}}1", "title": "Summarize a", "description": "Summarize a.txt", "files": ["summaries/a.md"], "acceptance": ["summaries/a.md exists"]},
          {"id": "{{prefix}}2", "title": "Summarize b", "description": "Summarize b.txt", "files": ["summaries/b.md"], "acceptance": ["summaries/b.md exists"]},
          {"id": "{{prefix}}3", "title": "Summarize c", "description": "Summarize c.txt", "files": ["summaries/c.md"], "acceptance": ["summaries/c.md exists"]}
        ]}
        """;

    /// <summary>Three problems at once: a task without title or description, a duplicate id, an unknown dependency.</summary>
    public const string Malformed = """
        {"tasks": [
          {"id": "m1", "title": "fine", "description": "fine"},
          {"id": "m2", "priority": "high"},
          {"id": "m1", "title": "duplicate", "description": "duplicate id"},
          {"id": "m3", "title": "dangling", "description": "x", "depends_on": ["nope"]}
        ]}
        """;
}
