import type { Incident } from '../incident.js';
import { reopenNoteOf } from '../reopen-note.js';
import type { Runbook } from '../runbooks/schema.js';
import { runbookTally } from './applicable-steps.js';
import { sourceName } from './elapsed.js';
import { cardUser, slackDate, value } from './format.js';
import { ROOT_CAUSE_CATEGORIES } from './ids.js';
import { reopenedSentence } from './reopened.js';

/**
 * The status line of an open card and the resolution line of a resolved one: each fact once
 * (status and who holds it, occurrences, runbook progress, the incident id).
 */

const STATUS_ICON: Readonly<Record<Incident['status'], string>> = {
  triggered: '🔔',
  acknowledged: '👀',
  snoozed: '💤',
  resolved: '✅',
};

function rootCauseLabel(rootCause: string): string {
  return ROOT_CAUSE_CATEGORIES.find((c) => c.value === rootCause)?.label ?? value(rootCause, 60);
}

function statusPart(incident: Incident): string {
  const icon = STATUS_ICON[incident.status];
  switch (incident.status) {
    case 'triggered':
      return `${icon} *Triggered*`;
    case 'acknowledged':
      return `${icon} *Acknowledged* by ${cardUser(incident.acknowledgedBy)}`;
    case 'snoozed':
      return `${icon} *Snoozed* until ${slackDate(incident.snoozedUntil)}`;
    case 'resolved':
      return `${icon} *Resolved* by ${cardUser(incident.resolvedBy)}`;
  }
}

/** `*7 occurrences* · first … · last …`, or `seen …` once; First seen = Last seen is shown once. */
export function occurrencesPart(incident: Incident): string {
  const n = Number.isFinite(incident.occurrences) ? incident.occurrences : 1;
  const same = incident.firstSeen === incident.lastSeen;
  if (n <= 1 && same) return `seen ${slackDate(incident.lastSeen)}`;
  const count = n <= 1 ? '' : `*${n} occurrences* · `;
  return same
    ? `${count}seen ${slackDate(incident.lastSeen)}`
    : `${count}first ${slackDate(incident.firstSeen)} · last ${slackDate(incident.lastSeen)}`;
}

/** Ticked of the steps that apply to this incident (see applicable-steps.ts); other ticks do not count. */
export function runbookProgress(incident: Incident, runbook: Runbook | undefined): string {
  if (!runbook) return '📋 No runbook matched';
  const { done, total } = runbookTally(incident, runbook);
  return `📋 Runbook: ${done} of ${total} step${total === 1 ? '' : 's'} done`;
}

/** The open card's status line. */
export function statusLine(incident: Incident, runbook: Runbook | undefined): string {
  const parts = [
    statusPart(incident),
    incident.assignee === undefined ? undefined : `👤 ${cardUser(incident.assignee)}`,
    incident.escalationLevel > 0 ? `📣 escalated (level ${incident.escalationLevel})` : undefined,
    incident.recoveredAt === undefined
      ? undefined
      : `💚 ${incident.source === 'cloudwatch-alarm' ? 'alarm OK' : 'recovered'} since ${slackDate(incident.recoveredAt)}`,
    occurrencesPart(incident),
    runbookProgress(incident, runbook),
    value(incident.id, 60),
  ];
  const line = parts.filter((p): p is string => p !== undefined).join(' · ');
  const reopened = reopenedLine(incident);
  return reopened === undefined ? line : `${reopened}\n${line}`;
}

/**
 * A reopened incident says so first, in one plain sentence: who sees the card must not take it
 * for the incident they just resolved. Without a reopen note (stored by an older version), the
 * source's last sighting is still known.
 */
export function reopenedLine(incident: Incident): string | undefined {
  if (incident.reopenedCount === 0 || incident.status === 'resolved') return undefined;
  const note = reopenNoteOf(incident);
  const sentence = reopenedSentence({
    source: sourceName(incident.source),
    seenAt: note?.seenAt ?? incident.lastSeen,
    ...(note?.resolvedAt ? { resolvedAt: note.resolvedAt } : {}),
    ...(note?.resolvedBy ? { resolver: cardUser(note.resolvedBy) } : {}),
    formatTime: slackDate,
  });
  const times = incident.reopenedCount > 1 ? ` _(reopened ${incident.reopenedCount} times)_` : '';
  return `🔓 ${sentence}${times}`;
}

/** The resolved card's one line: who resolved it, when and why. */
export function resolutionLine(incident: Incident): string {
  const who = `*Resolved* by ${cardUser(incident.resolvedBy)} ${slackDate(incident.resolvedAt)}`;
  const why = incident.resolution
    ? `: ${value(incident.resolution.summary, 240)} _(${rootCauseLabel(incident.resolution.rootCause)})_`
    : '';
  return `${who}${why}`;
}

/** One word for fallback text and posts that must not mention anyone. */
export function statusWord(incident: Incident): string {
  return incident.status.charAt(0).toUpperCase() + incident.status.slice(1);
}
