using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Limits;

/// <summary>
/// Invariant 5 (bad input changes nothing) under a flood: mutated valid frames, random bytes, wrong types, huge
/// numbers, deep nesting and invalid UTF-8 on a few connections at once. None may crash the hub (it answers afterwards,
/// and no reply is internal_error) or change its state (the last event id, the tasks and the workers are as before).
/// The frames are ones the hub must refuse even when a mutation leaves them valid: worker operations before hello,
/// reads and cancels of tasks that do not exist. Set BATON_FUZZ_SEED to replay a run.
/// </summary>
public sealed class ProtocolFuzzTests
{
    private const int Connections = 4;
    private const int FramesPerConnection = 25_000;
    private const int Window = 256;

    // Bases that stay harmless under any mutation that keeps them valid: no hello was said on the connection, the task
    // ids name no task, and no base is a type that writes without a hello (import, resolve, verify).
    private static readonly string[] Bases =
    [
        """{"type":"ping","id":1}""",
        """{"type":"status","id":2}""",
        """{"type":"claim","id":3,"wait":false,"lease_ms":600000,"capacity":2,"labels":["dotnet","fast"]}""",
        """{"type":"heartbeat","id":4,"task_id":"no-such-task-1","note":"tests written","lease_ms":60000}""",
        """{"type":"report","id":5,"task_id":"no-such-task-2","outcome":"done","summary":"did it","files":["out/a.md"],"context_score":5,"idempotency_key":"k1","next":true,"next_wait_ms":0}""",
        """{"type":"release","id":6,"task_id":"no-such-task-3","reason":"blocked"}""",
        """{"type":"task.list","id":7,"state":"ready","ready_only":true}""",
        """{"type":"task.show","id":8,"task_id":"no-such-task-4"}""",
        """{"type":"task.cancel","id":9,"task_id":"no-such-task-5","reason":"obsolete"}""",
        """{"type":"events.read","id":10,"after":0,"max":5}""",
        """{"type":"check","id":11,"task_id":"no-such-task-6"}""",
        """{"type":"inbox","id":12}""",
        """{"type":"stats","id":13}""",
        """{"type":"unsubscribe","id":14}""",
    ];

    private static readonly string[] WrongValues =
    [
        "null", "true", "[]", "{}", "\"\"", "\"x\"", "-1", "0", "1.5", "1e400", "-1e400", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999999999999", "18446744073709551616", "[[[[1]]]]", "{\"a\":{\"b\":[]}}",
        "\"\\u0000\"", "\"\\ud800\"", "\"" + new string('z', 300) + "\"",
    ];

    [Fact]
    public async Task Fuzz_HundredThousandBadFrames_NoCrashAndNoStateChange()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BATON_FUZZ_SEED"), out var fixedSeed) ? fixedSeed : Random.Shared.Next();
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("fuzz-seed-alpha", "fuzz-seed-beta");
        using var http = hub.Http();
        var before = await SnapshotAsync(http);

        var results = await Task.WhenAll(Enumerable.Range(0, Connections).Select(i => FuzzConnectionAsync(hub, seed + i)));

        var total = results.Sum(r => r.Frames);
        Assert.True(total >= 100_000, $"seed {seed}: only {total} frames were sent");
        var failures = results.SelectMany(r => r.Failures).ToList();
        Assert.True(failures.Count == 0, $"seed {seed}: {string.Join(Environment.NewLine, failures.Take(10))}");
        await using var after = await RawSocket.ConnectAsync(hub.SocketUrl);
        Assert.Equal("pong", (await after.RequestAsync("""{"type":"ping","id":1}""")).GetProperty("type").GetString());
        Assert.Equal(before, await SnapshotAsync(http));
    }

    private static async Task<string> SnapshotAsync(HttpClient http)
    {
        var status = JsonDocument.Parse(await http.GetStringAsync("/api/status", TestContext.Current.CancellationToken)).RootElement;
        var tasks = JsonDocument.Parse(await http.GetStringAsync("/api/tasks", TestContext.Current.CancellationToken)).RootElement;
        var states = string.Join(",", tasks.EnumerateArray().Select(t => $"{t.GetProperty("id").GetString()}={t.GetProperty("state").GetString()}"));
        return $"last_event_id={status.GetProperty("last_event_id").GetInt64()} tasks={states} workers={status.GetProperty("workers").GetArrayLength()}";
    }

    private static async Task<(int Frames, List<string> Failures)> FuzzConnectionAsync(TestHub hub, int seed)
    {
        var random = new Random(seed);
        var failures = new List<string>();
        var sent = 0;
        var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        try
        {
            while (sent < FramesPerConnection && failures.Count < 10)
            {
                var batch = Math.Min(Window, FramesPerConnection - sent);
                var closedOnPurpose = false;
                for (var i = 0; i < batch; i++)
                {
                    var (frame, text, closes) = NextFrame(random);
                    await socket.Socket.SendAsync(frame, text ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, TestContext.Current.CancellationToken);
                    sent++;
                    if (closes)
                    {
                        // Invalid UTF-8 in a text frame: the WebSocket layer closes with 1007, a protocol error.
                        closedOnPurpose = true;
                        break;
                    }
                }
                if (closedOnPurpose)
                {
                    try
                    {
                        var (status, _) = await socket.ReceiveCloseAsync();
                        if (status != WebSocketCloseStatus.InvalidPayloadData)
                        {
                            failures.Add($"invalid UTF-8 closed the connection with {status}, not 1007");
                        }
                    }
                    catch (WebSocketException)
                    {
                        // The WebSocket layer sends 1007 and drops the connection at once; the reset can overtake the close.
                    }
                    await socket.DisposeAsync();
                    socket = await RawSocket.ConnectAsync(hub.SocketUrl);
                    continue;
                }
                // Requests that do not wait are answered in order: the marker's pong means the batch is answered.
                await socket.SendAsync("""{"type":"ping","id":-77}""");
                while (true)
                {
                    var reply = await socket.ReceiveAsync();
                    if (reply.TryGetProperty("code", out var code) && code.GetString() == "internal_error")
                    {
                        failures.Add($"internal_error: {reply}");
                    }
                    if (reply.GetProperty("type").GetString() == "pong" && reply.TryGetProperty("id", out var id) && id.GetInt64() == -77)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            await socket.DisposeAsync();
        }
        return (sent, failures);
    }

    private static (byte[] Frame, bool Text, bool Closes) NextFrame(Random random)
    {
        var kind = random.Next(100);
        return kind switch
        {
            < 45 => (Mutate(random, Encoding.UTF8.GetBytes(Bases[random.Next(Bases.Length)])), true, false),
            < 60 => (WrongType(random), true, false),
            < 72 => (RandomBytes(random, ascii: true), true, false),
            < 80 => (Encoding.UTF8.GetBytes(Nested(random)), true, false),
            < 85 => (Encoding.UTF8.GetBytes(NotAnObject(random)), true, false),
            < 95 => (Encoding.UTF8.GetBytes(WrongTypeName(random)), true, false),
            < 99 => (RandomBytes(random, ascii: false), false, false),
            _ => (InvalidUtf8(random), true, true),
        };
    }

    // A few random byte edits: replace, insert, delete, duplicate a slice.
    private static byte[] Mutate(Random random, byte[] frame)
    {
        var bytes = new List<byte>(frame);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(4))
            {
                case 0:
                    bytes[at] = (byte)random.Next(32, 127);
                    break;
                case 1:
                    bytes.Insert(at, (byte)"{}[]\":,0123456789-eE.tfn \\"[random.Next(26)]);
                    break;
                case 2:
                    bytes.RemoveAt(at);
                    break;
                default:
                    var length = Math.Min(random.Next(1, 16), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
            }
        }
        return [.. bytes];
    }

    // A base frame with one property's value swapped for a value of another kind (or a huge or odd number).
    private static byte[] WrongType(Random random)
    {
        var root = JsonDocument.Parse(Bases[random.Next(Bases.Length)]).RootElement;
        var properties = root.EnumerateObject().Where(p => p.Name != "type").ToList();
        var target = properties[random.Next(properties.Count)].Name;
        var text = new StringBuilder("{");
        foreach (var property in root.EnumerateObject())
        {
            text.Append(text.Length > 1 ? "," : "").Append('"').Append(property.Name).Append("\":");
            text.Append(property.Name == target ? WrongValues[random.Next(WrongValues.Length)] : property.Value.GetRawText());
        }
        return Encoding.UTF8.GetBytes(text.Append('}').ToString());
    }

    private static byte[] RandomBytes(Random random, bool ascii)
    {
        var bytes = new byte[random.Next(1, 200)];
        if (ascii)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)random.Next(32, 127);
            }
        }
        else
        {
            random.NextBytes(bytes);
        }
        return bytes;
    }

    // Up to 10,000 levels of arrays or objects, in a field or as the whole frame.
    private static string Nested(Random random)
    {
        var depth = random.Next(2) == 0 ? 10_000 : random.Next(10, 200);
        var arrays = random.Next(2) == 0;
        var open = arrays ? new string('[', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth));
        var close = arrays ? new string(']', depth) : new string('}', depth);
        var value = open + "1" + close;
        return random.Next(3) switch
        {
            0 => value,
            1 => "{\"type\":\"claim\",\"id\":5,\"labels\":" + value + "}",
            _ => "{\"type\":\"status\",\"id\":6,\"extra\":" + value + "}",
        };
    }

    private static string NotAnObject(Random random) => random.Next(6) switch
    {
        0 => "[]",
        1 => "\"ping\"",
        2 => "42",
        3 => "null",
        4 => "",
        _ => "{\"type\":\"ping\",\"id\":1}{\"type\":\"ping\",\"id\":2}",
    };

    private static string WrongTypeName(Random random) => random.Next(6) switch
    {
        0 => "{\"type\":\"nope\",\"id\":1}",
        1 => "{\"type\":42,\"id\":1}",
        2 => "{\"id\":1}",
        3 => "{\"type\":\"welcome\",\"id\":1,\"protocol\":1}",
        4 => "{\"type\":\"ping\",\"id\":\"one\"}",
        _ => "{\"type\":\"event\",\"event\":{\"id\":1}}",
    };

    private static byte[] InvalidUtf8(Random random)
    {
        byte[][] bad = [[0xC3, 0x28], [0xE2, 0x28, 0xA1], [0xF0, 0x28, 0x8C, 0xBC], [0xFF], [0xED, 0xA0, 0x80]];
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"ping\",\"id\":1,\"x\":\"");
        return [.. prefix, .. bad[random.Next(bad.Length)], .. "\"}"u8.ToArray()];
    }
}
