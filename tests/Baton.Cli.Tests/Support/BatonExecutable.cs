namespace Baton.Cli.Tests.Support;

/// <summary>
/// How the tests start <c>baton</c>: by default the build next to this test assembly, as <c>dotnet baton.dll</c>;
/// with <c>BATON_TEST_EXECUTABLE=/path/to/baton</c>, that executable itself (e.g. the Native AOT binary from
/// <c>scripts/install.sh</c>), so the same suite checks the published build.
/// </summary>
internal static class BatonExecutable
{
    public const string EnvironmentVariable = "BATON_TEST_EXECUTABLE";

    private static readonly string? Native = Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } path
        ? Path.GetFullPath(path)
        : null;

    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "baton.dll");

    /// <summary>The file to start: the native executable, or the dotnet host.</summary>
    public static string Command { get; } = Native
        ?? (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet");

    /// <summary>The arguments before baton's own: <c>baton.dll</c> under the dotnet host, none for a native executable.</summary>
    public static IReadOnlyList<string> Prefix { get; } = Native is null ? [Dll] : [];

    /// <summary>The whole command as one shell word list, for scripts (<c>"dotnet" "baton.dll"</c>).</summary>
    public static string ShellWords => string.Join(' ', new[] { Command }.Concat(Prefix).Select(w => $"\"{w}\""));
}
