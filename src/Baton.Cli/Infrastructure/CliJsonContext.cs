using System.Text.Json.Serialization;
using Baton.Cli.Init;
using Baton.Cli.Run;

namespace Baton.Cli.Infrastructure;

// CLI-only shapes. Core types go through Baton.Core.Protocol.BatonJsonContext, which owns their converters.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(TaskAddedOutput))]
[JsonSerializable(typeof(DemoWorkerStats))]
[JsonSerializable(typeof(DemoSummary))]
[JsonSerializable(typeof(InitManifest))]
[JsonSerializable(typeof(InitOutput))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(WaitOutput))]
[JsonSerializable(typeof(GraphOutput))]
[JsonSerializable(typeof(TokenCreatedOutput))]
[JsonSerializable(typeof(UiLoginOutput))]
[JsonSerializable(typeof(Baton.Hub.Access.TokenRecord))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
