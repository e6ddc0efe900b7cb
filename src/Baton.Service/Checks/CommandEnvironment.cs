using System.Diagnostics;
using Baton.Core.Checks;

namespace Baton.Service.Checks;

/// <summary>
/// The environment a <c>command</c> check runs with. Not Baton's own: the hub's process holds its token and whatever
/// secrets its shell exported, and a plan's command must see none of them. The command gets a short allow-list of what
/// programs need to run (where things are, the locale, the terminal, the .NET SDK's homes), the variables its check
/// names in <c>env</c>, and <c>BATON_TASK_ID</c> and <c>BATON_REPOSITORY</c>. See docs/checks.md.
/// </summary>
internal static class CommandEnvironment
{
    /// <summary>Passed on when set. Locations and settings, no credentials: a proxy URL may carry a password, so
    /// <c>HTTP_PROXY</c> and its kin must be named by the check.</summary>
    public static readonly IReadOnlyList<string> Allowed =
    [
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "TZ", "LANG", "LANGUAGE", "TMPDIR", "TMP", "TEMP",
        "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
        // Where a machine behind an inspecting proxy keeps its CA certificates: without them nothing downloads.
        "SSL_CERT_FILE", "SSL_CERT_DIR",
        // What `dotnet build` / `dotnet test` need to find the SDK, its first-run state and the package cache.
        "DOTNET_ROOT", "DOTNET_ROOT_X64", "DOTNET_ROOT_ARM64", "DOTNET_CLI_HOME", "DOTNET_CLI_TELEMETRY_OPTOUT",
        "DOTNET_NOLOGO", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "DOTNET_CLI_USE_MSBUILD_SERVER", "MSBUILDDISABLENODEREUSE", "NUGET_PACKAGES",
        // Windows cannot start most programs without these.
        "SystemRoot", "windir", "ComSpec", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "ProgramData", "ProgramFiles",
    ];

    /// <summary>Every locale category (<c>LC_ALL</c>, <c>LC_CTYPE</c>, ...) is passed on too.</summary>
    public const string LocalePrefix = "LC_";

    /// <summary>Replaces <paramref name="start"/>'s environment (a copy of ours until now) with the command's.</summary>
    public static void Apply(ProcessStartInfo start, CommandCheck check, string taskId, string repositoryRoot)
    {
        var environment = start.Environment;
        foreach (var name in environment.Keys.ToList())
        {
            if (!IsAllowed(name) && !check.PassedVariables.Contains(name, StringComparer.Ordinal))
            {
                environment.Remove(name);
            }
        }
        foreach (var (name, value) in check.SetVariables)
        {
            environment[name] = value;
        }
        // A check stored before import refused BATON_* names would still be parsed again (and refused) before it
        // runs; this keeps the promise even if that ever changes.
        foreach (var name in environment.Keys.Where(CommandVariables.IsReserved).ToList())
        {
            environment.Remove(name);
        }
        environment["BATON_TASK_ID"] = taskId;
        environment["BATON_REPOSITORY"] = repositoryRoot;
    }

    private static bool IsAllowed(string name)
        => !CommandVariables.IsReserved(name)
            && (name.StartsWith(LocalePrefix, StringComparison.Ordinal) || Allowed.Contains(name, OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal));
}
