using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// What <c>--store</c> (or <c>BATON_STORE</c>) says when it names a PostgreSQL database rather than a SQLite file:
/// a URL, <c>postgres://user[:password]@host[:port]/database[?key=value&amp;…]</c> (<c>postgresql://</c> too), or an
/// Npgsql connection string, <c>Host=…;Database=…</c>. Anything else is a file path.
/// </summary>
public sealed record PostgresLocation
{
    private PostgresLocation(string connectionString, string display)
    {
        ConnectionString = connectionString;
        Display = display;
    }

    /// <summary>The Npgsql connection string.</summary>
    public string ConnectionString { get; }

    /// <summary>The location without its password, for logs and <c>baton status</c>: <c>postgres://user@host:port/db</c>.</summary>
    public string Display { get; }

    /// <summary>Whether <paramref name="store"/> names a PostgreSQL database (a URL or a connection string), not a file.</summary>
    public static bool Names(string? store)
    {
        if (string.IsNullOrWhiteSpace(store))
        {
            return false;
        }
        var text = store.Trim();
        return text.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || (text.Contains('=', StringComparison.Ordinal) && text.Contains("host", StringComparison.OrdinalIgnoreCase)
                && !File.Exists(text));
    }

    /// <summary>Reads a URL or a connection string.</summary>
    /// <exception cref="FormatException">It is neither, or lacks a host or a database; the message names what is wrong.</exception>
    public static PostgresLocation Parse(string store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var text = store.Trim();
        var builder = text.Contains("://", StringComparison.Ordinal) ? FromUrl(text) : FromConnectionString(text);
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new FormatException($"the PostgreSQL store '{Redact(text)}' names no host");
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            throw new FormatException($"the PostgreSQL store '{Redact(text)}' names no database (postgres://user@host:port/DATABASE)");
        }
        var user = string.IsNullOrEmpty(builder.Username) ? "" : Uri.EscapeDataString(builder.Username) + "@";
        var display = $"postgres://{user}{builder.Host}:{builder.Port}/{builder.Database}";
        return new PostgresLocation(builder.ConnectionString, display);
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string text)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(text);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"the PostgreSQL store '{Redact(text)}' is not a connection string: {ex.Message}", ex);
        }
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
            || !(uri.Scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) || uri.Scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase)))
        {
            throw new FormatException($"'{Redact(text)}' is not a PostgreSQL URL (postgres://user[:password]@host[:port]/database)");
        }
        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host, Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }
        builder.Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            try
            {
                builder[MapUrlKey(key)] = value;
            }
            catch (ArgumentException ex)
            {
                throw new FormatException($"the PostgreSQL URL's parameter '{key}' is not one Npgsql knows: {ex.Message}", ex);
            }
        }
        return builder;
    }

    // libpq's URL parameter names where they differ from Npgsql's keywords.
    private static string MapUrlKey(string key) => key.ToLowerInvariant() switch
    {
        "sslmode" => "SSL Mode",
        "connect_timeout" => "Timeout",
        "application_name" => "Application Name",
        _ => key,
    };

    // Never print a password: the userinfo of a URL and any Password= of a connection string are replaced.
    internal static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (scheme >= 0 && at > scheme)
        {
            var userInfo = text[(scheme + 3)..at];
            var colon = userInfo.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? text : text[..(scheme + 3)] + userInfo[..colon] + ":***" + text[at..];
        }
        return System.Text.RegularExpressions.Regex.Replace(text, @"(?i)(password|pwd)\s*=\s*[^;]*", "$1=***");
    }
}
