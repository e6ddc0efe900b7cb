using Baton.Core.Errors;

namespace Baton.Hub.Mcp;

/// <summary>A tool error as JSON: <c>{"error": {"code": ..., "message": ..., "details": [...]}}</c>, the CLI's <c>--json</c> shape.</summary>
internal sealed record ToolError
{
    public required BatonError Error { get; init; }
}
