// The connect form (a modal <dialog> in index.html): which Chatwoot, which account, which
// token, and whether events come from the account-wide list or per conversation. Or a
// saved JSON file instead. The token stays in memory unless "remember" is ticked.
import { $, h, replace } from './dom.js';
import { parseDisplayIds } from './state.js';

/**
 * Wires the form. Returns {open(conn, serverInfo)}.
 * @param {{onSubmit: (conn) => void, onFile: (file: File) => void}} o
 */
export function setupConnect({ onSubmit, onFile }) {
  const dialog = $('#connect-dialog');
  const form = $('#connect-form');
  const f = form.elements;
  const errorBox = $('#connect-errors');
  const tokenToggle = $('#token-toggle');

  const selfLabel = $('#target-self-label');

  function syncEnabled() {
    const url = f.target.value === 'url';
    f.baseUrl.disabled = !url;
    f.baseUrl.required = url;
    $('#base-url-row').hidden = !url;
    $('#display-ids-row').hidden = f.source.value !== 'conversations';
  }
  form.addEventListener('change', syncEnabled);

  tokenToggle.addEventListener('click', () => {
    const show = f.token.type === 'password';
    f.token.type = show ? 'text' : 'password';
    tokenToggle.setAttribute('aria-pressed', String(show));
    tokenToggle.textContent = show ? 'Hide' : 'Show';
  });

  $('#connect-cancel').addEventListener('click', () => dialog.close());

  $('#file-input').addEventListener('change', (e) => {
    const file = e.target.files?.[0];
    if (!file) return;
    dialog.close();
    onFile(file);
    e.target.value = '';
  });

  function fieldError(input, message) {
    input.setAttribute('aria-invalid', 'true');
    return { input, message };
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
    const problems = [];
    const conn = {
      target: f.target.value, baseUrl: f.baseUrl.value.trim(), accountId: Number(f.accountId.value),
      token: f.token.value.trim(), source: f.source.value, displayIds: f.displayIds.value.trim(),
      linkBase: f.linkBase.value.trim(), timeoutSeconds: Number(f.timeoutSeconds.value) || 30, remember: f.remember.checked,
    };
    if (conn.target === 'url') {
      let u = null;
      try {
        u = new URL(conn.baseUrl);
      } catch {
        problems.push(fieldError(f.baseUrl, 'Enter Chatwoot\'s address, e.g. https://app.chatwoot.com.'));
      }
      if (u) {
        const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname) || u.hostname.endsWith('.localhost');
        if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
          problems.push(fieldError(f.baseUrl, 'Use https:// (plain http only for localhost), so the token is not sent in clear text.'));
        } else {
          // A pasted address of a page in Chatwoot (…/app/accounts/1/…) means its origin.
          conn.baseUrl = u.pathname.startsWith('/app/') ? u.origin : `${u.origin}${u.pathname}`.replace(/\/+$/, '');
        }
      }
    }
    if (!Number.isInteger(conn.accountId) || conn.accountId < 1) problems.push(fieldError(f.accountId, 'The account id is a whole number, like 1.'));
    if (!conn.token) problems.push(fieldError(f.token, 'Enter an access token.'));
    if (conn.source === 'conversations') {
      try {
        parseDisplayIds(conn.displayIds);
      } catch (err) {
        problems.push(fieldError(f.displayIds, err.message));
      }
    }
    if (conn.linkBase) {
      try {
        conn.linkBase = new URL(conn.linkBase).origin;
      } catch {
        problems.push(fieldError(f.linkBase, 'The address for links is a URL like https://app.chatwoot.com.'));
      }
    }
    if (problems.length) {
      replace(errorBox, h('p', { text: 'Please correct:' }), h('ul', {}, problems.map((p) => h('li', { text: p.message }))));
      errorBox.hidden = false;
      problems[0].input.focus();
      return;
    }
    errorBox.hidden = true;
    dialog.close();
    onSubmit(conn);
  });

  return {
    open(conn, serverInfo) {
      f.target.value = conn.target;
      f.baseUrl.value = conn.baseUrl;
      f.accountId.value = String(conn.accountId);
      f.token.value = conn.token;
      f.token.type = 'password';
      tokenToggle.setAttribute('aria-pressed', 'false');
      tokenToggle.textContent = 'Show';
      f.source.value = conn.source;
      f.displayIds.value = conn.displayIds;
      f.linkBase.value = conn.linkBase;
      f.timeoutSeconds.value = String(conn.timeoutSeconds);
      f.remember.checked = conn.remember;
      selfLabel.textContent = serverInfo?.mode === 'proxy'
        ? `This server (${location.host}), which forwards to a real Chatwoot`
        : serverInfo?.mode === 'local'
          ? `This server (${location.host}): the local stand-in with simulated data`
          : `This server (${location.host})`;
      errorBox.hidden = true;
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      syncEnabled();
      dialog.showModal();
    },
  };
}
