import { context } from '../../slack/blocks/blocks.js';
import type { SlackMessage } from '../../slack/blocks/types.js';
import { sourceName } from './elapsed.js';
import { plainName, quietText } from './format.js';
import { ROOT_CAUSE_CATEGORIES } from './ids.js';
import { reopenedSentence } from './reopened.js';

/**
 * Timeline entries: short thread replies under the card, one per change. They never notify
 * anyone: people appear as plain names, never `<@U…>`, and `<!here>`-like text is stripped.
 */

export type TimelineEvent =
  | { readonly kind: 'opened' }
  | { readonly kind: 'occurred-again'; readonly occurrences: number }
  | { readonly kind: 'acknowledged' }
  | { readonly kind: 'assigned'; readonly assigneeName: string }
  | {
      readonly kind: 'escalated';
      readonly level: number;
      /** Automatic escalations say whether anyone was paged (the page itself is a separate post). */
      readonly paged?: 'on-call' | 'nobody';
    }
  | { readonly kind: 'snoozed'; readonly until: string }
  | { readonly kind: 'step-checked'; readonly step: number }
  | { readonly kind: 'step-unchecked'; readonly step: number }
  | { readonly kind: 'resolved'; readonly rootCause: string; readonly summary?: string }
  | {
      readonly kind: 'reopened';
      /** Alert source (`guardduty`, …), when the alert that reopened it is known. */
      readonly source?: string;
      /** When the source saw it again (ISO-8601). */
      readonly seenAt?: string;
      /** The resolution it undid. */
      readonly resolvedAt?: string;
      /** Plain display name of who had resolved it (never a mention: timeline entries do not ping). */
      readonly resolverName?: string;
    }
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
      return `📣 Escalated to level ${Number.isFinite(event.level) ? event.level : '?'}${who === 'someone' ? '' : ` by ${who}`}${pagedNote(event.paged)}`;
    case 'snoozed':
      return `💤 Snoozed by ${who} until ${when(event.until)}`;
    case 'step-checked':
      return `☑️ ${who} completed step ${event.step + 1}`;
    case 'step-unchecked':
      return `↩️ ${who} unchecked step ${event.step + 1}`;
    case 'resolved':
      return `✅ Resolved by ${who} (${rootCauseLabel(event.rootCause)})${event.summary ? `: ${quietText(event.summary, 200)}` : ''}`;
    case 'reopened':
      if (event.source === undefined && event.seenAt === undefined)
        return '🔓 *Reopened*: the alert fired again';
      return `🔓 ${reopenedSentence({
        source: event.source === undefined ? 'The alert' : sourceName(event.source),
        ...(event.seenAt ? { seenAt: event.seenAt } : {}),
        ...(event.resolvedAt ? { resolvedAt: event.resolvedAt } : {}),
        ...(event.resolverName ? { resolver: plainName(event.resolverName) } : {}),
      })}`;
    case 'recovered':
      return '💚 Alarm recovered (OK)';
    case 'muted':
      return `🔇 ${who} muted similar alerts until ${when(event.until)}`;
  }
}

function pagedNote(paged: 'on-call' | 'nobody' | undefined): string {
  if (paged === 'on-call') return ' · on-call group paged';
  if (paged === 'nobody') return ' · nobody paged';
  return '';
}

/** A reopening that says when the source saw it again carries its own time; the entry's would repeat it. */
function ownTime(event: TimelineEvent): boolean {
  return event.kind === 'reopened' && event.seenAt !== undefined && Number.isFinite(Date.parse(event.seenAt));
}

export function buildTimelineEntry(transition: TimelineTransition): SlackMessage {
  const said = describe(transition.event, plainName(transition.actorName));
  const line = ownTime(transition.event) ? said : `${said} · ${when(transition.at)}`;
  return { text: line, blocks: [context([line], undefined, 600)] };
}
