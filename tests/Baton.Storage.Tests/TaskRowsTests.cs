using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>The ordinals <see cref="TaskColumns"/> generates from <see cref="TaskColumns.Columns"/> (which both stores'
/// <c>TaskRows</c> read with) name the columns SQLite returns at those positions when a whole row is read, and every
/// column of the tasks table is read.</summary>
public sealed class TaskRowsTests
{
    [Fact]
    public async Task Ordinals_NameTheColumnsSqliteReturnsThere()
    {
        using var file = new Support.StoreFile();
        await using var store = await file.OpenAsync(create: true);
        var ordinals = typeof(TaskColumns).GetFields().Where(f => f.IsStatic && f.IsInitOnly && f.FieldType == typeof(int) && f.Name != nameof(TaskColumns.Count))
            .ToDictionary(f => f.Name, f => (int)f.GetValue(null)!);
        var names = await store.WriteAsync(scope =>
        {
            using var row = scope.Query($"SELECT {TaskRows.Columns} FROM tasks");
            return Enumerable.Range(0, TaskRows.ColumnCount).Select(row.ColumnName).ToList();
        }, TestContext.Current.CancellationToken);
        Assert.Equal(TaskRows.ColumnCount, ordinals.Count);
        Assert.Equal("state", names[TaskColumns.State]);
        Assert.Equal("lease_expires_at", names[TaskColumns.Deadline]);
        Assert.Equal("state_reason", names[TaskColumns.Reason]);
        foreach (var (field, ordinal) in ordinals)
        {
            Assert.Equal(field.ToLowerInvariant(), names[ordinal].Replace("_", "", StringComparison.Ordinal)
                .Replace("leaseexpiresat", "deadline", StringComparison.Ordinal).Replace("statereason", "reason", StringComparison.Ordinal));
        }
        var tableColumns = await store.WriteAsync(scope =>
        {
            using var info = scope.Query("SELECT name FROM pragma_table_info('tasks')");
            var all = new List<string>();
            while (info.Read())
            {
                all.Add(info.GetString(0));
            }
            return all;
        }, TestContext.Current.CancellationToken);
        Assert.Equal(tableColumns.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }
}
