import type { InputError } from '../platform/errors.js';
import type { Alert } from './alert.js';
import type { InputShape } from './shapes.js';

/**
 * What one input became. `ignored` is a deliberate no-alert (an INSUFFICIENT_DATA alarm, an SNS
 * subscription message, a CloudTrail record no detection matched): drop it and log the reason.
 * `rejected` is input we cannot read: dead-letter it with the error's problems.
 */
export type NormalizeResult =
  | { readonly status: 'normalized'; readonly shape: InputShape; readonly alerts: readonly Alert[] }
  | {
      readonly status: 'ignored';
      readonly shape: InputShape;
      readonly reason: string;
      readonly audit?: IgnoredAudit;
    }
  | { readonly status: 'rejected'; readonly shape?: InputShape; readonly error: InputError };

/**
 * An ignored input that someone must be able to find later (an alarm whose actions a
 * maintenance window suppressed): `acceptInputs` writes it to the audit log under `action`.
 */
export interface IgnoredAudit {
  readonly action: string;
}

/** What a shape normalizer returns before `normalize` stamps the shape on it. */
export type Outcome =
  | { readonly status: 'normalized'; readonly alerts: readonly Alert[] }
  | { readonly status: 'ignored'; readonly reason: string; readonly audit?: IgnoredAudit };

export function normalized(alerts: readonly Alert[]): Outcome {
  return { status: 'normalized', alerts };
}

export function ignored(reason: string, audit?: IgnoredAudit): Outcome {
  return audit ? { status: 'ignored', reason, audit } : { status: 'ignored', reason };
}

/** The alerts of every part of a container, or one `ignored` naming why none made an alert. */
export function combineOutcomes(outcomes: readonly Outcome[], what: string): Outcome {
  const alerts: Alert[] = outcomes.flatMap((o) => (o.status === 'normalized' ? [...o.alerts] : []));
  if (alerts.length > 0) return normalized(alerts);
  const reasons = outcomes.flatMap((o) => (o.status === 'ignored' ? [o.reason] : []));
  return ignored(reasons.length > 0 ? reasons.join('; ') : `${what} holds nothing to alert on`);
}
