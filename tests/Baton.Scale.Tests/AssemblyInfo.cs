using Baton.Scale.Tests.Support;

// The runs here each load the machine with several hubs, a dozen workers and a database: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// One PostgreSQL for every test of the assembly; each test makes a database of its own on it.
[assembly: AssemblyFixture(typeof(PostgresFixture))]
