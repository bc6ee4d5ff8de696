import type { IamRemediation } from '../../../aws/iam/remediation.js';
import type { ResourceTagsPort } from '../../../aws/tagging/port.js';
import type { OwnersRegistry } from '../../../ownership/registry.js';
import type { AppContext } from '../../../platform/context.js';
import type { Outbox } from '../../../slack/outbox/outbox.js';

/** What a campaign needs from outside, passed in so tests can swap each part. */
export interface CampaignDeps {
  readonly outbox: Outbox;
  /** owners.yaml; none: owners come from tags only. */
  readonly ownersRegistry?: () => Promise<OwnersRegistry>;
  /** Reads principal tags for owner resolution; none: the registry alone answers. */
  readonly tagsPortFor?: (ctx: AppContext, accountId: string) => ResourceTagsPort | undefined;
  /** The IAM writes Revoke may make; used only when `accessReview.remediation.enabled`. */
  readonly remediationFor: (ctx: AppContext, accountId: string) => IamRemediation;
  /** Items posted per fan-out job (each job queues the next chunk). @defaultValue 50 */
  readonly fanOutChunk?: number;
}
