import type { Alert } from '../alerts/alert.js';
import type { OwnersRegistry } from '../ownership/registry.js';
import { type AuditLog, createAuditLog } from '../platform/audit/audit.js';
import type { EscalationConfig, IncidentsConfig, RoutingConfig } from '../platform/config/incidents.js';
import type { AppContext } from '../platform/context.js';
import type { Outbox } from '../slack/outbox/outbox.js';
import { createIncidentEngine, type IncidentEngine } from './engine.js';
import type { Runbook } from './runbooks/schema.js';

/** What the incident workflows and Slack actions share; the composition root builds it once. */
export interface IncidentDeps {
  readonly outbox: (ctx: AppContext) => Outbox;
  readonly runbooks: readonly Runbook[];
  readonly incidents: IncidentsConfig;
  readonly routing: RoutingConfig;
  readonly escalation: EscalationConfig;
  /** owners.yaml for routing by owner; without it only the alert's owner tags are used. */
  readonly ownersRegistry?: (ctx: AppContext) => Promise<OwnersRegistry>;
  /** Adds what the alert lacks before it is applied (alarm-mode CloudTrail evidence). */
  readonly enrich?: (ctx: AppContext, alert: Alert) => Promise<Alert>;
}

const engines = new WeakMap<object, IncidentEngine>();

/** One engine per runtime context (its Redis connection and prefix). */
export function incidentEngineFor(
  ctx: AppContext,
  deps: Pick<IncidentDeps, 'incidents' | 'runbooks'>,
): IncidentEngine {
  let engine = engines.get(ctx);
  if (!engine) {
    const generic = new Set(deps.runbooks.filter((r) => r.match.fallback).map((r) => r.id));
    engine = createIncidentEngine({
      redis: ctx.redis,
      prefix: `${ctx.config.redis.prefix}:inc`,
      config: deps.incidents,
      historyRetentionMs: ctx.config.digest.retentionWeeks * 7 * 24 * 3_600_000,
      ...(deps.runbooks.length > 0
        ? { isSpecificRunbook: (id: string) => id !== '' && !generic.has(id) }
        : {}),
    });
    engines.set(ctx, engine);
  }
  return engine;
}

export function auditLogFor(ctx: AppContext): AuditLog {
  return createAuditLog({ redis: ctx.redis, prefix: ctx.config.redis.prefix, logger: ctx.logger });
}
