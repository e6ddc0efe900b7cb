using Baton.Cli.Rendering;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Core.Workers;
using Spectre.Console;

namespace Baton.Cli.Tests.Rendering;

public sealed class StatusViewTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_WorkersOfEachHealth_ShowsHealthAndTimeSinceLastHeard()
    {
        var status = new StatusSnapshot
        {
            Counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["leased"] = 1, ["ready"] = 1 },
            Total = 2,
            Done = 0,
            Progress = 0,
            Complete = false,
            Workers =
            [
                Worker("w-alive", "alive", TimeSpan.FromSeconds(3), connected: true),
                Worker("w-late", "late", TimeSpan.FromMinutes(4), connected: false, holding: "t1"),
                Worker("w-gone", "gone", TimeSpan.FromMinutes(30), connected: false),
            ],
            At = Now,
        };

        var text = RenderPlain(StatusView.Render(status, "/repo/.baton/baton.db", Now));

        Assert.Contains("health", text, StringComparison.Ordinal);
        // columns: worker, state, health ("(hub)" when connected), current task, done, failed, busy, last seen
        Assert.Matches(@"w-alive\s+idle\s+alive \(hub\)\s+-\s+0\s+0\s+-\s+3s ago", text);
        Assert.Matches(@"w-late\s+busy\s+late\s+t1\s+0\s+0\s+-\s+4m ago", text);
        Assert.Matches(@"w-gone\s+idle\s+gone\s+-\s+0\s+0\s+-\s+30m ago", text);
    }

    private static WorkerInfo Worker(string name, string health, TimeSpan silent, bool connected, string? holding = null) => new()
    {
        Name = new WorkerId(name),
        Connected = connected,
        Health = health,
        State = holding is null ? "idle" : "busy",
        CurrentTasks = holding is null ? [] : [new TaskId(holding)],
        FirstSeen = Now - TimeSpan.FromHours(1),
        LastSeen = Now - silent,
    };

    private static string RenderPlain(Spectre.Console.Rendering.IRenderable renderable)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 160;
        console.Write(renderable);
        return writer.ToString();
    }
}
