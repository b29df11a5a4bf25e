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

/** The disclosure's file name and the hourly CSVs given beside it, by name. */
const state = { name: 'disclosure.yaml', files: {}, schema: null, checked: 0 };

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

text.addEventListener('scroll', () => { gutter.scrollTop = text.scrollTop; });
text.addEventListener('input', () => {
  completion.hidden = true;
  updateGutter();
  scheduleCheck();
});

function setDocument(name, content) {
  state.name = name;
  $('file-name').textContent = name;
  text.value = content;
  updateGutter();
  check();
}

/** Selects line:column (1-based) in the editor and scrolls it into view. */
function goTo(line, column) {
  const lines = text.value.split('\n');
  let offset = 0;
  for (let n = 0; n < line - 1 && n < lines.length; n++) offset += lines[n].length + 1;
  offset += Math.max(0, (column || 1) - 1);
  text.focus();
  text.setSelectionRange(offset, offset);
  const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 18;
  text.scrollTop = Math.max(0, (line - 4) * lineHeight);
}

// Files: opened or dropped. A YAML file is the disclosure; CSV files are the hourly files it
// names, kept by file name.
/** Bytes as base64, so that a CSV reaches the core exactly as it is on disk. */
function toBase64(bytes) {
  let binary = '';
  for (let at = 0; at < bytes.length; at += 32768) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 32768));
  }
  return btoa(binary);
}

async function takeFiles(fileList) {
  // A new disclosure comes with its own files: those given for the last one are let go.
  if ([...fileList].some((file) => !/\.csv$/i.test(file.name))) state.files = {};
  for (const file of fileList) {
    if (/\.csv$/i.test(file.name)) {
      state.files[file.name] = toBase64(new Uint8Array(await file.arrayBuffer()));
    } else {
      setDocument(file.name, await file.text());
    }
  }
  const linked = Object.keys(state.files);
  $('linked').textContent = linked.length ? linked.join(', ') : 'none given';
  check();
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
  if (status === 0) setDocument('disclosure.yaml', new TextDecoder().decode(bytes));
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
    text: text.value,
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
    if (finding.line) item.addEventListener('click', () => goTo(finding.line, finding.column));
    findingsList.append(item);
  }
}

function say(message, failed = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle('failed', failed);
}

async function check() {
  if (!text.value.trim()) return;
  const asked = ++state.checked;
  const started = performance.now();
  let answer;
  try {
    answer = await ask(documentRequest('check', 'html'));
  } catch (error) {
    say(error.message, true);
    return;
  }
  // An older check that finishes late does not overwrite a newer one.
  if (asked !== state.checked) return;
  const body = asJson(answer.bytes);
  if (answer.status === 2) {
    showFindings([]);
    say(body.hint ? `${body.error} (${body.hint})` : body.error, true);
    return;
  }
  showFindings(body.findings || []);
  if (answer.status === 0) {
    $('preview').srcdoc = body.preview;
    say(`checked and computed in ${Math.round(performance.now() - started)} ms`);
    document.body.dataset.checked = String(asked);
  } else {
    say('fix the errors to see the report');
    document.body.dataset.checked = String(asked);
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

for (const button of document.querySelectorAll('.downloads button')) {
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
        const link = document.createElement('a');
        link.href = URL.createObjectURL(new Blob([answer.bytes], { type: types[format] }));
        link.download = `${stem}-${$('template').value}${audience}.${format}`;
        link.click();
        setTimeout(() => URL.revokeObjectURL(link.href), 60000);
        say(`made ${link.download} in ${Math.round(performance.now() - started)} ms`);
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

/** The schema at a path of keys (a number for a list item). */
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

/** The path of keys to the mapping the cursor's line belongs to, from indentation. */
function pathAtCursor() {
  const before = text.value.slice(0, text.selectionStart);
  const lines = before.split('\n');
  const current = lines.pop();
  let indent = current.match(/^[ -]*/)[0].length;
  const path = [];
  const listItem = /^(\s*)- /.exec(current);
  if (listItem) path.unshift('-');
  let limit = listItem ? listItem[1].length : indent;
  for (let n = lines.length - 1; n >= 0 && limit > 0; n--) {
    const line = lines[n];
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const match = /^(\s*)(- )?([A-Za-z0-9_]+):/.exec(line);
    const item = /^(\s*)- /.exec(line);
    const lineIndent = match ? match[1].length : item ? item[1].length : line.search(/\S/);
    const keyIndent = match ? match[1].length + (match[2] ? 2 : 0) : lineIndent;
    if (keyIndent < limit) {
      if (match) path.unshift(match[3]);
      if (match && match[2]) path.unshift('-');
      if (!match && item) path.unshift('-');
      limit = lineIndent;
      if (match && match[2]) limit = match[1].length;
    } else if (item && item[1].length < limit) {
      path.unshift('-');
      limit = item[1].length;
    }
  }
  return path;
}

async function offerCompletion() {
  if (!state.schema) {
    const { bytes } = await ask({ command: 'schema' });
    state.schema = asJson(bytes);
  }
  const path = pathAtCursor();
  const keys = new Map();
  for (const schema of schemaAt(path, state.schema)) {
    for (const [key, value] of Object.entries(schema.properties || {})) {
      if (!keys.has(key)) keys.set(key, (branches(value, state.schema).find((s) => s.description) || {}).description || '');
    }
  }
  completion.replaceChildren();
  for (const [key, description] of keys) {
    const item = document.createElement('li');
    item.setAttribute('role', 'option');
    item.textContent = key;
    const small = document.createElement('small');
    small.textContent = description.split('\n')[0];
    item.append(small);
    item.addEventListener('mousedown', (event) => { event.preventDefault(); insertKey(key); });
    completion.append(item);
  }
  if (!keys.size) { completion.hidden = true; return; }
  const selected = completion.firstElementChild;
  selected.setAttribute('aria-selected', 'true');
  const line = text.value.slice(0, text.selectionStart).split('\n').length;
  const lineHeight = parseFloat(getComputedStyle(text).lineHeight) || 18;
  completion.style.top = `${Math.min(line * lineHeight - text.scrollTop + 8, text.clientHeight - 40)}px`;
  completion.style.left = '4rem';
  completion.hidden = false;
}

function insertKey(key) {
  const at = text.selectionStart;
  const lineStart = text.value.lastIndexOf('\n', at - 1) + 1;
  const typed = /[A-Za-z0-9_]*$/.exec(text.value.slice(lineStart, at))[0];
  text.setRangeText(`${key}: `, at - typed.length, at, 'end');
  completion.hidden = true;
  text.focus();
  updateGutter();
  scheduleCheck();
}

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
      insertKey(items[index].firstChild.textContent);
    } else if (event.key === 'Escape') {
      completion.hidden = true;
    }
  } else if (event.key === 'Tab') {
    event.preventDefault();
    text.setRangeText('  ', text.selectionStart, text.selectionEnd, 'end');
  }
});
text.addEventListener('blur', () => { completion.hidden = true; });

// ---------------------------------------------------------------------------------------------
// Start: the templates, today's date as the date of issue, a starter.

(async () => {
  const { bytes } = await ask({ command: 'templates' });
  for (const [name, description] of asJson(bytes)) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = name;
    option.title = description;
    $('template').append(option);
  }
  const today = new Date();
  $('date').value = today.toISOString().slice(0, 10);
  if (!text.value) $('starter').click();
  document.body.dataset.ready = 'true';
})();
