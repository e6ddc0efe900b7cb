using Baton.Benchmarks;

// Scenario benchmarks (wall-clock, Release build): `dotnet run -c Release --project bench/Baton.Benchmarks -- [scenario...]`.
// Scenarios: lifecycle, handoff (local mode); speedup (hub, 1/3/8 scripted workers); recovery (failure detection
// and hub restart); import (plans of 20,000 and 100,000 tasks with files, local mode). Prints a markdown table.
var scenarios = args.Length == 0 ? ["lifecycle", "handoff"] : args;
var results = new List<BenchResult>();
foreach (var scenario in scenarios)
{
    switch (scenario)
    {
        case "lifecycle":
            results.Add(await LocalScenarios.LifecycleAsync(workers: 1, tasks: 2_000));
            results.Add(await LocalScenarios.LifecycleAsync(workers: 8, tasks: 4_000));
            results.Add(await LocalScenarios.LifecycleAsync(workers: 8, tasks: 20_000, shared: true));
            break;
        case "handoff":
            results.Add(await LocalScenarios.HandoffAsync(samples: 300));
            break;
        case "speedup":
            results.AddRange(await SpeedupScenario.RunAsync());
            break;
        case "recovery":
            results.Add(await RecoveryScenarios.HubWorkerDetectionAsync(grace: TimeSpan.FromSeconds(1), samples: 10));
            results.Add(await RecoveryScenarios.HubWorkerDetectionAsync(grace: TimeSpan.FromSeconds(15), samples: 2));
            results.Add(await RecoveryScenarios.LocalWorkerDetectionAsync(lease: TimeSpan.FromSeconds(2), samples: 10));
            results.Add(await RecoveryScenarios.HubRestartAsync(tasks: 10_000, samples: 5));
            break;
        case "import":
            results.Add(await ImportScenario.RunAsync(tasks: 20_000));
            results.Add(await ImportScenario.RunAsync(tasks: 100_000));
            break;
        default:
            await Console.Error.WriteLineAsync($"unknown scenario '{scenario}' (known: lifecycle, handoff, speedup, recovery, import)");
            return 2;
    }
}
BenchResult.PrintTable(results);
return 0;
