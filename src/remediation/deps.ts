import type { RemediationAwsPort } from '../aws/remediation/port.js';
import type { IncidentDeps } from '../incidents/deps.js';
import type { RemediationConfig } from '../platform/config/remediation.js';
import type { AppContext } from '../platform/context.js';
import type { RemediationStore } from './store.js';

/**
 * What containment needs, passed in by the composition root: its config section, the AWS port
 * of an account and region (the SDK over the account's assume-role in production, the sample
 * account in the sandbox, SDK clients under aws-sdk-client-mock in tests), the incident engine
 * and routing (to read the incident and find its card's channel), and the outbox.
 */
export interface RemediationDeps extends Pick<IncidentDeps, 'engine' | 'routing' | 'outbox'> {
  readonly config: RemediationConfig;
  readonly portFor: (ctx: AppContext, accountId: string, region: string) => RemediationAwsPort;
  readonly store: RemediationStore;
  /** The clock approvals expire by; the runtime's clock unless a test passes its own. */
  readonly now?: () => Date;
}

export function clockOf(ctx: AppContext, deps: Pick<RemediationDeps, 'now'>): Date {
  return (deps.now ?? ctx.now)();
}
