namespace Baton.Storage.Tests.Checks;

/// <summary>
/// The validation corpus (tests/corpus): every intentionally bad worker output must be caught by the check the case
/// names, and every good one must pass.
/// </summary>
public sealed class CorpusTests
{
    public static TheoryData<string> Cases() => [.. CorpusCase.All().Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Validate_CorpusCase_GivesExpectedVerdict(string name)
    {
        using var workspace = new TempDirectory();
        var corpusCase = CorpusCase.All().Single(c => c.Name == name);

        var outcome = await corpusCase.RunAsync(workspace.Path, TestContext.Current.CancellationToken);

        Assert.True(outcome.AsExpected, outcome.Describe());
    }

    [Fact]
    public async Task Validate_WholeCorpus_CatchesEveryBadCaseAndPassesEveryGoodOne()
    {
        var outcomes = new List<CorpusOutcome>();
        foreach (var corpusCase in CorpusCase.All())
        {
            using var workspace = new TempDirectory();
            outcomes.Add(await corpusCase.RunAsync(workspace.Path, TestContext.Current.CancellationToken));
        }

        var bad = outcomes.Where(o => !o.ExpectPass).ToList();
        var good = outcomes.Where(o => o.ExpectPass).ToList();
        var summary = $"corpus: {outcomes.Count} cases, {bad.Count(o => o.AsExpected)} of {bad.Count} bad caught, {good.Count(o => o.AsExpected)} of {good.Count} good passed";
        TestContext.Current.TestOutputHelper?.WriteLine(summary + "\n" + string.Join("\n", outcomes.Select(o => o.Describe())));
        TestContext.Current.SendDiagnosticMessage(summary);
        Assert.True(outcomes.Count >= 12, summary);
        Assert.True(outcomes.All(o => o.AsExpected), summary + "\n" + string.Join("\n", outcomes.Where(o => !o.AsExpected).Select(o => o.Describe())));
    }
}
