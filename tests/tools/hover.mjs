// Asks yaml-language-server, over the Language Server Protocol on stdio, what an editor shows
// on hover at each given place of a YAML file checked against a JSON Schema; prints one JSON
// array of the hover texts. Usage: node hover.mjs SCHEMA.json FILE.yaml LINE:COL...
// (0-based line and column, as the protocol counts them).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { pathToFileURL, fileURLToPath } from "node:url";
import { dirname, join, resolve } from "node:path";

const [schemaPath, filePath, ...places] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));
const server = spawn(
  process.execPath,
  [
    join(here, "node_modules", process.env.YAML_LANGUAGE_SERVER ?? "yaml-language-server", "bin/yaml-language-server"),
    "--stdio",
  ],
  { stdio: ["pipe", "pipe", "inherit"] },
);

let buffer = Buffer.alloc(0);
const waiting = new Map();
let nextId = 1;
server.stdout.on("data", (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf("\r\n\r\n");
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.id !== undefined && waiting.has(message.id)) {
      waiting.get(message.id)(message.result);
      waiting.delete(message.id);
    } else if (message.method === "workspace/configuration") {
      send({ jsonrpc: "2.0", id: message.id, result: message.params.items.map(() => settings) });
    } else if (message.id !== undefined && message.method) {
      send({ jsonrpc: "2.0", id: message.id, result: null });
    }
  }
});

function send(message) {
  const body = Buffer.from(JSON.stringify(message));
  server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
  server.stdin.write(body);
}
function request(method, params) {
  const id = nextId++;
  send({ jsonrpc: "2.0", id, method, params });
  return new Promise((done) => waiting.set(id, done));
}
function notify(method, params) {
  send({ jsonrpc: "2.0", method, params });
}

const fileUri = pathToFileURL(resolve(filePath)).href;
// The schema is named by a modeline put in front of the text (one line, so every line asked
// for moves down by one), which takes precedence over any the file holds.
const schemaUri = pathToFileURL(resolve(schemaPath)).href;
const text = `# yaml-language-server: $schema=${schemaUri}\n` + readFileSync(filePath, "utf8");
const settings = {
  hover: true,
  validate: true,
  schemaStore: { enable: false },
};

await request("initialize", { processId: process.pid, rootUri: null, capabilities: {} });
notify("initialized", {});
notify("workspace/didChangeConfiguration", { settings: { yaml: settings } });
notify("textDocument/didOpen", {
  textDocument: { uri: fileUri, languageId: "yaml", version: 1, text },
});
const texts = [];
for (const place of places) {
  const [line, character] = place.split(":").map(Number);
  const position = { line: line + 1, character };
  const hover = await request("textDocument/hover", { textDocument: { uri: fileUri }, position });
  texts.push(hover ? hover.contents.value ?? hover.contents : null);
}
process.stdout.write(JSON.stringify(texts) + "\n");
await request("shutdown", null);
notify("exit", null);
server.kill();
