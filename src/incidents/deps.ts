import type { Alert } from '../alerts/alert.js';
import type { ResourceTagsPort } from '../aws/tagging/port.js';
import type { OwnersRegistry } from '../ownership/registry.js';
import type { InFlightTags, TagsCacheSettings } from '../ownership/tags-cache.js';
import type { EscalationConfig, IncidentsConfig, RoutingConfig } from '../platform/config/incidents.js';
import type { SampleFindingsConfig } from '../platform/config/sample-findings.js';
import type { AppContext } from '../platform/context.js';
import type { Outbox } from '../slack/outbox/outbox.js';
import { createIncidentEngine, type IncidentEngine } from './engine.js';
import type { Runbook } from './runbooks/schema.js';

/** What the incident workflows, buttons and `/incidents` share; the composition root builds it once. */
export interface IncidentDeps {
  readonly engine: IncidentEngine;
  readonly outbox: Outbox;
  readonly runbooks: readonly Runbook[];
  readonly incidents: IncidentsConfig;
  readonly routing: RoutingConfig;
  readonly escalation: EscalationConfig;
  /** owners.yaml for routing by owner; without it only the alert's owner tags are used. */
  readonly ownersRegistry?: () => Promise<OwnersRegistry>;
  /**
   * The tag port of an account, the one `/owner` reads, so the card names the owner `/owner`
   * names. Without it only the alert's own tags and owners.yaml are used.
   */
  readonly tagsPortFor?: (ctx: AppContext, accountId: string) => ResourceTagsPort | undefined;
  /**
   * The card's tag look-ups in flight in this runtime, and how long answers are cached
   * (src/ownership/tags-cache.ts). The incident-response workflow makes its own when absent.
   */
  readonly ownerTags?: { readonly inFlight: InFlightTags; readonly settings?: TagsCacheSettings };
  /** `alerts.sampleFindings`: how GuardDuty's generated sample findings are handled (default `channel`). */
  readonly sampleFindings?: SampleFindingsConfig;
  /** Adds what the alert lacks before it is applied (alarm-mode CloudTrail evidence). */
  readonly enrich?: (ctx: AppContext, alert: Alert) => Promise<Alert>;
}

/** The engine of one runtime: its Redis connection, key prefix and history retention. */
export function createIncidentEngineFor(
  ctx: Pick<AppContext, 'redis' | 'config'>,
  deps: { readonly incidents: IncidentsConfig; readonly runbooks: readonly Runbook[] },
): IncidentEngine {
  const generic = new Set(deps.runbooks.filter((r) => r.match.fallback).map((r) => r.id));
  return createIncidentEngine({
    redis: ctx.redis,
    prefix: `${ctx.config.redis.prefix}:inc`,
    config: deps.incidents,
    historyRetentionMs: ctx.config.digest.retentionWeeks * 7 * 24 * 3_600_000,
    detectionGroupWindowMinutes: ctx.config.detectionGrouping.windowMinutes,
    ...(deps.runbooks.length > 0 ? { isSpecificRunbook: (id: string) => id !== '' && !generic.has(id) } : {}),
  });
}
