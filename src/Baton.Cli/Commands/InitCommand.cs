using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Init;

namespace Baton.Cli.Commands;

/// <summary><c>baton init</c>: the store and the agents' instructions.</summary>
internal static class InitCommand
{
    private static readonly Option<bool> ForceRules = new("--force-rules")
    {
        Description = "Replace rule files and the AGENTS.md Baton section even where you edited them.",
    };

    public static Command Create()
    {
        var command = new Command("init", """
            Set up this directory for Baton: .baton/baton.db (the store), .baton/.gitignore,
            .cursor/rules/baton-coordinator.mdc and baton-worker.mdc (the loop for each role, with the exact
            commands), and a marked Baton section in AGENTS.md (other content untouched).
            Safe to run again: unchanged files are not rewritten and files you edited are kept.
            """);
        command.Options.Add(ForceRules);
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            return VerbRunner.GuardAsync(json, async () =>
            {
                var result = await InitWriter.RunAsync(Environment.CurrentDirectory, parseResult.GetValue(ForceRules), ct);
                if (json)
                {
                    Output.Json(result, CliJsonContext.Default.InitOutput);
                    return 0;
                }
                foreach (var file in result.Files)
                {
                    Output.Line($"{file.Action,-11} {file.Path}{(file.Note is { } note ? $"  ({note})" : "")}");
                }
                Output.Line("next: write a plan and run 'baton task import plan.json', or try 'baton demo'");
                return 0;
            }, ct);
        });
        return command;
    }
}
