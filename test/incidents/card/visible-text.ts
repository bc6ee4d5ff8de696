/**
 * What a person sees of a message, measured independently of the card's own budget code: the
 * text Slack would render for each block (header, context, section text and fields, button texts,
 * select placeholders), with mrkdwn markup removed, links shown by label, dates by their longest
 * usual rendering and mentions by a name.
 */

type Json = Record<string, unknown>;

const DATE = 'Wednesday, June 11th 2025 at 08:00'.slice(0, 22);
const NAME = '@Riley Responder';

/** Outside code spans, `*`, `_` and `~` are markup; inside, everything is shown as written. */
export function renderedMrkdwn(text: string): string {
  return text
    .split('`')
    .map((part, i) => (i % 2 === 1 ? entities(part) : prose(part)))
    .join('');
}

function entities(text: string): string {
  return text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

function prose(text: string): string {
  return entities(
    text
      .replace(/<!date\^[^>|]*\|[^>]*>/g, DATE)
      .replace(/<@[^>]*>/g, NAME)
      .replace(/<!subteam\^[^>]*>/g, '@oncall-team')
      .replace(/<(https?:[^|>]*)\|([^>]*)>/g, '$2')
      .replace(/[*_~]/g, ''),
  );
}

function textOf(obj: unknown): string {
  const t = obj as Json | undefined;
  if (!t || typeof t.text !== 'string') return '';
  return t.type === 'mrkdwn' ? renderedMrkdwn(t.text) : t.text;
}

function elementText(el: Json): string {
  if (el.type === 'button') return textOf(el.text);
  if (el.placeholder) return textOf(el.placeholder);
  return '';
}

/** The visible text of each block, in order. */
export function visibleTexts(blocks: readonly unknown[]): string[] {
  return blocks.map((b) => {
    const block = b as Json;
    switch (block.type) {
      case 'header':
        return textOf(block.text);
      case 'section':
        return [textOf(block.text), ...((block.fields as unknown[] | undefined) ?? []).map(textOf)].join(
          '\n',
        );
      case 'context':
        return ((block.elements as unknown[]) ?? []).map(textOf).join(' ');
      case 'actions':
        return ((block.elements as Json[]) ?? []).map(elementText).join(' ');
      default:
        return '';
    }
  });
}

/** Characters a person sees, counted as code points (an emoji is one). */
export function visibleChars(blocks: readonly unknown[]): number {
  return [...visibleTexts(blocks).join('')].length;
}
