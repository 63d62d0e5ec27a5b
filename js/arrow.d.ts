// Declarations of `chatwoot-reporting/arrow` (js/arrow.js). Needs the peer dependency
// apache-arrow at run time; these declarations do not.
import type { EventSet } from './index.js';

/**
 * The events as an Arrow IPC **stream** (one record batch), built from
 * {@link EventSet.toColumns} with Chatwoot's field names and order: `id`, `name`, `value`,
 * `value_in_business_hours`, `event_start_time`, `event_end_time`, `account_id`,
 * `inbox_id`, `user_id`, `conversation_id`, `created_at`, `updated_at`.
 *
 * Types: ids int64; `name` dictionary<int32, utf8> (the set's name table, so codes 0–7 are
 * Chatwoot's eight names); `value` and `value_in_business_hours` float64 seconds; the
 * four times timestamp[ms, UTC]. Nulls are Arrow nulls; `id`, `name`, `value`,
 * `account_id`, `created_at` and `updated_at` are declared not nullable.
 *
 * DuckDB (duckdb-wasm's `insertArrowFromIPCStream`, or the `nanoarrow` extension's
 * `read_arrow` on a `.arrows` file), Polars (`pl.read_ipc_stream`) and pandas
 * (`pyarrow.ipc.open_stream(...).read_pandas()`) read it. Throws `ReportingError`
 * (`invalid_argument`) for anything but a live EventSet.
 */
export function toArrow(set: EventSet): Uint8Array;
