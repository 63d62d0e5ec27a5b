// The two places the issue-12 HTTP tests run a scenario: Node (the package's pkg/node.js,
// called directly) and headless Chromium (pkg/web.js in a page served by the test's own
// server, so the API is same-origin). Both expose run(server, spec) -> harness result.
import { launchChromium } from '../chromium.mjs';
import { runCase } from './harness.mjs';

export const PKG_NODE = new URL('../../../pkg/node.js', import.meta.url).href;

/** Node: the package as a Node user imports it. */
export async function nodeEnv() {
  const m = await import(PKG_NODE);
  return { name: 'node', m, run: (_server, spec) => runCase(m, spec), close: async () => {} };
}

/** Chromium with the launcher of ../chromium.mjs, plus `extraArgs` when given. */
export const launch = launchChromium;

/**
 * Chromium: one browser, one page, moved to the origin of the server each scenario runs
 * against. `errors` collects uncaught exceptions and console errors of the page.
 */
export async function chromiumEnv({ extraArgs = [] } = {}) {
  const browser = await launch(extraArgs);
  const context = await browser.newContext();
  let page = await context.newPage();
  const errors = [];
  const watch = (p) => {
    p.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
    p.on('console', (msg) => { if (msg.type() === 'error') errors.push(`console: ${msg.text()}`); });
  };
  watch(page);
  let at = null;
  const env = {
    name: 'chromium', browser, errors,
    get page() { return page; },
    /** Opens `path` of `server` (a fresh page, so each origin starts a fresh instance). */
    async open(server, path = '/__test/blank.html') {
      await page.close().catch(() => {});
      page = await context.newPage();
      watch(page);
      await page.goto(`${server.url}${path}`);
      at = `${server.url}${path}`;
      return page;
    },
    async run(server, spec) {
      if (at !== `${server.url}/__test/blank.html`) await env.open(server);
      return page.evaluate(async (s) => {
        const m = await import('/__test/pkg/web.js');
        await m.init();
        const h = await import('/__test/harness.mjs');
        return h.runCase(m, s);
      }, spec);
    },
    close: () => browser.close(),
  };
  return env;
}
