// Entry for Node 20+: instantiates the module synchronously at import, so `init()` is a
// no-op kept for code shared with browsers.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/chatwoot_reporting.js';

initSync({ module: readFileSync(new URL('./wasm/chatwoot_reporting_bg.wasm', import.meta.url)) });

export * from './api.js';

/** Already instantiated at import; resolves at once. */
export async function init() {}
