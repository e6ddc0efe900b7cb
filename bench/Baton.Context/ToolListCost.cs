using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Baton.Context;

/// <summary>
/// What a chat pays on every turn for one MCP server: its <c>tools/list</c> result and its instructions, in o200k
/// tokens. <see cref="ModelView"/> counts what a client turns each tool into for the model (name, description,
/// input schema); <see cref="ListResult"/> the whole <c>tools/list</c> result as sent (titles, annotations and output
/// schemas too), which is the larger and the one the targets are held to.
/// </summary>
internal sealed record ToolListCost(string Server, int ToolCount, int Characters, int ListResult, int ModelView, int Instructions)
{
    public int Total => ListResult + Instructions;

    public static async Task<ToolListCost> MeasureAsync(
        string server, string command, IReadOnlyList<string> arguments, string directory, CancellationToken cancellationToken)
    {
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = server,
            Command = command,
            Arguments = [.. arguments],
            WorkingDirectory = directory,
            EnvironmentVariables = new Dictionary<string, string?> { ["BATON_SERVER"] = null, ["BATON_STORE"] = null, ["BATON_WORKER"] = null },
        });
        await using var client = await McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
        var tools = await client.ListToolsAsync(cancellationToken: cancellationToken);
        var result = new ListToolsResult { Tools = [.. tools.Select(t => t.ProtocolTool)] };
        var listed = JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ListToolsResult)));
        var modelView = new JsonArray([.. tools.Select(t => (JsonNode)new JsonObject
        {
            ["name"] = t.Name,
            ["description"] = t.Description,
            ["input_schema"] = JsonNode.Parse(t.JsonSchema.GetRawText()),
        })]).ToJsonString();
        return new ToolListCost(
            server,
            tools.Count,
            listed.Length,
            Tokens.Count(listed),
            Tokens.Count(modelView),
            Tokens.Count(client.ServerInstructions ?? ""));
    }
}
