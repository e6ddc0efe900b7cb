namespace Baton.Ui.Tests.Support;

internal static class Plans
{
    /// <summary>A small plan with dependencies: a, then b and c, then d; and e on its own.</summary>
    public const string Small = """
        {"plan": "shop", "tasks": [
          {"id": "schema", "title": "Set up the schema", "files": ["db/**"], "labels": []},
          {"id": "api", "title": "Write the orders API", "depends_on": ["schema"], "files": ["api/**"]},
          {"id": "web", "title": "Write the checkout page", "depends_on": ["schema"], "files": ["web/**"]},
          {"id": "docs", "title": "Document the checkout", "depends_on": ["api", "web"], "files": ["docs/**"]},
          {"id": "ci", "title": "Add CI", "files": [".ci/**"], "max_attempts": 1}
        ]}
        """;
}
