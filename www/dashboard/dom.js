// DOM helpers. Every string that may come from a server (names, messages, ids) goes into
// the page through textContent or attributes set with setAttribute, never as HTML.

/** `document.querySelector`, throwing a clear error when the page's markup lacks it. */
export function $(selector, root = document) {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`The page has no element ${selector}`);
  return found;
}

/**
 * Creates an element. `props`: `class`, `text` (textContent), `attrs` (setAttribute),
 * `data` (dataset), `on` (event listeners); any other key is assigned as a property.
 * Children are nodes or strings (strings become text nodes).
 */
export function h(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props ?? {})) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = String(v);
    else if (k === 'attrs') for (const [a, av] of Object.entries(v)) { if (av !== undefined && av !== null && av !== false) e.setAttribute(a, String(av)); }
    else if (k === 'data') Object.assign(e.dataset, v);
    else if (k === 'on') for (const [ev, fn] of Object.entries(v)) e.addEventListener(ev, fn);
    else e[k] = v;
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** Replaces all children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== undefined && c !== null && c !== false));
}

/** Text only screen readers get (see .visually-hidden in demo.css). */
export const srOnly = (text) => h('span', { class: 'visually-hidden', text });
