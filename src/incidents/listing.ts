import { maskSecretsInText } from '../platform/log/mask.js';
import { SEVERITY_EMOJI as EMOJI } from '../platform/severity.js';
import { escapeMrkdwn as esc, truncate } from '../slack/blocks/text.js';
import type { Incident } from './incident.js';

const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3 } as const;

export function ageOf(incident: Incident, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(incident.openedAt)) / 60_000));
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
  return `${Math.floor(minutes / 1440)}d`;
}

export function statusOf(incident: Incident): string {
  if (incident.status === 'acknowledged') return `acknowledged by ${incident.acknowledgedBy ?? 'someone'}`;
  if (incident.status === 'snoozed') return `snoozed until ${incident.snoozedUntil ?? '?'}`;
  if (incident.escalationLevel > 0)
    return `${incident.status}, escalated (level ${incident.escalationLevel})`;
  return incident.status;
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
    return `${EMOJI[i.severityLabel]} *${i.id}* ${link ? `<${link}|${title}>` : title} · ${i.severityLabel} · ${ageOf(i, now)} · ${esc(statusOf(i))} · owner ${esc(i.owner?.team ?? 'unknown')}`;
  });
  const more = sorted.length > limit ? [`…and ${sorted.length - limit} more.`] : [];
  return [`*${incidents.length} open incident${incidents.length === 1 ? '' : 's'}*`, ...lines, ...more].join(
    '\n',
  );
}

export function formatIncident(i: Incident, now: Date, link: string | undefined): string {
  return [
    `${EMOJI[i.severityLabel]} *${i.id}*: ${esc(i.title)}`,
    `Status: ${esc(statusOf(i))} · severity ${i.severityLabel} (${i.severity}) · open ${ageOf(i, now)} · ${i.occurrences} occurrence(s)`,
    `Account ${esc(i.accountAlias ?? i.accountId)} · ${esc(i.region)} · ${esc(`${i.resource.type} ${i.resource.id}`)} · owner ${esc(i.owner?.team ?? 'unknown')}`,
    ...(link ? [`Card: <${link}|open in Slack>`] : []),
  ].join('\n');
}
