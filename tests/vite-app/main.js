// A tiny app a dashboard author would write, built with `vite build` in the tests.
import { init, parseEvents, summarize, formatDuration } from 'chatwoot-reporting';

const body = '[{"id":1,"name":"first_response","value":125.0,"value_in_business_hours":125.0,' +
  '"event_start_time":"2026-04-07T14:00:00.000Z","event_end_time":"2026-04-07T14:02:05.000Z",' +
  '"account_id":1,"inbox_id":1,"user_id":1,"conversation_id":9,' +
  '"created_at":"2026-04-07T14:02:06.000Z","updated_at":"2026-04-07T14:02:06.000Z"}]';

await init();
const summary = summarize(parseEvents(body));
document.querySelector('#out').textContent = formatDuration(summary.firstResponse.median);
