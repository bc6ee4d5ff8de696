// Block Kit text objects (plain_text, mrkdwn) and rich_text, drawn as DOM nodes.
import { asArray, asObject, asString, h } from './dom.js';
import { emojify, parseMrkdwn, safeHref } from './mrkdwn.js';

/**
 * @typedef {import('./mrkdwn.d.ts').MrkdwnNode} MrkdwnNode
 * @typedef {{ userName(id: string): string, channelName(id: string): string, groupHandle(id: string): string }} Names
 */

/**
 * @param {MrkdwnNode} node
 * @param {Names} names
 * @returns {Node}
 */
function nodeFor(node, names) {
  switch (node.t) {
    case 'text':
      return document.createTextNode(node.v);
    case 'br':
      return h('br');
    case 'code':
      return h('code', {}, node.v);
    case 'pre':
      return h('pre', {}, node.v);
    case 'bold':
      return h(
        'strong',
        {},
        node.c.map((c) => nodeFor(c, names)),
      );
    case 'italic':
      return h(
        'em',
        {},
        node.c.map((c) => nodeFor(c, names)),
      );
    case 'strike':
      return h(
        's',
        {},
        node.c.map((c) => nodeFor(c, names)),
      );
    case 'quote':
      return h(
        'blockquote',
        {},
        node.c.map((c) => nodeFor(c, names)),
      );
    case 'link':
      return h('a', { attrs: { href: node.href, target: '_blank', rel: 'noopener noreferrer' } }, node.label);
    case 'user':
      return h('span', { className: 'mention' }, `@${node.label ?? names.userName(node.id)}`);
    case 'channel':
      return h('span', { className: 'mention' }, `#${node.label ?? names.channelName(node.id)}`);
    case 'group':
      return h('span', { className: 'mention' }, node.label ?? `@${names.groupHandle(node.id)}`);
    case 'special':
      return h('span', { className: 'mention' }, node.label ?? `@${node.name}`);
    default:
      return document.createTextNode('');
  }
}

/** @param {string} source @param {Names} names */
export function mrkdwn(source, names) {
  const fragment = document.createDocumentFragment();
  for (const node of parseMrkdwn(source)) fragment.appendChild(nodeFor(node, names));
  return fragment;
}

/**
 * A text object: mrkdwn or plain_text (emoji shortcodes turned into emoji unless `emoji: false`).
 * @param {unknown} raw
 * @param {Names} names
 * @returns {Node}
 */
export function textObject(raw, names) {
  const obj = asObject(raw);
  const text = asString(obj?.text) ?? '';
  if (obj?.type === 'mrkdwn') return mrkdwn(text, names);
  return document.createTextNode(obj?.emoji === false ? text : emojify(text));
}

/** Plain text of a text object, for labels and options. @param {unknown} raw */
export function plainText(raw) {
  const obj = asObject(raw);
  const text = asString(obj?.text) ?? '';
  return obj?.emoji === false ? text : emojify(text);
}

/**
 * One rich_text inline element.
 * @param {Record<string, unknown>} el @param {Names} names @returns {Node}
 */
function richInline(el, names) {
  const style = asObject(el.style) ?? {};
  /** @type {Node} */
  let node;
  switch (el.type) {
    case 'link': {
      const href = safeHref(asString(el.url) ?? '');
      const label = asString(el.text) ?? asString(el.url) ?? '';
      node = href
        ? h('a', { attrs: { href, target: '_blank', rel: 'noopener noreferrer' } }, label)
        : h('span', {}, label);
      break;
    }
    case 'user':
      node = h('span', { className: 'mention' }, `@${names.userName(asString(el.user_id) ?? '')}`);
      break;
    case 'channel':
      node = h('span', { className: 'mention' }, `#${names.channelName(asString(el.channel_id) ?? '')}`);
      break;
    case 'usergroup':
      node = h('span', { className: 'mention' }, `@${names.groupHandle(asString(el.usergroup_id) ?? '')}`);
      break;
    case 'broadcast':
      node = h('span', { className: 'mention' }, `@${asString(el.range) ?? 'here'}`);
      break;
    case 'emoji':
      node = document.createTextNode(emojify(`:${asString(el.name) ?? ''}:`));
      break;
    default:
      node = document.createTextNode(asString(el.text) ?? '');
  }
  if (style.code) node = h('code', {}, node);
  if (style.strike) node = h('s', {}, node);
  if (style.italic) node = h('em', {}, node);
  if (style.bold) node = h('strong', {}, node);
  return node;
}

/**
 * A rich_text block: sections, lists, preformatted and quotes.
 * @param {Record<string, unknown>} block @param {Names} names @returns {HTMLElement}
 */
export function richText(block, names) {
  /** @param {unknown} raw @returns {Node} */
  const part = (raw) => {
    const el = asObject(raw) ?? {};
    const inline = () => asArray(el.elements).map((e) => richInline(asObject(e) ?? {}, names));
    switch (el.type) {
      case 'rich_text_list': {
        const items = asArray(el.elements).map((item) => h('li', {}, part(item)));
        return el.style === 'ordered' ? h('ol', {}, items) : h('ul', {}, items);
      }
      case 'rich_text_preformatted':
        return h('pre', {}, inline());
      case 'rich_text_quote':
        return h('blockquote', {}, inline());
      default:
        return h('span', { className: 'rich-section' }, inline());
    }
  };
  return h('div', { className: 'block block-rich-text' }, asArray(block.elements).map(part));
}
