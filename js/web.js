// Entry for browsers (<script type="module">) and bundlers (Vite, webpack): the wasm file
// is located with `new URL(..., import.meta.url)`, which both understand.
import initWasm from './wasm/chatwoot_reporting.js';
import { loader } from './guard.js';

export * from './api.js';

const defaultUrl = () => new URL('./wasm/chatwoot_reporting_bg.wasm', import.meta.url);

/**
 * Instantiates the module once; later calls return the same promise. A failure rejects
 * with a ReportingError, and a later call tries again.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [wasm]
 *   where to load the .wasm from, when the default location does not fit
 */
export const init = loader(
  (wasm) => initWasm({ module_or_path: wasm ?? defaultUrl() }),
  (wasm) => (typeof wasm === 'string' || wasm instanceof URL ? String(wasm) : wasm === undefined ? String(defaultUrl()) : 'the given source'),
);
