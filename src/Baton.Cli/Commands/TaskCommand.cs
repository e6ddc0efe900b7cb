using System.CommandLine;

namespace Baton.Cli.Commands;

/// <summary><c>baton task</c>: describe and inspect work.</summary>
internal static class TaskCommand
{
    public static Command Create()
    {
        var command = new Command("task", "Add, import, list, show, graph and cancel tasks; `baton task format` prints the plan format.");
        command.Subcommands.Add(TaskAddCommand.Create());
        command.Subcommands.Add(TaskImportCommand.Create());
        command.Subcommands.Add(TaskListCommand.Create());
        command.Subcommands.Add(TaskShowCommand.Create());
        command.Subcommands.Add(TaskGraphCommand.Create());
        command.Subcommands.Add(TaskCancelCommand.Create());
        command.Subcommands.Add(TaskFormatCommand.Create());
        return command;
    }
}
