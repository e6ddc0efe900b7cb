using Baton.Cli.Rendering;
using Baton.Core.Checks;
using Baton.Core.Tasks;

namespace Baton.Cli.Tests.Rendering;

public sealed class TaskTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 16, 15, 36, TimeSpan.Zero);

    [Fact]
    public void Detail_TaskThatPassedItsChecks_ShowsItDoneWithEachCheck()
    {
        var detail = new TaskDetail
        {
            Task = new TaskItem { Id = new TaskId("a"), Title = "A", State = TaskState.Done, StateReason = "passed its 2 acceptance check(s)", Attempts = 1, CreatedAt = At, UpdatedAt = At },
            Attempts =
            [
                new AttemptRecord
                {
                    Number = 1, LeaseId = new LeaseId("l-1"), Worker = new WorkerId("w1"), ClaimedAt = At, EndedAt = At, Ending = "done", Note = "wrote a",
                    Checks = new CheckReport
                    {
                        Results =
                        [
                            new CheckResult { Index = 0, Kind = CheckKind.FileExists, Name = "a.txt", Passed = true, Message = "a.txt exists" },
                            new CheckResult { Index = 1, Kind = CheckKind.Contains, Name = "a.txt", Passed = true, Message = "a.txt contains hello" },
                        ],
                    },
                },
            ],
        };

        var text = TaskText.Detail(detail);

        Assert.Contains("state done (passed its 2 acceptance check(s))", text, StringComparison.Ordinal);
        Assert.DoesNotContain("checking", text, StringComparison.Ordinal);
        Assert.Contains("#1 w1 2026-12-06 16:15:36Z -> done: wrote a\n    checks: 2 of 2 passed\n      pass [file_exists] a.txt: a.txt exists\n      pass [contains] a.txt: a.txt contains hello",
            text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
