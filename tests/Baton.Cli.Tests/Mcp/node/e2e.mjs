// Drives `baton mcp` over stdio with the official TypeScript SDK, as Cursor or Claude Code would:
// lists the tools, creates a task, claims it, reports it done, and claims again (nothing left).
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

async function call(name, args) {
  const result = await client.callTool({ name, arguments: args });
  const texts = result.content.filter((c) => c.type === "text").map((c) => c.text);
  return { is_error: result.isError === true, text: texts[0] ?? "", json: JSON.parse(texts[1] ?? "null") };
}

const { tools } = await client.listTools();
const created = await call("create_tasks", {
  tasks: [{ id: "e1", title: "Write e1", description: "Write out/e1.txt", files: ["out/e1.txt"] }],
});
const claimed = await call("claim_task", { wait_seconds: 0 });
const reported = await call("report_task", {
  task_id: "e1",
  outcome: "done",
  summary: "wrote out/e1.txt",
  context_score: 5,
});
const again = await call("claim_task", { wait_seconds: 0 });
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
}));
