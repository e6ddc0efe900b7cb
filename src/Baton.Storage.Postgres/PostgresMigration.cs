using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>One step of the PostgreSQL store's schema: what brings a store at version <c>To - 1</c> to <see cref="To"/>.
/// It runs in the transaction that also records the new version, under Baton's write lock, so a store is at one version
/// or the next, never between, and every other writer waits for it; it must leave a store in the form
/// <see cref="PostgresSchema.Create"/> gives a new store at that version.</summary>
/// <param name="To">The version the step leads to.</param>
/// <param name="Summary">What it changes, for the docs and the error of a failed step.</param>
/// <param name="Apply">The step: DDL and data changes on the connection, in its open transaction.</param>
internal sealed record PostgresMigration(int To, string Summary, Func<NpgsqlConnection, CancellationToken, Task> Apply);
