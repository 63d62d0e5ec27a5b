// `chatwoot-reporting/arrow`: an EventSet as an Arrow IPC stream, for DuckDB, Polars,
// pandas and any other Arrow reader. apache-arrow is a peer dependency, imported only by
// this entry point, so the core package does not grow for those who never use it.
//
// Built from `set.toColumns()` (typed arrays straight out of wasm memory), never from
// per-event objects: each Arrow buffer is a typed array filled in one pass.
import {
  Dictionary, Field, Float64, Int32, Int64, RecordBatch, Schema, Struct, Table,
  TimestampMillisecond, Utf8, makeData, tableToIPC, vectorFromArray,
} from 'apache-arrow';
import { EventSet, ReportingError } from './api.js';

const TWO_32 = 4294967296;

/**
 * The validity bitmap of `values` (bit set = not null, least significant bit first, as
 * Arrow lays it out), or null when nothing is null; with the count of nulls.
 */
function validity(values) {
  const n = values.length;
  let nulls = 0;
  for (let i = 0; i < n; i++) if (values[i] !== values[i]) nulls++;
  if (nulls === 0) return [null, 0];
  const bits = new Uint8Array(((n + 63) >> 6) << 3); // padded to 8 bytes, as Arrow likes
  for (let i = 0; i < n; i++) {
    if (values[i] === values[i]) bits[i >> 3] |= 1 << (i & 7);
  }
  return [bits, nulls];
}

/**
 * A Float64Array of whole numbers below 2^53 (ids, epoch ms; NaN for null) as the
 * BigInt64Array Arrow's 64-bit types hold, written as two 32-bit words per entry (no
 * BigInt per value: ~10× faster). Little-endian, as Arrow's IPC format is by default and
 * every engine that runs this package is.
 */
function int64(values) {
  const out = new BigInt64Array(values.length);
  const words = new Int32Array(out.buffer);
  for (let i = 0, w = 0; i < values.length; i++, w += 2) {
    const x = values[i];
    if (x !== x) continue; // null: 0, masked by the validity bitmap
    const hi = Math.floor(x / TWO_32);
    words[w] = x - hi * TWO_32; // 0 ≤ low word < 2^32, stored as its 32 bits
    words[w + 1] = hi;
  }
  return out;
}

/** One column's Arrow data: `type`, `values` (NaN = null) converted by `convert`. */
function column(type, values, convert) {
  const [nullBitmap, nullCount] = validity(values);
  return makeData({ type, length: values.length, nullCount, nullBitmap, data: convert ? convert(values) : values });
}

/**
 * The events as an Arrow IPC stream (one record batch) with Chatwoot's field names and
 * order: `id`, `account_id`, `inbox_id`, `user_id`, `conversation_id` as int64; `name` as
 * a dictionary of utf8 (int32 indices; the table is the set's name table, so codes 0–7
 * are Chatwoot's eight names); `value`, `value_in_business_hours` as float64 seconds;
 * `event_start_time`, `event_end_time`, `created_at`, `updated_at` as timestamp[ms, UTC].
 * Nulls are Arrow nulls; the fields Chatwoot never leaves null are declared not nullable.
 * Throws ReportingError('invalid_argument') for anything but a live EventSet.
 */
export function toArrow(set) {
  let c;
  try {
    c = EventSet.prototype.toColumns.call(set);
  } catch (e) {
    if (e instanceof ReportingError) throw e;
    throw new ReportingError('invalid_argument', 'toArrow takes an EventSet of chatwoot-reporting.', { cause: e });
  }
  const time = new TimestampMillisecond('UTC');
  const names = vectorFromArray(c.names, new Utf8());
  const nameType = new Dictionary(new Utf8(), new Int32());
  // Codes are below 2^31 (the table is far smaller), so the Uint32Array's own buffer
  // reads as the Int32Array indices Arrow expects.
  const name = makeData({ type: nameType, length: c.length, nullCount: 0, data: new Int32Array(c.name.buffer), dictionary: names });
  const columns = [
    ['id', new Int64(), c.id, int64, false],
    ['name', nameType, null, null, false, name],
    ['value', new Float64(), c.value, null, false],
    ['value_in_business_hours', new Float64(), c.valueInBusinessHours, null, true],
    ['event_start_time', time, c.eventStartTime, int64, true],
    ['event_end_time', time, c.eventEndTime, int64, true],
    ['account_id', new Int64(), c.accountId, int64, false],
    ['inbox_id', new Int64(), c.inboxId, int64, true],
    ['user_id', new Int64(), c.userId, int64, true],
    ['conversation_id', new Int64(), c.conversationId, int64, true],
    ['created_at', time, c.createdAt, int64, false],
    ['updated_at', time, c.updatedAt, int64, false],
  ];
  const fields = columns.map(([key, type, , , nullable]) => new Field(key, type, nullable));
  const children = columns.map(([, type, values, convert, , data]) => data ?? column(type, values, convert));
  const schema = new Schema(fields);
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: c.length, nullCount: 0, children }));
  return tableToIPC(new Table(schema, [batch]), 'stream');
}
