// Entry for browsers (<script type="module">) and bundlers (Vite, webpack): the wasm file
// is located with `new URL(..., import.meta.url)`, which both understand.
import initWasm from './wasm/chatwoot_reporting.js';

export * from './api.js';

let ready;

/**
 * Instantiates the module once; later calls return the same promise.
 * @param {RequestInfo | URL | Response | BufferSource | WebAssembly.Module} [wasm]
 *   where to load the .wasm from, when the default location does not fit
 */
export function init(wasm) {
  ready ??= initWasm({
    module_or_path: wasm ?? new URL('./wasm/chatwoot_reporting_bg.wasm', import.meta.url),
  }).then(() => undefined);
  return ready;
}
