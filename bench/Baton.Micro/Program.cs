using BenchmarkDotNet.Running;

// BenchmarkDotNet micro-benchmarks of Baton's hot paths (docs/performance.md, "Micro-benchmarks"):
//   dotnet run -c Release --project bench/Baton.Micro -- --filter '*'               all, default job
//   dotnet run -c Release --project bench/Baton.Micro -- --filter '*' --job short   a quick look (3 iterations)
//   dotnet run -c Release --project bench/Baton.Micro -- --filter '*Glob*'          one group
//   dotnet run -c Release --project bench/Baton.Micro -- --list flat                what there is
// With no arguments it asks which benchmarks to run.
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
