import type { Incident } from '../incident.js';
import { cardUser, slackDate, value } from './format.js';
import { ROOT_CAUSE_CATEGORIES } from './ids.js';

/**
 * The status of an incident in words, always with who holds it: the one-word field on the card
 * and the detail lines under it.
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

/** Short text for the Status field: `👀 Acknowledged by <@U1>`. */
export function statusField(incident: Incident): string {
  const icon = STATUS_ICON[incident.status];
  switch (incident.status) {
    case 'triggered':
      return `${icon} Triggered${incident.escalationLevel > 0 ? ` · escalated (level ${incident.escalationLevel})` : ''}`;
    case 'acknowledged':
      return `${icon} Acknowledged by ${cardUser(incident.acknowledgedBy)}`;
    case 'snoozed':
      return `${icon} Snoozed until ${slackDate(incident.snoozedUntil)}`;
    case 'resolved':
      return `${icon} Resolved by ${cardUser(incident.resolvedBy)}`;
  }
}

/** Every status fact, one per line. */
export function statusDetails(incident: Incident): string[] {
  const lines: string[] = [];
  if (incident.status === 'triggered') lines.push('*Status:* Triggered, nobody has acknowledged it yet.');
  if (incident.acknowledgedBy !== undefined || incident.acknowledgedAt !== undefined) {
    lines.push(
      `*Acknowledged* by ${cardUser(incident.acknowledgedBy)} at ${slackDate(incident.acknowledgedAt)}`,
    );
  }
  if (incident.assignee !== undefined) lines.push(`*Assigned to* ${cardUser(incident.assignee)}`);
  if (incident.escalationLevel > 0) lines.push(`*Escalated:* level ${incident.escalationLevel}`);
  if (incident.status === 'snoozed') lines.push(`*Snoozed until* ${slackDate(incident.snoozedUntil)}`);
  if (incident.status === 'resolved') {
    lines.push(`*Resolved* by ${cardUser(incident.resolvedBy)} at ${slackDate(incident.resolvedAt)}`);
    if (incident.resolution) {
      lines.push(
        `*Resolution:* ${value(incident.resolution.summary, 300)} (root cause: ${rootCauseLabel(incident.resolution.rootCause)})`,
      );
      if (incident.resolution.notes !== undefined && incident.resolution.notes.trim() !== '') {
        lines.push(`*Notes:* ${value(incident.resolution.notes, 300)}`);
      }
    }
  }
  if (incident.recoveredAt !== undefined)
    lines.push(`*Alarm recovered* (OK) at ${slackDate(incident.recoveredAt)}`);
  if (incident.reopenedCount > 0) {
    lines.push(`*Reopened* ${incident.reopenedCount} time${incident.reopenedCount === 1 ? '' : 's'}`);
  }
  return lines;
}

/** One word for fallback text and posts that must not mention anyone. */
export function statusWord(incident: Incident): string {
  return incident.status.charAt(0).toUpperCase() + incident.status.slice(1);
}
