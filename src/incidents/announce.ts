import type { KnownBlock } from '@slack/types';
import type { AuditEntry, StagedAuditEntry } from '../platform/audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { isUserGroupId } from './card/escalation.js';
import {
  buildEscalationPost,
  buildRunbookPost,
  buildTimelineEntry,
  type TimelineEvent,
} from './card/index.js';
import type { IncidentDeps } from './deps.js';
import type { Incident } from './incident.js';
import { routeIncident } from './routing.js';
import type { Runbook } from './runbooks/schema.js';
import { isSetApartSample, type SampleFindingsDeps, sampleFindingsOf } from './sample-findings.js';

/**
 * What follows every change of an incident, wherever it came from (an alert, a button, a
 * timer): the audit entry, a card sync, and a timeline entry in the card's thread. When an
 * incident opens, its runbook (every step with its command) is the thread's first reply.
 */

export interface ChangeNotice {
  readonly before?: Incident;
  readonly after: Incident;
  /** Slack user id or `watchkeeper`. */
  readonly who: string;
  /** Plain display name for the timeline (never a mention). */
  readonly actorName?: string;
  readonly action: string;
  /** The timeline entry, or undefined for changes that do not get one (repeat occurrences). */
  readonly timeline?: TimelineEvent;
  readonly detail?: string;
  /** The change's audit entry, already stored with the change (an alert's): only its log line is left. */
  readonly audited?: StagedAuditEntry;
}

/**
 * Where the incident's card lives and whom its routing rule mentions. A GuardDuty sample finding
 * set apart (`alerts.sampleFindings` `channel` mode) goes to the sample channel and mentions nobody.
 */
export function cardChannelOf(
  ctx: AppContext,
  deps: Pick<IncidentDeps, 'routing'> & SampleFindingsDeps,
  incident: Incident,
): { channel: string | undefined; mention: string | undefined } {
  if (isSetApartSample(incident, deps)) {
    const channel = incident.card?.channel ?? sampleFindingsOf(deps).channel ?? ctx.config.channels.default;
    return { channel, mention: undefined };
  }
  const route = routeIncident(incident, deps.routing.rules, ctx.config.channels.default);
  return { channel: incident.card?.channel ?? route.channels[0], mention: route.mention };
}

/**
 * The runbook in full, once per incident (the idempotency key has no version): the outbox posts
 * in order per channel, so it is the thread's first reply, before the "opened" entry.
 */
async function postRunbook(
  deps: Pick<IncidentDeps, 'outbox'> & { readonly runbooks?: readonly Runbook[] },
  incident: Incident,
  channel: string,
): Promise<void> {
  const runbook = deps.runbooks?.find((r) => r.id === incident.runbookId);
  if (!runbook) return;
  const post = buildRunbookPost(incident, runbook);
  await deps.outbox.postMessage({
    idempotencyKey: `runbook.${incident.id}`,
    channel,
    threadOfIncident: incident.id,
    text: post.text,
    blocks: post.blocks as unknown as KnownBlock[],
    unfurl: false,
  });
}

/** The audit entry of a change. */
export function changeEntry(
  at: Date,
  notice: Pick<ChangeNotice, 'who' | 'action' | 'before' | 'after' | 'detail'>,
): AuditEntry {
  return {
    who: notice.who,
    action: notice.action,
    incidentId: notice.after.id,
    at,
    ...(notice.before ? { before: notice.before } : {}),
    after: notice.after,
    ...(notice.detail ? { detail: notice.detail } : {}),
  };
}

export async function announceChange(
  ctx: AppContext,
  deps: Pick<IncidentDeps, 'routing' | 'incidents' | 'outbox'> &
    SampleFindingsDeps & { readonly runbooks?: readonly Runbook[] },
  notice: ChangeNotice,
): Promise<void> {
  const { after } = notice;
  const { outbox } = deps;
  if (notice.audited) notice.audited.logged();
  else await ctx.audit.record(changeEntry(ctx.now(), notice));
  const { channel } = cardChannelOf(ctx, deps, after);
  if (!channel) {
    ctx.logger.warn(
      { incidentId: after.id },
      'no channel for incident: set channels.default or a routing rule',
    );
    return;
  }
  await outbox.requestCardSync({ incidentId: after.id, channel, version: after.version });
  if (notice.timeline?.kind === 'opened') await postRunbook(deps, after, channel);
  if (notice.timeline && deps.incidents.threadLog) {
    const entry = buildTimelineEntry({
      event: notice.timeline,
      at: ctx.now().toISOString(),
      ...(notice.actorName ? { actorName: notice.actorName } : {}),
    });
    await outbox.postMessage({
      idempotencyKey: `timeline.${after.id}.${after.version}`,
      channel,
      threadOfIncident: after.id,
      text: entry.text,
      unfurl: false,
    });
  }
}

/**
 * The user group an escalation of this incident pages: the routing rule's mention, else the
 * owner's group, else `escalation.onCallUserGroup`; undefined when none is a user group id, or
 * for a sample finding set apart (never paged). A missing group is reported once, at start-up
 * (`escalationConfigProblems`), not in each escalation.
 */
export function escalationGroupOf(
  ctx: AppContext,
  deps: Pick<IncidentDeps, 'routing' | 'escalation'> & SampleFindingsDeps,
  incident: Incident,
): string | undefined {
  if (isSetApartSample(incident, deps)) return undefined;
  const { mention } = cardChannelOf(ctx, deps, incident);
  const group = mention ?? incident.owner?.userGroup ?? deps.escalation.onCallUserGroup;
  return group !== undefined && isUserGroupId(group) ? group : undefined;
}

/**
 * The escalation page: one channel-level post per level, only when an on-call group is actually
 * paged (it mentions the group and offers Acknowledge). The escalation itself is always recorded
 * in the incident's thread by its timeline entry; with nobody to page there is nothing more to say.
 */
export async function postEscalation(
  ctx: AppContext,
  deps: Pick<IncidentDeps, 'routing' | 'escalation' | 'outbox'> & SampleFindingsDeps,
  incident: Incident,
): Promise<'on-call' | 'nobody'> {
  const group = escalationGroupOf(ctx, deps, incident);
  if (group === undefined) return 'nobody';
  const { channel: cardChannel } = cardChannelOf(ctx, deps, incident);
  const channel = deps.escalation.channel ?? cardChannel;
  if (!channel) return 'nobody';
  const post = buildEscalationPost(incident, incident.escalationLevel, group);
  await deps.outbox.postMessage({
    idempotencyKey: `escalation.${incident.id}.${incident.reopenedCount}.${incident.escalationLevel}`,
    channel,
    text: post.text,
    blocks: post.blocks as unknown as KnownBlock[],
  });
  return 'on-call';
}
