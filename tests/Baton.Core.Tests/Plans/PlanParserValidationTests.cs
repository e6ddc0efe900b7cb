using Baton.Core.Errors;
using Baton.Core.Plans;

namespace Baton.Core.Tests.Plans;

public sealed class PlanParserValidationTests
{
    private static IReadOnlyList<string> Problems(string json, PlanParseOptions? options = null)
    {
        var result = PlanParser.Parse(json, options, TestContext.Current.CancellationToken);
        Assert.False(result.IsOk, "the plan should be rejected");
        Assert.Equal(ErrorCode.InvalidPlan, result.Error.Code);
        return result.Error.Details!;
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneInOneError()
    {
        var result = PlanParser.Parse("""
            {"tasks": [
              {"id": "a", "title": "A", "priority": "high"},
              {"id": "b"},
              {"id": "a", "title": "again", "files": ["../x"]}
            ]}
            """, null, TestContext.Current.CancellationToken);

        Assert.Equal(ErrorCode.InvalidPlan, result.Error!.Code);
        Assert.Equal("plan rejected: 4 problems", result.Error.Message);
        Assert.Equal(
            [
                "$.tasks[0].priority: must be an integer, got string",
                "$.tasks[1].title: required (or give a description)",
                "$.tasks[2].files[0]: '../x' is outside the repository",
                "$.tasks[2].id: duplicate id 'a' (first at $.tasks[0])",
            ],
            result.Error.Details);
    }

    [Fact]
    public void Parse_OneProblem_SaysProblemInSingular()
        => Assert.Equal("plan rejected: 1 problem", PlanParser.Parse("""{"tasks": [{}]}""", null, TestContext.Current.CancellationToken).Error!.Message);

    [Fact]
    public void Parse_MalformedJson_GivesLineAndByte()
    {
        var problem = Assert.Single(Problems("{\"tasks\": [\n  {\"title\": \"A\",}\n]}"));

        Assert.Equal("$: not valid JSON at line 2, byte 17: The JSON object contains a trailing comma at the end which is not supported in this mode", problem);
    }

    [Fact]
    public void Parse_EmptyInput_IsMalformed()
        => Assert.StartsWith("$: not valid JSON", Assert.Single(Problems("")), StringComparison.Ordinal);

    [Theory]
    [InlineData("\"tasks\"", "$: must be an object with \"tasks\" or an array of tasks, got string")]
    [InlineData("{}", "$.tasks: required")]
    [InlineData("{\"tasks\": {}}", "$.tasks: must be an array of tasks, got object")]
    [InlineData("{\"tasks\": []}", "$.tasks: has no tasks")]
    [InlineData("[]", "$: has no tasks")]
    [InlineData("{\"tasks\": [1]}", "$.tasks[0]: must be a task object, got number 1")]
    [InlineData("{\"name\": 3, \"tasks\": [{\"title\": \"A\"}]}", "$.name: must be a string, got number 3")]
    [InlineData("{\"task\": [], \"tasks\": [{\"title\": \"A\"}]}", "$.task: unknown field (did you mean 'tasks'?)")]
    public void Parse_BadTopLevel_NamesTheProblem(string json, string expected)
        => Assert.Contains(expected, Problems(json));

    [Theory]
    [InlineData("\"titel\": \"x\"", "$.tasks[0].titel: unknown field (did you mean 'title'?)")]
    [InlineData("\"dependsOn\": []", "$.tasks[0].dependsOn: unknown field (did you mean 'depends_on'?)")]
    [InlineData("\"owner\": \"me\"", "$.tasks[0].owner: unknown field (known fields: id, title, description, context, context_files, acceptance, files, depends_on, priority, labels, max_attempts, lease)")]
    [InlineData("\"my field\": 1", "$.tasks[0]['my field']: unknown field (known fields: id, title, description, context, context_files, acceptance, files, depends_on, priority, labels, max_attempts, lease)")]
    [InlineData("\"priority\": 1.5", "$.tasks[0].priority: must be an integer, got number 1.5")]
    [InlineData("\"priority\": true", "$.tasks[0].priority: must be an integer, got boolean")]
    [InlineData("\"max_attempts\": 0", "$.tasks[0].max_attempts: must be between 1 and 100, got 0")]
    [InlineData("\"max_attempts\": 101", "$.tasks[0].max_attempts: must be between 1 and 100, got 101")]
    [InlineData("\"id\": \"has space\"", "$.tasks[0].id: 'has space' is not a valid task id (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters)")]
    [InlineData("\"id\": \"-x\"", "$.tasks[0].id: '-x' is not a valid task id (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters)")]
    [InlineData("\"id\": 7", "$.tasks[0].id: must be a string, got number 7")]
    [InlineData("\"description\": \"  \"", "$.tasks[0].description: must not be empty")]
    [InlineData("\"context\": 5", "$.tasks[0].context: must be a string or an object, got number 5")]
    [InlineData("\"files\": [\"/etc/x\"]", "$.tasks[0].files[0]: '/etc/x' is absolute; give a path relative to the repository root")]
    [InlineData("\"files\": [\"ok\", \"a//b\"]", "$.tasks[0].files[1]: 'a//b' has an empty segment")]
    [InlineData("\"files\": [3]", "$.tasks[0].files[0]: must be a string, got number 3")]
    [InlineData("\"files\": {}", "$.tasks[0].files: must be an array of strings, got object")]
    [InlineData("\"context_files\": [\"..\\\\x\"]", "$.tasks[0].context_files[0]: '..\\x' contains '\\'; use '/' as the separator")]
    [InlineData("\"acceptance\": [1]", "$.tasks[0].acceptance[0]: must be a string or a check object, got number 1")]
    [InlineData("\"acceptance\": [{\"path\": \"a\"}]", "$.tasks[0].acceptance[0].check: required")]
    [InlineData("\"acceptance\": [{\"check\": \"\"}]", "$.tasks[0].acceptance[0].check: must not be empty")]
    [InlineData("\"acceptance\": [{\"check\": \"file_exists\", \"path\": \"../up\"}]", "$.tasks[0].acceptance[0].path: '../up' is outside the repository")]
    [InlineData("\"acceptance\": 3", "$.tasks[0].acceptance: must be an array of strings or check objects, got number 3")]
    [InlineData("\"depends_on\": [\"not valid\"]", "$.tasks[0].depends_on[0]: 'not valid' is not a valid task id (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters)")]
    [InlineData("\"labels\": [\"a b\"]", "$.tasks[0].labels[0]: 'a b' is not a valid label (no white space, at most 64 characters)")]
    [InlineData("\"lease\": \"soon\"", "$.tasks[0].lease: 'soon' is not a duration (like \"90s\", \"10m\", \"1h30m\")")]
    [InlineData("\"lease\": 0", "$.tasks[0].lease: must be more than 0s and at most 365d, got 0s")]
    [InlineData("\"lease\": \"400d\"", "$.tasks[0].lease: must be more than 0s and at most 365d, got 400d")]
    [InlineData("\"lease\": 1.5", "$.tasks[0].lease: must be a whole number of seconds or a duration like \"10m\", got number 1.5")]
    [InlineData("\"lease\": []", "$.tasks[0].lease: must be a duration string or a number of seconds, got array")]
    [InlineData("\"title\": \"B\"", "$.tasks[0].title: given more than once")]
    public void Parse_BadField_NamesPathAndProblem(string field, string expected)
        => Assert.Contains(expected, Problems($$"""{"tasks": [{"title": "A", {{field}}}]}"""));

    [Fact]
    public void Parse_DependencyCycle_ListsTheCycle()
    {
        var problems = Problems("""{"tasks": [{"id": "a", "title": "A", "depends_on": ["b"]}, {"id": "b", "title": "B", "depends_on": ["a"]}]}""");

        Assert.Equal(["$.tasks[1].depends_on: dependency cycle a -> b -> a"], problems);
    }

    [Fact]
    public void Parse_LongerCycle_ListsEveryTaskOnIt()
    {
        var problems = Problems("""
            [{"id": "a", "title": "A", "depends_on": "b"},
             {"id": "b", "title": "B", "depends_on": "c"},
             {"id": "c", "title": "C", "depends_on": "a"},
             {"id": "d", "title": "D", "depends_on": "a"}]
            """);

        Assert.Equal(["$[2].depends_on: dependency cycle a -> b -> c -> a"], problems);
    }

    [Fact]
    public void Parse_SelfDependency_IsACycle()
        => Assert.Equal(["$.tasks[0].depends_on: dependency cycle a -> a"],
            Problems("""{"tasks": [{"id": "a", "title": "A", "depends_on": ["a"]}]}"""));

    [Fact]
    public void Parse_InvalidGeneratedId_IsAProblem()
    {
        var options = new PlanParseOptions { IdGenerator = () => "bad id" };

        Assert.Equal(["$.tasks[0].id: generated id 'bad id' is not valid (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters)"],
            Problems("""{"tasks": [{"title": "A"}]}""", options));
    }

    [Fact]
    public void Parse_GeneratorThatOnlyRepeats_IsAProblem()
    {
        var options = new PlanParseOptions { IdGenerator = () => "a" };

        Assert.Equal(["$.tasks[1].id: no unused id after 16 generated ids"],
            Problems("""{"tasks": [{"id": "a", "title": "A"}, {"title": "B"}]}""", options));
    }

    [Fact]
    public void Parse_PathOutsideRepositoryRoot_IsRejected()
    {
        var options = new PlanParseOptions { RepositoryRoot = Path.Combine(Path.GetTempPath(), "repo") };

        Assert.Equal(["$.tasks[0].files[1]: '../x' is outside the repository"],
            Problems("""{"tasks": [{"title": "A", "files": ["src/**", "../x"]}]}""", options));
    }

    [Fact]
    public void Parse_ManyProblems_CapsDetailsButCountsAll()
    {
        var tasks = string.Join(",", Enumerable.Repeat("{}", 250));

        var result = PlanParser.Parse($$"""{"tasks": [{{tasks}}]}""", null, TestContext.Current.CancellationToken);

        Assert.Equal("plan rejected: 250 problems", result.Error!.Message);
        Assert.Equal(201, result.Error.Details!.Count);
        Assert.Equal("... and 50 more", result.Error.Details[^1]);
    }
}
