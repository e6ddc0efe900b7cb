using System.Globalization;

namespace Baton.Benchmarks;

internal sealed record BenchResult(string Scenario, string Mode, string Setting, string Figure)
{
    public static void PrintTable(IEnumerable<BenchResult> results)
    {
        Console.WriteLine();
        Console.WriteLine($"| scenario | mode | setting | result |");
        Console.WriteLine($"| --- | --- | --- | --- |");
        foreach (var r in results)
        {
            Console.WriteLine($"| {r.Scenario} | {r.Mode} | {r.Setting} | {r.Figure} |");
        }
        Console.WriteLine();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
    }

    public static string Percentiles(List<double> micros)
    {
        micros.Sort();
        double At(double p) => micros[Math.Min(micros.Count - 1, (int)Math.Ceiling(p * micros.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture, $"p50 {At(0.50):F0} µs, p99 {At(0.99):F0} µs, max {micros[^1]:F0} µs (n={micros.Count})");
    }
}
