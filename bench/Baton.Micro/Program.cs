using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// BenchmarkDotNet micro-benchmarks of Baton's hot paths (docs/performance.md, "Micro-benchmarks"):
//   dotnet run -c Release --project bench/Baton.Micro -- --filter '*'               all, default job
//   dotnet run -c Release --project bench/Baton.Micro -- --filter '*' --job short   a quick look (3 iterations)
//   dotnet run -c Release --project bench/Baton.Micro -- --filter '*Glob*'          one group
//   dotnet run -c Release --project bench/Baton.Micro -- --list flat                what there is
// With no arguments it asks which benchmarks to run.
// BenchmarkDotNet builds a copy of this project before it measures (without the compiler server); its
// default two-minute limit for that build is too short on a busy 2-core machine, hence ten minutes.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
