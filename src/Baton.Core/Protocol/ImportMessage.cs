using System.Text.Json;

namespace Baton.Core.Protocol;

/// <summary><c>import</c>: imports a plan (the object schema/task.schema.json describes), all or nothing.</summary>
public sealed record ImportMessage : ProtocolMessage
{
    /// <summary>The plan: <c>{"tasks": [...]}</c>.</summary>
    public required JsonElement Plan { get; init; }
}
