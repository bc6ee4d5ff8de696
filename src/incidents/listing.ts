import { maskSecretsInText } from '../platform/log/mask.js';
import { SEVERITY_EMOJI as EMOJI } from '../platform/severity.js';
import { escapeMrkdwn as esc, plural, truncate } from '../slack/blocks/text.js';
import type { Incident } from './incident.js';

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function ageOf(incident: Incident, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(incident.openedAt)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  return `${Math.floor(minutes / 1440)}d`;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** A Slack user id as a mention Slack renders with the person's name; anything else as text. */
export function mentionOf(userId: string | undefined): string {
  if (userId && SLACK_USER_ID.test(userId)) return `<@${userId}>`;
  return userId ? esc(userId) : 'someone';
}

/** The status as mrkdwn: people are mentions (never raw ids), every other value escaped. */
export function statusOf(incident: Incident): string {
  if (incident.status === 'acknowledged') return `acknowledged by ${mentionOf(incident.acknowledgedBy)}`;
  if (incident.status === 'snoozed') return `snoozed until ${esc(incident.snoozedUntil ?? '?')}`;
  if (incident.escalationLevel > 0)
    return `${esc(incident.status)}, escalated (level ${incident.escalationLevel})`;
  return esc(incident.status);
}

function assigneeOf(incident: Incident): string {
  return incident.assignee ? ` · assigned to ${mentionOf(incident.assignee)}` : '';
}

/**
 * The `/incidents` list: most severe first, then oldest; at most `limit` lines and a count of the
 * rest, so the answer stays within Slack's message limits.
 */
export function formatIncidentList(
  incidents: readonly Incident[],
  now: Date,
  links: ReadonlyMap<string, string>,
  limit = 20,
): string {
  if (incidents.length === 0) return 'No open incidents.';
  const sorted = [...incidents].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severityLabel] - SEVERITY_ORDER[b.severityLabel] ||
      Date.parse(a.openedAt) - Date.parse(b.openedAt),
  );
  const lines = sorted.slice(0, limit).map((i) => {
    const link = links.get(i.id);
    // Masked before the cut, so a cut can never leave part of a key id unmasked.
    const title = esc(truncate(maskSecretsInText(i.title), 80));
    return `${EMOJI[i.severityLabel]} *${i.id}* ${link ? `<${link}|${title}>` : title} · ${i.severityLabel} · ${ageOf(i, now)} · ${statusOf(i)}${assigneeOf(i)} · owner ${esc(i.owner?.team ?? 'unknown')}`;
  });
  const more = sorted.length > limit ? [`…and ${sorted.length - limit} more.`] : [];
  return [`*${plural(incidents.length, 'open incident')}*`, ...lines, ...more].join('\n');
}

export function formatIncident(i: Incident, now: Date, link: string | undefined): string {
  return [
    `${EMOJI[i.severityLabel]} *${i.id}*: ${esc(i.title)}`,
    `Status: ${statusOf(i)}${assigneeOf(i)} · severity ${i.severityLabel} (${i.severity}) · open ${ageOf(i, now)} · ${plural(i.occurrences, 'occurrence')}`,
    `Account ${esc(i.accountAlias ?? i.accountId)} · ${esc(i.region)} · ${esc(`${i.resource.type} ${i.resource.id}`)} · owner ${esc(i.owner?.team ?? 'unknown')}`,
    ...(link ? [`Card: <${link}|open in Slack>`] : []),
  ].join('\n');
}
