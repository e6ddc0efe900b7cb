namespace Baton.Core.Life;

/// <summary>
/// One change a decision of <see cref="TaskMachine"/> asks the store to make, as plain data. A store applies a
/// decision's changes in order, in one transaction, and appends the events among them in that order.
/// </summary>
/// <remarks>The kinds are closed: a store handles every one (a new kind of row to write is a new kind here and
/// one more case in each store's applier; a new rule is not).</remarks>
internal abstract record LifeChange;
