#!/usr/bin/env node
// Size (issue 16): the bytes a dashboard downloads, ours beside the plain-JavaScript stack
// that does less (the anchor), both measured here and now. See benches/README.md.
//
//   node benches/size.mjs [--pkg DIR] [--no-browser] [--json FILE]
//                         [--twiggy] [--target-wasm FILE] [--named-wasm FILE]
//
// Every figure is gzip level 9 (node:zlib), each file compressed on its own and summed, as
// a browser fetches them; KB = 1000 bytes. The exit code is 1 when a measurement could not
// be made or the static and the browser-observed first loads disagree (not when a goal is
// missed: the goals are printed with their value).
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(HERE);

// Set by main() from the command line (importing this module reads no arguments).
let PKG = join(ROOT, 'pkg');
let cfg = {};

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        pkg: { type: 'string' }, 'no-browser': { type: 'boolean' }, json: { type: 'string' },
        twiggy: { type: 'boolean' }, 'target-wasm': { type: 'string' }, 'named-wasm': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    console.error(`${e.message} (node benches/size.mjs --help)`);
    process.exit(2);
  }
  if (values.help) {
    console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 11).join('\n'));
    process.exit(0);
  }
  if (values.pkg) PKG = resolve(values.pkg);
  cfg = {
    browser: !values['no-browser'],
    json: values.json ?? null,
    twiggy: !!values.twiggy,
    targetWasm: resolve(values['target-wasm'] ?? join(ROOT, 'target/wasm32-unknown-unknown/release/chatwoot_reporting.wasm')),
    namedWasm: values['named-wasm'] ?? null,
  };
}
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
  '--disable-gpu', '--no-first-run', '--disable-sync'];

/** The issue's figures (KB gzip -9), printed beside today's. */
const ISSUE = { validator: 41.1, quantiles: 1.5, zones: 19.3, fetch: 5.1, total: 66.8 };
const WHOLE_PACKAGE_GOAL = 100_000;

const gz = (buf) => gzipSync(buf, { level: 9 }).byteLength;
const kb = (n) => (n == null ? '' : `${(n / 1000).toFixed(2)} KB`);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
let failed = false;
const fail = (msg) => { failed = true; console.log(`  FAILED: ${msg}`); };
const out = (s = '') => console.log(s);

// ---------------------------------------------------------------------------------------
// 1. The anchor: what a dashboard would bundle to do less than this package.
//
// Each part's entry imports what a dashboard would use, the way its documentation shows it,
// and exports it (so the bundler keeps it). The application's own code (the schema, the
// checks, the loops) is left out on both sides: only library bytes are measured.
//
// - validator: ajv's default export (`new Ajv()`, draft-07, as benches/baseline.mjs does)
//   with ajv-formats adding `date-time` (full mode), then `compile`. ajv is CommonJS and its
//   class pulls in the whole code generator, so what is called barely matters (importing
//   the class alone is within 0.1 KB); ajv-formats requires ajv's codegen too, so on its
//   own it is printed with ajv left external, and as its increment over ajv.
// - quantiles: d3-array's `quantile` and `quantileSorted` (p50/p90/p95/p99 of an unsorted
//   or an already sorted array; d3 is ESM and tree-shakes, so only these are kept).
// - zones: temporal-polyfill's `Temporal` (the package's main export, as its README
//   shows), used for instant → local date in an IANA zone. The object is the whole
//   polyfill; its tree-shakable `fns/` entries would save ~0.8 KB for this use.
// - fetch: ky's default export with `retry` and `.json()`.
const ANCHOR_PARTS = [
  {
    id: 'validator', label: 'validator', packages: ['ajv', 'ajv-formats'],
    source: `import Ajv from 'ajv';
import addFormats from 'ajv-formats';
export function compileEventsValidator(schema) {
  const ajv = new Ajv();
  addFormats(ajv, ['date-time']);
  return ajv.compile(schema);
}`,
    detail: [
      { label: 'ajv alone (new Ajv() + compile)', source: `import Ajv from 'ajv';
export const compileEventsValidator = (schema) => new Ajv().compile(schema);` },
      { label: 'ajv-formats alone (ajv left external)', external: ['ajv', 'ajv/*'],
        source: `export { default as addFormats } from 'ajv-formats';` },
    ],
  },
  {
    id: 'quantiles', label: 'quantiles', packages: ['d3-array'],
    source: `export { quantile, quantileSorted } from 'd3-array';`,
  },
  {
    id: 'zones', label: 'DST-correct zones', packages: ['temporal-polyfill'],
    source: `import { Temporal } from 'temporal-polyfill';
export { Temporal };
export const localDate = (iso, timeZone) =>
  Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone).toPlainDate().toString();`,
  },
  {
    id: 'fetch', label: 'fetch with retries', packages: ['ky'],
    source: `import ky from 'ky';
export const getJson = (url, headers) => ky.get(url, { headers, retry: 2 }).json();`,
  },
];

function version(name) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

async function bundle(esbuild, source, external = []) {
  const r = await esbuild.build({
    stdin: { contents: source, resolveDir: ROOT, loader: 'js', sourcefile: 'entry.js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false,
    external, logLevel: 'silent',
  });
  const bytes = r.outputFiles[0].contents;
  return { raw: bytes.byteLength, gz: gz(bytes) };
}

async function measureAnchor() {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch (e) {
    fail(`esbuild is not installed (npm ci): ${e.message}`);
    return null;
  }
  const rows = [];
  for (const part of ANCHOR_PARTS) {
    try {
      const r = await bundle(esbuild, part.source);
      const detail = [];
      for (const d of part.detail ?? []) detail.push({ label: d.label, ...(await bundle(esbuild, d.source, d.external)) });
      rows.push({ ...part, ...r, detail, versions: part.packages.map((p) => `${p} ${version(p) ?? '(missing)'}`) });
    } catch (e) {
      fail(`bundling ${part.id}: ${e.message.split('\n')[0]} (npm ci installs the pinned devDependencies)`);
      return null;
    }
  }
  // All parts in one bundle: shared helpers once, one gzip stream.
  const all = ANCHOR_PARTS.map((p) => `export * from 'anchor:${p.id}';`).join('\n');
  const virtual = {
    name: 'anchor-parts',
    setup(b) {
      b.onResolve({ filter: /^anchor:/ }, (a) => ({ path: a.path.slice(7), namespace: 'anchor' }));
      b.onLoad({ filter: /.*/, namespace: 'anchor' }, (a) => ({
        contents: ANCHOR_PARTS.find((p) => p.id === a.path).source, resolveDir: ROOT, loader: 'js',
      }));
    },
  };
  const r = await esbuild.build({
    stdin: { contents: all, resolveDir: ROOT, loader: 'js', sourcefile: 'anchor.js' },
    bundle: true, minify: true, format: 'esm', platform: 'browser', write: false,
    plugins: [virtual], logLevel: 'silent',
  });
  const bytes = r.outputFiles[0].contents;
  const sum = rows.reduce((s, x) => s + x.gz, 0);
  return { esbuild: esbuild.version, parts: rows, sum, oneBundle: { raw: bytes.byteLength, gz: gz(bytes) } };
}

// ---------------------------------------------------------------------------------------
// 2. Ours: the module graph of pkg/ (esbuild's metafile: static imports only) and the files
// named by `new URL('…', import.meta.url)` (the .wasm init() fetches, the worker script).

function walk(dir) {
  const files = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...walk(p));
    else files.push(p);
  }
  return files;
}

const rel = (f) => relative(PKG, f).split(sep).join('/');

async function pkgGraph() {
  const esbuild = await import('esbuild');
  const entries = walk(PKG).filter((f) => f.endsWith('.js'));
  const r = await esbuild.build({
    entryPoints: entries, absWorkingDir: PKG, bundle: true, write: false, outdir: join(os.tmpdir(), 'size-graph'),
    format: 'esm', platform: 'neutral', metafile: true, logLevel: 'silent',
    // Bare specifiers (node: built-ins, peer dependencies such as apache-arrow) stay outside.
    plugins: [{ name: 'bare', setup(b) { b.onResolve({ filter: /^[^./]/ }, (a) => ({ path: a.path, external: true })); } }],
  });
  const graph = new Map(); // pkg-relative path → { imports (static, in pkg/), external (bare specifiers), urls }
  for (const [path, input] of Object.entries(r.metafile.inputs)) {
    const file = resolve(PKG, path);
    const src = readFileSync(file, 'utf8');
    const urls = [...src.matchAll(/new URL\(\s*(["'])(\.{1,2}\/[^"']+)\1\s*,\s*import\.meta\.url\s*\)/g)]
      .map((m) => rel(resolve(dirname(file), m[2])));
    graph.set(rel(file), {
      imports: input.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => rel(resolve(PKG, i.path))),
      external: input.imports.filter((i) => i.external).map((i) => i.path),
      urls,
    });
  }
  return graph;
}

/** What `import` of `entry` fetches (static imports, transitively), in fetch order. */
function moduleClosure(graph, entry) {
  const seen = [];
  const visit = (f) => {
    if (seen.includes(f)) return;
    seen.push(f);
    for (const i of graph.get(f)?.imports ?? []) visit(i);
  };
  visit(entry);
  return seen;
}

const fileRow = (path) => {
  const buf = readFileSync(join(PKG, path));
  return { path, raw: buf.byteLength, gz: gz(buf), buf };
};
const total = (rows) => rows.reduce((s, r) => s + r.gz, 0);
const totalRaw = (rows) => rows.reduce((s, r) => s + r.raw, 0);

function measureOurs(graph) {
  // First load: `import { init, parseEvents, summarize } from 'chatwoot-reporting'` (the
  // browser condition: web.js) then `await init()`, which fetches the .wasm web.js names.
  const modules = moduleClosure(graph, 'web.js');
  const initUrls = (graph.get('web.js')?.urls ?? []).filter((u) => u.endsWith('.wasm'));
  const firstLoad = [...modules, ...initUrls].map(fileRow);

  // Whole package: every .js and .wasm a page could load. Not single.js (the same code as
  // one file, an alternative to the rest), not a module that needs a Node built-in.
  const needsNode = (f) => moduleClosure(graph, f).some((m) => graph.get(m)?.external.some((x) => x.startsWith('node:')));
  const excluded = [];
  const whole = [];
  for (const f of walk(PKG).map(rel).sort()) {
    if (!/\.(m?js|wasm)$/.test(f)) continue;
    if (f === 'single.js') excluded.push({ path: f, why: 'the single-file build, an alternative to everything else' });
    else if (f.endsWith('.js') && needsNode(f)) excluded.push({ path: f, why: 'the Node entry: it imports a node: built-in' });
    else whole.push(fileRow(f));
  }
  const peers = [...new Set([...graph.values()].flatMap((g) => g.external.filter((x) => !x.startsWith('node:'))))];
  const single = existsSync(join(PKG, 'single.js')) ? fileRow('single.js') : null;
  return { firstLoad, whole, excluded, peers, single };
}

// ---------------------------------------------------------------------------------------
// 2b. The same first load observed in headless Chromium: every response's URL and body.

const TYPES = { '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json' };

function pageHtml(body, accountId) {
  const json = body.replace(/</g, '\\u003c');
  return `<!doctype html><meta charset="utf-8"><title>size</title><link rel="icon" href="data:,">
<script type="importmap">{"imports":{"chatwoot-reporting":"/pkg/web.js"}}</script>
<script type="application/json" id="body">${json}</script>
<script type="module">
import { init, parseEvents, summarize } from 'chatwoot-reporting';
try {
  await init();
  // Everything fetched until now is the first load: the first call comes next.
  window.__beforeFirstCall = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
  const set = parseEvents(document.getElementById('body').textContent, { accountId: ${accountId} });
  const s = summarize(set);
  window.__result = { events: set.length, firstResponseCount: s.firstResponse?.count ?? null };
  set.free();
} catch (e) {
  window.__error = String((e && e.stack) || e);
}
window.__done = true;
</script>
`;
}

async function measureBrowser() {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    fail(`playwright-core is not installed (npm ci): ${e.message}`);
    return null;
  }
  const { generateBody, ACCOUNT_ID } = await import('./generate.mjs');
  const html = pageHtml(generateBody(20, 1), ACCOUNT_ID);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      return res.end(html);
    }
    const file = path.startsWith('/pkg/') ? resolve(PKG, path.slice(5)) : null;
    if (!file || !file.startsWith(PKG + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404);
      return res.end();
    }
    // Uncompressed, so each observed body is the file's bytes; gzip -9 is applied here.
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const page = await browser.newPage();
    const responses = [];
    const errors = [];
    page.on('response', (r) => responses.push({ url: r.url(), status: r.status(), body: r.body().then((b) => b, (e) => e) }));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${origin}/`);
    await page.waitForFunction(() => window.__done === true, null, { timeout: 30_000 });
    await page.waitForTimeout(300); // anything fetched late (lazily) is listed too
    const state = await page.evaluate(() => ({ before: window.__beforeFirstCall, result: window.__result, error: window.__error }));
    if (state.error) errors.push(state.error);
    const before = new Set(state.before ?? []);
    const rows = [];
    for (const r of responses) {
      const body = await r.body;
      const pathname = new URL(r.url).pathname;
      const path = pathname.startsWith('/pkg/') ? pathname.slice(5) : null;
      const buf = body instanceof Error ? null : body;
      rows.push({
        url: r.url, status: r.status, path, beforeFirstCall: before.has(pathname),
        raw: buf?.byteLength ?? null, gz: buf ? gz(buf) : null,
        sameAsFile: buf && path ? buf.equals(readFileSync(join(PKG, path))) : null,
        error: body instanceof Error ? body.message : undefined,
      });
    }
    return { userAgent: await browser.version(), rows, result: state.result, errors };
  } catch (e) {
    fail(`Chromium: ${e.message.split('\n')[0]}`);
    return null;
  } finally {
    await browser?.close();
    server.close();
  }
}

// ---------------------------------------------------------------------------------------
// 3. Where the wasm bytes go (twiggy). The shipped .wasm has no name section (build.sh
// strips it), so twiggy on it lists code[N]. A named build of exactly the same bytes:
// take the crate's wasm before wasm-bindgen (cargo's output, which has names), check that
// its sha256 is pkg/wasm/.source-sha256, and run build.sh's two steps again in a temporary
// folder with the name section kept (wasm-bindgen without --remove-name-section, wasm-opt
// with -g). Its sections are checked to have the shipped sizes: only the name section is
// added (measured: code, data, imports and exports the same to the byte).

function findTool(name) {
  for (const dir of [...(process.env.PATH ?? '').split(':'), join(os.homedir(), '.cargo/bin')]) {
    const p = join(dir, name);
    if (dir && existsSync(p)) return p;
  }
  return null;
}

/** Section id → byte size (custom sections by name). */
function wasmSections(buf) {
  const names = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];
  const sections = {};
  let p = 8;
  const leb = () => {
    let r = 0, s = 0, x;
    do { x = buf[p++]; r += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80);
    return r;
  };
  while (p < buf.length) {
    const id = buf[p++];
    const len = leb();
    let name = names[id] ?? `section${id}`;
    if (id === 0) {
      const q = p;
      const n = leb();
      name = `custom:${buf.subarray(p, p + n).toString()}`;
      p = q;
    }
    sections[name] = (sections[name] ?? 0) + len;
    p += len;
  }
  return sections;
}

function namedBuild() {
  if (cfg.namedWasm) return { file: resolve(cfg.namedWasm), how: 'given with --named-wasm' };
  const shippedSha = existsSync(join(PKG, 'wasm/.source-sha256')) ? readFileSync(join(PKG, 'wasm/.source-sha256'), 'utf8').trim() : null;
  if (!existsSync(cfg.targetWasm)) return { why: `no ${cfg.targetWasm} (give --target-wasm FILE: cargo's wasm32 release output)` };
  const sha = createHash('sha256').update(readFileSync(cfg.targetWasm)).digest('hex');
  if (sha !== shippedSha) return { why: `${cfg.targetWasm} (sha256 ${sha.slice(0, 12)}…) is not the source of ${PKG}/wasm (.source-sha256 ${shippedSha?.slice(0, 12)}…)` };
  const dir = join(os.tmpdir(), `chatwoot-reporting-named-${sha.slice(0, 16)}`);
  const named = join(dir, 'named.wasm');
  if (existsSync(named)) return { file: named, how: `cached: ${named}` };
  const bindgen = findTool('wasm-bindgen');
  const wasmOpt = join(ROOT, 'node_modules/.bin/wasm-opt');
  if (!bindgen || !existsSync(wasmOpt)) return { why: 'needs the wasm-bindgen CLI and node_modules/.bin/wasm-opt (scripts/setup.sh, npm ci)' };
  mkdirSync(dir, { recursive: true });
  const input = join(dir, 'input.wasm');
  copyFileSync(cfg.targetWasm, input); // the source is only read
  console.error(`  named build: wasm-bindgen + wasm-opt -Oz --converge --low-memory-unused -g in ${dir} (~30 s)`);
  execFileSync('nice', [bindgen, input, '--target', 'web', '--out-dir', join(dir, 'bindgen'), '--out-name', 'chatwoot_reporting',
    '--no-typescript', '--remove-producers-section', '--omit-default-module-path'], { stdio: 'inherit' });
  // build.sh's wasm-opt line, plus -g (keep the name section).
  execFileSync('nice', [wasmOpt, '-Oz', '--converge', '--low-memory-unused', '-g', '--strip-producers', '--strip-target-features', ...WASM_FEATURES,
    join(dir, 'bindgen/chatwoot_reporting_bg.wasm'), '-o', named], { stdio: 'inherit' });
  return { file: named, how: `built from ${cfg.targetWasm} into ${named}` };
}

/**
 * The group of one twiggy item: a crate (core split into core::fmt, core::num and the
 * rest; our crate split by module), serde derive code for our types, the functions
 * wasm-bindgen exports (their bodies inlined into them by wasm-opt), data segments, the
 * JS interface (imports, exports, types) and headers. `exports`: the exported names.
 */
export function classify(raw, exports = new Set()) {
  const name = raw.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
  if (name.startsWith('"')) return { group: 'name section (not shipped)', shipped: false };
  if (name.startsWith('data segment') || /^data\[\d+\]$/.test(name)) return { group: 'data segments (.rodata: strings, tables)' };
  if (/^custom section 'name'/.test(name)) return { group: 'name section (not shipped)', shipped: false };
  if (/ shim$/.test(name) || exports.has(name)) return { group: 'exported functions (wasm-bindgen shims, bodies inlined)' };
  if (/^(import|export) /.test(name) || /^(type|elem)\[\d+\]/.test(name)) return { group: 'JS interface (import, export, type, table entries)' };
  if (/^(code|global|table|memory)\[\d+\]$/.test(name) || / headers$|^wasm magic/.test(name)) return { group: 'module structure (unnamed code, globals, headers)' };
  if (/<impl serde(_core)?::(ser::Serialize|de::Deserialize)\b|::__(Field)?Visitor\b|::__Field\b|::_::</.test(name) && name.includes('chatwoot_reporting')) {
    return { group: 'serde derives of our types (chatwoot_reporting)' };
  }
  if (/escape_debug/.test(name)) return { group: 'core::fmt' };
  if (/^<(\[\w+\]|char|str|u\d+|i\d+|f\d+|usize|isize|bool)>::/.test(name)) return { group: 'core (other: sort, iterators, str, drop glue)' };
  if (/^(mem(cmp|cpy|set|move)|round|fmax|fmin|fmod|f?abs|sqrt|pow)$/.test(name)) return { group: 'std / compiler_builtins / libm' };
  // `<A as B>::f`: A's crate, unless A is a primitive (f64, str, &[u8], …): then B's.
  let path = name;
  const m = name.match(/^<(.+?) as (.+?)>::/);
  if (m) {
    const a = m[1].replace(/^(&(mut )?|dyn |\*(const|mut) )+/, '').replace(/^\[/, '');
    path = /^[a-z_][a-z0-9_]*::/.test(a) ? a : m[2];
  } else if (name.startsWith('<')) {
    path = name.slice(1);
  }
  const seg = path.split('::');
  const crate = seg[0].replace(/^[<&\s]+/, '');
  if (crate === 'core' && (seg[1] === 'fmt' || path.includes('::Display') || path.includes('::Debug'))) return { group: 'core::fmt' };
  if (crate === 'core' && seg[1] === 'num') return { group: 'core::num (number ↔ text)' };
  if (crate === 'core') return { group: 'core (other: sort, iterators, str, drop glue)' };
  if (crate === 'chatwoot_reporting') return { group: `chatwoot_reporting::${seg[1] ?? ''}`, ours: true };
  if (['std', 'compiler_builtins', 'panic_abort', 'panic_unwind'].includes(crate) || crate.startsWith('__')) return { group: 'std / compiler_builtins / libm' };
  if (/^[a-z_][a-z0-9_]*$/.test(crate) && path.includes('::')) return { group: crate };
  return { group: 'other', example: raw };
}

// What the first call needs: the .wasm with only the exports `init()`, `parseEvents` and
// `summarize` use (and EventSet's length/issues/free), everything else removed by binaryen's
// wasm-metadce. An upper bound of a split: calls through the function table (closures, trait
// objects, formatting) keep every function the table holds, the async client included.
const FIRST_CALL_EXPORTS = /^(memory|__wbindgen_(start|externrefs|malloc|realloc|free|exn_store)|__externref_table_(alloc|dealloc)|__instance_terminated|__abort_handler|_loaded|parseEvents|_summarize|__wbg_eventset_free|eventset_(length|issues))$/;
const WASM_FEATURES = ['--enable-bulk-memory', '--enable-bulk-memory-opt', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-multivalue', '--enable-reference-types', '--enable-call-indirect-overlong'];

function firstCallOnly(input, output, keepNames = false) {
  const metadce = join(ROOT, 'node_modules/.bin/wasm-metadce');
  if (!existsSync(metadce)) return null;
  const buf = readFileSync(input);
  const names = WebAssembly.Module.exports(new WebAssembly.Module(buf)).map((e) => e.name);
  const kept = names.filter((n) => FIRST_CALL_EXPORTS.test(n));
  const graph = [{ name: 'js', root: true, reaches: kept.map((n) => `export:${n}`) }, ...names.map((n) => ({ name: `export:${n}`, export: n }))];
  const graphFile = `${output}.graph.json`;
  writeFileSync(graphFile, JSON.stringify(graph));
  execFileSync('nice', [metadce, ...WASM_FEATURES, ...(keepNames ? ['-g'] : []), input, '--graph-file', graphFile, '-o', output], { stdio: 'ignore' });
  const cut = readFileSync(output);
  return { kept, removed: names.filter((n) => !kept.includes(n)), raw: cut.byteLength, gz: gz(cut) };
}

function groupItems(twiggy, file) {
  const items = JSON.parse(execFileSync(twiggy, ['top', '-f', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 26 }));
  const exports = new Set(items.map((it) => it.name.match(/^export "(.+)"$/)?.[1]).filter(Boolean));
  const groups = new Map();
  for (const it of items) {
    const c = classify(it.name, exports);
    if (c.shipped === false) continue;
    const g = groups.get(c.group) ?? { group: c.group, bytes: 0, items: 0, top: null, ours: !!c.ours };
    g.bytes += it.shallow_size;
    g.items++;
    if (!g.top || it.shallow_size > g.top.shallow_size) g.top = it;
    groups.set(c.group, g);
  }
  return groups;
}

function runTwiggy() {
  const twiggy = findTool('twiggy');
  const shipped = join(PKG, 'wasm/chatwoot_reporting_bg.wasm');
  if (!twiggy) {
    out('  twiggy is not installed: `nice cargo install twiggy` (crates.io; a few minutes of compiling)');
    return null;
  }
  const result = {};
  out(`  ${execFileSync(twiggy, ['--version'], { encoding: 'utf8' }).trim()}; twiggy top -n 25 ${shipped} (no name section: code[N])`);
  out(execFileSync(twiggy, ['top', '-n', '25', shipped], { encoding: 'utf8' }).replace(/^/gm, '    '));
  let named;
  try {
    named = namedBuild();
  } catch (e) {
    named = { why: `the named build failed: ${e.message.split('\n')[0]}` };
  }
  if (!named.file) {
    out(`  No per-function breakdown: ${named.why}.`);
    return result;
  }
  const a = wasmSections(readFileSync(shipped));
  const b = wasmSections(readFileSync(named.file));
  const same = ['code', 'data', 'import', 'export', 'type', 'function', 'element'].every((s) => a[s] === b[s]);
  out(`  Named build (${named.how}): code ${b.code} B, data ${b.data} B, name section ${b['custom:name'] ?? 0} B; ` +
    (same ? 'every shipped section has the same size as in pkg/' : 'NOT the same sections as pkg/: the breakdown is approximate'));
  out(execFileSync(twiggy, ['top', '-n', '25', named.file], { encoding: 'utf8', maxBuffer: 1 << 26 }).replace(/^/gm, '    '));

  const all = groupItems(twiggy, named.file);
  let first = null;
  try {
    const f = join(dirname(named.file), 'first-call.wasm');
    if (firstCallOnly(named.file, f, true)) first = groupItems(twiggy, f);
  } catch (e) {
    out(`  (wasm-metadce failed: ${e.message.split('\n')[0]})`);
  }
  const list = [...all.values()].sort((x, y) => y.bytes - x.bytes);
  const sum = list.reduce((s, g) => s + g.bytes, 0);
  const firstSum = first ? [...first.values()].reduce((s, g) => s + g.bytes, 0) : null;
  const ours = list.filter((g) => g.ours).reduce((s, g) => s + g.bytes, 0);
  const oursFirst = first ? [...first.values()].filter((g) => g.ours).reduce((s, g) => s + g.bytes, 0) : null;
  out(`  By crate / module: shallow bytes (KB = 1000 B, uncompressed; the whole .wasm gzips to ~${(gz(readFileSync(shipped)) / readFileSync(shipped).byteLength).toFixed(2)}×)`);
  out(`  of the named build without its name section (${sum} B; ${readFileSync(shipped).byteLength} B shipped)` +
    (first ? ', and of the same with only what parse + summarize reach (wasm-metadce; see "first call only" above)' : ''));
  out(`    ${lpad('all KB', 8)}  ${lpad('%', 5)}  ${lpad('items', 5)}  ${first ? `${lpad('1st call', 8)}  ` : ''}group (largest item)`);
  const row = (kbAll, pct, items, kbFirst, label) => out(`    ${lpad(kbAll, 8)}  ${lpad(pct, 5)}  ${lpad(items, 5)}  ${first ? `${lpad(kbFirst, 8)}  ` : ''}${label}`);
  for (const g of list) {
    const top = g.top.name.replace(/\[[0-9a-f]{16}\]/g, '').replace(/::h[0-9a-f]{16}$/, '');
    const f = first?.get(g.group)?.bytes ?? 0;
    row((g.bytes / 1000).toFixed(1), (100 * g.bytes / sum).toFixed(1), g.items, (f / 1000).toFixed(1), `${g.group}  (${top.length > 70 ? `${top.slice(0, 67)}…` : top})`);
  }
  row((sum / 1000).toFixed(1), '100.0', '', firstSum != null ? (firstSum / 1000).toFixed(1) : '', 'total');
  row((ours / 1000).toFixed(1), (100 * ours / sum).toFixed(1), '', oursFirst != null ? (oursFirst / 1000).toFixed(1) : '', 'of which chatwoot_reporting::* modules (not counting export shims and serde derives)');
  result.groups = list.map((g) => ({ group: g.group, bytes: g.bytes, items: g.items, firstCallBytes: first?.get(g.group)?.bytes ?? null, largest: g.top.name }));
  result.named = named;
  return result;
}

// ---------------------------------------------------------------------------------------
// Report

function printFiles(rows, extra = () => '') {
  for (const r of rows) out(`    ${pad(r.path, 66)} ${lpad(kb(r.raw), 11)} ${lpad(kb(r.gz), 10)}${extra(r)}`);
}

async function main() {
  parseOptions();
  if (!existsSync(join(PKG, 'web.js'))) {
    console.error(`No ${PKG}/web.js: build pkg/ first (bash scripts/build.sh) or give --pkg DIR.`);
    process.exit(1);
  }
  const sha = existsSync(join(PKG, 'wasm/.source-sha256')) ? readFileSync(join(PKG, 'wasm/.source-sha256'), 'utf8').trim() : '?';
  out(`Size (issue 16): ${PKG} (wasm built from sha256 ${sha.slice(0, 12)}…), Node ${process.version}`);
  out('gzip level 9 (node:zlib), each file on its own, summed; KB = 1000 bytes');
  out();

  // 1. Anchor
  const anchor = await measureAnchor();
  if (anchor) {
    out(`Anchor: the plain-JS stack that does less, bundled by esbuild ${anchor.esbuild} (--bundle --minify --format=esm)`);
    out(`    ${pad('part', 20)} ${pad('packages', 34)} ${lpad('raw', 11)} ${lpad('gzip -9', 10)}   issue 16`);
    for (const p of anchor.parts) {
      out(`    ${pad(p.label, 20)} ${pad(p.versions.join(' + '), 34)} ${lpad(kb(p.raw), 11)} ${lpad(kb(p.gz), 10)}   ${ISSUE[p.id]} KB`);
      for (const d of p.detail) out(`      ${pad(d.label, 52)} ${lpad(kb(d.raw), 11)} ${lpad(kb(d.gz), 10)}`);
    }
    const issueSum = ANCHOR_PARTS.reduce((s, p) => s + ISSUE[p.id], 0);
    out(`    ${pad('sum of the parts', 55)} ${lpad('', 11)} ${lpad(kb(anchor.sum), 10)}   ${issueSum.toFixed(1)} KB (${ANCHOR_PARTS.map((p) => ISSUE[p.id]).join(' + ')})`);
    out(`    ${pad('all parts in one bundle: the anchor', 55)} ${lpad(kb(anchor.oneBundle.raw), 11)} ${lpad(kb(anchor.oneBundle.gz), 10)}   ${ISSUE.total} KB`);
    out();
  }
  const anchorGz = anchor?.oneBundle.gz ?? null;

  // 2. Ours
  const graph = await pkgGraph();
  const ours = measureOurs(graph);
  const browser = cfg.browser ? await measureBrowser() : null;
  const seen = new Map((browser?.rows ?? []).filter((r) => r.path).map((r) => [r.path, r]));
  const firstStatic = total(ours.firstLoad);
  out("First load: import { init, parseEvents, summarize } from 'chatwoot-reporting' (pkg/web.js) + await init()");
  out(`    ${pad('file (static: web.js\'s imports + the .wasm init() fetches)', 66)} ${lpad('raw', 11)} ${lpad('gzip -9', 10)}  Chromium`);
  printFiles(ours.firstLoad, (r) => {
    if (!browser) return '';
    const b = seen.get(r.path);
    if (!b) return '  not fetched';
    return `  ${b.beforeFirstCall ? 'before 1st call' : 'AFTER 1st call'}, ${b.sameAsFile ? 'same bytes' : 'DIFFERENT bytes'}`;
  });
  out(`    ${pad('total (static)', 66)} ${lpad(kb(totalRaw(ours.firstLoad)), 11)} ${lpad(kb(firstStatic), 10)}`);
  let firstBrowser = null;
  if (browser) {
    out();
    out(`  Observed in headless Chromium ${browser.userAgent}: every response (bodies uncompressed; gzip -9 applied here)`);
    for (const r of browser.rows) {
      const where = r.path ? `pkg/${r.path}` : new URL(r.url).pathname === '/' ? '(the test page: not the package)' : `${new URL(r.url).pathname} (not the package)`;
      out(`    ${pad(where, 66)} ${lpad(kb(r.raw), 11)} ${lpad(kb(r.gz), 10)}  ${r.status}${r.path ? (r.beforeFirstCall ? ', before 1st call' : ', after 1st call') : ''}${r.error ? ` (${r.error})` : ''}`);
    }
    const pkgRows = browser.rows.filter((r) => r.path && r.beforeFirstCall);
    firstBrowser = total(pkgRows);
    out(`    ${pad('total of pkg/ responses before the first call', 66)} ${lpad(kb(totalRaw(pkgRows)), 11)} ${lpad(kb(firstBrowser), 10)}`);
    out(`    page result: ${JSON.stringify(browser.result ?? null)}`);
    const a = ours.firstLoad.map((r) => r.path).sort().join(' ');
    const b = pkgRows.map((r) => r.path).sort().join(' ');
    const late = browser.rows.filter((r) => r.path && !r.beforeFirstCall);
    if (browser.errors.length) fail(`page errors: ${browser.errors.join(' | ')}`);
    if (!browser.result) fail('the page did not parse and summarize');
    if (a !== b || firstBrowser !== firstStatic || pkgRows.some((r) => !r.sameAsFile)) {
      fail(`static and browser-observed first loads disagree:\n    static:  ${a}\n    browser: ${b}`);
    } else {
      out(`    agrees with the static list: the same ${pkgRows.length} files, the same bytes${late.length ? `; fetched after the first call: ${late.map((r) => r.path).join(', ')}` : ''}`);
    }
  }
  out();
  out('Whole package: every .js and .wasm of pkg/ a page could load');
  printFiles(ours.whole);
  out(`    ${pad('total', 66)} ${lpad(kb(totalRaw(ours.whole)), 11)} ${lpad(kb(total(ours.whole)), 10)}`);
  for (const x of ours.excluded) out(`    not counted: ${x.path} (${x.why})`);
  if (ours.peers.length) out(`    not counted: peer dependencies a module imports (${ours.peers.join(', ')})`);
  out();
  if (ours.single) {
    out('single.js on its own (everything in one module, the .wasm inlined as base64)');
    printFiles([ours.single]);
    out();
  }

  // Goals
  const ratio = (v, g) => (v != null && g ? ` (${(v / g).toFixed(2)}× the goal)` : '');
  const met = (v, g) => (v == null || g == null ? '?' : v <= g ? 'met' : 'NOT met');
  const anchorCol = anchorGz != null ? kb(anchorGz) : '?';
  out('Goals (issue 16)');
  out(`    ${pad('', 44)} ${lpad('value', 10)}   ${pad('goal', 34)} ${lpad('anchor', 10)}`);
  const goals = [
    ['first load, gzip -9 (static)', firstStatic, anchorGz, `≤ the anchor (${anchorCol}, re-measured)`],
    ...(firstBrowser != null ? [['first load, gzip -9 (Chromium-observed)', firstBrowser, anchorGz, `≤ the anchor (${anchorCol}, re-measured)`]] : []),
    ['whole package, every part loaded, gzip -9', total(ours.whole), WHOLE_PACKAGE_GOAL, '≤ 100 KB'],
  ];
  for (const [label, v, g, text] of goals) {
    out(`    ${pad(label, 44)} ${lpad(kb(v), 10)}   ${pad(text, 34)} ${lpad(anchorCol, 10)}   ${met(v, g)}${ratio(v, g)}`);
  }
  out();

  // What the first call alone needs of the .wasm (an upper bound; see firstCallOnly).
  let firstCall = null;
  const wasmRow = ours.firstLoad.find((r) => r.path.endsWith('.wasm'));
  if (wasmRow) {
    const cut = join(os.tmpdir(), `chatwoot-reporting-first-call-${process.pid}.wasm`);
    try {
      firstCall = firstCallOnly(join(PKG, wasmRow.path), cut);
    } catch (e) {
      out(`  (wasm-metadce failed: ${e.message.split('\n')[0]})`);
    } finally {
      rmSync(cut, { force: true });
      rmSync(`${cut}.graph.json`, { force: true });
    }
    if (firstCall) {
      const js = firstStatic - wasmRow.gz;
      out(`First call only: the .wasm with just the ${firstCall.kept.length} exports init(), parseEvents, summarize and EventSet's length/issues/free use`);
      out(`  (binaryen wasm-metadce removes the other ${firstCall.removed.length} and what only they reach; an upper bound of a split, since the`);
      out('  function table keeps every function it holds, the async client included)');
      out(`    ${pad('.wasm, first call only', 66)} ${lpad(kb(firstCall.raw), 11)} ${lpad(kb(firstCall.gz), 10)}   (shipped: ${kb(wasmRow.gz)})`);
      out(`    ${pad('first load with it (today\'s JS + that .wasm)', 66)} ${lpad('', 11)} ${lpad(kb(js + firstCall.gz), 10)}   (anchor: ${anchorCol})`);
      out();
    }
  }

  // 3. twiggy
  let twiggy = null;
  if (cfg.twiggy) {
    out('Where the .wasm bytes go (twiggy)');
    twiggy = runTwiggy();
    out();
  }

  if (cfg.json) {
    const strip = (rows) => rows.map(({ buf, ...r }) => r);
    writeFileSync(cfg.json, JSON.stringify({
      pkg: PKG, anchor, firstLoad: { files: strip(ours.firstLoad), gz: firstStatic, browser: firstBrowser },
      browserResponses: browser?.rows, whole: { files: strip(ours.whole), gz: total(ours.whole), excluded: ours.excluded },
      single: ours.single && strip([ours.single])[0], firstCall, twiggy,
    }, null, 2));
  }
  process.exit(failed ? 1 : 0);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
