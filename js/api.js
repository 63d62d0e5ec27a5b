// The package's API surface, shared by every entry point (web.js, node.js). Re-exports the
// wasm-bindgen glue and adds what is simpler in JavaScript.
import { EventSet } from './wasm/chatwoot_reporting.js';
import { ReportingError } from './reporting-error.js';

export { parseEvents, validateEvents, EventSet } from './wasm/chatwoot_reporting.js';
export { ReportingError };

/**
 * `set.concat(...others)`: one new set, sorted by created_at, each id once (the first
 * occurrence in argument order wins). Defined here because a Rust method cannot take a
 * variable number of borrowed EventSets; the inputs stay usable.
 */
EventSet.prototype.concat = function concat(...others) {
  for (const o of others) {
    if (!(o instanceof EventSet)) {
      throw new ReportingError('invalid_argument', 'concat() takes EventSet arguments only.');
    }
  }
  const out = this._copy();
  for (const o of others) out._append(o);
  out._sortDedup();
  return out;
};
