// The runs here each load the machine with several hubs, a dozen workers and a database: one at a time. (One PostgreSQL
// server serves them all: SharedPostgres, linked from tests/Shared; each test makes a database of its own on it.)
[assembly: CollectionBehavior(DisableTestParallelization = true)]
