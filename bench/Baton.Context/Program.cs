using System.Globalization;

namespace Baton.Context;

/// <summary>
/// Issue 27's "context cost": what Baton costs a chat in tokens (o200k_base). Prints, as Markdown tables, the
/// <c>tools/list</c> and instructions of <c>baton mcp</c> per role, and what a worker reads for one task's
/// claim and report through MCP and through the CLI.
/// Usage: <c>dotnet run -c Release --project bench/Baton.Context -- PATH/TO/baton.dll</c> (or a native <c>baton</c>);
/// <c>-- --server NAME COMMAND [ARGS...]</c> measures any other stdio MCP server's <c>tools/list</c> the same way.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        if (args is ["--server", var name, var command, .. var rest])
        {
            PrintToolHeader();
            PrintTools(await ToolListCost.MeasureAsync(name, command, rest, Directory.GetCurrentDirectory(), cancel.Token));
            return 0;
        }
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: Baton.Context PATH/TO/baton.dll | --server NAME COMMAND [ARGS...]");
            return 2;
        }
        var baton = await Baton.OpenAsync(args[0], cancel.Token);
        using (var repo = new Repo())
        {
            await baton.RunOkAsync(repo.Root, ["init", "--agent", "codex"], cancel.Token);
            PrintToolHeader();
            // A build without roles lists every tool whatever it is started with.
            var starts = baton.HasRoles
                ? new[] { ("worker", new[] { "--role", "worker" }), ("coordinator", ["--role", "coordinator"]), ("observer", ["--role", "observer"]) }
                : [("all tools (no roles)", Array.Empty<string>())];
            foreach (var (role, flags) in starts)
            {
                PrintTools(await ToolListCost.MeasureAsync($"baton mcp: {role}", baton.Command, baton.Arguments(["mcp", .. flags]), repo.Root, cancel.Token));
            }
        }
        Console.WriteLine();
        Console.WriteLine("| one task's worker loop | claim | report | total |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var loop in await TaskLoopCost.MeasureAsync(baton, cancel.Token))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {loop.Surface} | {loop.Claim:N0} | {loop.Report:N0} | {loop.Total:N0} |"));
        }
        return 0;
    }

    private static void PrintToolHeader()
    {
        Console.WriteLine("| server | tools | characters | tools/list tokens | model view tokens | instructions tokens | total tokens |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
    }

    private static void PrintTools(ToolListCost cost)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {cost.Server} | {cost.ToolCount} | {cost.Characters:N0} | {cost.ListResult:N0} | {cost.ModelView:N0} | {cost.Instructions:N0} | {cost.Total:N0} |"));
}
