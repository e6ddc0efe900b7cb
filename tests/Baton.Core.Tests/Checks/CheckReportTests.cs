using Baton.Core.Checks;

namespace Baton.Core.Tests.Checks;

public sealed class CheckReportTests
{
    private static CheckResult Result(int index, bool passed, string message, string? output = null) => new()
    {
        Index = index,
        Kind = CheckKind.Command,
        Name = "tests",
        Passed = passed,
        Message = message,
        Output = output,
    };

    [Fact]
    public void Passed_NoChecks_IsTrue()
        => Assert.True(new CheckReport { Results = [] }.Passed);

    [Fact]
    public void Feedback_AllPassed_IsEmpty()
        => Assert.Equal("", new CheckReport { Results = [Result(0, true, "ok")] }.Feedback());

    [Fact]
    public void Feedback_Failure_ListsMessageAndIndentedOutput()
    {
        var report = new CheckReport { Results = [Result(0, true, "ok"), Result(1, false, "command 'make' exited 2", "line 1\r\nline 2\n")] };

        Assert.False(report.Passed);
        Assert.Equal(
            "The previous attempt failed 1 of 2 acceptance checks:\n- [command] tests: command 'make' exited 2\n    line 1\n    line 2\n",
            report.Feedback());
    }

    [Theory]
    [InlineData("a.md", "a.md", false)]
    [InlineData("-a.md", "a.md", true)]
    [InlineData("-", "-", false)]
    public void ReportedFile_Parse_ReadsDeletedPrefix(string entry, string path, bool deleted)
    {
        var file = ReportedFile.Parse(entry);

        Assert.Equal(new ReportedFile(path, deleted), file);
        Assert.Equal(entry, file.ToString());
    }
}
