namespace Baton.Storage.Postgres.Tests.Support;

internal static class TestTimeouts
{
    // Generous: CI machines are small and shared; a deadline is a failure bound, not a speed target.
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
}
