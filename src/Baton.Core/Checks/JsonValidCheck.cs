namespace Baton.Core.Checks;

/// <summary><c>{"check": "json_valid", "path": P, "schema": S}</c>: P is valid JSON and, when S is given, matches
/// the JSON Schema in file S (judged by JsonSchema.Net: docs/checks.md).</summary>
public sealed record JsonValidCheck : CheckDefinition
{
    /// <inheritdoc/>
    public override CheckKind Kind => CheckKind.JsonValid;

    /// <summary>The JSON file, relative to the repository root.</summary>
    public required string Path { get; init; }

    /// <summary>The JSON Schema file, relative to the repository root, when one is given.</summary>
    public string? Schema { get; init; }

    /// <inheritdoc/>
    protected override string Describe() => Schema is null ? $"json_valid {Path}" : $"json_valid {Path} (schema {Schema})";
}
