// The runs here each load the machine with several hubs, a dozen workers and a database: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
