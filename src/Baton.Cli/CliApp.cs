using System.CommandLine;
using Baton.Cli.Commands;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;

namespace Baton.Cli;

/// <summary>The <c>baton</c> command tree and its parse-error policy (usage errors exit 2).</summary>
internal static class CliApp
{
    public const int UsageError = 2;

    private const string Description = """
            Baton coordinates AI coding agents on one repository: a coordinator splits work into tasks,
            workers claim, do and report them. Local mode uses .baton/baton.db; --server goes through a hub.
            Exit codes: 0 ok, 2 bad input, 3 nothing to claim, 4 refused, 5 not found, 6 hub unreachable,
            7 wait ended with tasks not done, 8 access refused (token or role), 9 done report not accepted
            (checks failed), 130 interrupted, 1 other (timeout included).
            """;

    /// <summary>The whole tree, with the help and version options and the directives.</summary>
    public static Command Build() => Build(new RootCommand(Description));

    // A call that cannot be asking for help, the version or a directive gets a root without them: building the
    // help option reads its description through System.CommandLine's ResourceManager, about 0.7 ms of a 13 ms
    // `baton status` in Native AOT. Any token that may be one of them (or a value that looks like one, or a
    // response file, which may hold one) gets the full root, so what such a call parses is exactly what it
    // parsed before.
    private static Command BuildFor(string[] args)
        => args.Any(MayAskForHelp) ? Build() : Build(new Command(RootName, Description));

    private static bool MayAskForHelp(string token)
        => token is "-h" or "/h" or "-?" or "/?" or "--help" or "--version" || token.StartsWith('[') || token.StartsWith('@');

    // The root's name as RootCommand would give it (the executable's name); parse errors and usage name it.
    private static string RootName => RootCommand.ExecutableName;

    private static Command Build(Command root)
    {
        root.Options.Add(CommonOptions.Server);
        root.Options.Add(CommonOptions.Store);
        root.Options.Add(CommonOptions.Token);
        root.Options.Add(CommonOptions.Json);
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(TaskCommand.Create());
        root.Subcommands.Add(ClaimCommand.Create());
        root.Subcommands.Add(HeartbeatCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(ReleaseCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(InboxCommand.Create());
        root.Subcommands.Add(ResolveCommand.Create());
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(VerifyCommand.Create());
        root.Subcommands.Add(StatsCommand.Create());
        root.Subcommands.Add(WaitCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(UiCommand.Create());
        root.Subcommands.Add(TokenCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(HookCommand.Create());
        root.Subcommands.Add(McpCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(DemoWorkerCommand.Create());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parseResult = BuildFor(args).Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // System.CommandLine's default would exit 1 and print help to stdout; usage errors are exit 2
            // and belong on stderr, with the JSON error object on stdout under --json like every other error.
            var details = UnknownVerb(parseResult) is { } unknown ? [unknown] : parseResult.Errors.Select(e => e.Message).ToList();
            Console.Error.WriteLine(TerminalText.Escape("baton: " + string.Join(Environment.NewLine + "baton: ", details)));
            Console.Error.WriteLine("Run 'baton --help' (or 'baton VERB --help') for usage.");
            if (args.Contains("--json", StringComparer.Ordinal))
            {
                var body = new ErrorBody { Code = "bad_request", Message = details[0], Details = details };
                Output.Json(new ErrorEnvelope { Error = body }, CliJsonContext.Default.ErrorEnvelope);
            }
            return UsageError;
        }
        return await parseResult.InvokeAsync();
    }

    // `baton stauts` would say "Required command was not provided" first, and the typo last: a command that takes
    // verbs and got an unknown word in their place is told which verb is closest (or which verbs there are).
    private static string? UnknownVerb(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var verbs = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (verbs.Count == 0 || parseResult.UnmatchedTokens.Count == 0 || parseResult.UnmatchedTokens[0] is not { } word || word.StartsWith('-'))
        {
            return null;
        }
        var where = ReferenceEquals(command, parseResult.RootCommandResult.Command) ? "baton" : $"'{command.Name}'";
        var closest = verbs.Select(v => (Verb: v, Distance: EditDistance.Between(word, v))).MinBy(p => p.Distance);
        return closest.Distance <= Math.Max(1, closest.Verb.Length / 3)
            ? $"'{word}' is not a {where} verb; did you mean '{closest.Verb}'?"
            : $"'{word}' is not a {where} verb; the verbs are: {string.Join(", ", verbs)}";
    }
}
