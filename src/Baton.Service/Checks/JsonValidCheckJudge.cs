using System.Globalization;
using Baton.Core.Checks;

namespace Baton.Service.Checks;

/// <summary>Judges a <c>json_valid</c> check on bytes the runner has read: the file is JSON and, with a schema, matches
/// it (<see cref="JsonSchemaValidator"/>). Here rather than in Baton.Core's pure <see cref="CheckEvaluation"/> because
/// it needs a JSON Schema library, which Core (and Baton.Client, which depends on it) should not carry.</summary>
internal static class JsonValidCheckJudge
{
    // Lines of detail (schema violations) kept in a result's output.
    private const int MaxDetailLines = 20;

    /// <summary>Judges a <c>json_valid</c> check on the file's bytes and, when the check has a schema, the schema file's bytes.</summary>
    public static CheckVerdict Judge(JsonValidCheck check, ReadOnlyMemory<byte> content, ReadOnlyMemory<byte>? schema)
    {
        ArgumentNullException.ThrowIfNull(check);
        if (!CheckEvaluation.TryParseJson(content, out var document, out var syntax))
        {
            return CheckVerdict.Fail($"{check.Path} is {syntax}");
        }
        using (document)
        {
            if (check.Schema is null || schema is not { } schemaBytes)
            {
                return CheckVerdict.Pass($"{check.Path} is valid JSON");
            }
            if (!CheckEvaluation.TryParseJson(schemaBytes, out var schemaDocument, out var schemaSyntax))
            {
                return CheckVerdict.Fail($"the schema {check.Schema} is {schemaSyntax}");
            }
            using (schemaDocument)
            {
                var errors = JsonSchemaValidator.Validate(schemaDocument.RootElement, document.RootElement, MaxDetailLines);
                if (errors.Count == 0)
                {
                    return CheckVerdict.Pass($"{check.Path} is valid JSON and matches {check.Schema}");
                }
                var more = errors.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {errors.Count - 1} more)") : "";
                return CheckVerdict.Fail($"{check.Path} does not match {check.Schema}: {errors[0]}{more}", string.Join('\n', errors));
            }
        }
    }
}
