using Baton.Core.Errors;
using Baton.Core.Plans;

namespace Baton.Core.Tests.Plans;

public sealed class PlanParserLimitsTests
{
    private const string ThreeTasks = """[{"title": "A"}, {"title": "B"}, {"title": "C"}]""";

    [Fact]
    public void Parse_MoreTasksThanTheLimit_IsRefusedNamingBoth()
    {
        var result = PlanParser.Parse($$"""{"tasks": {{ThreeTasks}}}""", new PlanParseOptions { MaxTasks = 2 }, TestContext.Current.CancellationToken);

        Assert.False(result.IsOk);
        Assert.Equal(ErrorCode.LimitExceeded, result.Error.Code);
        Assert.Equal("plan rejected: it has 3 tasks, over the limit of 2 tasks per plan", result.Error.Message);
    }

    [Fact]
    public void Parse_AsManyTasksAsTheLimit_IsAccepted()
    {
        var result = PlanParser.Parse(ThreeTasks, new PlanParseOptions { MaxTasks = 3 }, TestContext.Current.CancellationToken);

        Assert.True(result.IsOk);
        Assert.Equal(3, result.Value.Tasks.Count);
    }

    [Fact]
    public void Parse_MoreBytesThanTheLimit_IsRefusedNamingBoth()
    {
        // "ü" is two bytes of UTF-8: the limit counts bytes, not characters.
        var json = """[{"title": "üüüüü"}]""";
        var bytes = System.Text.Encoding.UTF8.GetByteCount(json);

        var refused = PlanParser.Parse(json, new PlanParseOptions { MaxBytes = json.Length }, TestContext.Current.CancellationToken);
        var accepted = PlanParser.Parse(json, new PlanParseOptions { MaxBytes = bytes }, TestContext.Current.CancellationToken);

        Assert.False(refused.IsOk);
        Assert.Equal(ErrorCode.LimitExceeded, refused.Error.Code);
        Assert.Equal($"plan rejected: it is {bytes} bytes, over the limit of {json.Length} bytes per plan", refused.Error.Message);
        Assert.True(accepted.IsOk);
    }

    [Fact]
    public void Parse_OversizedAndMalformed_IsRefusedForItsSizeFirst()
    {
        // The size is checked before the text is parsed: a huge plan costs no parse.
        var result = PlanParser.Parse("{" + new string(' ', 200), new PlanParseOptions { MaxBytes = 100 }, TestContext.Current.CancellationToken);

        Assert.False(result.IsOk);
        Assert.Equal(ErrorCode.LimitExceeded, result.Error.Code);
    }

    [Fact]
    public void Defaults_AreAHundredThousandTasksAndSixtyFourMebibytes()
    {
        var options = new PlanParseOptions();

        Assert.Equal(100_000, options.MaxTasks);
        Assert.Equal(64L * 1024 * 1024, options.MaxBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void MaxTasks_NotPositive_Throws(int value)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new PlanParseOptions { MaxTasks = value });
}
