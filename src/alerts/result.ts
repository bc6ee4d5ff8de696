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
  | { readonly status: 'ignored'; readonly shape: InputShape; readonly reason: string }
  | { readonly status: 'rejected'; readonly shape?: InputShape; readonly error: InputError };

/** What a shape normalizer returns before `normalize` stamps the shape on it. */
export type Outcome =
  | { readonly status: 'normalized'; readonly alerts: readonly Alert[] }
  | { readonly status: 'ignored'; readonly reason: string };

export function normalized(alerts: readonly Alert[]): Outcome {
  return { status: 'normalized', alerts };
}

export function ignored(reason: string): Outcome {
  return { status: 'ignored', reason };
}
