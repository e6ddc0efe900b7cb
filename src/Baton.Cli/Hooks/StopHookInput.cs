using System.Text.Json;

namespace Baton.Cli.Hooks;

/// <summary>
/// What an agent's stop hook receives on stdin, reduced to what Baton uses. Claude Code's <c>Stop</c> hook sends
/// <c>{session_id, transcript_path, cwd, hook_event_name: "Stop", stop_hook_active}</c>, and Codex's the same (with
/// <c>turn_id</c>, <c>model</c>, <c>last_assistant_message</c>); Cursor's <c>stop</c> hook
/// sends <c>{conversation_id, generation_id, hook_event_name: "stop", status, loop_count, workspace_roots}</c>.
/// Unknown fields are ignored; input that is not a JSON object is <see cref="Unreadable"/>, and the hook then lets the
/// agent stop (it cannot tell a fresh turn from one it caused).
/// </summary>
internal sealed record StopHookInput
{
    /// <summary>Claude's <c>session_id</c> or Cursor's <c>conversation_id</c>: the chat this stop belongs to.</summary>
    public string? Session { get; init; }

    /// <summary>True when this stop follows a continuation the hook asked for (Claude <c>stop_hook_active</c>,
    /// Cursor <c>loop_count</c> above 0).</summary>
    public bool Continued { get; init; }

    /// <summary>True when stdin was not a JSON object (empty, truncated, not JSON).</summary>
    public bool Unreadable { get; init; }

    /// <summary>Cursor's <c>status</c>: <c>completed</c>, <c>aborted</c> or <c>error</c>; null for Claude.</summary>
    public string? Status { get; init; }

    public static StopHookInput Parse(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text.TrimStart('\uFEFF'));
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new StopHookInput { Unreadable = true };
            }
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var active = root.TryGetProperty("stop_hook_active", out var a) && a.ValueKind == JsonValueKind.True;
            var loops = root.TryGetProperty("loop_count", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n) ? n : 0;
            return new StopHookInput
            {
                Session = Text("session_id") ?? Text("conversation_id"),
                Continued = active || loops > 0,
                Status = Text("status"),
            };
        }
        catch (JsonException)
        {
            return new StopHookInput { Unreadable = true };
        }
    }
}
