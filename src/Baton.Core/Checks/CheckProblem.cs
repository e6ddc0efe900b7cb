namespace Baton.Core.Checks;

/// <summary>What is wrong with a check object: where (a JSON path relative to the object) and what.</summary>
public sealed record CheckProblem
{
    /// <summary>Where, relative to the check object: <c>""</c> for the object itself, or like <c>.pattern</c> or <c>.run[1]</c>.</summary>
    public required string Path { get; init; }

    /// <summary>What is wrong, e.g. <c>contains needs a 'pattern' string</c>.</summary>
    public required string Message { get; init; }

    /// <summary>The problem as one line under the check object's own JSON path, e.g. <c>$.tasks[0].acceptance[2].pattern: ...</c>.</summary>
    public string At(string objectPath) => $"{objectPath}{Path}: {Message}";

    /// <inheritdoc/>
    public override string ToString() => Path.Length == 0 ? Message : $"{Path.TrimStart('.')}: {Message}";
}
