namespace Baton.Cli;

internal static class Program
{
    public static Task<int> Main(string[] args) => Task.FromResult(args.Length == 0 ? 0 : 2);
}
