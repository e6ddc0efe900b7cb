using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Baton.Hub.Metrics;

/// <summary>The meter, its feed, and the OpenTelemetry exporter when an OTLP endpoint is given.</summary>
internal static class MetricsSetup
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static void AddServices(IServiceCollection services, HubOptions options)
    {
        services.AddSingleton<HubMetrics>();
        services.AddHostedService<MetricsFeed>();
        var fromEnvironment = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));
        if (options.OtlpEndpoint is null && !fromEnvironment)
        {
            return;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("baton-hub", serviceInstanceId: Environment.MachineName + ":" + Environment.ProcessId))
            .WithMetrics(metrics => metrics
                .AddMeter(HubMetrics.MeterName)
                .AddOtlpExporter((exporter, reader) =>
                {
                    if (options.OtlpEndpoint is { } endpoint)
                    {
                        // Given in code, the endpoint is used as it is: name the metrics path, as the variable implies it.
                        exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/v1/metrics");
                        exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
                    }
                    if (options.MetricsExportInterval is { } every)
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)every.TotalMilliseconds;
                    }
                }));
    }
}
