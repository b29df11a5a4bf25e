// Compiles a JSON Schema with ajv's default options (strict mode: unknown keywords and formats
// are errors, loose types are warnings), then validates each YAML or JSON file given. Prints
// one JSON object: whether the schema compiled, the warnings, and for each file whether it is
// valid and ajv's errors.
// Usage: node ajv.mjs SCHEMA.json FILE...
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;
const YAML = require("yaml");

const [schemaPath, ...files] = process.argv.slice(2);
const warnings = [];
const logger = { log() {}, warn: (...message) => warnings.push(message.join(" ")), error: console.error };
const ajv = new Ajv2020({ allErrors: true, logger });
addFormats(ajv);
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (error) {
  process.stdout.write(JSON.stringify({ compiled: false, error: String(error.message), warnings }) + "\n");
  process.exit(0);
}
const results = files.map((file) => {
  const text = readFileSync(file, "utf8");
  let value;
  try {
    if (file.endsWith(".json")) {
      value = JSON.parse(text);
    } else {
      // YAML's core schema: dates stay strings, as wattprint reads them. A tag the reader does
      // not know (`!include`) is only a warning to it, read as plain text; wattprint refuses
      // it, so here it is a parse error too.
      const document = YAML.parseDocument(text, { schema: "core" });
      const problems = [...document.errors, ...document.warnings];
      if (problems.length > 0) {
        return { file, valid: false, errors: problems.map((p) => ({ parse: String(p.message) })) };
      }
      value = document.toJS();
    }
  } catch (error) {
    return { file, valid: false, errors: [{ parse: String(error.message) }] };
  }
  const valid = validate(value);
  return { file, valid, errors: valid ? [] : validate.errors };
});
process.stdout.write(JSON.stringify({ compiled: true, warnings, results }) + "\n");
