import { loadDetectionCatalog } from '../src/alerts/detections/catalog-loader.js';
import { alarmEnricher } from '../src/alerts/detections/enrich/runtime.js';
import { acceptInputs } from '../src/alerts/intake/accept.js';
import { sdkIamInventoryPortFor } from '../src/aws/iam/runtime.js';
import { engineHistorySource } from '../src/digest/runtime/engine-source.js';
import type { CampaignDeps } from '../src/iam/review/campaign/deps.js';
import { accessReviewExportListener } from '../src/iam/review/export-action.js';
import type { AccessReviewTaskDeps } from '../src/iam/review/run-review.js';
import { incidentActionsListener } from '../src/incidents/buttons/register.js';
import type { IncidentDeps } from '../src/incidents/deps.js';
import { incidentEngineFor } from '../src/incidents/deps.js';
import { loadRunbooks } from '../src/incidents/runbooks/loader.js';
import type { ListenerRegistrar, RouteMounter } from '../src/main/start.js';
import { ownersRegistryFor, sdkTagsPortFor } from '../src/ownership/runtime.js';
import type { Config } from '../src/platform/config/schema.js';
import type { AppContext } from '../src/platform/context.js';
import type { Workflow } from '../src/platform/queue/processors.js';
import { createOutbox, type Outbox, outboxWorkflow } from '../src/slack/outbox/index.js';
import { accessReviewListener, accessReviewWorkflow } from './access-review.js';
import { type CommandTaskDeps, commandTasksWorkflow } from './command-tasks.js';
import { escalationWorkflow } from './escalation.js';
import { type GuardDutySyncWorkflowDeps, guardDutySyncWorkflow } from './guardduty-sync.js';
import { incidentResponseWorkflow, makeCardRenderer } from './incident-response.js';
import { intakeAcceptDeps, intakeRoutes } from './intake.js';
import { type LogWatchWorkflowDeps, logWatchWorkflow } from './log-watch.js';
import { type WeeklyDigestDeps, weeklyDigestWorkflow } from './weekly-digest.js';

/** Every workflow, route and listener the runtime starts; bound here and nowhere else. */
export interface Composition {
  readonly workflows: readonly Workflow[];
  readonly routes: readonly RouteMounter[];
  readonly listeners: readonly ListenerRegistrar[];
}

export interface LoadCompositionOptions {
  /** The sandbox swaps the AWS side for its sample account; production leaves these unset. */
  readonly guardDutyPortFor?: GuardDutySyncWorkflowDeps['portFor'];
  readonly tagsPortFor?: CommandTaskDeps['tagsPortFor'];
  readonly posturePortFor?: WeeklyDigestDeps['posturePortFor'];
  readonly iamPortFor?: AccessReviewTaskDeps['iamPortFor'];
  readonly cloudTrailLogsPortFor?: LogWatchWorkflowDeps['portFor'];
  /** Tests shorten the card update interval. @defaultValue 5000 */
  readonly cardUpdateIntervalMs?: number;
}

const outboxes = new WeakMap<AppContext, Outbox>();
/** One outbox producer per runtime. */
function outboxFor(ctx: AppContext): Outbox {
  let outbox = outboxes.get(ctx);
  if (!outbox) {
    outbox = createOutbox({ queues: ctx.queues, redis: ctx.redis, prefix: ctx.config.redis.prefix });
    outboxes.set(ctx, outbox);
  }
  return outbox;
}

/** Loads the data the workflows run on (detections, runbooks) once, then binds them. */
export async function loadComposition(
  config: Readonly<Config>,
  options: LoadCompositionOptions = {},
): Promise<Composition> {
  const extra = config.detections.map((definition, i) => ({ source: `config detections[${i}]`, definition }));
  const [catalog, runbooks] = await Promise.all([loadDetectionCatalog({ extra }), loadRunbooks()]);
  const enqueue = async (ctx: AppContext, jobs: Parameters<typeof acceptInputs>[0]) => {
    await acceptInputs(jobs, intakeAcceptDeps(ctx, catalog));
  };
  const incidents: IncidentDeps = {
    outbox: outboxFor,
    runbooks,
    incidents: config.incidents,
    routing: config.routing,
    escalation: config.escalation,
    ownersRegistry: (ctx) => ownersRegistryFor(ctx.config),
    enrich: alarmEnricher(catalog),
  };
  const digest: WeeklyDigestDeps = {
    history: (ctx) => engineHistorySource(incidentEngineFor(ctx, incidents)),
    outbox: outboxFor,
    detectionIds: catalog.detections.map((d) => d.id),
    ...(options.posturePortFor ? { posturePortFor: options.posturePortFor } : {}),
  };
  const campaign: CampaignDeps = {
    outbox: outboxFor,
    ownersRegistry: (ctx) => ownersRegistryFor(ctx.config),
    tagsPortFor:
      options.tagsPortFor ?? ((ctx, accountId) => sdkTagsPortFor(ctx.config, ctx.logger, accountId)),
  };
  const accessReview: AccessReviewTaskDeps = {
    iamPortFor: options.iamPortFor ?? sdkIamInventoryPortFor,
    outbox: outboxFor,
  };
  return {
    workflows: [
      incidentResponseWorkflow(incidents),
      escalationWorkflow(incidents),
      outboxWorkflow({
        renderCard: (ctx) => makeCardRenderer({ engine: incidentEngineFor(ctx, incidents), runbooks }),
        ...(options.cardUpdateIntervalMs !== undefined
          ? { cardUpdateIntervalMs: options.cardUpdateIntervalMs }
          : {}),
      }),
      guardDutySyncWorkflow({
        enqueue,
        ...(options.guardDutyPortFor ? { portFor: options.guardDutyPortFor } : {}),
      }),
      logWatchWorkflow({
        catalog,
        enqueue,
        ...(options.cloudTrailLogsPortFor ? { portFor: options.cloudTrailLogsPortFor } : {}),
      }),
      weeklyDigestWorkflow(digest),
      accessReviewWorkflow(campaign),
      commandTasksWorkflow({
        digest,
        incidents,
        accessReview,
        ...(options.tagsPortFor ? { tagsPortFor: options.tagsPortFor } : {}),
      }),
    ],
    routes: intakeRoutes({ catalog }),
    listeners: [
      incidentActionsListener(incidents),
      accessReviewExportListener({ outbox: outboxFor }),
      accessReviewListener(campaign),
    ],
  };
}
