// The local server: serves the demo dashboard (www/), the built package (pkg/) and the
// bundled sample data on loopback. Started by scripts/demo.sh and by the tests.
//
//   node www/server.mjs [--port 8080] [--host 127.0.0.1]
//
// It only binds to loopback and only serves files below www/ and pkg/.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.ts': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};
const SERVED = ['www', 'pkg'];

/** Maps a URL path to a file below one of the served folders, or null. */
function resolvePath(urlPath) {
  let p;
  try {
    p = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null; // a malformed %-escape
  }
  const rel = normalize(p).replace(/^[/\\]+/, '');
  const top = rel.split(sep)[0];
  if (!SERVED.includes(top) || rel.includes('..')) return null;
  return join(ROOT, rel);
}

/** Creates the server (not yet listening). */
export function createAppServer({ log = () => {} } = {}) {
  return createServer(async (req, res) => {
    const file = resolvePath(req.url ?? '/');
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      res.end(body);
      log(`${req.method} ${req.url} ${status}`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed\n');
    if (req.url === '/' || req.url === '/www') {
      // The dashboard's relative URLs (demo.js, ../pkg/) need it served from /www/.
      res.writeHead(302, { Location: '/www/' });
      res.end();
      return;
    }
    if (!file) return send(404, 'Not found\n');
    try {
      let path = file;
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      send(200, req.method === 'HEAD' ? undefined : body, TYPES[extname(path)] ?? 'application/octet-stream');
    } catch {
      send(404, 'Not found\n');
    }
  });
}

/** Starts listening; resolves to the base URL. Port 0 picks a free one. */
export function listen(server, { port = 0, host = '127.0.0.1' } = {}) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      resolve(`http://${host.includes(':') ? `[${host}]` : host}:${a.port}`);
    });
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : fallback;
  };
  const server = createAppServer({ log: process.argv.includes('--quiet') ? () => {} : (l) => console.log(l) });
  const url = await listen(server, { port: Number(arg('--port', 8080)), host: arg('--host', '127.0.0.1') });
  console.log(`\nchatwoot-reporting demo: ${url}/   (Ctrl-C to stop)\n`);
}
