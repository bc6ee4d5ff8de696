import { checkBlocks } from './block-list.js';
import type { Checker } from './checker.js';
import { LIMITS } from './limits.js';

const VIEW_KEYS = [
  'type',
  'title',
  'blocks',
  'close',
  'submit',
  'private_metadata',
  'callback_id',
  'clear_on_close',
  'notify_on_close',
  'external_id',
  'submit_disabled',
];

/** A modal or Home tab view object: its own fields, then its blocks (≤100). */
export function checkViewFields(c: Checker, value: unknown, pointer: string): void {
  const view = c.object(value, pointer);
  if (!view) return;
  c.onlyKeys(view, VIEW_KEYS, pointer);
  const type = c.string(view, 'type', pointer, { required: true, oneOf: ['modal', 'home'] });
  const modal = type !== 'home';
  c.text(view, 'title', pointer, { required: modal, max: LIMITS.viewTitle, plainOnly: true });
  c.text(view, 'submit', pointer, { max: LIMITS.viewSubmit, plainOnly: true });
  c.text(view, 'close', pointer, { max: LIMITS.viewClose, plainOnly: true });
  c.string(view, 'callback_id', pointer, { max: LIMITS.callbackId });
  c.string(view, 'private_metadata', pointer, { max: LIMITS.privateMetadata });
  c.string(view, 'external_id', pointer, { max: LIMITS.externalId });
  for (const flag of ['clear_on_close', 'notify_on_close', 'submit_disabled']) c.boolean(view, flag, pointer);
  if (view.blocks === undefined) {
    c.fail(pointer, 'missing required field: blocks');
    return;
  }
  checkBlocks(c, view.blocks, {
    pointer: `${pointer}/blocks`,
    surface: modal ? 'modal' : 'home',
    maxBlocks: LIMITS.viewBlocks,
  });
  const hasInput =
    Array.isArray(view.blocks) && view.blocks.some((b) => (b as { type?: unknown })?.type === 'input');
  if (modal && hasInput && view.submit === undefined) {
    c.fail(pointer, 'must provide submit when the view contains input blocks');
  }
}
