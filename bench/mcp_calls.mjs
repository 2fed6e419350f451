// mcp_calls.mjs: the same as mcp_calls.c with the official MCP TypeScript SDK client.
// usage: node mcp_calls.mjs SDK_DIR N command [args...]; prints "<connect_ms> <calls_ms> <peak_rss_kb>".
const [sdk, nStr, command, ...args] = process.argv.slice(2);
const { Client } = await import(`${sdk}/dist/esm/client/index.js`);
const { StdioClientTransport } = await import(`${sdk}/dist/esm/client/stdio.js`);
const t0 = performance.now();
const client = new Client({ name: "bench", version: "1.0.0" });
await client.connect(new StdioClientTransport({ command, args, stderr: "ignore" }));
await client.listTools();
const t1 = performance.now();
for (let i = 0; i < Number(nStr); i++) await client.callTool({ name: "echo", arguments: { message: "ping" } });
console.log(`${(t1 - t0).toFixed(1)} ${(performance.now() - t1).toFixed(1)} ${process.resourceUsage().maxRSS}`);
await client.close();
