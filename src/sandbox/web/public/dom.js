// A tiny element builder. Text always goes in through text nodes, never through innerHTML.

/**
 * @typedef {Node | string | number | null | undefined | false | Child[]} Child
 * @typedef {{
 *   className?: string,
 *   attrs?: Record<string, string | undefined>,
 *   data?: Record<string, string | undefined>,
 *   on?: Record<string, (event: Event) => void>,
 *   props?: Record<string, unknown>,
 * }} Options
 */

/**
 * @param {Node} parent
 * @param {Child} child
 */
function append(parent, child) {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child) append(parent, c);
    return;
  }
  parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
}

/**
 * `h('button', { className: 'btn', on: { click } }, 'Acknowledge')`
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Options} [options]
 * @param {...Child} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, options = {}, ...children) {
  const el = document.createElement(tag);
  if (options.className) el.className = options.className;
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (value !== undefined) el.setAttribute(name, value);
  }
  for (const [name, value] of Object.entries(options.data ?? {})) {
    if (value !== undefined) el.dataset[name] = value;
  }
  for (const [name, value] of Object.entries(options.props ?? {})) {
    /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (el))[name] = value;
  }
  for (const [event, handler] of Object.entries(options.on ?? {})) el.addEventListener(event, handler);
  append(el, children);
  return el;
}

/** @param {Node} parent @param {...Child} children */
export function replaceChildren(parent, ...children) {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  append(parent, children);
}

/**
 * @param {unknown} value
 * @returns {Record<string, unknown> | undefined}
 */
export function asObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? /** @type {Record<string, unknown>} */ (value)
    : undefined;
}

/** @param {unknown} value */
export function asArray(value) {
  return Array.isArray(value) ? /** @type {unknown[]} */ (value) : [];
}

/** @param {unknown} value */
export function asString(value) {
  return typeof value === 'string' ? value : undefined;
}
