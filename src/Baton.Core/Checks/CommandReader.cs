using System.Globalization;
using System.Text.Json;
using Baton.Core.Plans;

namespace Baton.Core.Checks;

/// <summary>Reads the fields of a <c>command</c> check.</summary>
internal static class CommandReader
{
    public static CommandCheck? Read(CheckReader reader, Dictionary<string, (JsonElement Value, string Path)> fields)
    {
        var shell = false;
        if (fields.TryGetValue(CheckFields.Shell, out var shellField))
        {
            if (shellField.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                shell = shellField.Value.GetBoolean();
            }
            else
            {
                reader.Add(shellField.Path, $"must be true or false, got {PlanProblems.Describe(shellField.Value)}");
            }
        }
        var timeout = CommandCheck.DefaultTimeout;
        if (fields.TryGetValue(CheckFields.Timeout, out var timeoutField))
        {
            timeout = reader.Timeout(timeoutField.Value, timeoutField.Path, CommandCheck.MaxTimeout) ?? timeout;
        }
        string? cwd = null;
        if (fields.TryGetValue(CheckFields.Cwd, out var cwdField))
        {
            cwd = cwdField.Value.ValueKind == JsonValueKind.String && cwdField.Value.GetString() is "." ? null
                : reader.RepoPath(cwdField.Value, cwdField.Path);
        }
        if (!fields.TryGetValue(CheckFields.Run, out var runField))
        {
            reader.Add("", $"command needs a '{CheckFields.Run}' string or array of strings");
            return null;
        }
        var check = new CommandCheck { Shell = shell, Timeout = timeout, WorkingDirectory = cwd };
        if (fields.TryGetValue(CheckFields.Env, out var envField))
        {
            check = CommandVariables.Read(reader, envField.Value, envField.Path, check);
        }
        return shell ? ReadScript(reader, runField, check) : ReadArguments(reader, runField, check);
    }

    private static CommandCheck? ReadScript(CheckReader reader, (JsonElement Value, string Path) run, CommandCheck check)
    {
        if (run.Value.ValueKind == JsonValueKind.Array)
        {
            reader.Add(run.Path, "with \"shell\": true, run must be one string (the script for /bin/sh -c)");
            return null;
        }
        return reader.Text(run.Value, run.Path) is { } script ? check with { Script = script } : null;
    }

    private static CommandCheck? ReadArguments(CheckReader reader, (JsonElement Value, string Path) run, CommandCheck check)
    {
        if (run.Value.ValueKind == JsonValueKind.String)
        {
            if (reader.Text(run.Value, run.Path) is not { } text)
            {
                return null;
            }
            if (!CommandLine.TrySplit(text, out var split, out var problem))
            {
                reader.Add(run.Path, $"'{text}' {problem}");
                return null;
            }
            return check with { Arguments = split };
        }
        if (run.Value.ValueKind != JsonValueKind.Array)
        {
            reader.Add(run.Path, $"must be a string or an array of strings, got {PlanProblems.Describe(run.Value)}");
            return null;
        }
        var arguments = new List<string>();
        var index = 0;
        foreach (var item in run.Value.EnumerateArray())
        {
            var itemPath = string.Create(CultureInfo.InvariantCulture, $"{run.Path}[{index++}]");
            if (item.ValueKind != JsonValueKind.String)
            {
                reader.Add(itemPath, $"must be a string, got {PlanProblems.Describe(item)}");
                continue;
            }
            arguments.Add(item.GetString()!); // a String element always has a value; "" is a valid argument
        }
        if (arguments.Count == 0 || string.IsNullOrWhiteSpace(arguments[0]))
        {
            reader.Add(run.Path, "names no program to run");
            return null;
        }
        return check with { Arguments = arguments };
    }
}
