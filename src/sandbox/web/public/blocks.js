// Block Kit blocks drawn the way Slack lays them out. Unknown block types get a labelled
// fallback instead of disappearing, so a bad block is visible in the sandbox.
import { asArray, asObject, asString, h } from './dom.js';
import { elementFor } from './elements.js';
import { plainText, richText, textObject } from './text.js';

/** @typedef {import('./elements.js').RenderContext} RenderContext */

/** The same rule as the stand-in's sender, so a click names the block the bot sent. */
export function blockIdOf(/** @type {Record<string, unknown>} */ block, /** @type {number} */ index) {
  return asString(block.block_id) ?? `block-${index}`;
}

/** @param {Record<string, unknown>} block @param {string} blockId @param {RenderContext} ctx */
function section(block, blockId, ctx) {
  const fields = asArray(block.fields);
  const body = h(
    'div',
    { className: 'section-body' },
    block.text ? h('div', { className: 'section-text' }, textObject(block.text, ctx.names)) : null,
    fields.length
      ? h(
          'div',
          { className: 'section-fields' },
          fields.map((f) => h('div', { className: 'field' }, textObject(f, ctx.names))),
        )
      : null,
  );
  const accessory = block.accessory
    ? h('div', { className: 'section-accessory' }, elementFor(block.accessory, blockId, ctx, true))
    : null;
  return h('div', { className: 'block block-section' }, body, accessory);
}

/** @param {Record<string, unknown>} block @param {RenderContext} ctx */
function context(block, ctx) {
  const parts = asArray(block.elements).map((raw) => {
    const el = asObject(raw) ?? {};
    if (el.type === 'image') {
      const src = asString(el.image_url) ?? ctx.fileUrl(el.slack_file);
      return h('img', { className: 'context-image', attrs: { src, alt: asString(el.alt_text) ?? '' } });
    }
    return h('span', { className: 'context-text' }, textObject(el, ctx.names));
  });
  return h('div', { className: 'block block-context' }, parts);
}

/** @param {Record<string, unknown>} block @param {RenderContext} ctx */
function image(block, ctx) {
  const src = asString(block.image_url) ?? ctx.fileUrl(block.slack_file);
  const alt = asString(block.alt_text) ?? '';
  return h(
    'figure',
    { className: 'block block-image' },
    block.title ? h('figcaption', {}, plainText(block.title)) : null,
    src
      ? h('img', { attrs: { src, alt, title: alt } })
      : h('div', { className: 'fallback' }, `[image not available: ${alt}]`),
  );
}

/**
 * An input block (modals): label, the element, hint, and where Slack shows a validation error.
 * @param {Record<string, unknown>} block @param {string} blockId @param {RenderContext} ctx
 */
function input(block, blockId, ctx) {
  const optional = block.optional === true;
  return h(
    'div',
    { className: 'block block-input', data: { blockId } },
    h(
      'label',
      { className: 'input-label' },
      plainText(block.label),
      optional ? h('span', { className: 'optional' }, ' (optional)') : null,
    ),
    elementFor(block.element, blockId, ctx, block.dispatch_action === true),
    block.hint ? h('div', { className: 'input-hint' }, plainText(block.hint)) : null,
    h('div', { className: 'input-error', attrs: { role: 'alert' } }),
  );
}

/**
 * @param {unknown} raw @param {number} index @param {RenderContext} ctx
 * @returns {Node}
 */
export function blockFor(raw, index, ctx) {
  const block = asObject(raw) ?? {};
  const blockId = blockIdOf(block, index);
  const type = String(block.type);
  switch (type) {
    case 'header':
      return h('div', { className: 'block block-header' }, plainText(block.text));
    case 'section':
      return section(block, blockId, ctx);
    case 'context':
      return context(block, ctx);
    case 'divider':
      return h('hr', { className: 'block block-divider' });
    case 'image':
      return image(block, ctx);
    case 'actions':
      return h(
        'div',
        { className: 'block block-actions', data: { blockId } },
        asArray(block.elements).map((el) => elementFor(el, blockId, ctx, true)),
      );
    case 'input':
      return input(block, blockId, ctx);
    case 'rich_text':
      return richText(block, ctx.names);
    default:
      return h(
        'div',
        { className: 'block fallback', data: { blockType: type } },
        `[unsupported block: ${type}]`,
      );
  }
}

/** @param {unknown} blocks @param {RenderContext} ctx */
export function renderBlocks(blocks, ctx) {
  return h(
    'div',
    { className: 'blocks' },
    asArray(blocks).map((b, i) => blockFor(b, i, ctx)),
  );
}

/**
 * Legacy attachments: a coloured bar beside their blocks or text.
 * @param {unknown} attachments @param {RenderContext} ctx
 */
export function renderAttachments(attachments, ctx) {
  return asArray(attachments).map((raw) => {
    const a = asObject(raw) ?? {};
    const color = asString(a.color);
    const bar =
      color && /^#?[0-9a-f]{3,8}$/i.test(color) ? (color.startsWith('#') ? color : `#${color}`) : undefined;
    const node = h(
      'div',
      { className: 'attachment' },
      a.title ? h('div', { className: 'attachment-title' }, String(a.title)) : null,
      a.blocks
        ? renderBlocks(a.blocks, ctx)
        : a.text
          ? h('div', {}, textObject({ type: 'mrkdwn', text: String(a.text) }, ctx.names))
          : null,
      asArray(a.fields).map((f) => {
        const field = asObject(f) ?? {};
        return h(
          'div',
          { className: 'field' },
          h('strong', {}, String(field.title ?? '')),
          h('div', {}, String(field.value ?? '')),
        );
      }),
    );
    if (bar) node.style.borderLeftColor = bar;
    return node;
  });
}
