// The TypeScript SDK client lists and calls every tool of cpt97124-mcp, over stdio and over streamable HTTP.
// Run by scripts/ts-client.sh (which installs @modelcontextprotocol/sdk); arguments: PYTHON HTTP_URL.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [python, url] = process.argv.slice(2);
const CALLS = {
  compute_units: { services: [{ code: "97110", minutes: 33 }, { code: "97140", minutes: 7 }] },
  validate_claim_line: { line: { code: "97124", units: 2, modifiers: ["GP"], minutes: 38 }, payer: "Medicare" },
  validate_claim: { lines: [{ code: "97124", units: 2, modifiers: ["GP"], minutes: 30 },
                            { code: "97110", units: 1, modifiers: ["GP"], minutes: 15 }] },
  explain_rule: { topic: "eight minute rule", minutes: 38 },
  list_rules: {},
  estimate_payment: { lines: [{ code: "97110", units: 2, modifiers: ["GP"] }], date_of_service: "2025-06-02" },
};

async function exercise(name, transport) {
  const client = new Client({ name: "ts-sdk-check", version: "1.0.0" });
  await client.connect(transport);
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name).sort();
  if (JSON.stringify(names) !== JSON.stringify(Object.keys(CALLS).sort())) throw new Error(`${name}: tools ${names}`);
  for (const tool of tools) {
    const result = await client.callTool({ name: tool.name, arguments: CALLS[tool.name] });  // checks outputSchema
    if (result.isError || !result.structuredContent) throw new Error(`${name}: ${tool.name} failed`);
    console.log(`${name}: ${tool.name} ok (${JSON.stringify(result.structuredContent).length} bytes)`);
  }
  const bad = await client.callTool({ name: "compute_units", arguments: { services: [{ minutes: true }] } });
  if (!bad.isError) throw new Error(`${name}: a boolean was taken for minutes`);
  await client.close();
}

await exercise("stdio", new StdioClientTransport({ command: python, args: ["-m", "cpt97124_mcp"] }));
await exercise("http", new StreamableHTTPClientTransport(new URL(url)));
console.log("every tool listed and called over stdio and HTTP");
