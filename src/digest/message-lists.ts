import { SEVERITY_EMOJI } from '../platform/severity.js';
import { mrkdwnCode, safeMrkdwnLine, truncate } from '../slack/blocks/text.js';
import type { DigestFigures } from './figures.js';
import { formatMinutes, shortUtc } from './message-format.js';
import type { RankedCount } from './stats.js';

/**
 * The digest's short lists: what came up repeatedly, what is still open after a week, and which
 * mute rules end soon. Each shows at most three lines; an empty list is one sentence instead
 * ("Nothing has been open longer than 7 days"), gathered by the caller into one quiet line.
 */

const LIST_MAX_ITEMS = 3;
/** A key seen once is not "noisy", however many others were also seen once. */
const NOISY_MIN_COUNT = 2;
const NAME_MAX = 90;

export type DigestList =
  | { readonly kind: 'items'; readonly title: string; readonly lines: readonly string[] }
  | { readonly kind: 'empty'; readonly sentence: string };

const code = (value: string) => mrkdwnCode(truncate(value, NAME_MAX));

function capped(lines: readonly string[]): string[] {
  const more = lines.length - LIST_MAX_ITEMS;
  return more > 0 ? [...lines.slice(0, LIST_MAX_ITEMS), `…and ${more} more`] : [...lines];
}

function noisy(items: readonly RankedCount[]): string[] {
  return items.filter((i) => i.count >= NOISY_MIN_COUNT).map((i) => `${i.count} × ${code(i.key)}`);
}

/** Repeated finding types and resources side by side, or one sentence when nothing repeated. */
export function noisiestList(figures: DigestFigures): DigestList[] {
  const types = noisy(figures.noisiestTypes.items);
  const resources = noisy(figures.noisiestResources.items);
  if (!types.length && !resources.length)
    return [{ kind: 'empty', sentence: 'No finding type or resource came up more than once this week.' }];
  return [
    {
      kind: 'items',
      title: 'Noisiest finding types',
      lines: types.length ? capped(types) : ['None came up more than once'],
    },
    {
      kind: 'items',
      title: 'Noisiest resources',
      lines: resources.length ? capped(resources) : ['None came up more than once'],
    },
  ];
}

export function staleList(figures: DigestFigures): DigestList {
  if (!figures.staleOpen.length)
    return { kind: 'empty', sentence: 'Nothing has been open longer than 7 days.' };
  const lines = figures.staleOpen.map(
    (i) =>
      `${SEVERITY_EMOJI[i.severityLabel]} ${code(i.incidentId)} ${safeMrkdwnLine(truncate(i.type, NAME_MAX))} · ` +
      `open ${formatMinutes(i.ageMinutes)} · ${i.owner ? `owner ${safeMrkdwnLine(truncate(i.owner, 60))}` : 'no owner'}`,
  );
  return { kind: 'items', title: 'Still open after 7 days', lines: capped(lines) };
}

export function expiringMutesList(figures: DigestFigures): DigestList {
  if (!figures.expiringMutes.length)
    return { kind: 'empty', sentence: 'No mute rule expires in the next 7 days.' };
  const lines = figures.expiringMutes.map(
    (m) => `${code(m.type)} on ${code(m.resource)} · ends ${shortUtc(m.expiresAt)}`,
  );
  return { kind: 'items', title: 'Mute rules ending in the next 7 days', lines: capped(lines) };
}
