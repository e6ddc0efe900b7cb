namespace Baton.Storage.Sqlite;

/// <summary>One step of the store's schema: what brings a store at version <c>To - 1</c> to <see cref="To"/>. It
/// runs in the transaction that also records the new version, so a store is at one version or the next, never
/// between; it must leave a store in the form <see cref="SqliteSchema.Create"/> gives a new store at that version.</summary>
/// <param name="To">The version the step leads to.</param>
/// <param name="Summary">What it changes, for the docs and the error of a failed step.</param>
/// <param name="Apply">The step: DDL and data changes on the store's writer connection, in its open transaction.</param>
internal sealed record SqliteMigration(int To, string Summary, Action<StoreConnection> Apply);
