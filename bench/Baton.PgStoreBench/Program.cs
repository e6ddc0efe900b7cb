using System.Globalization;
using Baton.PgStoreBench;

// The PostgreSQL store's throughput beside the raw SKIP LOCKED peer, on one PostgreSQL server (fsync on,
// synchronous_commit on) in the same run (docs/performance.md, "PostgreSQL store"):
//   dotnet run -c Release --project bench/Baton.PgStoreBench -- [tasks] [rounds] [workers]
// Rows take turns each round; each row's figure is the median of its rounds.
var tasks = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5_000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var workers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 8;
return await Bench.RunAsync(tasks, rounds, workers, CancellationToken.None);
