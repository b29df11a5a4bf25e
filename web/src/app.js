// The page: an editor for a disclosure, its findings as `wattprint validate` gives them, a
// preview of the report, and downloads. Everything is computed by wattprint's WebAssembly core
// in worker.js; nothing is sent anywhere.
'use strict';

const $ = (id) => document.getElementById(id);
const text = $('text');
const gutter = $('gutter');
const findingsList = $('findings');
const statusLine = $('status');
const completion = $('completion');

/**
 * The disclosure's file name; its text as opened (BOM and CR kept, which a text field drops),
 * sent while the editor still shows it unchanged, so that the bytes are the file's; the hourly
 * CSVs given beside it, base64, by name; the schema, once asked.
 */
const state = { name: 'disclosure.yaml', opened: null, files: {}, schema: null };

// ---------------------------------------------------------------------------------------------
// The core, in a worker.

const worker = new Worker('worker.js');
let nextId = 0;
const pending = new Map();
worker.onmessage = (event) => {
  const { id, status, bytes, error } = event.data;
  const done = pending.get(id);
  pending.delete(id);
  if (error !== undefined) done.reject(new Error(`wattprint's core stopped: ${error}`));
  else done.resolve({ status, bytes });
};
worker.onerror = (event) => {
  say(`wattprint's core could not start: ${event.message || 'unknown error'}`, true);
  for (const done of pending.values()) done.reject(new Error('the core could not start'));
  pending.clear();
};

/** Asks the core; resolves to {status, bytes}: 0 done, 1 findings, 2 failed. */
function ask(request) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, request });
  });
}

const asJson = (bytes) => JSON.parse(new TextDecoder().decode(bytes));

// ---------------------------------------------------------------------------------------------
// The editor.

function updateGutter() {
  const lines = text.value.split('\n').length;
  let numbers = '';
  for (let n = 1; n <= lines; n++) numbers += `${n}\n`;
  gutter.textContent = numbers;
  gutter.scrollTop = text.scrollTop;
}

function edited() {
  completion.hidden = true;
  updateGutter();
  scheduleCheck();
}

text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
text.addEventListener('input', edited);

/** The disclosure's text as the core receives it: the file's own while it is unchanged. */
function disclosureText() {
  const opened = state.opened;
  return opened !== null && text.value === opened.replace(/\r\n?/g, '\n') ? opened : text.value;
}

function setDocument(name, content) {
  state.name = name;
  state.opened = content;
  $('file-name').textContent = name;
  text.value = content;
  updateGutter();
  check();
}

/** Selects line:column in the editor (1-based; columns count characters, as findings do). */
function goTo(line, column) {
  const lines = text.value.split('\n');
  let offset = 0;
  for (let n = 0; n < line - 1 && n < lines.length; n++) offset += lines[n].length + 1;
  const characters = [...(lines[line - 1] || '')].slice(0, Math.max(0, (column || 1) - 1));
  offset += characters.join('').length;
  text.focus();
  text.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 18;
  text.scrollTop = Math.max(0, (line - 4) * lineHeight);
}

/** Bytes as base64, so that a CSV reaches the core exactly as it is on disk. */
function toBase64(bytes) {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 32768) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 32768));
  }
  return btoa(binary);
}

// Files: opened or dropped. A YAML file is the disclosure; CSV files are the hourly files it
// names, kept by file name.
async function takeFiles(fileList) {
  // A new disclosure comes with its own files: those given for the last one are let go.
  if ([...fileList].some((file) => !/\.csv$/i.test(file.name))) state.files = {};
  let disclosure = null;
  for (const file of fileList) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (/\.csv$/i.test(file.name)) {
      state.files[file.name] = toBase64(bytes);
      continue;
    }
    try {
      // The BOM is kept, as the command line keeps it in the input it hashes.
      disclosure = [file.name, new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)];
    } catch {
      say(`${file.name} is not UTF-8 text; save it as UTF-8 (wattprint validate refuses it too)`, true);
    }
  }
  const linked = Object.keys(state.files);
  $('linked').textContent = linked.length ? linked.join(', ') : 'none given';
  if (disclosure) setDocument(...disclosure);
  else check();
}

$('open').addEventListener('change', (event) => takeFiles(event.target.files));
const drop = $('drop');
drop.addEventListener('dragover', (event) => { event.preventDefault(); drop.classList.add('dropping'); });
drop.addEventListener('dragleave', () => drop.classList.remove('dropping'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('dropping');
  takeFiles(event.dataTransfer.files);
});

$('starter').addEventListener('click', async () => {
  const { status, bytes } = await ask({
    command: 'starter',
    role: $('starter-role').value,
    operation: $('starter-operation').value,
  });
  if (status === 0) {
    state.files = {};
    $('linked').textContent = 'none given';
    setDocument('disclosure.yaml', new TextDecoder().decode(bytes));
  }
});

// ---------------------------------------------------------------------------------------------
// Findings and preview, as the text changes.

let timer = null;
function scheduleCheck() {
  clearTimeout(timer);
  timer = setTimeout(check, 250);
}

function documentRequest(command, format) {
  const request = {
    command,
    name: state.name,
    text: disclosureText(),
    files: state.files,
    template: $('template').value || 'eu-ai-act',
    format,
  };
  if ($('audience').value) request.audience = $('audience').value;
  if ($('date').value) request.date = $('date').value;
  return request;
}

function showFindings(findings) {
  findingsList.replaceChildren();
  const errors = findings.filter((f) => f.severity === 'error').length;
  $('count').textContent = findings.length
    ? `${errors} error(s), ${findings.length - errors} warning(s)`
    : 'none';
  for (const finding of findings) {
    const item = document.createElement('li');
    item.className = finding.severity;
    const place = document.createElement('span');
    place.className = 'place';
    place.textContent = finding.line ? `${finding.file}:${finding.line}:${finding.column}` : finding.file;
    const severity = document.createElement('span');
    severity.className = 'severity';
    severity.textContent = ` ${finding.severity}[${finding.code}]`;
    item.append(place, severity, document.createTextNode(`: ${finding.message}`));
    if (finding.help) {
      const help = document.createElement('span');
      help.className = 'help';
      help.textContent = `help: ${finding.help}`;
      item.append(help);
    }
    // Only a finding in the editor's own file leads into it (one in a CSV does not).
    if (finding.line && finding.file === state.name) {
      item.tabIndex = 0;
      item.classList.add('link');
      const go = () => goTo(finding.line, finding.column);
      item.addEventListener('click', go);
      item.addEventListener('keydown', (event) => { if (event.key === 'Enter') go(); });
    }
    findingsList.append(item);
  }
}

function say(message, failed = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle('failed', failed);
}

/**
 * Shows a preview and resolves once the frame has loaded it: setting `srcdoc` only starts a
 * navigation, and a check counts as finished (for the reader and the browser test alike) only
 * when its preview is on screen. A frame that never reports its load does not hold the checks
 * up for more than ten seconds.
 */
function showPreview(html) {
  const frame = $('preview');
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(fallback);
      frame.removeEventListener('load', done);
      resolve();
    };
    const fallback = setTimeout(done, 10000);
    frame.addEventListener('load', done);
    frame.srcdoc = html;
  });
}

/** How many checks have finished with the editor's current text (the browser test reads it). */
let finished = 0;
let running = false;
let again = false;

/** Checks the editor's text; one check at a time, the last change checked last. */
async function check() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  again = false;
  try {
    await checkOnce();
  } finally {
    running = false;
    if (again) check();
    else document.body.dataset.checked = String(++finished);
  }
}

async function checkOnce() {
  if (!text.value.trim()) {
    showFindings([]);
    await showPreview('');
    say('open a disclosure, or start from a starter');
    return;
  }
  const started = performance.now();
  let answer;
  try {
    answer = await ask(documentRequest('check', 'html'));
  } catch (error) {
    say(error.message, true);
    return;
  }
  const body = asJson(answer.bytes);
  if (answer.status === 2) {
    showFindings([]);
    say(body.hint ? `${body.error} (${body.hint})` : body.error, true);
    return;
  }
  showFindings(body.findings || []);
  if (answer.status === 1) {
    await showPreview('');
    say('fix the errors to see the report', true);
  } else if (body.refused) {
    await showPreview('');
    say(body.refused.hint ? `${body.refused.error} (${body.refused.hint})` : body.refused.error, true);
  } else {
    await showPreview(body.preview);
    say(`checked and computed in ${Math.round(performance.now() - started)} ms`);
  }
}

for (const id of ['template', 'audience', 'date']) $(id).addEventListener('change', check);

// ---------------------------------------------------------------------------------------------
// Downloads.

const types = {
  pdf: 'application/pdf',
  md: 'text/markdown',
  html: 'text/html',
  json: 'application/json',
};

function save(bytes, type, name) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([bytes], { type }));
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
}

$('save').addEventListener('click', () => {
  save(new TextEncoder().encode(disclosureText()), 'application/yaml', state.name);
});

for (const button of document.querySelectorAll('.downloads button[data-format]')) {
  button.addEventListener('click', async () => {
    const format = button.dataset.format;
    button.disabled = true;
    say(`making the ${format.toUpperCase()}…`);
    try {
      const started = performance.now();
      const answer = await ask(documentRequest('report', format));
      if (answer.status === 0) {
        const stem = state.name.replace(/\.ya?ml$/i, '');
        const audience = $('audience').value ? `-${$('audience').value}` : '';
        const name = `${stem}-${$('template').value}${audience}.${format}`;
        save(answer.bytes, types[format], name);
        say(`made ${name} in ${Math.round(performance.now() - started)} ms`);
      } else {
        const body = asJson(answer.bytes);
        if (body.findings) showFindings(body.findings);
        say(body.error ? `${body.error}${body.hint ? ` (${body.hint})` : ''}` : 'fix the errors first', true);
      }
    } catch (error) {
      say(error.message, true);
    } finally {
      button.disabled = false;
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Completion from the JSON Schema: the keys allowed at the cursor's place in the YAML.

/** Resolves `$ref`s and merges `allOf`/`anyOf`/`oneOf` branches into one list of schemas. */
function branches(schema, root, seen = new Set()) {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return [];
  seen.add(schema);
  if (schema.$ref) {
    const path = schema.$ref.replace(/^#\//, '').split('/');
    let target = root;
    for (const part of path) target = target && target[part];
    return branches(target, root, seen).concat(branches({ ...schema, $ref: undefined }, root, seen));
  }
  let out = [schema];
  for (const key of ['allOf', 'anyOf', 'oneOf']) {
    for (const branch of schema[key] || []) out = out.concat(branches(branch, root, seen));
  }
  return out;
}

/** The schemas at a path of keys (`-` for a list item). */
function schemaAt(path, root) {
  let current = [root];
  for (const step of path) {
    const next = [];
    for (const schema of current.flatMap((s) => branches(s, root))) {
      if (step === '-' && schema.items) next.push(schema.items);
      if (step !== '-' && schema.properties && schema.properties[step]) next.push(schema.properties[step]);
    }
    current = next;
  }
  return current.flatMap((s) => branches(s, root));
}

/**
 * A block-style YAML line's parts: the columns of its list dashes, and the key after them with
 * its column and whether its value is still to come (`key:` alone, or `key: {` open).
 */
function lineParts(line) {
  const indent = line.match(/^ */)[0].length;
  const dashes = [];
  let at = indent;
  for (let m; (m = /^- +|^-$/.exec(line.slice(at))); at += m[0].length) dashes.push(at);
  const key = /^([A-Za-z0-9_]+):(.*)$/.exec(line.slice(at));
  const rest = key ? key[2].replace(/\s#.*$/, '').trim() : '';
  return { dashes, keyColumn: at, key: key && key[1], open: key !== null && (rest === '' || /^\{[^}]*$/.test(rest)) };
}

/** The path of keys to the mapping the cursor is in, from indentation. */
function pathAtCursor() {
  const lines = text.value.slice(0, text.selectionStart).split('\n');
  const currentLine = lines.pop();
  const current = lineParts(currentLine);
  const path = [];
  // The column a parent must be left of (or at, for a list under its key: `sites:\n- id:`).
  let need = current.keyColumn;
  let atToo = false;
  const item = () => { path.unshift('-'); atToo = true; };
  // In a flow mapping opened on this line (`organisation: {name: A, `): that key's mapping.
  if (current.key && current.open && currentLine.includes('{')) {
    path.unshift(current.key);
    need = current.keyColumn;
  }
  for (const dash of current.dashes.slice().reverse()) {
    item();
    need = dash;
  }
  for (let n = lines.length - 1; n >= 0 && (need > 0 || atToo); n--) {
    const line = lines[n];
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const parts = lineParts(line);
    if (parts.key && parts.open && (parts.keyColumn < need || (atToo && parts.keyColumn === need && parts.dashes.length === 0))) {
      path.unshift(parts.key);
      need = parts.keyColumn;
      atToo = false;
    } else if (parts.keyColumn > need || (parts.keyColumn === need && !parts.dashes.length)) {
      continue;
    }
    for (const dash of parts.dashes.slice().reverse()) {
      if (dash < need) {
        item();
        need = dash;
      }
    }
  }
  return path;
}

/** The first line of the description a schema (or one of its branches) gives. */
function describe(schema) {
  const found = branches(schema, state.schema).find((s) => s.description || s.$comment) || {};
  return (found.description || found.$comment || '').split('\n')[0];
}

/**
 * What may be typed at the cursor: a key's values after `key: ` (a constant, an enumerated
 * value, true or false), else the keys of the mapping the cursor is in. Each entry is
 * [text, description]; `partial` is what is typed already and is replaced.
 */
function suggestions() {
  const before = text.value.slice(0, text.selectionStart);
  const line = before.slice(before.lastIndexOf('\n') + 1);
  const value = /^ *(?:- +)*([A-Za-z0-9_]+): +([^\s{},[\]#]*)$/.exec(line)
    || /[{,] *([A-Za-z0-9_]+): *([^\s{},[\]#]*)$/.exec(line);
  if (value) {
    const values = new Map();
    for (const schema of schemaAt([...pathAtCursor(), value[1]], state.schema)) {
      if (typeof schema.const === 'string') values.set(schema.const, describe(schema));
      for (const v of schema.enum || []) if (typeof v === 'string') values.set(v, '');
      if (schema.type === 'boolean') { values.set('true', ''); values.set('false', ''); }
    }
    if (values.size) return { entries: [...values], partial: value[2], isValue: true };
  }
  const keys = new Map();
  for (const schema of schemaAt(pathAtCursor(), state.schema)) {
    for (const [key, property] of Object.entries(schema.properties || {})) {
      if (!keys.has(key)) keys.set(key, describe(property));
    }
  }
  return { entries: [...keys], partial: /[A-Za-z0-9_]*$/.exec(line)[0], isValue: false };
}

async function offerCompletion() {
  if (!state.schema) {
    const { bytes } = await ask({ command: 'schema' });
    state.schema = asJson(bytes);
  }
  const { entries, partial, isValue } = suggestions();
  completion.replaceChildren();
  for (const [word, description] of entries) {
    const entry = document.createElement('li');
    entry.setAttribute('role', 'option');
    entry.textContent = word;
    const small = document.createElement('small');
    small.textContent = description;
    entry.append(small);
    entry.addEventListener('mousedown', (event) => {
      event.preventDefault();
      insert(isValue ? word : `${word}: `, partial.length);
    });
    completion.append(entry);
  }
  completion.dataset.kind = isValue ? 'value' : 'key';
  completion.dataset.partial = String(partial.length);
  if (!entries.length) { completion.hidden = true; return; }
  completion.firstElementChild.setAttribute('aria-selected', 'true');
  const lineNumber = text.value.slice(0, text.selectionStart).split('\n').length;
  const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 18;
  completion.style.top = `${Math.min(lineNumber * lineHeight - text.scrollTop + 8, text.clientHeight - 40)}px`;
  completion.style.left = '4rem';
  completion.hidden = false;
}

/** Replaces the `typed` characters before the cursor with `words`. */
function insert(words, typed) {
  const at = text.selectionStart;
  text.setRangeText(words, at - typed, at, 'end');
  text.focus();
  edited();
}

// Tab indents; Escape, then Tab, leaves the editor (so the keyboard is never trapped).
let leaving = false;
text.addEventListener('keydown', (event) => {
  if (event.key === ' ' && event.ctrlKey) {
    event.preventDefault();
    offerCompletion();
    return;
  }
  if (!completion.hidden) {
    const items = [...completion.children];
    const index = items.findIndex((i) => i.getAttribute('aria-selected') === 'true');
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (index + (event.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length;
      items[index].removeAttribute('aria-selected');
      items[next].setAttribute('aria-selected', 'true');
      items[next].scrollIntoView({ block: 'nearest' });
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      const word = items[index].firstChild.textContent;
      const typed = Number(completion.dataset.partial);
      insert(completion.dataset.kind === 'value' ? word : `${word}: `, typed);
    } else if (event.key === 'Escape') {
      completion.hidden = true;
    }
    return;
  }
  if (event.key === 'Escape') {
    leaving = true;
  } else if (event.key === 'Tab' && !leaving) {
    event.preventDefault();
    text.setRangeText('  ', text.selectionStart, text.selectionEnd, 'end');
    edited();
  } else {
    leaving = false;
  }
});
text.addEventListener('blur', () => { completion.hidden = true; leaving = false; });

// ---------------------------------------------------------------------------------------------
// Start: the templates, today's date (the reader's own day) as the date of issue, a starter.

(async () => {
  try {
    const { bytes } = await ask({ command: 'templates' });
    for (const [name, description] of asJson(bytes)) {
      const option = document.createElement('option');
      option.value = name;
      option.textContent = name;
      option.title = description;
      $('template').append(option);
    }
    const today = new Date();
    const two = (n) => String(n).padStart(2, '0');
    $('date').value = `${today.getFullYear()}-${two(today.getMonth() + 1)}-${two(today.getDate())}`;
    if (!text.value) $('starter').click();
    document.body.dataset.ready = 'true';
  } catch (error) {
    say(error.message, true);
  }
})();
