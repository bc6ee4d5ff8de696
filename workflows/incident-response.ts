/**
 * Incident response: turns each normalized alert into an incident change and keeps Slack in step.
 *
 * Jobs consumed: `alert.process` on the `alerts` queue, data `AlertJobData` ({alert, origin,
 * receivedAt}), enqueued by intake (src/intake/accept.ts).
 *
 * Steps:
 *  1. Parse the job data (a bad job fails for good: retrying cannot fix it).
 *  2. A mute rule matching the alert's type and resource: skip it, audit the skip.
 *  3. Pick the runbook and owner (from the alert's tags and owners.yaml) for a possible new
 *     incident, then apply the alert atomically: opened, updated, reopened, recovered or
 *     unchanged (a repeated delivery).
 *  4. Audit the change, route the incident to its channel and ask the outbox to sync the card.
 *  5. Post a timeline entry in the card's thread for opened/reopened/recovered (not for plain
 *     repeat occurrences), unless `incidents.threadLog` is off.
 *  6. On open or reopen, schedule the first escalation timer (workflows/escalation.ts).
 *
 * Posts to Slack (through the outbox only): the incident card and its timeline replies.
 */

import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { alertSchema } from '../src/alerts/alert.js';
import { announceChange, cardChannelOf } from '../src/incidents/announce.js';
import type { TimelineEvent } from '../src/incidents/card/index.js';
import { buildIncidentCard } from '../src/incidents/card/index.js';
import type { IncidentDeps } from '../src/incidents/deps.js';
import type { IncidentEngine } from '../src/incidents/engine.js';
import type { Incident } from '../src/incidents/incident.js';
import { selectRunbook } from '../src/incidents/runbooks/matcher.js';
import type { Runbook } from '../src/incidents/runbooks/schema.js';
import { cancelEscalation, scheduleNextEscalation } from '../src/incidents/timers.js';
import { emptyOwnersRegistry } from '../src/ownership/registry.js';
import { resolveOwner } from '../src/ownership/resolver.js';
import type { AppContext } from '../src/platform/context.js';
import { InputError } from '../src/platform/errors.js';
import { JobName, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import type { CardRenderer } from '../src/slack/outbox/outbox.js';

const alertJobDataSchema = z.object({ alert: alertSchema, origin: z.string(), receivedAt: z.string() });

/** Placeholder runbook id when nothing matched, not even a fallback (the card says so). */
export const NO_RUNBOOK = 'none';

function parseJobData(data: unknown) {
  const parsed = alertJobDataSchema.safeParse(data);
  if (!parsed.success) {
    const error = new InputError(
      'Invalid alert job',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    );
    throw new UnrecoverableError(error.message);
  }
  return parsed.data;
}

async function ownerOf(ctx: AppContext, deps: IncidentDeps, alert: z.infer<typeof alertSchema>) {
  const registry = deps.ownersRegistry ? await deps.ownersRegistry() : emptyOwnersRegistry();
  const resolution = await resolveOwner(
    {
      accountId: alert.accountId,
      region: alert.region,
      resourceId: alert.resource.id,
      resourceType: alert.resource.type,
      tags: alert.resource.tags,
      ...(alert.resource.arn ? { arn: alert.resource.arn } : {}),
    },
    { registry, logger: ctx.logger, tagKeys: ctx.config.ownership.tagKeys },
  );
  const owner = resolution.owner;
  if (!owner) return undefined;
  return {
    team: owner.team,
    source: resolution.source,
    ...(owner.channel ? { channel: owner.channel } : {}),
    ...(owner.userGroup ? { userGroup: owner.userGroup } : {}),
  } satisfies Incident['owner'];
}

const TIMELINE: Partial<Record<string, TimelineEvent>> = {
  opened: { kind: 'opened' },
  reopened: { kind: 'reopened' },
  recovered: { kind: 'recovered' },
};

export async function handleAlertJob(
  job: Pick<Job, 'data'> & { readonly attemptsMade?: number },
  ctx: AppContext,
  deps: IncidentDeps,
): Promise<string> {
  const parsed = parseJobData(job.data).alert;
  const alert = deps.enrich ? await deps.enrich(ctx, parsed) : parsed;
  const now = ctx.now();
  const { engine } = deps;
  const mute = await engine.isMuted(alert, now);
  if (mute) {
    await ctx.audit.record({
      who: 'watchkeeper',
      action: 'alert.muted',
      at: now,
      detail: `${mute.id} ${alert.dedupeKey}`,
    });
    return 'muted';
  }
  const runbook = selectRunbook(deps.runbooks, { source: alert.source, type: alert.type });
  const owner = await ownerOf(ctx, deps, alert);
  const alias = ctx.config.aws.accounts.find((a) => a.id === alert.accountId)?.alias;
  const result = await engine.applyAlert(alert, now, {
    runbookId: runbook?.id ?? NO_RUNBOOK,
    ...(owner ? { owner } : {}),
    ...(alias ? { accountAlias: alias } : {}),
    ...(ctx.config.sampleData ? { sampleData: true } : {}),
  });
  if (result.change === 'unchanged' && result.incident && (job.attemptsMade ?? 0) > 0) {
    // A retry of an attempt that stored the change but failed before Slack heard of it: ask
    // again for the card (versioned, so harmless if it was sent). Audit and timeline are not redone.
    const { channel } = cardChannelOf(ctx, deps, result.incident);
    if (channel)
      await deps.outbox.requestCardSync({
        incidentId: result.incident.id,
        channel,
        version: result.incident.version,
      });
    return 'resynced';
  }
  if (result.change === 'unchanged' || !result.incident) return result.change;
  const incident = result.incident;
  const timeline = TIMELINE[result.change];
  await announceChange(ctx, deps, {
    after: incident,
    ...(result.before ? { before: result.before } : {}),
    who: 'watchkeeper',
    action: `alert.${result.change}`,
    ...(timeline ? { timeline } : {}),
    detail: alert.dedupeKey,
  });
  if (result.change === 'opened' || result.change === 'reopened') {
    await scheduleNextEscalation(ctx.queues.timers, incident, deps.escalation);
    await pageOnOpen(ctx, deps, incident);
  }
  if (incident.status === 'resolved' && result.before)
    await cancelEscalation(ctx.queues.timers, result.before);
  return result.change;
}

/**
 * High and critical incidents whose routing rule names a user group page it once, in the card's
 * thread (the card itself and the timeline never mention anyone).
 */
async function pageOnOpen(ctx: AppContext, deps: IncidentDeps, incident: Incident): Promise<void> {
  if (incident.severityLabel !== 'high' && incident.severityLabel !== 'critical') return;
  const { channel, mention } = cardChannelOf(ctx, deps, incident);
  if (!channel || !mention || !/^S[A-Z0-9]+$/.test(mention)) return;
  await deps.outbox.postMessage({
    idempotencyKey: `page.${incident.id}.${incident.reopenedCount}`,
    channel,
    threadOfIncident: incident.id,
    text: `<!subteam^${mention}> ${incident.severityLabel} incident ${incident.id} needs a responder.`,
  });
}

export function incidentResponseWorkflow(deps: IncidentDeps): Workflow {
  return {
    name: 'incident-response',
    processors: [
      {
        queue: QueueName.Alerts,
        job: JobName.Alert,
        handle: (job, ctx) => handleAlertJob(job, ctx, deps),
      },
    ],
  };
}

/** The outbox's view of a card: the incident as stored, drawn with its runbook. */
export function makeCardRenderer(deps: {
  readonly engine: Pick<IncidentEngine, 'get'>;
  readonly runbooks: readonly Runbook[];
}): CardRenderer {
  return async (incidentId) => {
    const incident = await deps.engine.get(incidentId);
    if (!incident) return undefined;
    const runbook = deps.runbooks.find((r) => r.id === incident.runbookId);
    const card = buildIncidentCard(incident, runbook);
    return { text: card.text, blocks: card.blocks as unknown as KnownBlock[], version: incident.version };
  };
}
