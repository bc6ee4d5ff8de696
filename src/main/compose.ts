import { COMMANDS } from '../../commands/index.js';
import { accessReviewListener, accessReviewWorkflow } from '../../workflows/access-review.js';
import { commandTasksWorkflow } from '../../workflows/command-tasks.js';
import { escalationWorkflow } from '../../workflows/escalation.js';
import { type GuardDutySyncWorkflowDeps, guardDutySyncWorkflow } from '../../workflows/guardduty-sync.js';
import { incidentResponseWorkflow, makeCardRenderer } from '../../workflows/incident-response.js';
import { intakeAcceptDeps, intakeRoutes } from '../../workflows/intake.js';
import { type LogWatchWorkflowDeps, logWatchWorkflow } from '../../workflows/log-watch.js';
import { outboxWorkflow } from '../../workflows/outbox.js';
import { remediationListener, remediationWorkflow } from '../../workflows/remediation.js';
import {
  type SecurityHubSyncWorkflowDeps,
  securityHubSyncWorkflow,
} from '../../workflows/securityhub-sync.js';
import { type WeeklyDigestDeps, weeklyDigestWorkflow } from '../../workflows/weekly-digest.js';
import { loadDetectionCatalog } from '../alerts/detections/catalog-loader.js';
import { alarmEnricher } from '../alerts/detections/enrich/runtime.js';
import { acceptInputs } from '../alerts/intake/accept.js';
import { AwsClientCache } from '../aws/client-cache.js';
import { sdkGuardDutyFindingsPorts } from '../aws/guardduty/runtime.js';
import { sdkIamRemediations } from '../aws/iam/remediation.js';
import { sdkIamInventoryPorts } from '../aws/iam/runtime.js';
import { sdkCloudTrailLogsPorts } from '../aws/logs/runtime.js';
import { sdkPosturePorts } from '../aws/posture/runtime.js';
import { type RemediationPortFor, sdkRemediationPorts } from '../aws/remediation/runtime.js';
import { sdkSecurityHubFindingsPorts } from '../aws/securityhub/runtime.js';
import { sdkTagsPorts } from '../aws/tagging/runtime.js';
import { engineHistorySource } from '../digest/runtime/engine-source.js';
import type { CampaignDeps } from '../iam/review/campaign/deps.js';
import { accessReviewExportListener } from '../iam/review/export-action.js';
import type { AccessReviewTaskDeps } from '../iam/review/run-review.js';
import { cardChannelOf } from '../incidents/announce.js';
import { incidentActionsListener } from '../incidents/buttons/register.js';
import { createIncidentEngineFor, type IncidentDeps } from '../incidents/deps.js';
import { loadRunbooks } from '../incidents/runbooks/loader.js';
import { ownersRegistryLoader } from '../ownership/runtime.js';
import type { Config } from '../platform/config/schema.js';
import type { AppContext } from '../platform/context.js';
import { JobName } from '../platform/queue/names.js';
import type { RemediationDeps } from '../remediation/deps.js';
import { createRemediationStore } from '../remediation/store.js';
import { createOutbox } from '../slack/outbox/index.js';
import type { Compose, Composition } from './start.js';

/**
 * The composition root: the one module in src/ that imports commands/ and workflows/, and the
 * one place the shared objects of a runtime are built: the outbox, the incident engine, the
 * owners registry and the AWS client cache, each once, then passed to whatever needs them.
 */

export interface CompositionOptions {
  /** The sandbox swaps the AWS side for its sample account; production leaves these unset. */
  readonly guardDutyPortFor?: GuardDutySyncWorkflowDeps['portFor'];
  readonly tagsPortFor?: (ctx: AppContext, accountId?: string) => ReturnType<ReturnType<typeof sdkTagsPorts>>;
  readonly posturePortFor?: WeeklyDigestDeps['posturePortFor'];
  readonly iamPortFor?: AccessReviewTaskDeps['iamPortFor'];
  readonly cloudTrailLogsPortFor?: LogWatchWorkflowDeps['portFor'];
  readonly securityHubPortFor?: SecurityHubSyncWorkflowDeps['portFor'];
  readonly remediationPortFor?: RemediationPortFor;
  /** The IAM writes an access-review Revoke makes (the sample account's in the sandbox). */
  readonly iamRemediationFor?: CampaignDeps['remediationFor'];
  /** Tests adjust containment's deps (its policy, clock); given the ones production would use. */
  readonly remediationDeps?: (ctx: AppContext, production: RemediationDeps) => RemediationDeps;
  /** Tests shorten the card update interval. @defaultValue 5000 */
  readonly cardUpdateIntervalMs?: number;
}

/**
 * Loads the data the workflows run on (detections, runbooks) once, failing before anything
 * starts when it is invalid; the returned function binds everything to a runtime's context.
 */
export async function loadComposition(
  config: Readonly<Config>,
  options: CompositionOptions = {},
): Promise<(ctx: AppContext) => Composition> {
  const extra = config.detections.map((definition, i) => ({ source: `config detections[${i}]`, definition }));
  const [catalog, runbooks] = await Promise.all([loadDetectionCatalog({ extra }), loadRunbooks()]);
  return (ctx) => {
    const aws = new AwsClientCache(config);
    const outbox = createOutbox({ queues: ctx.queues, redis: ctx.redis, prefix: config.redis.prefix });
    const engine = createIncidentEngineFor(ctx, { incidents: config.incidents, runbooks });
    const ownersRegistry = ownersRegistryLoader(config);
    const tagsPortFor = options.tagsPortFor ?? sdkTagsPorts(aws);
    const logsPortFor = options.cloudTrailLogsPortFor ?? sdkCloudTrailLogsPorts(aws);
    const enqueue = async (jobCtx: AppContext, jobs: Parameters<typeof acceptInputs>[0]) => {
      await acceptInputs(jobs, intakeAcceptDeps(jobCtx, catalog));
    };
    const incidents: IncidentDeps = {
      engine,
      outbox,
      runbooks,
      incidents: config.incidents,
      routing: config.routing,
      escalation: config.escalation,
      sampleFindings: config.alerts.sampleFindings,
      ownersRegistry,
      // The card asks the same resolver as /owner, resource and principal tags included.
      tagsPortFor: (c: AppContext, accountId: string) => tagsPortFor(c, accountId),
      enrich: alarmEnricher(catalog, logsPortFor),
    };
    const digest: WeeklyDigestDeps = {
      history: engineHistorySource(engine),
      outbox,
      detectionIds: catalog.detections.map((d) => d.id),
      posturePortFor: options.posturePortFor ?? sdkPosturePorts(aws),
    };
    const campaign = {
      outbox,
      ownersRegistry,
      tagsPortFor: (c: AppContext, accountId: string) => tagsPortFor(c, accountId),
      remediationFor: options.iamRemediationFor ?? sdkIamRemediations(aws),
    };
    const accessReview: AccessReviewTaskDeps = {
      iamPortFor: options.iamPortFor ?? sdkIamInventoryPorts(aws),
      outbox,
      ownersRegistry,
    };
    const productionRemediation: RemediationDeps = {
      config: config.remediation,
      engine,
      routing: config.routing,
      outbox,
      portFor: options.remediationPortFor ?? sdkRemediationPorts(aws),
      store: createRemediationStore(ctx.redis, config.redis.prefix),
    };
    const remediation = options.remediationDeps?.(ctx, productionRemediation) ?? productionRemediation;
    return {
      commands: COMMANDS,
      workflows: [
        incidentResponseWorkflow(incidents),
        escalationWorkflow(incidents),
        outboxWorkflow({
          renderCard: makeCardRenderer({ engine, runbooks, remediation: config.remediation }),
          openCards: async (jobCtx) =>
            (await engine.listOpen()).flatMap((incident) => {
              const { channel } = cardChannelOf(jobCtx, incidents, incident);
              return channel ? [{ incidentId: incident.id, channel, version: incident.version }] : [];
            }),
          ...(options.cardUpdateIntervalMs !== undefined
            ? { cardUpdateIntervalMs: options.cardUpdateIntervalMs }
            : {}),
        }),
        guardDutySyncWorkflow({
          enqueue,
          portFor: options.guardDutyPortFor ?? sdkGuardDutyFindingsPorts(aws),
        }),
        securityHubSyncWorkflow({
          job: JobName.SecurityHubSync,
          config: (jobCtx) => jobCtx.config.securityHub,
          enqueue,
          portFor: options.securityHubPortFor ?? sdkSecurityHubFindingsPorts(aws),
        }),
        logWatchWorkflow({ catalog, enqueue, portFor: logsPortFor }),
        remediationWorkflow(remediation),
        weeklyDigestWorkflow(digest),
        accessReviewWorkflow(campaign),
        commandTasksWorkflow({ digest, incidents, accessReview, tagsPortFor, ownersRegistry }),
      ],
      routes: intakeRoutes({ catalog }),
      listeners: [
        incidentActionsListener(incidents),
        accessReviewExportListener({ outbox }),
        accessReviewListener(campaign),
        remediationListener(remediation),
      ],
    };
  };
}

/** For `start` and the sandbox: the composition loaded for a config, ready to bind. */
export type Composer = (config: Readonly<Config>) => Promise<Compose>;

export function composer(options: CompositionOptions = {}): Composer {
  return (config) => loadComposition(config, options);
}
