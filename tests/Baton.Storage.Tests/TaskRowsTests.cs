using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>The column positions named in <see cref="TaskRows"/> point at the columns they name in
/// <see cref="TaskRows.Columns"/>, which the claim's ready scan and the report's holder check read by position.</summary>
public sealed class TaskRowsTests
{
    private static readonly string[] Names = TaskRows.Columns.Split(", ");

    [Fact]
    public void ColumnCount_IsTheNumberOfColumns() => Assert.Equal(TaskRows.ColumnCount, Names.Length);

    [Theory]
    [InlineData(TaskRows.FilesColumn, "files")]
    [InlineData(TaskRows.LabelsColumn, "labels")]
    [InlineData(TaskRows.StateColumn, "state")]
    [InlineData(TaskRows.AttemptsColumn, "attempts")]
    [InlineData(TaskRows.WorkerColumn, "worker")]
    [InlineData(TaskRows.LeaseIdColumn, "lease_id")]
    [InlineData(TaskRows.ClaimedAtColumn, "claimed_at")]
    [InlineData(TaskRows.ExpiresColumn, "lease_expires_at")]
    public void NamedPosition_IsThatColumn(int position, string name) => Assert.Equal(name, Names[position]);
}
