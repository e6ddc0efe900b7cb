using System.Globalization;
using System.Text;
using System.Text.Json;
using Json.Schema;

namespace Baton.Service.Checks;

/// <summary>
/// Validates a JSON value against a JSON Schema with JsonSchema.Net (draft 2020-12 by default, or the draft its
/// <c>$schema</c> names; every keyword, <c>if</c>/<c>then</c> and <c>unevaluated*</c> included). Each violation
/// comes back as "JSON-path: what is wrong", the path written as Baton writes paths elsewhere (<c>$.tags[1]</c>).
/// <c>format</c> is an annotation, as the specification has it. A schema the library cannot use (a <c>$ref</c> it
/// cannot resolve, a keyword with a value of the wrong kind) is one violation that says so: a rule is never passed
/// by being skipped.
/// </summary>
internal static class JsonSchemaValidator
{
    /// <summary>Every violation (at most <paramref name="maxErrors"/>); empty when <paramref name="instance"/>
    /// matches <paramref name="schema"/>.</summary>
    public static IReadOnlyList<string> Validate(JsonElement schema, JsonElement instance, int maxErrors = 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxErrors, 1);
        EvaluationResults results;
        try
        {
            // A schema of its own per check: building it registers it (and its $id) only in these options.
            var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
            results = JsonSchema.FromText(schema.GetRawText()).Evaluate(instance, options);
        }
        catch (Exception ex) when (ex is JsonSchemaException or JsonException or InvalidOperationException or ArgumentException
            or KeyNotFoundException or NotSupportedException or FormatException)
        {
            // The library reports a schema it cannot use only by throwing; this is where it becomes a violation.
            return [$"$: the schema cannot be used: {ex.Message.TrimEnd('.')}"];
        }
        if (results.IsValid)
        {
            return [];
        }
        var errors = new List<string>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }
            foreach (var (keyword, message) in detail.Errors)
            {
                errors.Add($"{Path(detail.InstanceLocation.ToString())}: {Describe(keyword, message, detail.EvaluationPath.ToString())}");
                if (errors.Count == maxErrors)
                {
                    return errors;
                }
            }
        }
        if (errors.Count == 0)
        {
            // 'not' and 'oneOf' fail with no message of their own: the failing node's children say which rule it was.
            var details = results.Details ?? [];
            foreach (var failed in details.Where(d => !d.IsValid && d.Errors is null))
            {
                var at = failed.EvaluationPath.ToString();
                var children = details.Where(d => IsChildOf(d.EvaluationPath.ToString(), at)).ToList();
                if (children.Count == 0 || children.Any(c => !c.IsValid))
                {
                    continue;
                }
                var keyword = children[0].EvaluationPath.ToString()[(at.Length + 1)..].Split('/')[0];
                errors.Add($"{Path(failed.InstanceLocation.ToString())}: " + keyword switch
                {
                    "not" => "must not match the 'not' schema (not)",
                    "oneOf" => string.Create(CultureInfo.InvariantCulture, $"must match exactly one of the schemas of oneOf, matches {children.Count} (oneOf)"),
                    _ => $"does not meet '{keyword}'",
                });
                if (errors.Count == maxErrors)
                {
                    break;
                }
            }
        }
        return errors.Count > 0 ? errors : ["$: does not match the schema"];
    }

    private static bool IsChildOf(string path, string parent)
        => path.Length > parent.Length + 1 && path.StartsWith(parent + "/", StringComparison.Ordinal) && !path[(parent.Length + 1)..].Contains('/', StringComparison.Ordinal)
            || (path.StartsWith(parent + "/oneOf/", StringComparison.Ordinal) && path[(parent.Length + 7)..].All(char.IsAsciiDigit));

    // The rule in brackets after the library's message; a false schema has none, so the keyword that applied it.
    private static string Describe(string keyword, string message, string evaluationPath)
    {
        if (string.IsNullOrEmpty(keyword))
        {
            var last = evaluationPath[(evaluationPath.LastIndexOf('/') + 1)..];
            keyword = last is "additionalProperties" or "unevaluatedProperties" or "items" or "unevaluatedItems" or "propertyNames" ? last : "";
        }
        return keyword.Length == 0 ? message : $"{message} ({keyword})";
    }

    // A JSON Pointer ("/tags/1", "/a~1b") as a JSON path ("$.tags[1]", "$['a/b']").
    private static string Path(string pointer)
    {
        var path = new StringBuilder("$");
        if (pointer.Length == 0 || pointer == "#")
        {
            return path.ToString();
        }
        foreach (var raw in pointer.TrimStart('#').TrimStart('/').Split('/'))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (token.Length > 0 && token.All(char.IsAsciiDigit))
            {
                path.Append(CultureInfo.InvariantCulture, $"[{token}]");
            }
            else if (token.Length > 0 && (char.IsAsciiLetter(token[0]) || token[0] == '_') && token.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                path.Append('.').Append(token);
            }
            else
            {
                path.Append("['").Append(token.Replace("'", "\\'", StringComparison.Ordinal)).Append("']");
            }
        }
        return path.ToString();
    }
}
