using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>
/// The steps that bring an older PostgreSQL store forward, in order: step <c>N</c> leads from version <c>N - 1</c> to
/// <c>N</c> (<see cref="PostgresSchema"/> runs them). The PostgreSQL store numbers its versions on its own, from 1 (the
/// SQLite store's version 3 in PostgreSQL's types). A step is never changed once it is on
/// main: stores out there are at its version. To change the schema, append a step and change
/// <see cref="PostgresSchema.Create"/> and <see cref="PostgresSchema.Version"/> with it (docs/architecture.md).
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>Every step, oldest first.</summary>
    public static IReadOnlyList<PostgresMigration> Steps { get; } =
    [
        // The hub that holds each worker's connection (PostgresStore.Presence.cs): several hubs serve one database.
        new(2, "workers.hub: the hub holding a worker's connection", async (connection, cancellationToken) =>
        {
            using var alter = new NpgsqlCommand("ALTER TABLE workers ADD COLUMN hub TEXT", connection);
            await alter.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }),
        // The held tasks in an index of their own (PostgresSchema.Create says why).
        new(3, "ix_tasks_held: the leased and checked tasks", async (connection, cancellationToken) =>
        {
            using var create = new NpgsqlCommand("CREATE INDEX ix_tasks_held ON tasks(lease_expires_at) WHERE state IN ('leased', 'checking')", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }),
    ];
}
