using System.Text.Json;
using Baton.Core.Checks;
using Baton.Core.Plans;

namespace Baton.Core.Tests.Checks;

public sealed class CheckParserTests
{
    private static CheckDefinition Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.True(CheckParser.TryParse(doc.RootElement, out var check, out var problem), problem);
        return check;
    }

    private static IReadOnlyList<string> PlanProblems(string check)
    {
        var result = PlanParser.Parse($$"""{"tasks": [{"title": "A", "acceptance": ["text", {{check}}]}]}""", null, TestContext.Current.CancellationToken);
        Assert.False(result.IsOk, "the plan should be rejected");
        return result.Error.Details!;
    }

    [Fact]
    public void TryParse_FileExists_NormalizesPath()
    {
        var check = Assert.IsType<FileExistsCheck>(Parse("""{"check": "file_exists", "path": "./out/../out/a.md", "name": "summary"}"""));

        Assert.Equal("out/a.md", check.Path);
        Assert.Equal("summary", check.Label);
    }

    [Fact]
    public void TryParse_ContainsWithFlags_BuildsRegexOptions()
    {
        var check = Assert.IsType<ContainsCheck>(Parse("""{"check": "contains", "path": "a.md", "pattern": "^todo$", "flags": "im"}"""));

        Assert.Matches(check.CreateRegex(), "x\nTODO\ny");
        Assert.Equal("contains a.md /^todo$/im", check.Label);
    }

    [Fact]
    public void TryParse_CommandString_SplitsIntoArgumentsWithDefaults()
    {
        var check = Assert.IsType<CommandCheck>(Parse("""{"check": "command", "run": "dotnet test \"my tests.csproj\""}"""));

        Assert.Equal(["dotnet", "test", "my tests.csproj"], check.Arguments);
        Assert.False(check.Shell);
        Assert.Null(check.Script);
        Assert.Equal(CommandCheck.DefaultTimeout, check.Timeout);
        Assert.Equal("command 'dotnet test \"my tests.csproj\"'", check.Label);
    }

    [Fact]
    public void TryParse_CommandWithShellTimeoutAndCwd_KeepsScript()
    {
        var check = Assert.IsType<CommandCheck>(Parse("""{"check": "command", "run": "make | tee log", "shell": true, "timeout": "2m", "cwd": "tools"}"""));

        Assert.Equal("make | tee log", check.Script);
        Assert.Empty(check.Arguments);
        Assert.Equal(TimeSpan.FromMinutes(2), check.Timeout);
        Assert.Equal("tools", check.WorkingDirectory);
    }

    [Fact]
    public void TryParse_CommandWithEnv_SplitsPassedAndSetVariables()
    {
        var check = Assert.IsType<CommandCheck>(Parse("""{"check": "command", "run": "go test", "env": ["GOPATH", "CI=1", "OPTS=a=b", "EMPTY="]}"""));

        Assert.Equal(["GOPATH"], check.PassedVariables);
        Assert.Equal([new("CI", "1"), new("OPTS", "a=b"), new KeyValuePair<string, string>("EMPTY", "")], check.SetVariables);
    }

    [Fact]
    public void TryParse_JsonValidAndFilesWithin_Parse()
    {
        Assert.Equal("s.json", Assert.IsType<JsonValidCheck>(Parse("""{"check": "json_valid", "path": "a.json", "schema": "s.json"}""")).Schema);
        Assert.IsType<FilesWithinCheck>(Parse("""{"check": "files_within", "name": null}"""));
    }

    [Fact]
    public void TryParse_Invalid_GivesOneLineProblem()
    {
        using var doc = JsonDocument.Parse("""{"check": "contains", "path": "a.md"}""");

        Assert.False(CheckParser.TryParse(doc.RootElement, out _, out var problem));
        Assert.Equal("contains needs a 'pattern' string", problem);
    }

    [Theory]
    [InlineData("""{"check": "file_exist", "path": "a"}""", "$.tasks[0].acceptance[1].check: unknown check kind 'file_exist' (did you mean 'file_exists'? known: file_exists, not_empty, json_valid, contains, command, files_within)")]
    [InlineData("""{"check": "lint"}""", "$.tasks[0].acceptance[1].check: unknown check kind 'lint' (known: file_exists, not_empty, json_valid, contains, command, files_within)")]
    [InlineData("""{"path": "a"}""", "$.tasks[0].acceptance[1].check: required")]
    [InlineData("""{"check": 3}""", "$.tasks[0].acceptance[1].check: must be a string, got number 3")]
    [InlineData("""{"check": "contains", "path": "a.md"}""", "$.tasks[0].acceptance[1]: contains needs a 'pattern' string")]
    [InlineData("""{"check": "contains", "path": "a.md", "pattern": "(unclosed"}""", "$.tasks[0].acceptance[1].pattern: '(unclosed' is not a valid regular expression: Invalid pattern '(unclosed' at offset 9. Not enough )'s.")]
    [InlineData("""{"check": "contains", "path": "a.md", "pattern": "x", "flags": "ix"}""", "$.tasks[0].acceptance[1].flags: 'ix' is not a set of flags (each of i, m, s at most once)")]
    [InlineData("""{"check": "contains", "path": "a.md", "patern": "x"}""", "$.tasks[0].acceptance[1].patern: contains has no such field (did you mean 'pattern'?)")]
    [InlineData("""{"check": "not_empty"}""", "$.tasks[0].acceptance[1]: not_empty needs a 'path' string")]
    [InlineData("""{"check": "not_empty", "path": "../x"}""", "$.tasks[0].acceptance[1].path: '../x' is outside the repository")]
    [InlineData("""{"check": "not_empty", "path": "out/*.md"}""", "$.tasks[0].acceptance[1].path: 'out/*.md' is a glob; a check names one file")]
    [InlineData("""{"check": "json_valid", "path": "a.json", "schema": "/etc/s.json"}""", "$.tasks[0].acceptance[1].schema: '/etc/s.json' is absolute; give a path relative to the repository root")]
    [InlineData("""{"check": "command"}""", "$.tasks[0].acceptance[1]: command needs a 'run' string or array of strings")]
    [InlineData("""{"check": "command", "run": "x", "timeout": 0}""", "$.tasks[0].acceptance[1].timeout: must be more than 0 and at most 3600 seconds, got 0")]
    [InlineData("""{"check": "command", "run": "x", "timeout": 3601}""", "$.tasks[0].acceptance[1].timeout: must be more than 0 and at most 3600 seconds, got 3601")]
    [InlineData("""{"check": "command", "run": "x", "timeout": "2h"}""", "$.tasks[0].acceptance[1].timeout: must be more than 0 and at most 3600 seconds, got 2h")]
    [InlineData("""{"check": "command", "run": "x", "timeout": true}""", "$.tasks[0].acceptance[1].timeout: must be a number of seconds or a duration like \"90s\", got boolean")]
    [InlineData("""{"check": "command", "run": "echo \"hi"}""", "$.tasks[0].acceptance[1].run: 'echo \"hi' has an unclosed double quote")]
    [InlineData("""{"check": "command", "run": []}""", "$.tasks[0].acceptance[1].run: names no program to run")]
    [InlineData("""{"check": "command", "run": ["a", 1]}""", "$.tasks[0].acceptance[1].run[1]: must be a string, got number 1")]
    [InlineData("""{"check": "command", "run": ["a", "b"], "shell": true}""", "$.tasks[0].acceptance[1].run: with \"shell\": true, run must be one string (the script for /bin/sh -c)")]
    [InlineData("""{"check": "command", "run": "x", "shell": "yes"}""", "$.tasks[0].acceptance[1].shell: must be true or false, got string")]
    [InlineData("""{"check": "command", "run": "x", "cwd": "../up"}""", "$.tasks[0].acceptance[1].cwd: '../up' is outside the repository")]
    [InlineData("""{"check": "command", "run": "x", "env": "CI"}""", "$.tasks[0].acceptance[1].env: must be an array of variable names (\"NAME\" passes Baton's value on) or settings (\"NAME=value\"), got string")]
    [InlineData("""{"check": "command", "run": "x", "env": ["BATON_TOKEN"]}""", "$.tasks[0].acceptance[1].env[0]: 'BATON_TOKEN': Baton's own variables (BATON_*) are never passed to a command")]
    [InlineData("""{"check": "command", "run": "x", "env": ["CI", "baton_server=x"]}""", "$.tasks[0].acceptance[1].env[1]: 'baton_server': Baton's own variables (BATON_*) are never passed to a command")]
    [InlineData("""{"check": "command", "run": "x", "env": ["1X"]}""", "$.tasks[0].acceptance[1].env[0]: '1X' is not a variable name (letters, digits and _, not starting with a digit)")]
    [InlineData("""{"check": "command", "run": "x", "env": ["A-B=1"]}""", "$.tasks[0].acceptance[1].env[0]: 'A-B' is not a variable name (letters, digits and _, not starting with a digit)")]
    [InlineData("""{"check": "command", "run": "x", "env": ["=1"]}""", "$.tasks[0].acceptance[1].env[0]: '' is not a variable name (letters, digits and _, not starting with a digit)")]
    [InlineData("""{"check": "command", "run": "x", "env": ["CI", "CI=1"]}""", "$.tasks[0].acceptance[1].env[1]: 'CI' is named twice")]
    [InlineData("""{"check": "command", "run": "x", "env": [3]}""", "$.tasks[0].acceptance[1].env[0]: must be a string, got number 3")]
    [InlineData("""{"check": "files_within", "path": "a"}""", "$.tasks[0].acceptance[1].path: files_within has no such field (known fields: check, name)")]
    [InlineData("""{"check": "files_within", "name": ""}""", "$.tasks[0].acceptance[1].name: must not be empty")]
    public void Parse_PlanWithBadCheck_NamesTheProblemWithItsJsonPath(string check, string expected)
        => Assert.Contains(expected, PlanProblems(check));

    [Fact]
    public void Parse_PlanWithEveryCheckKind_IsAccepted()
    {
        var result = PlanParser.Parse("""
            {"tasks": [{"title": "A", "files": ["out/**"], "acceptance": [
              {"check": "file_exists", "path": "out/a.md"},
              {"check": "not_empty", "path": "out/a.md"},
              {"check": "json_valid", "path": "out/a.json", "schema": "schema/a.json"},
              {"check": "contains", "path": "out/a.md", "pattern": "\\bdone\\b", "flags": "i"},
              {"check": "command", "run": ["dotnet", "test"], "timeout": 600, "name": "tests"},
              {"check": "files_within"}
            ]}]}
            """, null, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk, string.Join('\n', result.Error?.Details ?? []));
        Assert.Equal(6, result.Value.Tasks[0].Acceptance.Count);
    }
}
