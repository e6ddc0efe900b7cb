using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Checks;
using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary>
/// Readers for the records every reply carries (tasks, leases, assignments, reports, attempts), used by
/// <see cref="ProtocolFrame"/> in place of the generated ones.
/// </summary>
/// <remarks>
/// The source generator reads a record with <c>init</c> or <c>required</c> properties, as all of Baton.Core's
/// are, through System.Text.Json's parameterized-constructor path: every value is boxed into an argument array,
/// then copied into an object initializer. A <c>report.ok</c> with the next task (1.3 KB) took 8 to 15 µs and
/// 4.1 KB of allocations to read that way. These readers read each property straight into a local and build the
/// record once (bench/Baton.Micro, <c>ReplyParseBenchmarks</c>: 4.6 against 8.2 µs, 1.86 against 3.8 KB). A
/// property a frame leaves out takes the record's own default (an empty list, <c>""</c>, three attempts), where the
/// generated readers gave null or 0: they pass every init-only property through the constructor-argument path,
/// which knows no initializers (dotnet/runtime#84484). Otherwise they accept what the generated readers accept:
/// the same snake_case names, compared exactly;
/// properties in any order, the last of a repeated one winning; unknown properties skipped; <c>null</c> for a
/// reference-typed property (a string, a list, a nested record) read as null; an error for a missing required
/// property (naming the type and the property), and for a value of the wrong kind (what the reader's own
/// accessors throw, which the serializer reports as a <see cref="JsonException"/> with the path). Writing is
/// the generated writer's (<see cref="BatonJsonContext.Default"/>); a test holds every reader to the generated
/// one for a fully populated record and for the edge cases above.
/// </remarks>
internal static class RecordReaders
{
    private static readonly TaskItemReader Tasks = new();
    private static readonly LeaseInfoReader Leases = new();
    private static readonly AssignmentReader Assignments = new();
    private static readonly ReportRecordReader Reports = new();
    private static readonly AttemptRecordReader Attempts = new();

    // The converters the generated code uses for ids, enums and acceptance items, called directly.
    private static readonly TaskIdJsonConverter TaskIdReader = new();
    private static readonly WorkerIdJsonConverter WorkerIdReader = new();
    private static readonly LeaseIdJsonConverter LeaseIdReader = new();
    private static readonly AcceptanceItemJsonConverter Acceptance = new();
    private static readonly JsonConverter<TaskState> TaskStates = (JsonConverter<TaskState>)BatonJsonContext.Default.TaskState.Converter;
    private static readonly JsonConverter<ReportOutcome> Outcomes = (JsonConverter<ReportOutcome>)BatonJsonContext.Default.ReportOutcome.Converter;

    /// <summary>The readers, for a <see cref="JsonSerializerOptions"/> that reads frames.</summary>
    public static IEnumerable<JsonConverter> All => [Tasks, Leases, Assignments, Reports, Attempts];

    private delegate T ElementReader<out T>(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>A record read by hand and written by the generated writer.</summary>
    private abstract class RecordReader<T>(Func<JsonTypeInfo<T>> generated) : JsonConverter<T>
    {
        public sealed override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
            => JsonSerializer.Serialize(writer, value, generated());
    }

    // Moves to the next property name, or returns false at the object's end.
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.PropertyName;
    }

    private static void StartObject(ref Utf8JsonReader reader, string type)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"a {type} must be a JSON object, not {reader.TokenType}");
        }
    }

    private static JsonException Missing(Type type, string property)
        => new($"JSON deserialization for type '{type}' was missing required properties including: '{property}'.");

    private static string? String(ref Utf8JsonReader reader) => reader.GetString();

    private static TaskId ReadTaskId(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => TaskIdReader.Read(ref reader, typeof(TaskId), options);

    private static WorkerId ReadWorkerId(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => WorkerIdReader.Read(ref reader, typeof(WorkerId), options);

    private static LeaseId ReadLeaseId(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => LeaseIdReader.Read(ref reader, typeof(LeaseId), options);

    private static LeaseId? ReadOptionalLeaseId(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => reader.TokenType == JsonTokenType.Null ? null : ReadLeaseId(ref reader, options);

    private static long? OptionalInt64(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();

    private static int? OptionalInt32(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.Null ? null : reader.GetInt32();

    private static DateTimeOffset? OptionalInstant(ref Utf8JsonReader reader)
        => reader.TokenType == JsonTokenType.Null ? null : reader.GetDateTimeOffset();

    private static List<T>? ListOf<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, string what, ElementReader<T> element)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }
        StartArray(ref reader, what);
        var list = new List<T>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(element(ref reader, options));
        }
        return list;
    }

    private static List<string>? Strings(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => ListOf(ref reader, options, "list of strings", static (ref Utf8JsonReader r, JsonSerializerOptions _) => r.GetString()!);

    private static List<TaskId>? TaskIds(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => ListOf(ref reader, options, "list of task ids", static (ref Utf8JsonReader r, JsonSerializerOptions o) => ReadTaskId(ref r, o));

    private static List<AcceptanceItem>? AcceptanceItems(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => ListOf(ref reader, options, "list of acceptance items",
            static (ref Utf8JsonReader r, JsonSerializerOptions o) => r.TokenType == JsonTokenType.Null ? null! : Acceptance.Read(ref r, typeof(AcceptanceItem), o));

    private static List<AttemptRecord>? History(ref Utf8JsonReader reader, JsonSerializerOptions options)
        => ListOf(ref reader, options, "list of attempts",
            static (ref Utf8JsonReader r, JsonSerializerOptions o) => r.TokenType == JsonTokenType.Null ? null! : Attempts.Read(ref r, typeof(AttemptRecord), o));

    private static void StartArray(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"a {what} must be a JSON array, not {reader.TokenType}");
        }
    }

    private sealed class TaskItemReader() : RecordReader<TaskItem>(() => BatonJsonContext.Default.TaskItem)
    {
        public override TaskItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            StartObject(ref reader, "task");
            TaskId? id = null;
            string? title = null;
            var hasTitle = false;
            TaskState? state = null;
            DateTimeOffset? createdAt = null, updatedAt = null;
            var defaults = Defaults;
            string? description = defaults.Description, context = defaults.Context, stateReason = null, plan = null;
            IReadOnlyList<string>? contextFiles = defaults.ContextFiles, files = defaults.Files, labels = defaults.Labels;
            IReadOnlyList<AcceptanceItem>? acceptance = defaults.Acceptance;
            IReadOnlyList<TaskId>? dependsOn = defaults.DependsOn;
            int priority = 0, maxAttempts = defaults.MaxAttempts, attempts = 0;
            long? leaseMs = null;
            long seq = 0;
            LeaseInfo? lease = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = ReadTaskId(ref reader, options); }
                else if (reader.ValueTextEquals("title"u8)) { reader.Read(); title = String(ref reader); hasTitle = true; }
                else if (reader.ValueTextEquals("description"u8)) { reader.Read(); description = String(ref reader); }
                else if (reader.ValueTextEquals("context"u8)) { reader.Read(); context = String(ref reader); }
                else if (reader.ValueTextEquals("context_files"u8)) { reader.Read(); contextFiles = Strings(ref reader, options); }
                else if (reader.ValueTextEquals("acceptance"u8)) { reader.Read(); acceptance = AcceptanceItems(ref reader, options); }
                else if (reader.ValueTextEquals("files"u8)) { reader.Read(); files = Strings(ref reader, options); }
                else if (reader.ValueTextEquals("depends_on"u8)) { reader.Read(); dependsOn = TaskIds(ref reader, options); }
                else if (reader.ValueTextEquals("priority"u8)) { reader.Read(); priority = reader.GetInt32(); }
                else if (reader.ValueTextEquals("labels"u8)) { reader.Read(); labels = Strings(ref reader, options); }
                else if (reader.ValueTextEquals("max_attempts"u8)) { reader.Read(); maxAttempts = reader.GetInt32(); }
                else if (reader.ValueTextEquals("lease_ms"u8)) { reader.Read(); leaseMs = OptionalInt64(ref reader); }
                else if (reader.ValueTextEquals("state"u8)) { reader.Read(); state = TaskStates.Read(ref reader, typeof(TaskState), options); }
                else if (reader.ValueTextEquals("state_reason"u8)) { reader.Read(); stateReason = String(ref reader); }
                else if (reader.ValueTextEquals("attempts"u8)) { reader.Read(); attempts = reader.GetInt32(); }
                else if (reader.ValueTextEquals("current_lease"u8)) { reader.Read(); lease = reader.TokenType == JsonTokenType.Null ? null : Leases.Read(ref reader, typeof(LeaseInfo), options); }
                else if (reader.ValueTextEquals("plan"u8)) { reader.Read(); plan = String(ref reader); }
                else if (reader.ValueTextEquals("seq"u8)) { reader.Read(); seq = reader.GetInt64(); }
                else if (reader.ValueTextEquals("created_at"u8)) { reader.Read(); createdAt = reader.GetDateTimeOffset(); }
                else if (reader.ValueTextEquals("updated_at"u8)) { reader.Read(); updatedAt = reader.GetDateTimeOffset(); }
                else { reader.Read(); reader.Skip(); }
            }
            return new TaskItem
            {
                Id = id ?? throw Missing(typeof(TaskItem), "id"),
                Title = hasTitle ? title! : throw Missing(typeof(TaskItem), "title"),
                State = state ?? throw Missing(typeof(TaskItem), "state"),
                CreatedAt = createdAt ?? throw Missing(typeof(TaskItem), "created_at"),
                UpdatedAt = updatedAt ?? throw Missing(typeof(TaskItem), "updated_at"),
                Description = description!,
                Context = context!,
                ContextFiles = contextFiles!,
                Acceptance = acceptance!,
                Files = files!,
                DependsOn = dependsOn!,
                Priority = priority,
                Labels = labels!,
                MaxAttempts = maxAttempts,
                LeaseMs = leaseMs,
                StateReason = stateReason,
                Attempts = attempts,
                CurrentLease = lease,
                Plan = plan,
                Seq = seq,
            };
        }

        // A task's defaults for the properties a frame leaves out (the record's own initializers).
        private static readonly TaskItem Defaults = new() { Id = new TaskId("-"), Title = "", State = TaskState.Pending, CreatedAt = default, UpdatedAt = default };
    }

    private sealed class LeaseInfoReader() : RecordReader<LeaseInfo>(() => BatonJsonContext.Default.LeaseInfo)
    {
        public override LeaseInfo Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            StartObject(ref reader, "lease");
            LeaseId? id = null;
            WorkerId? worker = null;
            DateTimeOffset? claimedAt = null, expiresAt = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = ReadLeaseId(ref reader, options); }
                else if (reader.ValueTextEquals("worker"u8)) { reader.Read(); worker = ReadWorkerId(ref reader, options); }
                else if (reader.ValueTextEquals("claimed_at"u8)) { reader.Read(); claimedAt = reader.GetDateTimeOffset(); }
                else if (reader.ValueTextEquals("expires_at"u8)) { reader.Read(); expiresAt = reader.GetDateTimeOffset(); }
                else { reader.Read(); reader.Skip(); }
            }
            return new LeaseInfo
            {
                Id = id ?? throw Missing(typeof(LeaseInfo), "id"),
                Worker = worker ?? throw Missing(typeof(LeaseInfo), "worker"),
                ClaimedAt = claimedAt ?? throw Missing(typeof(LeaseInfo), "claimed_at"),
                ExpiresAt = expiresAt ?? throw Missing(typeof(LeaseInfo), "expires_at"),
            };
        }
    }

    private sealed class AssignmentReader() : RecordReader<Assignment>(() => BatonJsonContext.Default.Assignment)
    {
        // An assignment's defaults for the properties a frame leaves out (the record's own initializers).
        private static readonly Assignment Defaults = new() { Task = null!, Lease = null!, Attempt = 0 };

        public override Assignment Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            StartObject(ref reader, "assignment");
            TaskItem? task = null;
            LeaseInfo? lease = null;
            bool hasTask = false, hasLease = false;
            int? attempt = null;
            string? feedback = null;
            IReadOnlyList<AttemptRecord>? history = Defaults.History;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("task"u8)) { reader.Read(); task = reader.TokenType == JsonTokenType.Null ? null : Tasks.Read(ref reader, typeof(TaskItem), options); hasTask = true; }
                else if (reader.ValueTextEquals("lease"u8)) { reader.Read(); lease = reader.TokenType == JsonTokenType.Null ? null : Leases.Read(ref reader, typeof(LeaseInfo), options); hasLease = true; }
                else if (reader.ValueTextEquals("attempt"u8)) { reader.Read(); attempt = reader.GetInt32(); }
                else if (reader.ValueTextEquals("feedback"u8)) { reader.Read(); feedback = String(ref reader); }
                else if (reader.ValueTextEquals("history"u8)) { reader.Read(); history = History(ref reader, options); }
                else { reader.Read(); reader.Skip(); }
            }
            return new Assignment
            {
                Task = hasTask ? task! : throw Missing(typeof(Assignment), "task"),
                Lease = hasLease ? lease! : throw Missing(typeof(Assignment), "lease"),
                Attempt = attempt ?? throw Missing(typeof(Assignment), "attempt"),
                Feedback = feedback,
                History = history!,
            };
        }
    }

    private sealed class ReportRecordReader() : RecordReader<ReportRecord>(() => BatonJsonContext.Default.ReportRecord)
    {
        // A report's defaults for the properties a frame leaves out (the record's own initializers).
        private static readonly ReportRecord Defaults = new() { Id = 0, TaskId = new TaskId("-"), Attempt = 0, Worker = new WorkerId("-"), Outcome = default, At = default };

        public override ReportRecord Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            StartObject(ref reader, "report");
            long? id = null;
            TaskId? taskId = null;
            int? attempt = null;
            WorkerId? worker = null;
            LeaseId? leaseId = null;
            ReportOutcome? outcome = null;
            string? summary = Defaults.Summary, notes = null, refusedReason = null;
            IReadOnlyList<string>? files = Defaults.Files;
            int? contextScore = null;
            var late = false;
            DateTimeOffset? at = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = reader.GetInt64(); }
                else if (reader.ValueTextEquals("task_id"u8)) { reader.Read(); taskId = ReadTaskId(ref reader, options); }
                else if (reader.ValueTextEquals("attempt"u8)) { reader.Read(); attempt = reader.GetInt32(); }
                else if (reader.ValueTextEquals("worker"u8)) { reader.Read(); worker = ReadWorkerId(ref reader, options); }
                else if (reader.ValueTextEquals("lease_id"u8)) { reader.Read(); leaseId = ReadOptionalLeaseId(ref reader, options); }
                else if (reader.ValueTextEquals("outcome"u8)) { reader.Read(); outcome = Outcomes.Read(ref reader, typeof(ReportOutcome), options); }
                else if (reader.ValueTextEquals("summary"u8)) { reader.Read(); summary = String(ref reader); }
                else if (reader.ValueTextEquals("files"u8)) { reader.Read(); files = Strings(ref reader, options); }
                else if (reader.ValueTextEquals("context_score"u8)) { reader.Read(); contextScore = OptionalInt32(ref reader); }
                else if (reader.ValueTextEquals("notes"u8)) { reader.Read(); notes = String(ref reader); }
                else if (reader.ValueTextEquals("late"u8)) { reader.Read(); late = reader.GetBoolean(); }
                else if (reader.ValueTextEquals("refused_reason"u8)) { reader.Read(); refusedReason = String(ref reader); }
                else if (reader.ValueTextEquals("at"u8)) { reader.Read(); at = reader.GetDateTimeOffset(); }
                else { reader.Read(); reader.Skip(); }
            }
            return new ReportRecord
            {
                Id = id ?? throw Missing(typeof(ReportRecord), "id"),
                TaskId = taskId ?? throw Missing(typeof(ReportRecord), "task_id"),
                Attempt = attempt ?? throw Missing(typeof(ReportRecord), "attempt"),
                Worker = worker ?? throw Missing(typeof(ReportRecord), "worker"),
                Outcome = outcome ?? throw Missing(typeof(ReportRecord), "outcome"),
                At = at ?? throw Missing(typeof(ReportRecord), "at"),
                LeaseId = leaseId,
                Summary = summary!,
                Files = files!,
                ContextScore = contextScore,
                Notes = notes,
                Late = late,
                RefusedReason = refusedReason,
            };
        }
    }

    private sealed class AttemptRecordReader() : RecordReader<AttemptRecord>(() => BatonJsonContext.Default.AttemptRecord)
    {
        public override AttemptRecord Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            StartObject(ref reader, "attempt");
            int? number = null;
            LeaseId? leaseId = null;
            WorkerId? worker = null;
            DateTimeOffset? claimedAt = null, endedAt = null;
            string? ending = null, note = null;
            CheckReport? checks = null;
            while (NextProperty(ref reader))
            {
                if (reader.ValueTextEquals("number"u8)) { reader.Read(); number = reader.GetInt32(); }
                else if (reader.ValueTextEquals("lease_id"u8)) { reader.Read(); leaseId = ReadLeaseId(ref reader, options); }
                else if (reader.ValueTextEquals("worker"u8)) { reader.Read(); worker = ReadWorkerId(ref reader, options); }
                else if (reader.ValueTextEquals("claimed_at"u8)) { reader.Read(); claimedAt = reader.GetDateTimeOffset(); }
                else if (reader.ValueTextEquals("ended_at"u8)) { reader.Read(); endedAt = OptionalInstant(ref reader); }
                else if (reader.ValueTextEquals("ending"u8)) { reader.Read(); ending = String(ref reader); }
                else if (reader.ValueTextEquals("note"u8)) { reader.Read(); note = String(ref reader); }
                else if (reader.ValueTextEquals("checks"u8)) { reader.Read(); checks = reader.TokenType == JsonTokenType.Null ? null : JsonSerializer.Deserialize(ref reader, BatonJsonContext.Default.CheckReport); }
                else { reader.Read(); reader.Skip(); }
            }
            return new AttemptRecord
            {
                Number = number ?? throw Missing(typeof(AttemptRecord), "number"),
                LeaseId = leaseId ?? throw Missing(typeof(AttemptRecord), "lease_id"),
                Worker = worker ?? throw Missing(typeof(AttemptRecord), "worker"),
                ClaimedAt = claimedAt ?? throw Missing(typeof(AttemptRecord), "claimed_at"),
                EndedAt = endedAt,
                Ending = ending,
                Note = note,
                Checks = checks,
            };
        }
    }
}
