import type { Checker } from './checker.js';
import { LIMITS } from './limits.js';

const CONTAINERS = ['rich_text_section', 'rich_text_list', 'rich_text_preformatted', 'rich_text_quote'];
const INLINE = [
  'text',
  'link',
  'emoji',
  'user',
  'channel',
  'usergroup',
  'broadcast',
  'date',
  'color',
  'team',
];

function checkInline(c: Checker, value: unknown, pointer: string): void {
  const el = c.object(value, pointer);
  if (!el) return;
  c.string(el, 'type', pointer, { required: true, oneOf: INLINE });
  if (el.type === 'text') c.string(el, 'text', pointer, { required: true });
  if (el.type === 'link') c.url(el, 'url', pointer, true);
}

function checkInlineList(c: Checker, value: unknown, pointer: string): void {
  const el = c.object(value, pointer);
  if (!el) return;
  const children = c.array(el, 'elements', pointer, { required: true, min: 0 }) ?? [];
  for (const [i, child] of children.entries()) checkInline(c, child, `${pointer}/elements/${i}`);
}

function checkContainer(c: Checker, value: unknown, pointer: string): void {
  const el = c.object(value, pointer);
  if (!el) return;
  const type = c.string(el, 'type', pointer, { required: true, oneOf: CONTAINERS });
  if (type !== 'rich_text_list') {
    checkInlineList(c, el, pointer);
    return;
  }
  c.string(el, 'style', pointer, { required: true, oneOf: ['bullet', 'ordered'] });
  const sections = c.array(el, 'elements', pointer, { required: true, min: 0 }) ?? [];
  for (const [i, child] of sections.entries()) {
    const at = `${pointer}/elements/${i}`;
    const section = c.object(child, at);
    if (!section) continue;
    c.string(section, 'type', at, { required: true, oneOf: ['rich_text_section'] });
    checkInlineList(c, section, at);
  }
}

/** `rich_text` block: a list of sections, lists, quotes and preformatted runs. */
export function checkRichText(c: Checker, value: unknown, pointer: string): void {
  const block = c.object(value, pointer);
  if (!block) return;
  const elements = c.array(block, 'elements', pointer, { required: true }) ?? [];
  for (const [i, el] of elements.entries()) checkContainer(c, el, `${pointer}/elements/${i}`);
}

function checkCell(c: Checker, value: unknown, pointer: string): void {
  const cell = c.object(value, pointer);
  if (!cell) return;
  const type = c.string(cell, 'type', pointer, { required: true, oneOf: ['raw_text', 'rich_text'] });
  if (type === 'raw_text') c.string(cell, 'text', pointer, { required: true });
  if (type === 'rich_text') checkRichText(c, cell, pointer);
}

/** `table` block: ≤100 rows of ≤20 cells, each a raw_text or rich_text cell. */
export function checkTable(c: Checker, value: unknown, pointer: string): void {
  const block = c.object(value, pointer);
  if (!block) return;
  const rows = c.array(block, 'rows', pointer, { required: true, max: LIMITS.tableRows }) ?? [];
  for (const [i, row] of rows.entries()) {
    const rowAt = `${pointer}/rows/${i}`;
    if (!Array.isArray(row)) {
      c.fail(rowAt, 'must be an array');
      continue;
    }
    if (row.length > LIMITS.tableCells) c.fail(rowAt, `no more than ${LIMITS.tableCells} items allowed`);
    for (const [j, cell] of row.entries()) checkCell(c, cell, `${rowAt}/${j}`);
  }
}
