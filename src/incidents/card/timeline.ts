import { context } from '../../slack/blocks/blocks.js';
import type { SlackMessage } from '../../slack/blocks/types.js';
import { plainName, quietText } from './format.js';
import { ROOT_CAUSE_CATEGORIES } from './ids.js';

/**
 * Timeline entries: short thread replies under the card, one per change. They never notify
 * anyone: people appear as plain names, never `<@U…>`, and `<!here>`-like text is stripped.
 */

export type TimelineEvent =
  | { readonly kind: 'opened' }
  | { readonly kind: 'occurred-again'; readonly occurrences: number }
  | { readonly kind: 'acknowledged' }
  | { readonly kind: 'assigned'; readonly assigneeName: string }
  | { readonly kind: 'escalated'; readonly level: number }
  | { readonly kind: 'snoozed'; readonly until: string }
  | { readonly kind: 'step-checked'; readonly step: number }
  | { readonly kind: 'step-unchecked'; readonly step: number }
  | { readonly kind: 'resolved'; readonly rootCause: string; readonly summary?: string }
  | { readonly kind: 'reopened' }
  | { readonly kind: 'recovered' }
  | { readonly kind: 'muted'; readonly until: string };

export interface TimelineTransition {
  readonly event: TimelineEvent;
  /** Display name of who made the change (not a user id); absent for automatic changes. */
  readonly actorName?: string;
  /** ISO-8601. */
  readonly at: string;
}

function rootCauseLabel(value: string): string {
  return ROOT_CAUSE_CATEGORIES.find((c) => c.value === value)?.label ?? quietText(value, 60);
}

function when(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isFinite(ms)
    ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
    : quietText(iso, 30);
}

function describe(event: TimelineEvent, who: string): string {
  switch (event.kind) {
    case 'opened':
      return '🔔 Incident opened';
    case 'occurred-again':
      return `🔁 Occurred again (${Number.isFinite(event.occurrences) ? event.occurrences : '?'} times in all)`;
    case 'acknowledged':
      return `👀 Acknowledged by ${who}`;
    case 'assigned':
      return `👤 ${who} assigned it to ${plainName(event.assigneeName)}`;
    case 'escalated':
      return `📣 Escalated to level ${Number.isFinite(event.level) ? event.level : '?'}${who === 'someone' ? '' : ` by ${who}`}`;
    case 'snoozed':
      return `💤 Snoozed by ${who} until ${when(event.until)}`;
    case 'step-checked':
      return `☑️ ${who} completed step ${event.step + 1}`;
    case 'step-unchecked':
      return `↩️ ${who} unchecked step ${event.step + 1}`;
    case 'resolved':
      return `✅ Resolved by ${who} (${rootCauseLabel(event.rootCause)})${event.summary ? `: ${quietText(event.summary, 200)}` : ''}`;
    case 'reopened':
      return '🔓 Reopened: the alert fired again';
    case 'recovered':
      return '💚 Alarm recovered (OK)';
    case 'muted':
      return `🔇 ${who} muted similar alerts until ${when(event.until)}`;
  }
}

export function buildTimelineEntry(transition: TimelineTransition): SlackMessage {
  const line = `${describe(transition.event, plainName(transition.actorName))} · ${when(transition.at)}`;
  return { text: line, blocks: [context([line], undefined, 600)] };
}
