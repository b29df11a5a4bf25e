// Runs wattprint's WebAssembly core off the page's main thread, so that typesetting a report
// never freezes the editor. The page posts {id, request}; the worker answers {id, status, bytes}
// or {id, error} when the module traps. The module is fetched and compiled once; after a trap
// a fresh instance is made from it, with no request.
'use strict';

let exports = null;

const imports = {
  env: {
    // Seeds for hash tables (getrandom's custom backend in web/core/src/exports.rs).
    random_fill(ptr, len) {
      const view = new Uint8Array(exports.memory.buffer, ptr >>> 0, len >>> 0);
      for (let at = 0; at < view.length; at += 65536) {
        crypto.getRandomValues(view.subarray(at, Math.min(view.length, at + 65536)));
      }
    },
  },
};

const compiled = fetch('wattprint.wasm').then(async (response) => {
  if (!response.ok) throw new Error(`wattprint.wasm: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
});

async function instantiate() {
  const instance = await WebAssembly.instantiate(await compiled, imports);
  exports = instance.exports;
}

let ready = instantiate();

// Addresses and lengths come back from WebAssembly as signed 32-bit numbers.
function run(request) {
  const input = new TextEncoder().encode(JSON.stringify(request));
  const ptr = exports.wp_alloc(input.length) >>> 0;
  new Uint8Array(exports.memory.buffer, ptr, input.length).set(input);
  const status = exports.wp_run(ptr, input.length);
  exports.wp_free(ptr, input.length);
  const at = exports.wp_answer_ptr() >>> 0;
  const len = exports.wp_answer_len() >>> 0;
  // A copy: the module's memory may grow (and move) on the next call.
  const bytes = new Uint8Array(exports.memory.buffer, at, len).slice();
  return { status, bytes };
}

// Requests are answered one at a time, in order: each waits for the instance of its turn.
self.onmessage = async (event) => {
  const { id, request } = event.data;
  try {
    await ready;
    const { status, bytes } = run(request);
    self.postMessage({ id, status, bytes }, [bytes.buffer]);
  } catch (error) {
    // A trap leaves the instance's state unknown: the next request gets a fresh one.
    exports = null;
    ready = instantiate();
    self.postMessage({ id, error: String(error && error.message ? error.message : error) });
  }
};
