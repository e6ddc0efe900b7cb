using System.Collections.Frozen;
using System.Security.Cryptography;

namespace Baton.Hub.Dashboard;

/// <summary>
/// The page's files, embedded in the hub's assembly (<c>Dashboard/Assets/</c>, logical names <c>dashboard/…</c>), read
/// once. Plain HTML, CSS and JavaScript modules: no build step, nothing fetched from elsewhere, and manifest resources
/// survive trimming and Native AOT as they are.
/// </summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private readonly FrozenDictionary<string, Asset> _files;

    /// <summary>One file: its bytes, its content type and a strong ETag (a hash of the bytes).</summary>
    public sealed record Asset(string Name, byte[] Bytes, string ContentType, string ETag);

    private DashboardAssets(FrozenDictionary<string, Asset> files) => _files = files;

    /// <summary>The files shipped in this assembly.</summary>
    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var files = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(resource)!; // listed by the assembly just above
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var path = name[Prefix.Length..];
            files[path] = new Asset(path, bytes, ContentTypeOf(path), "\"" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + "\"");
        }
        return new DashboardAssets(files.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>The file at <paramref name="path"/> (e.g. <c>app.js</c>, <c>js/table.js</c>); null when there is none.</summary>
    public Asset? Find(string? path) => path is null ? null : _files.GetValueOrDefault(path);

    /// <summary>Every file's path.</summary>
    public IEnumerable<string> Paths => _files.Keys;

    /// <summary>A page's text (the page and the sign-in page are templates with <c>{{name}}</c> holes).</summary>
    public string Text(string path) => System.Text.Encoding.UTF8.GetString(
        Find(path)?.Bytes ?? throw new InvalidOperationException($"the dashboard asset {path} is not embedded in the hub"));

    private static string ContentTypeOf(string path) => Path.GetExtension(path) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        _ => "application/octet-stream",
    };
}
