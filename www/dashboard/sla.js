// Service levels: the settings dialog's targets (first response, resolution, reply; saved
// with the view) and the SLA curve: the share met at each threshold of a ladder, with the
// user's target marked.
import { $, h, replace } from './dom.js';
import { count, duration, percent } from './format.js';
import { SLA_KEYS } from './state.js';

/** The largest unit (days, hours, minutes) that states `seconds` as a whole or short number. */
function unitOf(seconds) {
  if (seconds % 86400 === 0) return 86400;
  if (seconds % 3600 === 0 || seconds >= 3 * 3600) return 3600;
  return 60;
}

/**
 * Wires the SLA part of the settings form: `fill(sla)` writes targets into it, `read()`
 * gives {sla} or {problems: [{input, message}]}.
 */
export function slaForm() {
  return {
    fill(sla) {
      for (const k of SLA_KEYS) {
        const input = $(`#sla-${k}`);
        const unit = $(`#sla-${k}-unit`);
        input.removeAttribute('aria-invalid');
        if (sla[k]) {
          const u = unitOf(sla[k]);
          unit.value = String(u);
          input.value = String(Math.round((sla[k] / u) * 100) / 100);
        } else input.value = '';
      }
    },
    read() {
      const sla = {};
      const problems = [];
      for (const k of SLA_KEYS) {
        const input = $(`#sla-${k}`);
        input.removeAttribute('aria-invalid');
        const text = input.value.trim();
        if (!text) {
          sla[k] = null;
          continue;
        }
        const v = Number(text);
        if (!Number.isFinite(v) || v <= 0) {
          input.setAttribute('aria-invalid', 'true');
          problems.push({ input, message: `${input.labels[0].textContent}: a positive number, or empty for no target.` });
          continue;
        }
        sla[k] = Math.round(v * Number($(`#sla-${k}-unit`).value));
      }
      return problems.length ? { problems } : { sla };
    },
  };
}

const CURVE_LABEL = { firstResponse: 'first responses', resolution: 'resolutions', replyTime: 'replies' };

/**
 * The SLA curve as bars: at each threshold, the share of events at or under it. The
 * user's target for that figure, when set, is marked (and added to the ladder).
 */
export function renderCurve(list, note, curve, target) {
  const points = curve?.points ?? [];
  const total = points[0]?.total ?? 0;
  note.textContent = total
    ? `Share of ${count(total)} ${CURVE_LABEL[curve.metric]} done within each time${curve.businessHours ? ' (business hours)' : ''}.${target ? ` Your target: ${duration(target)}.` : ''}`
    : `No ${CURVE_LABEL[curve?.metric ?? 'firstResponse']} in this range.`;
  replace(list, points.map((p) => {
    const fill = h('span', { class: 'dist-fill' });
    fill.style.width = `${(p.share ?? 0) * 100}%`;
    const isTarget = target && p.threshold === target;
    return h('li', { class: isTarget ? 'target' : '', data: { threshold: String(p.threshold), share: String(p.share ?? ''), met: String(p.met) } },
      h('span', { class: 'dist-label', text: `≤ ${duration(p.threshold)}${isTarget ? ' (target)' : ''}` }),
      h('span', { class: 'dist-bar', attrs: { 'aria-hidden': 'true' } }, fill),
      h('span', { class: 'dist-value', text: `${percent(p.share)} (${count(p.met)})` }));
  }));
}
