using System.Buffers;
using System.Globalization;
using System.Text;
using Baton.Core.Checks;

namespace Baton.Service.Checks;

/// <summary>The file reading behind file_exists, not_empty, json_valid and contains.</summary>
internal static class FileChecks
{
    /// <summary>The largest file json_valid and contains read; a bigger one fails rather than fill memory.</summary>
    public const long MaxReadBytes = 64L * 1024 * 1024;

    private static readonly SearchValues<char> WhiteSpace = SearchValues.Create(" \t\r\n\f\v\uFEFF");

    public static CheckVerdict Exists(string relative, string fullPath)
    {
        if (File.Exists(fullPath))
        {
            return CheckVerdict.Pass($"{relative} exists");
        }
        return Directory.Exists(fullPath)
            ? CheckVerdict.Pass($"{relative} exists (a directory)")
            : CheckVerdict.Fail($"{relative} does not exist");
    }

    public static async Task<CheckVerdict> NotEmptyAsync(string relative, string fullPath, CancellationToken cancellationToken)
    {
        if (Directory.Exists(fullPath))
        {
            return Directory.EnumerateFileSystemEntries(fullPath).Any()
                ? CheckVerdict.Pass($"{relative} is a directory with entries")
                : CheckVerdict.Fail($"{relative} is an empty directory");
        }
        if (!File.Exists(fullPath))
        {
            return CheckVerdict.Fail($"{relative} does not exist");
        }
        var length = new FileInfo(fullPath).Length;
        if (length == 0)
        {
            return CheckVerdict.Fail($"{relative} is empty");
        }
        // Stop at the first character that is not white space: a big file is judged by its first bytes.
        using var reader = new StreamReader(fullPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept(WhiteSpace))
            {
                return CheckVerdict.Pass(string.Create(CultureInfo.InvariantCulture, $"{relative} has {length} bytes"));
            }
        }
        return CheckVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"{relative} has only white space ({length} bytes)"));
    }

    /// <summary>The file's bytes, or a failure saying why they cannot be read (<paramref name="what"/> names the file in it).</summary>
    public static async Task<(byte[]? Bytes, CheckVerdict Failure)> ReadAsync(string what, string fullPath, CancellationToken cancellationToken)
    {
        if (Directory.Exists(fullPath))
        {
            return (null, CheckVerdict.Fail($"{what} is a directory, not a file"));
        }
        if (!File.Exists(fullPath))
        {
            return (null, CheckVerdict.Fail($"{what} does not exist"));
        }
        if (new FileInfo(fullPath).Length > MaxReadBytes)
        {
            return (null, CheckVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"{what} is larger than {MaxReadBytes / (1024 * 1024)} MB")));
        }
        return (await File.ReadAllBytesAsync(fullPath, cancellationToken).ConfigureAwait(false), default);
    }
}
