using System.Diagnostics;
using Baton.Core.Life;
using Baton.Core.Tasks;
using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>Maps task rows to <see cref="TaskItem"/> and <see cref="TaskLife"/>: the columns and the mapping are both
/// stores' (<see cref="TaskColumns"/>); the dependency column's SQL and the reader are this store's.</summary>
internal static class TaskRows
{
    /// <summary>The columns of a whole task row (<see cref="TaskColumns.Columns"/>).</summary>
    public const string Columns = TaskColumns.Columns;

    /// <summary>How many columns <see cref="Columns"/> names (a statement's next column is at this ordinal).</summary>
    public static int ColumnCount => TaskColumns.Count;

    public static int Id => TaskColumns.Id;

    public static int Files => TaskColumns.Files;

    public static int Labels => TaskColumns.Labels;

    /// <summary>A column with the task's dependencies in declared order (a text array, read with <see cref="ReadDependsOn"/>):
    /// one statement for the task and its dependencies.</summary>
    public const string DependsOn = "ARRAY(SELECT d.depends_on FROM deps d WHERE d.task_id = tasks.id ORDER BY d.position)";

    public static List<TaskId> ReadDependsOn(NpgsqlDataReader r, int column)
        => [.. r.GetFieldValue<string[]>(column).Select(d => new TaskId(d))];

    /// <summary>The task of a row read with <see cref="Columns"/>, as the API shows it (its life applied).</summary>
    public static TaskItem Read(NpgsqlDataReader r, IReadOnlyList<TaskId> dependsOn) => ReadBoth(r, dependsOn).Task;

    /// <summary>The task and its life, from a row read with <see cref="Columns"/>.</summary>
    public static (TaskItem Task, TaskLife Life) ReadBoth(NpgsqlDataReader r, IReadOnlyList<TaskId> dependsOn)
    {
        var life = ReadLife(r);
        return (TaskColumns.ReadTask(new Row(r), dependsOn, life), life);
    }

    /// <summary>The life of a row read with <see cref="Columns"/>.</summary>
    public static TaskLife ReadLife(NpgsqlDataReader r)
    {
        AssertColumns(r);
        return TaskColumns.ReadLife(new Row(r));
    }

    [Conditional("DEBUG")]
    private static void AssertColumns(NpgsqlDataReader r)
        => Debug.Assert(r.GetName(TaskColumns.State) == "state" && r.GetName(TaskColumns.UpdatedAt) == "updated_at" && r.GetName(TaskColumns.Seq) == "seq",
            "a task row is read with TaskRows.Columns");

    private readonly struct Row(NpgsqlDataReader reader) : IStoreRow
    {
        public bool IsNull(int ordinal) => reader.IsDBNull(ordinal);

        public string Text(int ordinal) => reader.GetString(ordinal);

        public long Long(int ordinal) => reader.GetInt64(ordinal);
    }
}
