// The boundary fuzzer of issue 12, shared by Node and Chromium (the page imports it from
// /__test/fuzz.mjs): for `seconds`, random hostile values at every exported function,
// method, getter and constructor of the package `m`, all in ONE wasm instance. Rules:
// - a call returns, or throws a ReportingError (a promise resolves, or rejects with one);
//   anything else (TypeError, RuntimeError, a plain Error, a thrown string) is a failure;
// - every promise settles (once its AbortSignal is aborted at the end);
// - nothing escapes as an unhandled rejection or an uncaught error;
// - afterwards the same instance parses the known body and computes exactly what it
//   computed before the fuzzing, no slower than it was, and its memory did not explode.
// Deterministic for a seed (the interleaving of network answers aside); failures carry the
// call number and a description of every argument.

export const CODES = ['invalid_data', 'too_large', 'unauthorized', 'forbidden', 'not_found', 'rate_limited',
  'server_error', 'http_error', 'bad_response', 'network', 'timeout', 'aborted', 'invalid_argument'];

/** A small, fast, seedable PRNG (mulberry32). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KNOWN_EXPORTS = new Set(['init', 'parseEvents', 'validateEvents', 'EventSet', 'summarize', 'conversationRows',
  'conversationsCsv', 'timeseries', 'withWorkingHours', 'businessSeconds', 'fromChatwootInbox', 'formatDuration',
  'summaryTable', 'ReportingClient', 'ReportingError', 'default']);
const KNOWN_SET_METHODS = new Set(['constructor', 'length', 'issues', 'toArray', 'toJSON', 'filter', 'concat', 'free']);

const now = () => (globalThis.performance?.now ? performance.now() : Date.now());
const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * Runs the fuzzer. Options: seed, seconds, body (a valid events body as text: the known
 * body), apiBase and token (a Chatwoot the client methods may reach; its routes answer
 * fast), memory() (the wasm memory's byteLength, or null when unknown), maxFailures.
 */
export async function fuzz(m, { seed = 12012, seconds = 15, body, apiBase, token, memory = () => null, maxFailures = 25 } = {}) {
  const rng = mulberry32(seed);
  const int = (n) => Math.floor(rng() * n);
  const pick = (a) => a[int(a.length)];
  const chance = (p) => rng() < p;
  const report = {
    seed, seconds, calls: 0, asyncCalls: 0, okCalls: 0, reportingErrors: 0, failures: [], failureCount: 0,
    failuresByFunction: {}, notes: [], codes: {}, growth: [],
  };
  const enc = new TextEncoder();
  const hasSAB = typeof SharedArrayBuffer === 'function';
  if (!hasSAB) report.notes.push('SharedArrayBuffer unavailable here: shared-buffer bodies skipped');

  // --- the known figures, before any hostile call -----------------------------------------
  const events = JSON.parse(body);
  const smallBody = JSON.stringify(events.slice(0, 12));
  const smallEvents = JSON.parse(smallBody);
  const canon = () => {
    const s = m.parseEvents(body);
    try {
      return JSON.stringify({
        length: s.length,
        issues: s.issues,
        summary: m.summarize(s),
        business: m.summarize(s, { businessHours: true, sla: { firstResponse: 3600, resolution: 86400 } }),
        rows: m.conversationRows(s, { limit: 10 }),
        csv: m.conversationsCsv(s).length,
        series: m.timeseries(s, { metric: 'avg_first_response_time', groupBy: 'week' }),
        count: m.timeseries(s, { metric: 'resolutions_count', groupBy: 'day', timezone: 'Europe/Berlin' }),
        first: s.toArray()[0],
        duration: m.formatDuration(93784),
      });
    } finally {
      s.free();
    }
  };
  const timeCanon = () => {
    const times = [];
    for (let i = 0; i < 5; i++) { const t = now(); canon(); times.push(now() - t); }
    return times.sort((a, b) => a - b)[2];
  };
  const expected = canon();
  report.canonMsBefore = timeCanon();
  report.memoryBefore = memory();
  // Which calls grew wasm memory, and by how much: memory never shrinks, so one large
  // result and a slow leak end at the same figure; the steps tell them apart.
  let lastMemory = report.memoryBefore;
  const noteGrowth = (fn, desc, call) => {
    const m2 = memory();
    if (m2 === null || lastMemory === null || m2 <= lastMemory) return;
    report.growth.push({ call, fn, args: desc.slice(0, 200), bytes: m2 - lastMemory });
    lastMemory = m2;
  };

  // --- failure bookkeeping --------------------------------------------------------------
  const describeThrown = (e) => {
    let text;
    try { text = `${e?.constructor?.name ?? typeof e}: ${String(e?.message ?? e)}`; } catch { text = '(unprintable)'; }
    return text.slice(0, 240);
  };
  // Failures are grouped by function, kind and message (numbers blanked): the first call of
  // each group is kept with its arguments, so the report lists distinct problems.
  const groups = new Map();
  const fail = (kind, fn, desc, detail) => {
    report.failureCount++;
    report.failuresByFunction[fn] = (report.failuresByFunction[fn] ?? 0) + 1;
    const key = `${fn}|${kind}|${String(detail).replace(/\d+/g, '#')}`;
    const g = groups.get(key);
    if (g) { g.count++; return; }
    const entry = { call: report.calls, kind, fn, args: desc, detail, count: 1 };
    groups.set(key, entry);
    if (report.failures.length < maxFailures) report.failures.push(entry);
  };
  // What a wasm trap or wasm-bindgen's own checks say: never acceptable as the message of an
  // error, even dressed as a ReportingError (the instance may be dying behind it).
  const INTERNAL = /unreachable\.?$|memory access out of bounds|null pointer passed to rust|recursive use of an object|while it was borrowed|RuntimeError/i;
  const judge = (fn, desc, e) => {
    const isRE = typeof m.ReportingError === 'function' && e instanceof m.ReportingError;
    if (!isRE) return fail('not a ReportingError', fn, desc, describeThrown(e));
    report.reportingErrors++;
    report.codes[e.code] = (report.codes[e.code] ?? 0) + 1;
    if (!CODES.includes(e.code) || typeof e.message !== 'string' || !e.message.trim() || !(e instanceof Error)) {
      fail('malformed ReportingError', fn, desc, `code=${String(e.code)} message=${String(e.message).slice(0, 120)}`);
    } else if (INTERNAL.test(e.message) || (typeof WebAssembly === 'object' && e.cause instanceof WebAssembly.RuntimeError)) {
      fail('ReportingError hiding a wasm failure', fn, desc, describeThrown(e));
    }
  };

  // unhandled rejections and uncaught errors while fuzzing
  const stray = [];
  const onRejection = (ev) => {
    const reason = ev?.reason ?? ev;
    stray.push(`unhandled rejection: ${describeThrown(reason)}`);
    ev?.preventDefault?.();
  };
  const onError = (ev) => { stray.push(`uncaught: ${describeThrown(ev?.error ?? ev)}`); ev?.preventDefault?.(); };
  const proc = globalThis.process;
  if (proc?.on) { proc.on('unhandledRejection', onRejection); proc.on('uncaughtException', onError); }
  else { globalThis.addEventListener?.('unhandledrejection', onRejection); globalThis.addEventListener?.('error', onError); }

  // --- pools ------------------------------------------------------------------------------
  const sets = [];
  const freedSets = [];
  const clients = [];
  const freedClients = [];
  const pending = new Set();
  const controllers = [];
  const keepSet = (s) => {
    if (!(s instanceof m.EventSet)) return;
    sets.push(s);
    if (sets.length > 40) {
      const old = sets.splice(int(sets.length), 1)[0];
      try { old.free(); } catch { /* judged elsewhere */ }
      freedSets.push(old);
      if (freedSets.length > 40) freedSets.shift();
    }
  };
  const keepClient = (c) => {
    if (!(c instanceof m.ReportingClient)) return;
    clients.push(c);
    if (clients.length > 12) {
      const old = clients.shift();
      try { old.free?.(); } catch { /* judged elsewhere */ }
      freedClients.push(old);
      if (freedClients.length > 12) freedClients.shift();
    }
  };
  const seedSet = m.parseEvents(smallBody);
  keepSet(seedSet);
  keepSet(m.parseEvents(body));
  const smallSet = () => sets.length ? pick(sets) : m.parseEvents(smallBody);

  // --- hostile values -----------------------------------------------------------------------
  const thrower = (what) => () => { throw new Error(`hostile ${what}`); };
  const NUMS = [
    ['0', 0], ['-0', -0], ['1', 1], ['-1', -1], ['0.5', 0.5], ['1.5', 1.5], ['NaN', NaN], ['Infinity', Infinity],
    ['-Infinity', -Infinity], ['1e300', 1e300], ['-1e300', -1e300], ['2**53', 2 ** 53], ['-(2**53)', -(2 ** 53)],
    ['2**53+2', 2 ** 53 + 2], ['2**31-1', 2 ** 31 - 1], ['2**31', 2 ** 31], ['2**32', 2 ** 32], ['2**32+1', 2 ** 32 + 1],
    ['2**64', 2 ** 64], ['Number.MIN_VALUE', Number.MIN_VALUE], ['Number.MAX_VALUE', Number.MAX_VALUE],
    ['3600', 3600], ['86400', 86400], ['1775000000', 1775000000], ['1e12', 1e12], ['-86400', -86400],
  ];
  const PRIMS = [
    ['undefined', undefined], ['null', null], ['true', true], ['false', false], ["''", ''], ["'x'", 'x'],
    ["'12'", '12'], ["' 12 '", ' 12 '], ["'NaN'", 'NaN'], ["'\\0'", '\0'], ["lone surrogate '\\uD800'", '\uD800'],
    ["'a'×10000", 'a'.repeat(10000)], ['10n', 10n], ['-1n', -1n], ['2n**70n', 2n ** 70n], ["Symbol('s')", Symbol('s')],
    ['Symbol.iterator', Symbol.iterator], ["'strict'", 'strict'], ["'UTC'", 'UTC'], ["'__proto__'", '__proto__'],
  ];
  const throwingPrimitive = () => pick([
    ['{valueOf: throws}', { valueOf: thrower('valueOf') }],
    ['{toString: throws}', { toString: thrower('toString') }],
    ['{[Symbol.toPrimitive]: throws}', { [Symbol.toPrimitive]: thrower('toPrimitive') }],
    ['{[Symbol.toPrimitive]: () => 5}', { [Symbol.toPrimitive]: () => 5 }],
    ['{valueOf: () => 1e300}', { valueOf: () => 1e300 }],
  ]);
  const allTraps = (msg) => {
    const t = thrower(msg);
    return { get: t, has: t, ownKeys: t, getOwnPropertyDescriptor: t, getPrototypeOf: t, set: t, defineProperty: t, deleteProperty: t, apply: t, construct: t, isExtensible: t, preventExtensions: t, setPrototypeOf: t };
  };
  const revoked = (target) => { const p = Proxy.revocable(target, {}); p.revoke(); return p.proxy; };
  const OBJS = () => pick([
    ['{}', {}], ['[]', []], ['[1,2,3]', [1, 2, 3]], ['[1,,3] (hole)', [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['Object.create(null)', Object.create(null)], ['new Date(NaN)', new Date(NaN)], ['/re/', /re/], ['new Map()', new Map([['mode', 'x']])],
    ['new Set()', new Set([1])], ['Object.freeze({})', Object.freeze({})], ['new Error("x")', new Error('x')],
    ['Proxy, every trap throws', new Proxy({}, allTraps('trap'))], ['Proxy of [], every trap throws', new Proxy([], allTraps('array trap'))],
    ['revoked Proxy', revoked({})], ['revoked Proxy of []', revoked([])],
    ['Proxy of {} (transparent)', new Proxy({}, {})],
    ['array with a throwing getter at [1]', Object.defineProperty([1, 2, 3], 1, { get: thrower('index getter'), enumerable: true })],
    ['array whose Symbol.iterator throws', Object.assign([1, 2], { [Symbol.iterator]: thrower('iterator') })],
    ['Proxy of [1,2] with length 1000 and throwing index get', new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 1000 : (typeof k === 'string' && /^\d+$/.test(k) ? (() => { throw new Error('hostile index'); })() : Reflect.get(t, k))) })],
    ['sparse array length 5000', Object.assign(new Array(5000), { 7: 1 })],
    ['a function', function f() {}], ['an arrow that throws', thrower('fn')], ['a class', class K {}],
    ['an async function', async () => {}],
    throwingPrimitive(),
  ]);
  const hv = () => {
    const r = rng();
    if (r < 0.3) return pick(NUMS);
    if (r < 0.6) return pick(PRIMS);
    if (r < 0.9) return OBJS();
    return pick([bodyValue, setLike, clientLike])();
  };
  const num = (valid) => (chance(0.5) ? [String(valid), valid] : (chance(0.7) ? pick(NUMS) : hv()));

  // A throwing getter on an options object, or a Proxy around it.
  const harden = ([d, o]) => {
    if (o === null || typeof o !== 'object') return [d, o];
    const r = rng();
    if (r < 0.08) {
      const k = pick([...Object.keys(o), 'mode', 'since', 'names', 'weekly', 'metric', 'baseUrl', 'signal']);
      Object.defineProperty(o, k, { get: thrower(`getter ${k}`), enumerable: true, configurable: true });
      return [`${d} with a throwing getter ${k}`, o];
    }
    if (r < 0.12) return [`Proxy(${d}) whose get throws`, new Proxy(o, { get: thrower('options get'), ownKeys: thrower('options ownKeys') })];
    if (r < 0.16) return [`Proxy(${d}) (transparent)`, new Proxy(o, {})];
    if (r < 0.18) return [`revoked Proxy(${d})`, revoked(o)];
    if (r < 0.24) { o[pick(['mdoe', 'sinse', 'maxbytes', 'timeout', 'extra', '__proto__x', 'constructor'])] = 1; return [`${d} + an unknown key`, o]; }
    return [d, o];
  };
  /** An options object from `schema` ({key: () => [desc, validValue]}), or a hostile value. */
  const options = (schema) => {
    if (chance(0.12)) return hv();
    if (chance(0.05)) return ['undefined', undefined];
    const o = {};
    const parts = [];
    for (const [k, valid] of Object.entries(schema)) {
      if (!chance(0.55)) continue;
      const [d, v] = chance(0.65) ? valid() : hv();
      o[k] = v;
      parts.push(`${k}: ${d}`);
    }
    return harden([`{${parts.join(', ')}}`, o]);
  };

  // bodies
  const spaced = (text, multiple) => { let t = text; while (enc.encode(t).length % multiple) t += ' '; return enc.encode(t); };
  const detach = (buf) => { structuredClone(buf, { transfer: [buf] }); return buf; };
  const bodyValue = () => {
    const text = chance(0.7) ? smallBody : pick([
      '[]', '', '[', '{}', 'null', '[1,2]', '{"error":"Invalid Access Token"}', '<html>502</html>',
      smallBody.replace('"user_id":', '"user_id":12,"user_id":'), smallBody.slice(0, int(smallBody.length)),
      smallBody.replace(/[0-9]/, 'x'), '['.repeat(5000) + ']'.repeat(5000), '[1e400]', '["\\ud800"]', '\uFEFF[]',
    ]);
    const bytes = () => enc.encode(text);
    const options = [
      ['text', () => text],
      ['Uint8Array', () => bytes()],
      ['ArrayBuffer', () => bytes().buffer],
      ['DataView', () => new DataView(bytes().buffer)],
      ['Int16Array', () => new Int16Array(spaced(text, 2).buffer)],
      ['Float64Array', () => new Float64Array(spaced(text, 8).buffer)],
      ['Uint8Array subarray after junk', () => { const b = enc.encode(`xx${text}yy`); return b.subarray(2, b.length - 2); }],
      ['DataView with offset', () => { const b = enc.encode(`xx${text}`); return new DataView(b.buffer, 2); }],
      ['Uint8ClampedArray', () => new Uint8ClampedArray(bytes())],
      ['detached ArrayBuffer', () => detach(bytes().buffer)],
      ['Uint8Array over a detached buffer', () => { const u = bytes(); detach(u.buffer); return u; }],
      ['DataView over a detached buffer', () => { const d = new DataView(bytes().buffer); detach(d.buffer); return d; }],
      ['DataView with spoofed byteLength 1e9', () => Object.defineProperty(new DataView(bytes().buffer), 'byteLength', { get: () => 1e9 })],
      ['DataView with spoofed byteOffset -5', () => Object.defineProperty(new DataView(bytes().buffer), 'byteOffset', { get: () => -5 })],
      ['DataView with throwing byteLength getter', () => Object.defineProperty(new DataView(bytes().buffer), 'byteLength', { get: thrower('byteLength') })],
      ['Uint8Array with spoofed length/byteLength 2**31', () => { const u = bytes(); Object.defineProperty(u, 'length', { get: () => 2 ** 31 }); return Object.defineProperty(u, 'byteLength', { get: () => 2 ** 31 }); }],
      ['Uint8Array subclass with byteLength 1e9', () => { class U extends Uint8Array { get byteLength() { return 1e9; } get length() { return 1e9; } } return new U(bytes()); }],
      ['Proxy(Uint8Array)', () => new Proxy(bytes(), {})],
      ['Proxy(DataView) byteLength 2**31', () => new Proxy(new DataView(bytes().buffer), { get: (t, k) => (k === 'byteLength' ? 2 ** 31 : Reflect.get(t, k)) })],
      ['Proxy(ArrayBuffer)', () => new Proxy(bytes().buffer, {})],
      ['revoked Proxy(Uint8Array)', () => revoked(bytes())],
      ['{byteLength: 10}', () => ({ byteLength: 10, buffer: bytes().buffer })],
      ['array of byte numbers', () => Array.from(bytes())],
      ['random bytes', () => { const u = new Uint8Array(int(300)); for (let i = 0; i < u.length; i++) u[i] = int(256); return u; }],
      ['String object', () => new String(text)], // eslint-disable-line no-new-wrappers
    ];
    if (hasSAB) {
      const shared = () => { const b = bytes(); const s = new SharedArrayBuffer(b.length); new Uint8Array(s).set(b); return s; };
      options.push(['SharedArrayBuffer', shared], ['Uint8Array over SharedArrayBuffer', () => new Uint8Array(shared())],
        ['DataView over SharedArrayBuffer', () => new DataView(shared())]);
    }
    try {
      // eslint-disable-next-line no-new
      new ArrayBuffer(1, { maxByteLength: 2 });
      const resizable = () => { const b = bytes(); const r = new ArrayBuffer(b.length, { maxByteLength: b.length + 64 }); new Uint8Array(r).set(b); return r; };
      options.push(['resizable ArrayBuffer', resizable],
        ['length-tracking Uint8Array, buffer then shrunk', () => { const r = resizable(); const u = new Uint8Array(r); r.resize(int(r.byteLength + 1)); return u; }],
        ['fixed Uint8Array over a resizable buffer shrunk below it', () => { const r = resizable(); const u = new Uint8Array(r, 0, r.byteLength); r.resize(1); return u; }]);
    } catch { /* no resizable buffers here */ }
    if (chance(0.08)) return hv();
    const [d, make] = pick(options);
    return [`${d} of ${text === smallBody ? 'the small body' : JSON.stringify(text.slice(0, 40))}`, make()];
  };

  // event sets and things in their place
  const P = m.EventSet.prototype;
  const forge = (ptr) => { const o = Object.create(P); try { o.__wbg_ptr = ptr; } catch { /* frozen prototype */ } return o; };
  const setLike = () => {
    const r = rng();
    if (r < 0.55 && sets.length) return ['a live EventSet', pick(sets)];
    if (r < 0.7 && freedSets.length) return ['a freed EventSet', pick(freedSets)];
    const live = sets.length ? pick(sets) : seedSet;
    const [d, make] = pick([
      ['forged EventSet __wbg_ptr=8', () => forge(8)], ['forged EventSet __wbg_ptr=0', () => forge(0)],
      ['forged EventSet __wbg_ptr=2**20', () => forge(2 ** 20)], ['forged EventSet __wbg_ptr=-1', () => forge(-1)],
      ['forged EventSet __wbg_ptr=1.5', () => forge(1.5)], ['forged EventSet __wbg_ptr=NaN', () => forge(NaN)],
      ['forged EventSet __wbg_ptr=2**32+8', () => forge(2 ** 32 + 8)], ["forged EventSet __wbg_ptr='16'", () => forge('16')],
      ['forged EventSet with a live set\'s __wbg_ptr', () => forge(live.__wbg_ptr)],
      ['plain {__wbg_ptr: 123}', () => ({ __wbg_ptr: 123 })],
      ['plain {__wbg_ptr: <live ptr>}', () => ({ __wbg_ptr: live.__wbg_ptr })],
      ['Object.create(EventSet.prototype)', () => Object.create(P)],
      ['new EventSet()', () => { try { return new m.EventSet(); } catch { return Object.create(P); } }],
      ['a ReportingClient where a set goes', () => clients[0] ?? {}],
      ['Proxy(live EventSet)', () => new Proxy(live, {})],
      ['Proxy(live EventSet), every trap throws', () => new Proxy(live, allTraps('set trap'))],
      ['revoked Proxy(EventSet)', () => revoked(live)],
      ['array of plain events', () => JSON.parse(smallBody)],
      ['array of events, one field hostile', () => { const a = JSON.parse(smallBody); a[int(a.length)][pick(Object.keys(a[0]))] = hv()[1]; return a; }],
      ['array with a Proxy event', () => [new Proxy(smallEvents[0], allTraps('event trap'))]],
      ['array with a getter that frees a live set', () => { const a = JSON.parse(smallBody); Object.defineProperty(a, 0, { get: () => { try { live.free(); } catch { /* */ } return smallEvents[0]; }, enumerable: true }); return a; }],
    ]);
    return [d, make()];
  };
  const clientLike = () => {
    const r = rng();
    if (r < 0.6 && clients.length) return ['a live ReportingClient', pick(clients)];
    if (r < 0.75 && freedClients.length) return ['a freed ReportingClient', pick(freedClients)];
    const CP = m.ReportingClient.prototype;
    const [d, make] = pick([
      ['forged ReportingClient __wbg_ptr=8', () => Object.assign(Object.create(CP), { __wbg_ptr: 8 })],
      ['forged ReportingClient with a live client\'s __wbg_ptr', () => Object.assign(Object.create(CP), { __wbg_ptr: clients[0]?.__wbg_ptr ?? 16 })],
      ['an EventSet where a client goes', () => (sets[0] ?? {})],
      ['plain {}', () => ({})],
    ]);
    return [d, make()];
  };

  // working hours
  const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
  const validHours = () => ({
    timezone: pick(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']),
    weekly: Object.fromEntries(DAYS.filter(() => chance(0.6)).map((d) => [d, [[pick(['09:00', '22:00', '00:00']), pick(['17:00', '06:00', '24:00'])]]])),
    ...(chance(0.3) ? { holidays: ['2026-04-03'] } : {}),
  });
  const hoursValue = (forSet) => {
    const r = rng();
    if (r < 0.35) return ['valid WorkingHours', validHours()];
    if (r < 0.5) {
      const h = validHours();
      const k = pick(['timezone', 'weekly', 'holidays']);
      const [d, v] = k === 'weekly' ? pick([['weekly with a hostile day', { mon: hv()[1] }], ['weekly with a hostile window', { mon: [[hv()[1], '17:00']] }], ["weekly {monday: …}", { monday: [['09:00', '17:00']] }], ['hostile weekly', hv()[1]]]) : hv();
      h[k] = v;
      return harden([`WorkingHours with ${k}: ${d}`, h]);
    }
    if (r < 0.85) {
      return pick([
        ['fn → valid hours', () => validHours()],
        ['fn → null', () => null],
        ['fn that throws an Error', thrower('hours fn')],
        ['fn that throws 42', () => { throw 42; }], // eslint-disable-line no-throw-literal
        ['fn that throws a ReportingError', () => { throw new m.ReportingError('invalid_argument', 'from the callback'); }],
        ['fn → hostile value', () => hv()[1]],
        ['fn → a Promise', async () => validHours()],
        ['fn that frees the set it works on', () => { try { forSet?.free?.(); } catch { /* */ } return validHours(); }],
        ['fn that frees every live set', () => { for (const s of sets.splice(0)) { try { s.free(); } catch { /* */ } freedSets.push(s); } return validHours(); }],
        ['fn that parses and summarizes (re-entrant)', () => { const s = m.parseEvents(smallBody); m.summarize(s); s.free(); return validHours(); }],
        ['fn that re-enters withWorkingHours on the same set', () => { try { m.withWorkingHours(forSet, validHours()).free(); } catch { /* */ } return validHours(); }],
      ]);
    }
    return hv();
  };

  // callbacks for client calls
  const progressFn = (client) => pick([
    ['onProgress recorder', () => {}],
    ['onProgress that throws', thrower('progress')],
    ['onProgress that frees its client', () => { try { client.free?.(); } catch { /* */ } }],
    ['onProgress that parses (re-entrant)', () => { try { m.parseEvents(smallBody).free(); } catch { /* */ } }],
    ['onProgress: hostile value', hv()[1]],
  ]);

  // --- the targets ------------------------------------------------------------------------
  const parseSchema = { mode: () => pick([["'strict'", 'strict'], ["'lenient'", 'lenient']]), accountId: () => ['1', 1], maxBytes: () => pick([['1e6', 1e6], ['10', 10]]) };
  const summarySchema = {
    businessHours: () => ['true', true],
    sla: () => pick([['{firstResponse: 3600}', { firstResponse: 3600 }], ['{resolution: 1e300}', { resolution: 1e300 }], ['{replyTime: -1}', { replyTime: -1 }], ['{firstRespons: 1}', { firstRespons: 1 }]]),
    since: () => ['1775000000', 1775000000], until: () => ['1776000000', 1776000000],
    workingHours: () => hoursValue(null),
  };
  const rowSchema = {
    businessHours: () => ['true', true], sortBy: () => pick([["'firstResponse'", 'firstResponse'], ["'conversationId'", 'conversationId']]),
    order: () => pick([["'asc'", 'asc'], ["'desc'", 'desc']]), limit: () => pick([['5', 5], ['0', 0]]),
  };
  const seriesSchema = {
    metric: () => pick(['avg_first_response_time', 'avg_resolution_time', 'reply_time', 'resolutions_count', 'bot_resolutions_count', 'bot_handoffs_count'].map((x) => [`'${x}'`, x])),
    groupBy: () => pick(['hour', 'day', 'week', 'month', 'year'].map((x) => [`'${x}'`, x])),
    timezone: () => pick([['5.5', 5.5], ["'Europe/Berlin'", 'Europe/Berlin'], ["'Mars/Olympus'", 'Mars/Olympus'], ['-12', -12], ['14.75', 14.75]]),
    weekStart: () => ["'monday'", 'monday'], since: () => ['1775000000', 1775000000], until: () => ['1775600000', 1775600000],
    businessHours: () => ['true', true], stat: () => pick(['mean', 'median', 'p90', 'p95', 'p99'].map((x) => [`'${x}'`, x])),
  };
  const filterSchema = {
    names: () => pick([["['first_response']", ['first_response']], ['[hostile]', [hv()[1]]]]),
    conversationIds: () => pick([['[1001]', [1001]], ['[1,,3]', [1, , 3]], ['ids with a throwing getter', Object.defineProperty([1, 2], 0, { get: thrower('id getter') })], ['Proxy ids', new Proxy([1, 2], { get: (t, k) => (k === 'length' ? 3 : Reflect.get(t, k)) })], ['revoked ids', revoked([1])]]), // eslint-disable-line no-sparse-arrays
    inboxIds: () => pick([['[null, 1]', [null, 1]], ['[NaN]', [NaN]]]), userIds: () => pick([['[null]', [null]], ['[1e300]', [1e300]]]),
    since: () => ['1775000000', 1775000000], until: () => ['1776000000', 1776000000],
  };
  const clientSchema = () => ({
    baseUrl: () => (chance(0.8) ? ['apiBase', apiBase] : pick([["'http://127.evil.example'", 'http://127.evil.example'], ["'/\\\\127.0.0.1:9'", '/\\127.0.0.1:9'], ["'javascript:alert(1)'", 'javascript:alert(1)'], ["'https://['", 'https://['], ["'http://127.0.0.1:1'", 'http://127.0.0.1:1'], ["''", '']])),
    accountId: () => ['1', 1],
    apiAccessToken: () => (chance(0.85) ? ['the token', token] : pick([["'a b'", 'a b'], ["'tök'", 'tök'], ["'x\\0y'", 'x\0y'], ["''", '']])),
    timeoutMs: () => pick([['1500', 1500], ['1', 1]]), retries: () => pick([['0', 0], ['1', 1]]),
    concurrency: () => pick([['2', 2], ['6', 6]]), maxBytes: () => pick([['1e6', 1e6], ['100', 100]]),
  });
  const newClient = () => {
    const schema = clientSchema();
    // The required keys are there most of the time, so that calls get made.
    const o = {};
    const parts = [];
    for (const [k, valid] of Object.entries(schema)) {
      const required = ['baseUrl', 'accountId', 'apiAccessToken'].includes(k);
      if (!required && !chance(0.4)) continue;
      const [d, v] = (required ? chance(0.92) : chance(0.6)) ? valid() : hv();
      o[k] = v;
      parts.push(`${k}: ${d}`);
    }
    return chance(0.08) ? hv() : harden([`{${parts.join(', ')}}`, o]);
  };
  const callOptions = (client, extra = {}) => {
    if (chance(0.06)) return [hv(), null];
    const controller = new AbortController();
    const o = {};
    const parts = [];
    const r = rng();
    if (r < 0.85) { o.signal = controller.signal; parts.push('signal'); } else if (r < 0.92) { o.signal = AbortSignal.abort(); parts.push('an aborted signal'); } else { const [d, v] = hv(); o.signal = v; parts.push(`signal: ${d}`); }
    if (chance(0.3)) { const [d, v] = chance(0.7) ? pick([["'strict'", 'strict'], ["'lenient'", 'lenient']]) : hv(); o.mode = v; parts.push(`mode: ${d}`); }
    if (chance(0.4)) { const [d, v] = progressFn(client); o.onProgress = v; parts.push(d); }
    for (const [k, valid] of Object.entries(extra)) {
      if (!chance(0.35)) continue;
      const [d, v] = chance(0.5) ? valid() : hv();
      o[k] = v;
      parts.push(`${k}: ${d}`);
    }
    if (chance(0.05)) { o.sinse = 1; parts.push('unknown key sinse'); }
    return [[`{${parts.join(', ')}}`, o], controller];
  };
  const idList = () => pick([
    ['[1..5]', () => [1, 2, 3, 4, 5]], ['[]', () => []], ['[1,,3]', () => [1, , 3]], // eslint-disable-line no-sparse-arrays
    ['ids with a throwing getter', () => Object.defineProperty([1, 2, 3], 1, { get: thrower('id getter'), enumerable: true })],
    ['Proxy of ids, length 3, throwing index', () => new Proxy([1, 2, 3], { get: (t, k) => (k === '1' ? (() => { throw new Error('hostile id'); })() : Reflect.get(t, k)) })],
    ['revoked Proxy of ids', () => revoked([1, 2])], ['[1.5, NaN]', () => [1.5, NaN]], ['[1e300]', () => [1e300]],
    ['[9007199254740993]', () => [2 ** 53 + 2]], ['hostile', () => hv()[1]],
  ]);

  const callOn = (thisArg, fn, args) => Reflect.apply(fn, thisArg, args);
  const getter = (name) => Object.getOwnPropertyDescriptor(P, name)?.get;

  const targets = [
    [10, 'parseEvents', () => { const b = bodyValue(); const o = options(parseSchema); return [[b, o], () => m.parseEvents(b[1], o[1]), (r) => keepSet(r)]; }],
    [5, 'validateEvents', () => { const b = bodyValue(); const o = options(parseSchema); return [[b, o], () => m.validateEvents(b[1], o[1])]; }],
    [8, 'summarize', () => { const s = setLike(); const o = options(summarySchema); return [[s, o], () => m.summarize(s[1], o[1])]; }],
    [4, 'conversationRows', () => { const s = setLike(); const o = options(rowSchema); return [[s, o], () => m.conversationRows(s[1], o[1])]; }],
    [3, 'conversationsCsv', () => { const s = setLike(); const o = options(rowSchema); return [[s, o], () => m.conversationsCsv(s[1], o[1])]; }],
    [6, 'timeseries', () => { const s = setLike(); const o = options(seriesSchema); return [[s, o], () => m.timeseries(s[1], o[1])]; }],
    [5, 'withWorkingHours', () => { const s = setLike(); const h = hoursValue(s[1]); return [[s, h], () => m.withWorkingHours(s[1], h[1]), (r) => keepSet(r)]; }],
    [4, 'businessSeconds', () => { const a = num(1775000000); const b = num(1775600000); const h = hoursValue(null); return [[a, b, h], () => m.businessSeconds(a[1], b[1], h[1])]; }],
    [3, 'fromChatwootInbox', () => {
      const inbox = { working_hours_enabled: true, timezone: 'UTC', working_hours: [0, 1, 2, 3, 4, 5, 6].map((d) => ({ day_of_week: d, closed_all_day: false, open_all_day: false, open_hour: 9, open_minutes: 0, close_hour: 17, close_minutes: 0 })) };
      const k = pick(['working_hours_enabled', 'timezone', 'working_hours', 'entry', 'none']);
      let d = 'a valid inbox';
      if (k === 'entry') { const [dd, v] = hv(); inbox.working_hours[int(7)][pick(['day_of_week', 'open_hour', 'close_minutes', 'closed_all_day'])] = v; d = `inbox with a hostile hour: ${dd}`; }
      else if (k !== 'none') { const [dd, v] = hv(); inbox[k] = v; d = `inbox with ${k}: ${dd}`; }
      const i = chance(0.1) ? hv() : harden([d, inbox]);
      return [[i], () => m.fromChatwootInbox(i[1])];
    }],
    [3, 'formatDuration', () => { const a = chance(0.7) ? pick(NUMS) : hv(); const s = chance(0.6) ? pick([["'chatwoot'", 'chatwoot'], ["'compact'", 'compact'], ["'report'", 'report'], ['undefined', undefined]]) : hv(); return [[a, s], () => m.formatDuration(a[1], s[1])]; }],
    [2, 'summaryTable', () => {
      let s;
      if (chance(0.5)) { const set = smallSet(); try { s = ['a real summary', m.summarize(set)]; } catch { s = ['{}', {}]; } if (chance(0.5)) { const [d, v] = hv(); s[1][pick(['firstResponse', 'resolution', 'reopensCount'])] = v; s[0] += ` with a field: ${d}`; } } else s = hv();
      const st = chance(0.7) ? ["'compact'", 'compact'] : hv();
      return [[s, st], () => m.summaryTable(s[1], st[1])];
    }],
    [12, 'EventSet methods', () => {
      const t = setLike();
      const which = pick(['length', 'issues', 'toArray', 'toJSON', 'filter', 'concat', 'concat', 'free', 'JSON.stringify', 'length']);
      if (which === 'length' || which === 'issues') return [[t], () => (Object.prototype.hasOwnProperty.call(P, which) ? callOn(t[1], getter(which), []) : t[1][which]), null, `EventSet.${which}`];
      // JSON.stringify itself throws for a revoked Proxy, before any code of the package runs.
      if (which === 'JSON.stringify' && (t[0] === 'a live EventSet' || t[0] === 'a freed EventSet')) return [[t], () => JSON.stringify(t[1]), null, 'JSON.stringify(EventSet)'];
      if (which === 'JSON.stringify') return [[t], () => callOn(t[1], P.toJSON, []), null, 'EventSet.toJSON'];
      if (which === 'filter') { const c = options(filterSchema); return [[t, c], () => callOn(t[1], P.filter, [c[1]]), (r) => keepSet(r), 'EventSet.filter']; }
      if (which === 'concat') { const others = Array.from({ length: int(4) }, () => (chance(0.7) ? setLike() : hv())); return [[t, ...others], () => callOn(t[1], P.concat, others.map((o) => o[1])), (r) => keepSet(r), 'EventSet.concat']; }
      if (which === 'free') {
        // Free a live set rarely (the pool would drain), freed and forged ones freely.
        if (t[0] === 'a live EventSet' && !chance(0.1)) return [[t], () => t[1].length, null, 'EventSet.length'];
        return [[t], () => { callOn(t[1], P.free, []); if (t[0] === 'a live EventSet') { sets.splice(sets.indexOf(t[1]), 1); freedSets.push(t[1]); } }, null, 'EventSet.free'];
      }
      return [[t], () => callOn(t[1], P[which], []), null, `EventSet.${which}`];
    }],
    [4, 'new ReportingClient', () => { const o = newClient(); return [[o], () => new m.ReportingClient(o[1]), (r) => keepClient(r)]; }],
    [5, 'ReportingClient methods', () => {
      const c = clientLike();
      const CP = m.ReportingClient.prototype;
      const which = pick(['conversationEvents', 'conversationsEvents', 'accountEvents', 'inboxes', 'toString', 'toJSON', 'free']);
      if (which === 'toString' || which === 'toJSON') return [[c], () => callOn(c[1], CP[which], []), null, `ReportingClient.${which}`];
      if (which === 'free') {
        if (c[0] === 'a live ReportingClient' && !chance(0.2)) return [[c], () => String(c[1]), null, 'ReportingClient.toString'];
        return [[c], () => { callOn(c[1], CP.free, []); if (c[0] === 'a live ReportingClient') { clients.splice(clients.indexOf(c[1]), 1); freedClients.push(c[1]); } }, null, 'ReportingClient.free'];
      }
      const extra = which === 'accountEvents' ? { since: () => ['1775000000', 1775000000], until: () => ['1776000000', 1776000000], inboxId: () => ['1', 1], userId: () => ['1', 1], name: () => ["'first_response'", 'first_response'] } : {};
      const [o, controller] = callOptions(c[1], extra);
      if (controller) controllers.push(controller);
      if (which === 'conversationEvents') { const id = num(1 + int(30)); return [[c, id, o], () => callOn(c[1], CP.conversationEvents, [id[1], o[1]]), null, `ReportingClient.${which}`, controller]; }
      if (which === 'conversationsEvents') { const [d, make] = idList(); const ids = [d, make()]; return [[c, ids, o], () => callOn(c[1], CP.conversationsEvents, [ids[1], o[1]]), null, `ReportingClient.${which}`, controller]; }
      return [[c, o], () => callOn(c[1], CP[which], [o[1]]), null, `ReportingClient.${which}`, controller];
    }],
    [0.5, 'init', () => { const a = chance(0.5) ? ['undefined', undefined] : hv(); return [[a], () => m.init(a[1])]; }],
  ];
  // Exports and EventSet methods this fuzzer does not know (added later): random arguments.
  const unknownExports = Object.keys(m).filter((k) => !KNOWN_EXPORTS.has(k) && typeof m[k] === 'function');
  for (const k of unknownExports) {
    targets.push([1, k, () => { const args = Array.from({ length: int(4) }, () => (chance(0.5) ? pick([setLike, bodyValue, hv])() : hv())); return [args, () => m[k](...args.map((a) => a[1]))]; }]);
  }
  const unknownMethods = Object.getOwnPropertyNames(P).filter((k) => !KNOWN_SET_METHODS.has(k) && !k.startsWith('_') && typeof Object.getOwnPropertyDescriptor(P, k).value === 'function');
  for (const k of unknownMethods) {
    targets.push([1, `EventSet.${k}`, () => { const t = setLike(); const args = Array.from({ length: int(3) }, hv); return [[t, ...args], () => callOn(t[1], P[k], args.map((a) => a[1]))]; }]);
  }
  report.unknownExports = unknownExports;
  report.unknownMethods = unknownMethods;
  const totalWeight = targets.reduce((s, t) => s + t[0], 0);
  const pickTarget = () => {
    let r = rng() * totalWeight;
    for (const t of targets) { r -= t[0]; if (r < 0) return t; }
    return targets[0];
  };

  // --- the loop ---------------------------------------------------------------------------
  const deadline = now() + seconds * 1000;
  let sinceTick = 0;
  while (now() < deadline) {
    let [, name, make] = pickTarget();
    if (name === 'ReportingClient methods' && pending.size >= 24) [, name, make] = targets[0];
    let made;
    try {
      made = make();
    } catch (e) {
      report.notes.push(`the fuzzer could not build arguments for ${name}: ${describeThrown(e)}`);
      continue;
    }
    const [args, call, keep, fnName = name, controller] = made;
    const desc = args.map((a) => (Array.isArray(a) && typeof a[0] === 'string' ? a[0] : '?')).join(' | ');
    report.calls++;
    let result;
    try {
      result = call();
    } catch (e) {
      judge(fnName, desc, e);
      noteGrowth(fnName, desc, report.calls);
      continue;
    }
    noteGrowth(fnName, desc, report.calls);
    if (result && typeof result.then === 'function') {
      report.asyncCalls++;
      const entry = { fnName, desc, controller, call: report.calls, at: now() };
      pending.add(entry);
      Promise.resolve(result).then(
        (v) => { pending.delete(entry); report.okCalls++; noteGrowth(fnName, `${desc} (settled)`, entry.call); try { if (v?.events instanceof m.EventSet) v.events.free(); else if (v instanceof m.EventSet) v.free(); } catch (e) { fail('freeing a result threw', fnName, desc, describeThrown(e)); } },
        (e) => { pending.delete(entry); judge(fnName, desc, e); noteGrowth(fnName, `${desc} (settled)`, entry.call); },
      );
    } else {
      report.okCalls++;
      try { keep?.(result); } catch (e) { fail('keeping a result threw', fnName, desc, describeThrown(e)); }
    }
    if (++sinceTick >= 100) { sinceTick = 0; await tick(); }
  }

  // --- settle everything ----------------------------------------------------------------
  for (const c of controllers) c.abort();
  const settleBy = now() + 10000;
  while (pending.size && now() < settleBy) await new Promise((r) => setTimeout(r, 50));
  for (const p of pending) {
    if (p.controller) fail('promise never settled after its signal was aborted', p.fnName, p.desc, `call #${p.call}`);
    else report.notes.push(`still pending without an abortable signal: ${p.fnName} (${p.desc})`);
  }
  await tick();
  if (proc?.off) { proc.off('unhandledRejection', onRejection); proc.off('uncaughtException', onError); }
  else { globalThis.removeEventListener?.('unhandledrejection', onRejection); globalThis.removeEventListener?.('error', onError); }
  for (const s of stray) fail('escaped', 'async', '', s);

  // --- the same instance still works ------------------------------------------------------
  for (const s of sets) { try { s.free(); } catch { /* judged during the run */ } }
  for (const c of clients) { try { c.free?.(); } catch { /* judged during the run */ } }
  try {
    const after = canon();
    report.sameFigures = after === expected;
    if (!report.sameFigures) {
      let at = 0;
      while (at < after.length && after[at] === expected[at]) at++;
      report.figuresDiff = { at, expected: expected.slice(Math.max(0, at - 80), at + 120), got: after.slice(Math.max(0, at - 80), at + 120) };
    }
    report.canonMsAfter = timeCanon();
  } catch (e) {
    report.sameFigures = false;
    report.finalError = describeThrown(e);
  }
  report.memoryAfter = memory();
  return report;
}
