namespace Baton.Cli.Tests.Support;

/// <summary>Generous deadlines: a test waits on a process or a condition, never sleeps.</summary>
internal static class TestTimeouts
{
    public static readonly TimeSpan Command = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Demo = TimeSpan.FromMinutes(3);
}
