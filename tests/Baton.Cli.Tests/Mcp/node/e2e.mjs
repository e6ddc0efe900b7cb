// Drives `baton mcp` over stdio with the official TypeScript SDK, as Cursor or Claude Code would:
// lists the tools, creates two tasks, calls every tool once at least (one task done, one blocked, escalated and
// cancelled from the inbox), claims again (nothing left) and calls a tool that does not exist. The SDK validates
// each result (structuredContent must be an object): a result it rejects is counted in sdk_errors.
// Usage: node e2e.mjs DOTNET BATON_DLL STORE, or node e2e.mjs BATON - STORE for a native executable.
// Prints one JSON summary line on stdout.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [dotnet, dll, store] = process.argv.slice(2);
if (!dotnet || !dll || !store) {
  console.error("usage: node e2e.mjs DOTNET BATON_DLL STORE");
  process.exit(2);
}

// The SDK passes only a few safe variables by default; the dotnet host may need more (DOTNET_ROOT).
// BATON_* are left out so the arguments alone pick the store and the worker.
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("BATON_")));
const transport = new StdioClientTransport({
  command: dotnet,
  args: [...(dll === "-" ? [] : [dll]), "mcp", "--store", store, "--worker", "w1", "--role", "coordinator"],
  env,
  stderr: "inherit",
});
const client = new Client({ name: "baton-e2e", version: "1.0.0" });
await client.connect(transport);

const sdkErrors = [];
const called = new Set();
const blockCounts = new Set();
async function call(name, args) {
  called.add(name);
  try {
    const result = await client.callTool({ name, arguments: args });
    const texts = result.content.filter((c) => c.type === "text").map((c) => c.text);
    const structured = result.structuredContent;
    if (structured === undefined || structured === null || typeof structured !== "object" || Array.isArray(structured)) {
      sdkErrors.push(`${name}: structuredContent is not an object`);
    }
    blockCounts.add(result.content.length);
    // The data is read where clients read it: structuredContent (the one text block is the rendering for a model).
    return { is_error: result.isError === true, text: texts[0] ?? "", json: structured ?? null };
  } catch (error) {
    sdkErrors.push(`${name}: ${error.message}`);
    return { is_error: true, text: "", json: null };
  }
}

const { tools } = await client.listTools();
const created = await call("create_tasks", {
  tasks: [
    { id: "e1", title: "Write e1", description: "Write out/e1.txt", files: ["out/e1.txt"] },
    { id: "e2", title: "Write e2", description: "Write out/e2.txt", files: ["out/e2.txt"] },
  ],
});
const claimed = await call("claim_task", { wait_seconds: 0 });
await call("heartbeat", { task_id: "e1", note: "halfway" });
const reported = await call("report_task", {
  task_id: "e1",
  outcome: "done",
  summary: "wrote out/e1.txt",
  context_score: 5,
});
await call("claim_task", { wait_seconds: 0 });
await call("release_task", { task_id: "e2", reason: "trying the release" });
await call("claim_task", { wait_seconds: 0 });
await call("report_task", { task_id: "e2", outcome: "blocked", summary: "which format?", files: [], context_score: 2 });
const inbox = await call("inbox", {});
await call("list_tasks", {});
await call("show_task", { task_id: "e2" });
await call("status", {});
await call("wait_for_completion", { timeout_seconds: 0 });
await call("resolve", { task_id: "e2", action: "cancel", note: "not needed" });
const again = await call("claim_task", { wait_seconds: 0 });
let unknownToolCode = null;
try {
  await client.callTool({ name: "no_such_tool", arguments: {} });
} catch (error) {
  unknownToolCode = error.code ?? null;
}
await client.close();

console.log(JSON.stringify({
  server: client.getServerVersion()?.name ?? null,
  tools: tools.map((t) => ({ name: t.name, schema_type: t.inputSchema?.type ?? null })),
  created: created.json?.imported ?? null,
  claimed_task: claimed.json?.task?.id ?? null,
  claimed_text: claimed.text,
  reported_state: reported.json?.task?.state ?? null,
  again_error: again.is_error,
  again_text: again.text,
  inbox_tasks: (inbox.json?.inbox ?? []).map((item) => item.escalation?.task_id ?? null),
  uncalled: tools.map((t) => t.name).filter((name) => !called.has(name)),
  sdk_errors: sdkErrors,
  unknown_tool_code: unknownToolCode,
  block_counts: [...blockCounts],
}));
