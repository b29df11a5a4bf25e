// Runs wattprint's WebAssembly core off the page's main thread, so that typesetting a report
// never freezes the editor. The page posts {id, request}; the worker answers {id, status, bytes}
// or {id, error} when the module traps (it is then loaded again for the next request).
'use strict';

let exports = null;

async function load() {
  const response = await fetch('wattprint.wasm');
  if (!response.ok) throw new Error(`wattprint.wasm: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const imports = {
    env: {
      // Seeds for hash tables (getrandom's custom backend in web/core/src/exports.rs).
      random_fill(ptr, len) {
        const view = new Uint8Array(exports.memory.buffer, ptr, len);
        for (let at = 0; at < len; at += 65536) {
          crypto.getRandomValues(view.subarray(at, Math.min(len, at + 65536)));
        }
      },
    },
  };
  const { instance } = await WebAssembly.instantiate(bytes, imports);
  exports = instance.exports;
}

let ready = load();

function run(request) {
  const input = new TextEncoder().encode(JSON.stringify(request));
  const ptr = exports.wp_alloc(input.length);
  new Uint8Array(exports.memory.buffer, ptr, input.length).set(input);
  const status = exports.wp_run(ptr, input.length);
  exports.wp_free(ptr, input.length);
  const at = exports.wp_answer_ptr();
  const len = exports.wp_answer_len();
  // A copy: the module's memory may grow (and move) on the next call.
  const bytes = new Uint8Array(exports.memory.buffer, at, len).slice();
  return { status, bytes };
}

self.onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    await ready;
    const { status, bytes } = run(request);
    self.postMessage({ id, status, bytes }, [bytes.buffer]);
  } catch (error) {
    // A trap leaves the module's state unknown: start it afresh.
    ready = load();
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
