// Block Kit elements: buttons, selects, overflow menus, checkboxes, radios, pickers and inputs.
// An element that dispatches sends the page's choice to /ui/action; in a modal every stateful
// element also registers a reader, so a submit collects `state.values` the way Slack does.
import { asArray, asObject, asString, h } from './dom.js';
import { plainText } from './text.js';

/**
 * @typedef {{ actionId: string, blockId: string, value?: string, values?: string[] }} Choice
 * @typedef {{ value?: string | null, values?: string[] }} InputRead
 * @typedef {{
 *   names: import('./text.js').Names,
 *   users: Array<{ id: string, realName: string }>,
 *   channels: Array<{ id: string, name: string, isIm: boolean }>,
 *   fileUrl(ref: unknown): string | undefined,
 *   act(choice: Choice, confirm?: unknown): void,
 *   register?: (blockId: string, actionId: string, read: () => InputRead) => void,
 * }} RenderContext
 */

/** @param {Record<string, unknown>} el */
function optionsOf(el) {
  const direct = asArray(el.options).map(asObject);
  const grouped = asArray(el.option_groups).flatMap((g) => asArray(asObject(g)?.options).map(asObject));
  return [...direct, ...grouped].filter((o) => o !== undefined);
}

/**
 * A native <select> for static, user and conversation selects (one or many).
 * @param {Record<string, unknown>} el @param {RenderContext} ctx
 */
function selectFor(el, ctx) {
  const type = String(el.type);
  const multiple = type.startsWith('multi_');
  const select = h('select', { className: 'select', props: { multiple } });
  if (!multiple) {
    const fallback = type.includes('users')
      ? 'Select a person'
      : type.includes('conversations') || type.includes('channels')
        ? 'Select a channel'
        : 'Select an item';
    const placeholder = plainText(el.placeholder) || fallback;
    select.appendChild(
      h('option', { attrs: { value: '' }, props: { disabled: true, selected: true } }, placeholder),
    );
  }
  /** @type {Set<string>} */
  const initial = new Set();
  const initialOption = asString(asObject(el.initial_option)?.value);
  if (initialOption) initial.add(initialOption);
  for (const o of asArray(el.initial_options)) {
    const value = asString(asObject(o)?.value);
    if (value) initial.add(value);
  }
  for (const key of ['initial_user', 'initial_conversation', 'initial_channel']) {
    const value = asString(el[key]);
    if (value) initial.add(value);
  }
  for (const key of ['initial_users', 'initial_conversations', 'initial_channels']) {
    for (const v of asArray(el[key])) if (typeof v === 'string') initial.add(v);
  }
  /** @param {string} value @param {string} label */
  const option = (value, label) =>
    h('option', { attrs: { value }, props: { selected: initial.has(value) } }, label);
  if (type.includes('users_select')) {
    for (const u of ctx.users) select.appendChild(option(u.id, u.realName));
  } else if (type.includes('conversations_select') || type.includes('channels_select')) {
    for (const c of ctx.channels.filter((c) => !c.isIm)) select.appendChild(option(c.id, `#${c.name}`));
  } else if (asArray(el.option_groups).length) {
    for (const group of asArray(el.option_groups).map(asObject)) {
      const opts = asArray(group?.options).map(asObject);
      const optgroup = h('optgroup', { attrs: { label: plainText(group?.label) } });
      for (const o of opts) optgroup.appendChild(option(asString(o?.value) ?? '', plainText(o?.text)));
      select.appendChild(optgroup);
    }
  } else {
    for (const o of optionsOf(el)) select.appendChild(option(asString(o.value) ?? '', plainText(o.text)));
  }
  /** @returns {InputRead} */
  const read = () =>
    multiple
      ? { values: [...select.selectedOptions].map((o) => o.value) }
      : { value: select.value === '' ? null : select.value };
  return { node: select, read, changeEvent: 'change' };
}

/**
 * Checkboxes or radio buttons.
 * @param {Record<string, unknown>} el @param {string} group
 */
function choiceListFor(el, group) {
  const radio = el.type === 'radio_buttons';
  const initial = new Set(
    [asObject(el.initial_option), ...asArray(el.initial_options).map(asObject)]
      .map((o) => asString(o?.value))
      .filter((v) => v !== undefined),
  );
  const inputs = optionsOf(el).map((o) => {
    const value = asString(o.value) ?? '';
    const input = h('input', {
      attrs: { type: radio ? 'radio' : 'checkbox', name: group, value },
      props: { checked: initial.has(value) },
    });
    return { input, label: h('label', { className: 'choice' }, input, ' ', plainText(o.text)) };
  });
  const node = h(
    'div',
    { className: radio ? 'radios' : 'checkboxes' },
    inputs.map((i) => i.label),
  );
  /** @returns {InputRead} */
  const read = () => {
    const checked = inputs.filter((i) => i.input.checked).map((i) => i.input.value);
    return radio ? { value: checked[0] ?? null } : { values: checked };
  };
  return { node, read, changeEvent: 'change' };
}

/** @param {Record<string, unknown>} el */
function textInputFor(el) {
  const type = String(el.type);
  const placeholder = plainText(el.placeholder) || undefined;
  const initial = asString(el.initial_value) ?? asString(el.initial_date) ?? asString(el.initial_time) ?? '';
  /** @type {HTMLInputElement | HTMLTextAreaElement} */
  const input =
    type === 'plain_text_input' && el.multiline === true
      ? h('textarea', { className: 'text-input', attrs: { placeholder, rows: '3' } })
      : h('input', {
          className: 'text-input',
          attrs: {
            placeholder,
            type:
              {
                datepicker: 'date',
                timepicker: 'time',
                number_input: 'number',
                email_text_input: 'email',
                url_text_input: 'url',
              }[type] ?? 'text',
          },
        });
  input.value = initial;
  /** @returns {InputRead} */
  const read = () => ({ value: input.value === '' ? null : input.value });
  return {
    node: input,
    read,
    changeEvent: type === 'datepicker' || type === 'timepicker' ? 'change' : 'keydown',
  };
}

/**
 * A button, with Slack's optional confirmation dialog before the click is sent.
 * @param {Record<string, unknown>} el @param {string} blockId @param {RenderContext} ctx
 */
function buttonFor(el, blockId, ctx) {
  const actionId = asString(el.action_id) ?? '';
  const style = el.style === 'primary' || el.style === 'danger' ? ` btn-${el.style}` : '';
  return h(
    'button',
    {
      className: `btn${style}`,
      attrs: { type: 'button' },
      data: { actionId, blockId },
      on: { click: () => ctx.act({ actionId, blockId }, el.confirm) },
    },
    plainText(el.text),
  );
}

/**
 * The ⋯ menu: a button that opens a list of options; picking one sends it.
 * @param {Record<string, unknown>} el @param {string} blockId @param {RenderContext} ctx
 */
function overflowFor(el, blockId, ctx) {
  const actionId = asString(el.action_id) ?? '';
  const menu = h('div', { className: 'overflow-menu', attrs: { role: 'menu', hidden: '' } });
  for (const o of optionsOf(el)) {
    const value = asString(o.value) ?? '';
    menu.appendChild(
      h(
        'button',
        {
          className: 'overflow-item',
          attrs: { type: 'button', role: 'menuitem' },
          data: { value },
          on: {
            click: () => {
              menu.hidden = true;
              ctx.act({ actionId, blockId, value }, el.confirm);
            },
          },
        },
        plainText(o.text),
      ),
    );
  }
  const toggle = h(
    'button',
    {
      className: 'btn btn-overflow',
      attrs: { type: 'button', 'aria-label': 'More actions' },
      data: { actionId, blockId },
      on: { click: () => (menu.hidden = !menu.hidden) },
    },
    '⋯',
  );
  return h('span', { className: 'overflow' }, toggle, menu);
}

/**
 * Any element. `dispatch` says whether a change goes to the bot at once (actions blocks, inputs
 * with dispatch_action) or waits for the modal's submit.
 * @param {unknown} raw @param {string} blockId @param {RenderContext} ctx @param {boolean} dispatch
 * @returns {Node}
 */
export function elementFor(raw, blockId, ctx, dispatch) {
  const el = asObject(raw) ?? {};
  const type = String(el.type);
  const actionId = asString(el.action_id) ?? 'element';
  if (type === 'button' || type === 'workflow_button') return buttonFor(el, blockId, ctx);
  if (type === 'overflow') return overflowFor(el, blockId, ctx);
  if (type === 'image') {
    const src = asString(el.image_url) ?? ctx.fileUrl(el.slack_file);
    return h('img', { className: 'element-image', attrs: { src, alt: asString(el.alt_text) ?? '' } });
  }
  const control = type.endsWith('select')
    ? selectFor(el, ctx)
    : type === 'checkboxes' || type === 'radio_buttons'
      ? choiceListFor(el, `${blockId}.${actionId}`)
      : /(_input|picker)$/.test(type)
        ? textInputFor(el)
        : undefined;
  if (!control) return h('span', { className: 'fallback' }, `[unsupported element: ${type}]`);
  const node = /** @type {HTMLElement} */ (control.node);
  node.dataset.actionId = actionId;
  node.dataset.blockId = blockId;
  ctx.register?.(blockId, actionId, control.read);
  if (dispatch) {
    node.addEventListener(control.changeEvent, (event) => {
      if (control.changeEvent === 'keydown' && /** @type {KeyboardEvent} */ (event).key !== 'Enter') return;
      ctx.act({ actionId, blockId, ...control.read() });
    });
  }
  return node;
}
