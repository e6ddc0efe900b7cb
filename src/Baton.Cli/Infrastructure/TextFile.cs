using System.Globalization;
using System.Text;
using Baton.Core.Errors;

namespace Baton.Cli.Infrastructure;

/// <summary>
/// Reads a plan or an edit as strict UTF-8. The lenient default turns an invalid byte into U+FFFD without a word, so
/// a plan saved in Latin-1 would be imported with its text quietly changed; here it is refused (bad_request, exit 2)
/// with the byte's offset. A UTF-8 byte order mark is allowed.
/// </summary>
internal static class TextFile
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The text of <paramref name="path"/>, or of stdin when it is <c>-</c>; <paramref name="what"/> names it
    /// in errors (<c>plan</c>, <c>edit file</c>).</summary>
    public static async Task<Result<string>> ReadAsync(string what, string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            if (path == "-")
            {
                using var buffer = new MemoryStream();
                await using var stdin = Console.OpenStandardInput();
                await stdin.CopyToAsync(buffer, cancellationToken);
                bytes = buffer.ToArray();
            }
            else
            {
                bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Result<string>.Fail(ErrorCode.BadRequest, $"cannot read {what} {Name(path)}: {ex.Message}");
        }
        return Decode(what, path, bytes);
    }

    /// <summary><paramref name="bytes"/> as text, or bad_request naming the first invalid byte's offset and line.</summary>
    public static Result<string> Decode(string what, string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        // A byte order mark is allowed and skipped (Strict.Preamble is empty: it is made not to write one).
        var start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        try
        {
            return Strict.GetString(bytes, start, bytes.Length - start);
        }
        catch (DecoderFallbackException ex)
        {
            var offset = start + Math.Max(ex.Index, 0);
            var line = bytes.AsSpan(0, Math.Min(offset, bytes.Length)).Count((byte)'\n') + 1;
            var bad = offset < bytes.Length ? string.Create(CultureInfo.InvariantCulture, $"0x{bytes[offset]:X2}") : "a truncated sequence";
            return Result<string>.Fail(ErrorCode.BadRequest, string.Create(CultureInfo.InvariantCulture,
                $"{what} {Name(path)} is not valid UTF-8: {bad} at byte offset {offset} (line {line}); save it as UTF-8"));
        }
    }

    private static string Name(string path) => path == "-" ? "from stdin" : path;
}
