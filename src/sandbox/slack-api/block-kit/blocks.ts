import type { Checker, Json } from './checker.js';
import { checkElement, ELEMENT_SPECS } from './elements.js';
import { LIMITS } from './limits.js';
import { checkRichText, checkTable } from './rich-text.js';

export type Surface = 'message' | 'modal' | 'home';

interface BlockSpec {
  readonly keys: readonly string[];
  /** Surfaces that accept this block; all when absent. */
  readonly surfaces?: readonly Surface[];
  readonly check: (c: Checker, block: Json, pointer: string) => void;
}

function checkSection(c: Checker, block: Json, pointer: string): void {
  if (block.text === undefined && block.fields === undefined)
    c.fail(pointer, 'must provide either text or fields');
  c.text(block, 'text', pointer, { max: LIMITS.sectionText });
  const fields = c.array(block, 'fields', pointer, { max: LIMITS.sectionFields });
  fields?.forEach((field, i) => {
    c.textObject(field, `${pointer}/fields/${i}`, { max: LIMITS.sectionField });
  });
  if (block.accessory !== undefined) {
    checkElement(c, block.accessory, `${pointer}/accessory`, 'section', new Set());
  }
  c.boolean(block, 'expand', pointer);
}

function checkActions(c: Checker, block: Json, pointer: string): void {
  const elements = c.array(block, 'elements', pointer, { required: true, max: LIMITS.actionsElements });
  const actionIds = new Set<string>();
  elements?.forEach((el, i) => {
    checkElement(c, el, `${pointer}/elements/${i}`, 'actions', actionIds);
  });
}

function checkContext(c: Checker, block: Json, pointer: string): void {
  const elements = c.array(block, 'elements', pointer, { required: true, max: LIMITS.contextElements });
  elements?.forEach((value, i) => {
    const at = `${pointer}/elements/${i}`;
    const el = c.object(value, at);
    if (!el) return;
    if (el.type === 'image') {
      c.onlyKeys(el, ELEMENT_SPECS.image?.keys ?? [], at);
      ELEMENT_SPECS.image?.check(c, el, at);
    } else {
      c.textObject(el, at, { max: LIMITS.sectionText });
    }
  });
}

function checkInput(c: Checker, block: Json, pointer: string): void {
  c.text(block, 'label', pointer, { required: true, max: LIMITS.inputLabel, plainOnly: true });
  c.text(block, 'hint', pointer, { max: LIMITS.inputHint, plainOnly: true });
  c.boolean(block, 'optional', pointer);
  c.boolean(block, 'dispatch_action', pointer);
  if (block.element === undefined) c.fail(pointer, 'missing required field: element');
  else checkElement(c, block.element, `${pointer}/element`, 'input', new Set());
}

function checkImage(c: Checker, block: Json, pointer: string): void {
  ELEMENT_SPECS.image?.check(c, block, pointer);
  c.text(block, 'title', pointer, { max: LIMITS.imageTitle, plainOnly: true });
}

export const BLOCK_SPECS: Readonly<Record<string, BlockSpec>> = {
  section: { keys: ['text', 'fields', 'accessory', 'expand'], check: checkSection },
  divider: { keys: [], check: () => undefined },
  header: {
    keys: ['text'],
    check: (c, b, p) => c.text(b, 'text', p, { required: true, max: LIMITS.headerText, plainOnly: true }),
  },
  image: { keys: ['image_url', 'slack_file', 'alt_text', 'title'], check: checkImage },
  actions: { keys: ['elements'], check: checkActions },
  context: { keys: ['elements'], check: checkContext },
  input: {
    keys: ['label', 'element', 'hint', 'optional', 'dispatch_action'],
    surfaces: ['modal', 'home'],
    check: checkInput,
  },
  rich_text: { keys: ['elements'], check: (c, b, p) => checkRichText(c, b, p) },
  markdown: {
    keys: ['text'],
    surfaces: ['message'],
    check: (c, b, p) => c.string(b, 'text', p, { required: true, min: 1, max: LIMITS.markdownBlockText }),
  },
  table: { keys: ['rows', 'column_settings'], surfaces: ['message'], check: checkTable },
  file: {
    keys: ['external_id', 'source'],
    surfaces: ['message'],
    check: (c, b, p) => {
      c.string(b, 'external_id', p, { required: true, max: LIMITS.externalId });
      c.string(b, 'source', p, { required: true, oneOf: ['remote'] });
    },
  },
  video: {
    keys: [
      'alt_text',
      'author_name',
      'description',
      'provider_icon_url',
      'provider_name',
      'title',
      'title_url',
      'thumbnail_url',
      'video_url',
    ],
    check: (c, b, p) => {
      c.string(b, 'alt_text', p, { required: true });
      c.text(b, 'title', p, { required: true, max: 200, plainOnly: true });
      c.url(b, 'video_url', p, true);
      c.url(b, 'thumbnail_url', p, true);
    },
  },
};

const SURFACE_NAMES: Record<Surface, string> = { message: 'messages', modal: 'modals', home: 'Home tabs' };

/** Checks one block of a message or view; `blockIds` enforces unique block_id across the surface. */
export function checkBlock(
  c: Checker,
  value: unknown,
  pointer: string,
  surface: Surface,
  blockIds: Set<string>,
): void {
  const block = c.object(value, pointer);
  if (!block) return;
  const type = c.string(block, 'type', pointer, { required: true });
  if (type === undefined) return;
  const spec = BLOCK_SPECS[type];
  if (!spec) {
    c.fail(`${pointer}/type`, `unsupported type: ${type}`);
    return;
  }
  if (spec.surfaces && !spec.surfaces.includes(surface)) {
    const where = spec.surfaces.map((s) => SURFACE_NAMES[s]).join(' and ');
    c.fail(`${pointer}/type`, `${type} blocks are only allowed in ${where}`);
    return;
  }
  c.onlyKeys(block, ['type', 'block_id', ...spec.keys], pointer);
  c.identifier(block, 'block_id', pointer, blockIds);
  spec.check(c, block, pointer);
}
