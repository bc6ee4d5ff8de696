// The open modal (the top of the user's view stack): title, blocks with inputs, Cancel / Submit.
// It is redrawn only when the bot opens, updates or pushes a view, so typed input survives
// unrelated updates.
import { renderBlocks } from './blocks.js';
import { asObject, h, replaceChildren } from './dom.js';
import { plainText } from './text.js';

/**
 * @typedef {import('./elements.js').RenderContext} RenderContext
 * @typedef {import('./elements.js').InputRead} InputRead
 * @typedef {{ id: string, hash: string, view: Record<string, unknown> }} OpenView
 * @typedef {{
 *   context: Omit<RenderContext, 'register' | 'act'>,
 *   act(viewId: string, choice: import('./elements.js').Choice, confirm?: unknown): void,
 *   submit(viewId: string, values: Record<string, Record<string, InputRead>>): Promise<Record<string, string> | undefined>,
 *   close(viewId: string): void,
 * }} ModalHandlers
 */

export class ModalLayer {
  /** @param {HTMLElement} root @param {ModalHandlers} handlers */
  constructor(root, handlers) {
    this.root = root;
    this.handlers = handlers;
    /** @type {string | undefined} */
    this.shownKey = undefined;
  }

  /** @param {OpenView | undefined} top */
  show(top) {
    const key = top ? `${top.id}:${top.hash}` : undefined;
    if (key === this.shownKey) return;
    this.shownKey = key;
    if (!top) {
      this.root.hidden = true;
      replaceChildren(this.root);
      return;
    }
    this.root.hidden = false;
    replaceChildren(this.root, this.draw(top));
  }

  /** @param {OpenView} top */
  draw(top) {
    const { view, id } = top;
    /** @type {Array<{ blockId: string, actionId: string, read: () => InputRead }>} */
    const inputs = [];
    /** @type {RenderContext} */
    const ctx = {
      ...this.handlers.context,
      act: (choice, confirm) => this.handlers.act(id, choice, confirm),
      register: (blockId, actionId, read) => inputs.push({ blockId, actionId, read }),
    };
    const body = renderBlocks(view.blocks, ctx);
    const showErrors = (/** @type {Record<string, string>} */ errors) => {
      for (const slot of body.querySelectorAll('.block-input')) {
        const blockId = /** @type {HTMLElement} */ (slot).dataset.blockId ?? '';
        const error = slot.querySelector('.input-error');
        if (error) error.textContent = errors[blockId] ?? '';
      }
    };
    const submit = async () => {
      /** @type {Record<string, Record<string, InputRead>>} */
      const values = {};
      for (const input of inputs)
        values[input.blockId] = { ...values[input.blockId], [input.actionId]: input.read() };
      const errors = await this.handlers.submit(id, values);
      showErrors(errors ?? {});
    };
    const closeText = plainText(view.close) || 'Cancel';
    return h(
      'div',
      {
        className: 'modal',
        attrs: { role: 'dialog', 'aria-modal': 'true', 'aria-label': plainText(view.title) },
        data: { viewId: id },
      },
      h(
        'header',
        { className: 'modal-header' },
        h('h2', {}, plainText(view.title)),
        h(
          'button',
          {
            className: 'modal-x',
            attrs: { type: 'button', 'aria-label': 'Close' },
            on: { click: () => this.handlers.close(id) },
          },
          '×',
        ),
      ),
      h('div', { className: 'modal-body' }, body),
      h(
        'footer',
        { className: 'modal-footer' },
        h(
          'button',
          {
            className: 'btn',
            attrs: { type: 'button' },
            data: { role: 'close' },
            on: { click: () => this.handlers.close(id) },
          },
          closeText,
        ),
        asObject(view.submit)
          ? h(
              'button',
              {
                className: 'btn btn-primary',
                attrs: { type: 'button' },
                data: { role: 'submit' },
                on: { click: submit },
              },
              plainText(view.submit),
            )
          : null,
      ),
    );
  }
}
