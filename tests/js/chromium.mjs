// Shared by the browser tests: Debian's Chromium through playwright-core, and the local
// server on an ephemeral loopback port.
import { chromium } from 'playwright-core';
import { createAppServer, listen } from '../../www/server.mjs';

export async function startServer() {
  const server = createAppServer();
  const url = await listen(server, { port: 0 });
  return { url, close: () => new Promise((r) => server.close(r)) };
}

/** Debian's Chromium, headless, without the network chatter of a first run; `extraArgs` added. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update',
      '--disable-gpu', '--no-first-run', '--disable-sync', ...extraArgs],
  });
}

/** A new page that records console errors and uncaught exceptions into `errors`. */
export async function newPage(browser) {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { page, errors };
}
