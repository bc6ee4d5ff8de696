/**
 * Incident response: turns each normalized alert into an incident change and keeps Slack in step.
 *
 * Jobs consumed: `alert.process` on the `alerts` queue, data `AlertJobData` ({alert, origin,
 * receivedAt}), enqueued by intake (src/alerts/intake/accept.ts); and `alert.batch`, data
 * `{alerts: AlertJobData[]}`, the alerts of one intake call applied in order (alert-batches.ts).
 *
 * Steps:
 *  1. Parse the job data (a bad job fails for good: retrying cannot fix it).
 *  2. A GuardDuty sample finding (`alert.vendorSample`) follows `alerts.sampleFindings`, given in
 *     the deps (default `channel`): `drop` skips it (audited); `channel` opens it in the sample
 *     channel, never escalated or paged; `normal` treats it like any finding.
 *  3. Apply the alert atomically, its audit entry in the same commit: muted (a mute rule matches
 *     its type and resource: the skip is audited), opened, updated, reopened, recovered or
 *     unchanged (a repeated delivery). Only
 *     when it opens an incident are the runbook and owner picked (as `/owner` would: the resource
 *     and the acting principal, their tags from the alert and, cached, from the account's tag
 *     port, then owners.yaml), so a repeat or a recovery costs no owner look-up.
 *  4. Log the audit entry, route the incident to its channel and ask the outbox to sync the card.
 *  5. Post a timeline entry in the card's thread for opened/reopened/recovered (not for plain
 *     repeat occurrences), unless `incidents.threadLog` is off. A reopening says what saw it
 *     again, when, and how long after whom resolved it.
 *  6. On open or reopen, schedule the first escalation timer (workflows/escalation.ts).
 *
 * A job that fails for good (invalid data, a permanent error such as an incident that would be
 * invalid, or its last attempt) is kept in the dead-letter list with its data and the error
 * before BullMQ marks it failed, so `watchkeeper dead-letters replay` can put it back after a fix.
 *
 * Posts to Slack (through the outbox only): the incident card and its timeline replies.
 */

import type { KnownBlock } from '@slack/types';
import { type Job, UnrecoverableError } from 'bullmq';
import type { z } from 'zod';
import type { alertSchema } from '../src/alerts/alert.js';
import { alertJobDataSchema } from '../src/alerts/intake/accept.js';
import { alertBatchJobDataSchema } from '../src/alerts/intake/alert-batches.js';
import { DeadLetterStore } from '../src/alerts/intake/dead-letters.js';
import { isAlertReplayJobId } from '../src/alerts/intake/replay.js';
import { announceChange, cardChannelOf, changeEntry } from '../src/incidents/announce.js';
import type { TimelineEvent } from '../src/incidents/card/index.js';
import { buildIncidentCard } from '../src/incidents/card/index.js';
import type { IncidentDeps } from '../src/incidents/deps.js';
import { displayNameOf } from '../src/incidents/display-name.js';
import type { EntryForChange, IncidentEngine } from '../src/incidents/engine.js';
import type { Incident } from '../src/incidents/incident.js';
import { selectRunbook } from '../src/incidents/runbooks/matcher.js';
import type { Runbook } from '../src/incidents/runbooks/schema.js';
import {
  isSetApartSample,
  type SampleFindingsDeps,
  sampleFindingsOf,
} from '../src/incidents/sample-findings.js';
import { cancelEscalation, scheduleNextEscalation } from '../src/incidents/timers.js';
import { resolveAlertOwner } from '../src/ownership/alert-owner.js';
import { emptyOwnersRegistry } from '../src/ownership/registry.js';
import { cachedTagsPort, createInFlightTags } from '../src/ownership/tags-cache.js';
import type { StagedAuditEntry } from '../src/platform/audit/audit.js';
import type { RemediationConfig } from '../src/platform/config/remediation.js';
import type { AppContext } from '../src/platform/context.js';
import { InputError, isPermanentError } from '../src/platform/errors.js';
import { JobName, QueueName } from '../src/platform/queue/names.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import { runByKey } from '../src/platform/queue/run-by-key.js';
import { failsForGood } from '../src/platform/queue/workers.js';
import { containElement } from '../src/remediation/slack/menu.js';
import type { CardRenderer } from '../src/slack/outbox/outbox.js';

/** The incident deps, plus `alerts.sampleFindings` (default: samples set apart in their channel). */
export type IncidentResponseDeps = IncidentDeps & SampleFindingsDeps;

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

/**
 * The card's owner, asked the way `/owner` asks (src/ownership/alert-owner.ts): the alert's
 * resource and principal, their tags read through the account's tag port behind a Redis cache
 * with a short timeout, so an alert storm asks AWS once per resource and a failing AWS only
 * costs the card what the alert itself carries.
 */
async function ownerOf(ctx: AppContext, deps: IncidentDeps, alert: z.infer<typeof alertSchema>) {
  const registry = deps.ownersRegistry ? await deps.ownersRegistry() : emptyOwnersRegistry();
  // Tags are read only with access to the alert's own account: another account's IAM may hold a
  // different role under the same name, and its tags would name the wrong owner.
  const configured = ctx.config.aws.accounts.some((a) => a.id === alert.accountId);
  const port = configured ? deps.tagsPortFor?.(ctx, alert.accountId) : undefined;
  const tags =
    port &&
    cachedTagsPort({
      port,
      redis: ctx.redis,
      prefix: ctx.config.redis.prefix,
      accountId: alert.accountId,
      region: alert.region,
      logger: ctx.logger,
      inFlight: deps.ownerTags?.inFlight ?? createInFlightTags(),
      ...(deps.ownerTags?.settings ? { settings: deps.ownerTags.settings } : {}),
    });
  const resolution = await resolveAlertOwner(alert, {
    registry,
    logger: ctx.logger,
    tagKeys: ctx.config.ownership.tagKeys,
    context: { accountId: alert.accountId, region: alert.region },
    ...(tags ? { tags } : {}),
  });
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
  recovered: { kind: 'recovered' },
};

/** The reopening in words: what saw it again and when, and the resolution it undid (by name). */
async function reopenedEvent(
  ctx: AppContext,
  alert: z.infer<typeof alertSchema>,
  before: Incident | undefined,
): Promise<TimelineEvent> {
  const resolverName = await displayNameOf(ctx, before?.resolvedBy);
  return {
    kind: 'reopened',
    source: alert.source,
    seenAt: alert.lastSeen,
    ...(before?.resolvedAt ? { resolvedAt: before.resolvedAt } : {}),
    ...(resolverName ? { resolverName } : {}),
  };
}

export async function handleAlertJob(
  job: Pick<Job, 'data'> & {
    readonly attemptsMade?: number;
    readonly attemptsStarted?: number;
    readonly id?: string | undefined;
  },
  ctx: AppContext,
  deps: IncidentResponseDeps,
): Promise<string> {
  const parsed = parseJobData(job.data).alert;
  const alert = deps.enrich ? await deps.enrich(ctx, parsed) : parsed;
  const now = ctx.now();
  const { engine } = deps;
  if (alert.vendorSample && sampleFindingsOf(deps).mode === 'drop') {
    await ctx.audit.record({
      who: 'watchkeeper',
      action: 'alert.sample-dropped',
      at: now,
      detail: `alerts.sampleFindings is drop: ${alert.dedupeKey}`,
    });
    return 'sample-dropped';
  }
  // The change's audit entry is written by the engine's commit, with the change; the last one
  // staged is the one stored (a commit that loses a race works the change out again).
  let audited: StagedAuditEntry | undefined;
  const entryFor: EntryForChange = (change) => {
    audited = ctx.audit.stage(
      changeEntry(now, {
        who: 'watchkeeper',
        action: `alert.${change.change}`,
        after: change.incident,
        ...(change.before ? { before: change.before } : {}),
        detail: alert.dedupeKey,
      }),
    );
    return audited;
  };
  // The runbook and owner matter only to a new incident: the engine asks for them only then.
  const result = await engine.applyAlert(
    alert,
    now,
    async () => {
      const runbook = selectRunbook(deps.runbooks, alert);
      const owner = await ownerOf(ctx, deps, alert);
      const alias = ctx.config.aws.accounts.find((a) => a.id === alert.accountId)?.alias;
      return {
        runbookId: runbook?.id ?? NO_RUNBOOK,
        ...(owner ? { owner } : {}),
        ...(alias ? { accountAlias: alias } : {}),
        ...(ctx.config.sampleData ? { sampleData: true } : {}),
      };
    },
    entryFor,
  );
  if (result.change === 'muted') {
    await ctx.audit.record({
      who: 'watchkeeper',
      action: 'alert.muted',
      at: now,
      detail: `${result.mute.id} ${alert.dedupeKey}`,
    });
    return 'muted';
  }
  // A second start without a failure is a stalled job: its worker died, perhaps after the commit.
  const retry = (job.attemptsMade ?? 0) > 0 || (job.attemptsStarted ?? 0) > 1 || isAlertReplayJobId(job.id);
  if (result.change === 'unchanged' && result.incident && retry) {
    // A retry, a stalled job run again or a replay from the dead letters, of an attempt that
    // stored the change but failed before Slack heard of it: ask again for the card (versioned, so
    // harmless if it was sent). Audit and timeline are not redone.
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
  const timeline =
    result.change === 'reopened' ? await reopenedEvent(ctx, alert, result.before) : TIMELINE[result.change];
  await announceChange(ctx, deps, {
    after: incident,
    ...(result.before ? { before: result.before } : {}),
    who: 'watchkeeper',
    action: `alert.${result.change}`,
    ...(timeline ? { timeline } : {}),
    detail: alert.dedupeKey,
    ...(audited ? { audited } : {}),
  });
  if ((result.change === 'opened' || result.change === 'reopened') && !isSetApartSample(incident, deps)) {
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
async function pageOnOpen(ctx: AppContext, deps: IncidentResponseDeps, incident: Incident): Promise<void> {
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

/**
 * `handleAlertJob` as the worker runs it: a permanent error is not retried, and a job that fails
 * for good is dead-lettered first (an accepted alert must never vanish into the failed set).
 */
export async function processAlertJob(
  job: Pick<Job, 'data' | 'id' | 'attemptsMade' | 'opts'>,
  ctx: AppContext,
  deps: IncidentResponseDeps,
): Promise<string> {
  try {
    return await handleAlertJob(job, ctx, deps);
  } catch (error) {
    const failure = isPermanentError(error) ? new UnrecoverableError(error.message) : error;
    if (failsForGood(job, failure)) await keepFailedJob(job, error, ctx);
    throw failure;
  }
}

const MAX_REASON_CHARS = 500;
const MAX_ORIGIN_CHARS = 100;

/**
 * An `alert.batch` job (src/alerts/intake/alert-batches.ts): its alerts applied in order, each as
 * its own `alert.process` job would be. An alert that fails for good (invalid, or a permanent
 * error such as an incident that would be invalid) is dead-lettered alone and the rest go on.
 * Alerts of different findings are applied side by side, a finding's occurrences in order
 * (run-by-key.ts). Any other error (Redis) stops the batch and BullMQ retries it whole: the alerts
 * already applied come back unchanged and, as on any retry, only ask for their cards again. A
 * batch that fails for good dead-letters every alert it had not applied.
 */
export async function processAlertBatchJob(
  job: Pick<Job, 'data' | 'id' | 'attemptsMade' | 'attemptsStarted' | 'opts'>,
  ctx: AppContext,
  deps: IncidentResponseDeps,
): Promise<string> {
  const parsed = alertBatchJobDataSchema.safeParse(job.data);
  if (!parsed.success) {
    const error = new InputError(
      'Invalid alert batch job',
      parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })),
    );
    await keepFailedJob(job, error, ctx);
    throw new UnrecoverableError(error.message);
  }
  const { alerts } = parsed.data;
  const outcomes = new Map<string, number>();
  const count = (outcome: string) => outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const run = await runByKey(
    alerts,
    { keyOf: (data, index) => dedupeKeyIn(data) ?? `#${index}`, limit: BATCH_ALERTS_AT_ONCE },
    async (data, index) => {
      const member = {
        data,
        id: job.id,
        attemptsMade: job.attemptsMade,
        attemptsStarted: job.attemptsStarted,
      };
      try {
        count(await handleAlertJob(member, ctx, deps));
      } catch (error) {
        if (!(error instanceof UnrecoverableError || isPermanentError(error))) throw error;
        // Unstorable here means Redis is down: the batch is retried, and this alert fails again.
        await deadLetterAlertJob({ data, id: `${job.id}.${index}`, inBatch: true }, error, ctx);
        count('dead-lettered');
      }
    },
  );
  if (run.failed) {
    if (failsForGood(job, run.error))
      for (const [index, data] of alerts.entries())
        if (!run.done[index])
          await keepFailedJob({ data, id: `${job.id}.${index}`, inBatch: true }, run.error, ctx);
    throw run.error;
  }
  const summary = [...outcomes]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([outcome, n]) => `${n} ${outcome}`)
    .join(', ');
  return `${alerts.length} alerts: ${summary}`;
}

/**
 * How many of a batch's alerts are applied at once (occurrences of one finding in order): their
 * reads, commits and card requests each go to Redis as one command (script-batches.ts), so more
 * at once costs fewer commands per alert (`pipeline`: 8 gave 2,860–3,280 alerts/s, 25 gave
 * 3,280–3,450, 50 no more than 25), while a batch stays half a batch job's size.
 */
const BATCH_ALERTS_AT_ONCE = 25;

/** The alert's dedupe key, read before the alert is validated (which happens per alert). */
function dedupeKeyIn(data: unknown): string | undefined {
  const alert = typeof data === 'object' && data !== null ? (data as { alert?: unknown }).alert : undefined;
  const key =
    typeof alert === 'object' && alert !== null ? (alert as { dedupeKey?: unknown }).dedupeKey : undefined;
  return typeof key === 'string' ? key : undefined;
}

/** Dead-letters an alert job that failed for good; if Redis cannot take it, the job keeps it. */
async function keepFailedJob(
  job: Pick<Job, 'data' | 'id'> & { readonly inBatch?: boolean },
  error: unknown,
  ctx: AppContext,
): Promise<void> {
  try {
    await deadLetterAlertJob(job, error, ctx);
  } catch (storeError) {
    // Redis is likely down too: the job stays in BullMQ's failed set, where an operator can still find it.
    ctx.logger.error(
      { jobId: job.id, err: storeError },
      'alert job failed for good and could not be dead-lettered; it stays in the failed set',
    );
  }
}

/**
 * Keeps an alert job's data in the dead-letter list, for `watchkeeper dead-letters replay`. An
 * alert of a batch (`inBatch`) keeps one letter however often its batch is retried.
 */
async function deadLetterAlertJob(
  job: Pick<Job, 'data' | 'id'> & { readonly inBatch?: boolean },
  error: unknown,
  ctx: AppContext,
): Promise<void> {
  const data: unknown = job.data;
  const field = (name: string): string | undefined => {
    if (typeof data !== 'object' || data === null || !Object.hasOwn(data, name)) return undefined;
    const value: unknown = (data as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : undefined;
  };
  const origin = field('origin');
  const message = error instanceof Error ? error.message : String(error);
  const now = ctx.now();
  // The store is a view over two Redis keys: built where it is needed, from the runtime's context.
  const letter = await new DeadLetterStore(ctx.redis, ctx.config.redis.prefix).add({
    job: {
      kind: 'unknown',
      receivedAt: field('receivedAt') ?? now.toISOString(),
      origin: origin === undefined ? 'alerts' : `alerts/${origin.slice(0, MAX_ORIGIN_CHARS)}`,
      payload: data,
    },
    reason: `alert job failed for good: ${message.slice(0, MAX_REASON_CHARS)}`,
    problems: error instanceof InputError ? error.problems : [],
    at: now,
    ...(job.inBatch ? { key: `alert-batch-member.${String(job.id)}` } : {}),
    failedJob: { queue: QueueName.Alerts, jobId: String(job.id) },
  });
  ctx.metrics.deadLetters.inc({ origin: 'alerts' });
  ctx.logger.error({ jobId: job.id, deadLetterId: letter.id }, 'alert job failed for good; dead-lettered');
}

export function incidentResponseWorkflow(given: IncidentResponseDeps): Workflow {
  // One set of tag look-ups in flight per runtime, shared by every alert job of its worker.
  const deps: IncidentResponseDeps = given.ownerTags
    ? given
    : { ...given, ownerTags: { inFlight: createInFlightTags() } };
  return {
    name: 'incident-response',
    processors: [
      {
        queue: QueueName.Alerts,
        job: JobName.Alert,
        handle: (job, ctx) => processAlertJob(job, ctx, deps),
      },
      {
        queue: QueueName.Alerts,
        job: JobName.AlertBatch,
        handle: (job, ctx) => processAlertBatchJob(job, ctx, deps),
      },
    ],
  };
}

/** The outbox's view of a card: the incident as stored, drawn with its runbook. */
export function makeCardRenderer(deps: {
  readonly engine: Pick<IncidentEngine, 'get'>;
  readonly runbooks: readonly Runbook[];
  /** Adds the Contain… menu to open cards when containment is enabled and an action fits. */
  readonly remediation?: RemediationConfig;
}): CardRenderer {
  return async (incidentId) => {
    const incident = await deps.engine.get(incidentId);
    if (!incident) return undefined;
    const runbook = deps.runbooks.find((r) => r.id === incident.runbookId);
    const contain =
      deps.remediation && incident.status !== 'resolved'
        ? containElement(deps.remediation, incident)
        : undefined;
    const card = buildIncidentCard(incident, runbook, contain ? { extraActions: [contain] } : {});
    return { text: card.text, blocks: card.blocks as unknown as KnownBlock[], version: incident.version };
  };
}
