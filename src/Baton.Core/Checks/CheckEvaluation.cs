using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Baton.Core.Globs;
using Baton.Core.Plans;

namespace Baton.Core.Checks;

/// <summary>The pure part of the checks: judging content the caller has read.</summary>
public static class CheckEvaluation
{
    /// <summary>Judges a <c>contains</c> check on the file's text.</summary>
    public static CheckVerdict Contains(ContainsCheck check, string text)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            var match = check.CreateRegex().Match(text);
            if (!match.Success)
            {
                return CheckVerdict.Fail($"pattern '{check.Pattern}' not found in {check.Path}");
            }
            var line = text.AsSpan(0, match.Index).Count('\n') + 1;
            return CheckVerdict.Pass(string.Create(CultureInfo.InvariantCulture, $"pattern '{check.Pattern}' found in {check.Path} at line {line}"));
        }
        catch (RegexMatchTimeoutException)
        {
            // A pattern that backtracks without end is the plan's problem, reported like any failed check.
            return CheckVerdict.Fail($"pattern '{check.Pattern}' took longer than {ContainsCheck.MatchTimeout.TotalSeconds:0}s to match in {check.Path}");
        }
    }

    /// <summary>Judges a <c>files_within</c> check: every reported file (deleted ones, written "-path", too)
    /// matches one of <paramref name="taskFiles"/>.</summary>
    public static CheckVerdict FilesWithin(IReadOnlyList<string> taskFiles, IReadOnlyList<string> reportedFiles)
    {
        ArgumentNullException.ThrowIfNull(taskFiles);
        ArgumentNullException.ThrowIfNull(reportedFiles);
        if (taskFiles.Count == 0)
        {
            return CheckVerdict.Fail("the task has no files globs, so files_within has nothing to check against (add \"files\" to the task)");
        }
        var globs = string.Join(", ", taskFiles);
        var outside = new List<string>();
        foreach (var entry in reportedFiles)
        {
            var file = ReportedFile.Parse(entry);
            if (!RepoPaths.TryNormalize(file.Path, out var path, out _) || !GlobMatcher.IsMatchAny(taskFiles, path))
            {
                outside.Add(file.Path);
            }
        }
        if (outside.Count == 0)
        {
            return CheckVerdict.Pass(string.Create(CultureInfo.InvariantCulture, $"all {reportedFiles.Count} reported files are within the task's files ({globs})"));
        }
        if (outside.Count == 1)
        {
            return CheckVerdict.Fail($"{outside[0]} is outside the task's files ({globs})");
        }
        var listed = string.Join(", ", outside.Take(5)) + (outside.Count > 5 ? ", ..." : "");
        return CheckVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"{outside.Count} files are outside the task's files ({globs}): {listed}"),
            string.Join('\n', outside));
    }

    private static readonly JsonDocumentOptions StrictJson = new() { MaxDepth = 256 };

    /// <summary>Parses a file's bytes as JSON (a UTF-8 byte order mark allowed, depth up to 256); false with the
    /// problem as one line ("not valid JSON at line L, byte B: reason") when they are not.</summary>
    public static bool TryParseJson(ReadOnlyMemory<byte> bytes, out JsonDocument document, out string problem)
    {
        // A UTF-8 byte order mark is legal in a file but not in JSON text; editors write it.
        var span = bytes.Span;
        var start = span.StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            document = JsonDocument.Parse(bytes[start..], StrictJson);
            problem = "";
            return true;
        }
        catch (JsonException ex)
        {
            // JsonDocument reports malformed input only by throwing; this is where it becomes a verdict.
            document = null!; // never read when false is returned
            problem = PlanParser.Malformed(ex);
            return false;
        }
    }
}
