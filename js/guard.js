// The package's shield at the JavaScript edge. Every value a caller hands the package is
// checked or copied here, in JavaScript, before anything reaches wasm: a getter that
// throws, a Proxy, a detached buffer or a forged object then fails as a plain JS throw
// turned into a ReportingError, instead of unwinding through wasm frames (which leaks the
// wasm stack and, repeated, kills the instance) or reading wasm memory it should not.
import { EventSet, _scheduleInboxes, _loaded } from './wasm/chatwoot_reporting.js';
import { ReportingError } from './reporting-error.js';

const invalid = (message) => new ReportingError('invalid_argument', message);

// ---- Loading ---------------------------------------------------------------------------

let loaded = false;

/** Throws unless the module is instantiated (web.js and single.js need `await init()`). */
export function ensureLoaded() {
  if (loaded) return;
  try {
    // Before instantiation the glue has no module to call and throws a TypeError here,
    // in JavaScript.
    loaded = _loaded() === true;
  } catch {
    loaded = false;
  }
  if (!loaded) {
    throw invalid('The WebAssembly module is not loaded yet: call and await init() once before using chatwoot-reporting.');
  }
}

/**
 * `initWasm(...)` as the entry points' `init()`: a failure rejects with a ReportingError
 * and leaves `init()` callable again.
 */
export function loader(initWasm, where) {
  let ready;
  return (...args) => {
    ready ??= initWasm(...args).then(
      () => undefined,
      (e) => {
        ready = undefined;
        let detail = '';
        try {
          detail = e instanceof Error ? `: ${e.message}` : '';
        } catch {
          detail = '';
        }
        throw new ReportingError('network', `The WebAssembly module could not be loaded from ${where(...args)}${detail}. Check that the .wasm file is served (as application/wasm), then call init() again.`, { cause: e });
      },
    );
    return ready;
  };
}

/** Any thrown value as a ReportingError (a ReportingError passes unchanged). */
export function asReportingError(e, what = 'The call') {
  if (e instanceof ReportingError) return e;
  let detail = '';
  try {
    detail = e instanceof Error ? String(e.message) : '';
  } catch {
    detail = '';
  }
  return new ReportingError('invalid_argument', `${what} failed${detail ? `: ${detail}` : '.'}`, { cause: e });
}

/** Runs `fn`; anything it throws leaves as a ReportingError. */
export function guarded(fn, what) {
  try {
    return fn();
  } catch (e) {
    throw asReportingError(e, what);
  }
}

// ---- Event sets --------------------------------------------------------------------------

// Every EventSet this module instance made, with the wasm pointer it was made with. A
// freed set has pointer 0; a forged object (`Object.create(EventSet.prototype)`, a plain
// `{__wbg_ptr}`) or a real set whose pointer was overwritten is not found here.
const made = new WeakMap();
const wrap = EventSet.__wrap;
EventSet.__wrap = function (ptr) {
  const set = wrap.call(EventSet, ptr);
  made.set(set, ptr);
  return set;
};

/** `x` when it is a live EventSet of this package, else a ReportingError. */
export function checkSet(x, what = 'The events') {
  let ptr;
  try {
    ptr = made.get(x);
  } catch {
    ptr = undefined;
  }
  if (ptr === undefined) {
    throw invalid(`${what} must be an EventSet made by this package (from parseEvents or a ReportingClient) or an array of event objects.`);
  }
  if (x.__wbg_ptr === 0) throw invalid(`${what}: this EventSet was freed with free() and can no longer be used.`);
  if (x.__wbg_ptr !== ptr) throw invalid(`${what}: this EventSet was tampered with and can no longer be used.`);
  return x;
}

// Each method and getter of EventSet checks `this` first, copies its argument to plain
// data, and checks `this` again just before entering wasm: a getter in the argument may
// have freed the set meanwhile.
for (const key of ['filter', 'toArray', 'toJSON', '_copy', '_sortDedup']) {
  const original = EventSet.prototype[key];
  EventSet.prototype[key] = function (arg) {
    checkSet(this, 'This EventSet');
    const copy = key === 'filter' ? options(arg, 'The filter') : undefined;
    checkSet(this, 'This EventSet');
    return guarded(() => original.call(this, copy), `EventSet.${key}()`);
  };
}
const append = EventSet.prototype._append;
EventSet.prototype._append = function (other) {
  checkSet(this, 'This EventSet');
  checkSet(other, 'The EventSet to append');
  return guarded(() => append.call(this, other), 'EventSet.concat()');
};
for (const key of ['length', 'issues']) {
  const { get } = Object.getOwnPropertyDescriptor(EventSet.prototype, key);
  Object.defineProperty(EventSet.prototype, key, {
    configurable: true,
    get() {
      checkSet(this, 'This EventSet');
      return get.call(this);
    },
  });
}
const free = EventSet.prototype.free;
/** Frees the set's memory now; a second call, or one on a freed set, does nothing. */
EventSet.prototype.free = function () {
  let ptr;
  try {
    ptr = made.get(this);
  } catch {
    ptr = undefined;
  }
  if (ptr === undefined) throw invalid('free() was called on something that is not an EventSet of this package.');
  if (this.__wbg_ptr === 0 || this.__wbg_ptr !== ptr) return;
  made.set(this, 0);
  free.call(this);
};
if (Symbol.dispose) EventSet.prototype[Symbol.dispose] = EventSet.prototype.free;

// ---- Plain data --------------------------------------------------------------------------

const MAX_DEPTH = 8;
const MAX_ITEMS = 10_000_000;

/**
 * A copy of an options value as plain data: objects (own enumerable string keys), arrays,
 * strings, booleans, finite numbers and null. Anything else (functions, symbols, BigInt,
 * NaN, Infinity, cycles, values that throw on reading) is refused with a sentence naming
 * where it was.
 */
export function plain(value, what, path = '') {
  const name = () => (path ? `\`${path}\`` : what);
  const walk = (v, p, depth) => {
    path = p;
    switch (typeof v) {
      case 'undefined':
        return undefined;
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        if (!Number.isFinite(v)) throw invalid(`${what}: ${name()} must be a finite number.`);
        return v;
      case 'object':
        break;
      default:
        throw invalid(`${what}: ${name()} must not be a ${typeof v}.`);
    }
    if (v === null) return null;
    if (depth > MAX_DEPTH) throw invalid(`${what} could not be serialized as plain data: it is nested too deeply or refers to itself.`);
    if (Array.isArray(v)) {
      const n = v.length;
      if (!(n <= MAX_ITEMS)) throw invalid(`${what}: ${name()} has too many items.`);
      const out = new Array(n);
      for (let i = 0; i < n; i++) out[i] = walk(v[i], `${p}[${i}]`, depth + 1);
      path = p;
      return out;
    }
    const out = {};
    for (const key of Object.keys(v)) {
      const item = walk(v[key], p ? `${p}.${key}` : key, depth + 1);
      if (item !== undefined) out[key] = item;
    }
    path = p;
    return out;
  };
  try {
    return walk(value, path, 0);
  } catch (e) {
    if (e instanceof ReportingError) throw e;
    throw invalid(`${what}: ${name()} could not be read (a getter or Proxy threw).`);
  }
}

/** An options object as plain data; `undefined` and `null` stay as they are. */
export function options(value, what) {
  if (value === undefined || value === null) return value;
  if (typeof value !== 'object') throw invalid(`${what} must be an object.`);
  return plain(value, what);
}

/** A number argument, checked in JavaScript (a Symbol or object would throw at the call). */
export function number(v, message) {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(message);
  return v;
}

/** An array of numbers (ids), copied: the caller's array may have getters or be a Proxy. */
export function numbers(v, message) {
  const copy = plain(v, message);
  if (!Array.isArray(copy) || !copy.every((x) => typeof x === 'number')) throw invalid(message);
  return copy;
}

// ---- Bodies --------------------------------------------------------------------------------

// The engine's own getters: they read a view's internal slots, so a spoofed `byteLength`
// (an own property or a Proxy) is either ignored or makes them throw.
const getter = (proto, key) => Object.getOwnPropertyDescriptor(proto, key)?.get;
const TypedArray = Object.getPrototypeOf(Uint8Array.prototype);
const viewSlots = [
  [getter(TypedArray, 'buffer'), getter(TypedArray, 'byteOffset'), getter(TypedArray, 'byteLength')],
  [getter(DataView.prototype, 'buffer'), getter(DataView.prototype, 'byteOffset'), getter(DataView.prototype, 'byteLength')],
];
const bufferLengths = [getter(ArrayBuffer.prototype, 'byteLength')];
if (typeof SharedArrayBuffer === 'function') bufferLengths.push(getter(SharedArrayBuffer.prototype, 'byteLength'));

const brand = (get, x) => {
  try {
    get.call(x);
    return true;
  } catch {
    return false;
  }
};

/**
 * A body as a string or a fresh `Uint8Array` over the caller's bytes: any typed array or
 * DataView, an ArrayBuffer or a SharedArrayBuffer (all read the same way).
 */
export function body(value) {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    for (const [buffer, offset, length] of viewSlots) {
      if (!brand(buffer, value)) continue;
      try {
        return new Uint8Array(buffer.call(value), offset.call(value), length.call(value));
      } catch {
        throw invalid('The body\'s buffer was detached (transferred elsewhere) and can no longer be read.');
      }
    }
    for (const length of bufferLengths) {
      if (!brand(length, value)) continue;
      try {
        return new Uint8Array(value);
      } catch {
        throw invalid('The body\'s buffer was detached (transferred elsewhere) and can no longer be read.');
      }
    }
  }
  throw invalid('The body must be a string, a Uint8Array (or another typed array or DataView) or an ArrayBuffer.');
}

// ---- Client arguments --------------------------------------------------------------------

const abortedGetter = typeof AbortSignal === 'function' ? getter(AbortSignal.prototype, 'aborted') : undefined;

/** A genuine AbortSignal or undefined. */
export function signal(v) {
  if (v === undefined || v === null) return undefined;
  if (abortedGetter && brand(abortedGetter, v)) return v;
  throw invalid('The option `signal` must be an AbortSignal (for example from new AbortController()).');
}

/** A progress callback that can never throw into the library. */
export function callback(v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'function') throw invalid('The option `onProgress` must be a function (done, total) => void.');
  return (done, total) => {
    try {
      v(done, total);
    } catch {
      // The caller's bug must not break the fetch.
    }
  };
}

/**
 * Working hours as the wasm side takes them: `[single, inboxes, answers]`. A function
 * `(inboxId) => WorkingHours | null` is called here, in JavaScript, once per inbox the
 * set needs, so that no user code ever runs inside a wasm call.
 */
export function hoursArgs(set, hours, what = 'The working hours') {
  if (hours === undefined || hours === null) return [undefined, new Float64Array(0), []];
  if (typeof hours !== 'function') return [options(hours, what), new Float64Array(0), []];
  const inboxes = _scheduleInboxes(checkSet(set));
  const answers = Array.from(inboxes, (id) => {
    const inboxId = Number.isNaN(id) ? null : id;
    let answer;
    try {
      answer = hours(inboxId);
    } catch (e) {
      let detail = '';
      try {
        detail = e instanceof Error ? `: ${e.message}` : '';
      } catch {
        detail = '';
      }
      throw new ReportingError('invalid_argument', `The working-hours function threw for inbox ${inboxId}${detail}`, { cause: e });
    }
    return answer === undefined || answer === null ? null : options(answer, `The working hours for inbox ${inboxId}`);
  });
  return [undefined, inboxes, answers];
}
