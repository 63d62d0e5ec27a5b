// A newcomer's install, as js/README.md tells it: `npm pack` of pkg/ into a tarball,
// `npm install` of that file into a fresh project (no registry), then the package in Node
// and under the Vite dev server in Chromium; and the linked install (a symlink to pkg/),
// whose .wasm the Vite dev server refuses until the README's `server.fs.allow` line is added.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer as createVite } from 'vite';
import { launchChromium, newPage } from './chromium.mjs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = join(ROOT, 'pkg');
const README = await readFile(join(ROOT, 'js/README.md'), 'utf8');

let tmp;
let tarball;
let browser;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'install-'));
  browser = await launchChromium();
  // `(cd pkg && npm pack)`, into the temporary folder instead of pkg/.
  const { stdout } = await run('npm', ['pack', '--pack-destination', tmp, '--loglevel=error'], { cwd: PKG });
  tarball = join(tmp, stdout.trim().split('\n').at(-1));
});
after(async () => {
  await browser?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

/** A fresh project folder with a package.json, as `npm init` leaves it. */
async function project(name) {
  const dir = join(tmp, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }));
  return dir;
}

/** The vite-app of tests/ copied into `dir` (index.html + main.js importing 'chatwoot-reporting'). */
async function viteApp(dir) {
  for (const f of await readdir(join(ROOT, 'tests/vite-app'))) await cp(join(ROOT, 'tests/vite-app', f), join(dir, f));
}

/**
 * Serves `dir` with the Vite dev server and opens it in Chromium. Resolves to what the page
 * showed and the status of every .wasm request.
 */
async function viteDev(dir, configFile = false) {
  const server = await createVite({ root: dir, configFile, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const { page } = await newPage(browser);
  const wasm = [];
  page.on('response', (r) => { if (r.url().includes('.wasm')) wasm.push(r.status()); });
  try {
    await page.goto(server.resolvedUrls.local[0]);
    await page.waitForFunction(() => document.querySelector('#out')?.textContent !== 'loading', null, { timeout: 20000 }).catch(() => {});
    return { out: await page.textContent('#out'), wasm };
  } finally {
    await page.close();
    await server.close();
  }
}

test('npm pack gives a tarball with the entry points, the wasm, the declarations and the README', async () => {
  assert.match(tarball, /chatwoot-reporting-\d+\.\d+\.\d+\.tgz$/);
  assert.match(README, /\(cd pkg && npm pack\)/);
  assert.match(README, /npm install \/path\/to\/clone\/pkg\/chatwoot-reporting-0\.1\.0\.tgz/);
  const { stdout } = await run('tar', ['-tzf', tarball]);
  const files = stdout.split('\n');
  for (const f of ['package.json', 'README.md', 'web.js', 'node.js', 'single.js', 'index.d.ts', 'wasm/chatwoot_reporting_bg.wasm']) {
    assert.ok(files.includes(`package/${f}`), f);
  }
});

test('npm install <tarball> into a fresh project, without a registry: Node finds every entry', { timeout: 120_000 }, async () => {
  const dir = await project('node-app');
  await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  assert.match(manifest.dependencies['chatwoot-reporting'], /^file:/);
  const script = `
    import { init, parseEvents, summarize, formatDuration } from 'chatwoot-reporting';
    import * as single from 'chatwoot-reporting/single';
    await init(); await single.init();
    const body = '[{"id":1,"name":"first_response","value":125.0,"value_in_business_hours":125.0,"event_start_time":"2026-04-07T14:00:00.000Z","event_end_time":"2026-04-07T14:02:05.000Z","account_id":1,"inbox_id":1,"user_id":1,"conversation_id":9,"created_at":"2026-04-07T14:02:06.000Z","updated_at":"2026-04-07T14:02:06.000Z"}]';
    console.log(formatDuration(summarize(parseEvents(body)).firstResponse.median), single.formatDuration(single.summarize(single.parseEvents(body)).firstResponse.median));
  `;
  await writeFile(join(dir, 'check.mjs'), script);
  const { stdout } = await run(process.execPath, ['check.mjs'], { cwd: dir });
  assert.equal(stdout.trim(), '2 Min 5 Sec 2 Min 5 Sec');
});

test('the Vite dev server serves the tarball install\'s .wasm', { timeout: 120_000 }, async () => {
  const dir = await project('vite-tarball');
  await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
  await viteApp(dir);
  const { out, wasm } = await viteDev(dir);
  assert.equal(out, '2 Min 5 Sec');
  assert.ok(wasm.length > 0 && wasm.every((s) => s === 200), `${wasm}`);
});

test('a linked install under the Vite dev server: 403 for the .wasm, fixed by the README\'s server.fs.allow line', { timeout: 120_000 }, async () => {
  const dir = await project('vite-linked');
  await mkdir(join(dir, 'node_modules'));
  await symlink(PKG, join(dir, 'node_modules', 'chatwoot-reporting'), 'dir'); // what `npm install <path>/pkg` makes
  await viteApp(dir);
  const refused = await viteDev(dir);
  assert.ok(refused.wasm.includes(403), `without the fix the .wasm is refused: ${refused.wasm}`);
  assert.notEqual(refused.out, '2 Min 5 Sec');

  // The README's vite.config.js, with its example path replaced by where pkg/ really is.
  const line = /```js\n(export default \{ server: \{ fs: \{ allow: .*)\n```/.exec(README)?.[1];
  assert.ok(line, 'js/README.md shows the vite.config.js line');
  const config = line.replace('../chatwoot-reporting/pkg', relative(dir, PKG));
  assert.notEqual(config, line, 'the example path was found and replaced');
  await writeFile(join(dir, 'vite.config.mjs'), `${config}\n`);
  const fixed = await viteDev(dir, resolve(dir, 'vite.config.mjs'));
  assert.equal(fixed.out, '2 Min 5 Sec');
  assert.ok(fixed.wasm.length > 0 && fixed.wasm.every((s) => s === 200), `${fixed.wasm}`);
});
