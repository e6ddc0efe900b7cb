using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Baton.Context;

/// <summary>
/// What a worker reads to do one task: its claim and its report, through MCP and through the CLI (text and
/// <c>--json</c>). The task has a real body (description, context, acceptance, files) and one earlier failed attempt,
/// so the claim carries feedback too. Counted: every text block of an MCP result (what clients hand the model), or
/// everything the CLI printed on stdout and stderr.
/// </summary>
internal sealed record TaskLoopCost(string Surface, int Claim, int Report)
{
    public int Total => Claim + Report;

    private const string Plan = """
        {"name": "ctx", "tasks": [{
          "id": "parse-dates",
          "title": "Parse ISO 8601 dates in the CSV importer",
          "description": "The importer reads the created column as a plain string. Parse it as an ISO 8601 timestamp with an offset, store it as UTC, and reject rows whose date does not parse with a clear message naming the row.",
          "context": "The importer is src/importer/rows.py; rows are dicts from csv.DictReader. Use datetime.fromisoformat (Python 3.11+, so offsets like +02:00 and the Z suffix parse). Errors go through ImportError(row_number, message). Do not add dependencies.",
          "files": ["src/importer/rows.py", "tests/test_rows.py"],
          "acceptance": ["a row with 2024-05-01T10:00:00+02:00 is stored as 2024-05-01T08:00:00Z", "a bad date fails with the row number", {"check": "file_exists", "path": "tests/test_rows.py"}],
          "max_attempts": 3
        }]}
        """;

    private const string FailedSummary = "Parsed with strptime and %z, but the Z suffix does not parse on this Python and two tests failed.";

    private const string DoneSummary = "Parsed created with datetime.fromisoformat, converted to UTC, and raised ImportError with the row number on a bad date; added three tests.";

    public static async Task<IReadOnlyList<TaskLoopCost>> MeasureAsync(Baton baton, CancellationToken cancellationToken)
        =>
        [
            .. await MeasureMcpAsync(baton, cancellationToken),
            await MeasureCliAsync(baton, json: false, cancellationToken),
            await MeasureCliAsync(baton, json: true, cancellationToken),
        ];

    /// <summary>Every text block (what clients hand the model), for a client of the current protocol and for one that
    /// negotiated 2025-03-26 (before <c>structuredContent</c>, so it also gets the JSON as text); and the
    /// <c>structuredContent</c> alone, for a client that hands that to the model instead.</summary>
    private static async Task<TaskLoopCost[]> MeasureMcpAsync(Baton baton, CancellationToken cancellationToken)
    {
        var current = await LoopAsync(baton, null, cancellationToken);
        var old = await LoopAsync(baton, "2025-03-26", cancellationToken);
        return
        [
            new TaskLoopCost("MCP (claim_task, report_task), every text block", current.Claim.Text, current.Report.Text),
            new TaskLoopCost("MCP, structuredContent", current.Claim.Structured, current.Report.Structured),
            new TaskLoopCost("MCP, every text block, client on 2025-03-26", old.Claim.Text, old.Report.Text),
        ];
    }

    private static async Task<((int Text, int Structured) Claim, (int Text, int Structured) Report)> LoopAsync(
        Baton baton, string? protocolVersion, CancellationToken cancellationToken)
    {
        using var repo = await RepoAsync(baton, cancellationToken);
        string[] role = baton.HasRoles ? ["--role", "worker"] : [];
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "baton",
            Command = baton.Command,
            Arguments = [.. baton.Arguments(["mcp", "--worker", "w1", .. role])],
            WorkingDirectory = repo.Root,
            EnvironmentVariables = new Dictionary<string, string?> { ["BATON_SERVER"] = null, ["BATON_STORE"] = null, ["BATON_WORKER"] = null },
        });
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion },
            cancellationToken: cancellationToken);
        var claim = await CallAsync(client, "claim_task", new() { ["wait_seconds"] = 0 }, cancellationToken);
        var report = await CallAsync(client, "report_task", new()
        {
            ["task_id"] = "parse-dates",
            ["outcome"] = "done",
            ["summary"] = DoneSummary,
            ["files"] = new[] { "src/importer/rows.py", "tests/test_rows.py" },
            ["context_score"] = 4,
        }, cancellationToken);
        return (claim, report);
    }

    private static async Task<(int Text, int Structured)> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: cancellationToken);
        var texts = result.Content.OfType<TextContentBlock>().Select(b => b.Text).ToList();
        return result.IsError == true
            ? throw new InvalidOperationException($"{tool} failed: {string.Join("\n", texts)}")
            : (Tokens.Count(string.Join("\n", texts)), result.StructuredContent is { } json ? Tokens.Count(json.GetRawText()) : 0);
    }

    private static async Task<TaskLoopCost> MeasureCliAsync(Baton baton, bool json, CancellationToken cancellationToken)
    {
        using var repo = await RepoAsync(baton, cancellationToken);
        string[] format = json ? ["--json"] : [];
        var claim = await ReadAsync(baton, repo, ["claim", "--worker", "w1", .. format], cancellationToken);
        var report = await ReadAsync(baton, repo,
        [
            "report", "parse-dates", "--worker", "w1", "--outcome", "done", "--summary", DoneSummary,
            "--files", "src/importer/rows.py", "--files", "tests/test_rows.py", "--context-score", "4", .. format,
        ], cancellationToken);
        return new TaskLoopCost(json ? "CLI --json (claim, report)" : "CLI text (claim, report)", claim, report);
    }

    private static async Task<int> ReadAsync(Baton baton, Repo repo, string[] args, CancellationToken cancellationToken)
    {
        var (exit, stdout, stderr) = await baton.RunAsync(repo.Root, args, cancellationToken);
        return exit == 0
            ? Tokens.Count(stdout + stderr)
            : throw new InvalidOperationException($"baton {string.Join(' ', args)} exited {exit}: {stderr}{stdout}");
    }

    /// <summary>A fresh repository with the plan imported and one attempt already failed, so the next claim is the
    /// second attempt and carries the first one's summary.</summary>
    private static async Task<Repo> RepoAsync(Baton baton, CancellationToken cancellationToken)
    {
        var repo = new Repo();
        Directory.CreateDirectory(Path.Combine(repo.Root, "src", "importer"));
        Directory.CreateDirectory(Path.Combine(repo.Root, "tests"));
        await File.WriteAllTextAsync(Path.Combine(repo.Root, "src", "importer", "rows.py"), "# rows\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(repo.Root, "tests", "test_rows.py"), "# tests\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(repo.Root, "plan.json"), Plan, cancellationToken);
        await baton.RunOkAsync(repo.Root, ["init", "--agent", "codex"], cancellationToken);
        await baton.RunOkAsync(repo.Root, ["task", "import", "plan.json"], cancellationToken);
        await baton.RunOkAsync(repo.Root, ["claim", "--worker", "w0"], cancellationToken);
        await baton.RunOkAsync(repo.Root, ["report", "parse-dates", "--worker", "w0", "--outcome", "failed", "--summary", FailedSummary], cancellationToken);
        return repo;
    }
}
