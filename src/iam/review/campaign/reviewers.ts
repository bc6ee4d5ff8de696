import type { OwnerContact } from '../../../ownership/registry.js';
import { type ResolveOwnerDeps, resolveOwner } from '../../../ownership/resolver.js';
import type { Logger } from '../../../platform/log/logger.js';
import { isSlackUserId } from '../../../slack/blocks/index.js';
import type { PrincipalEvidence } from '../../model.js';
import type { CampaignItem, ReviewerDestination } from './model.js';
import { itemKeyOf } from './model.js';

/**
 * Who reviews each principal: its owner (tag, then owners.yaml rule, then the account's default
 * team, the way every ownership answer is found) and where that owner is reached: a DM to the
 * team's escalation contact when owners.yaml names a Slack user, else the team's channel, else
 * the fallback: the campaign channel when config names one, otherwise the person who started
 * the review, by DM. Never, by default, the channel the button was clicked in: that is usually
 * the incident channel, and one click once posted 49 principal messages there.
 */

const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

/** Where principals without a reachable owner go. */
export type UnownedDestination = Pick<ReviewerDestination, 'kind' | 'id'>;

/** `accessReview.campaign.channel` when set; otherwise the starter's DM. */
export function unownedDestination(
  configuredChannel: string | undefined,
  startedBy: string,
): UnownedDestination {
  return configuredChannel ? { kind: 'channel', id: configuredChannel } : { kind: 'user', id: startedBy };
}

export function reviewerFor(owner: OwnerContact | null, unowned: UnownedDestination): ReviewerDestination {
  const contact = owner?.escalationContact?.trim();
  if (owner && contact && isSlackUserId(contact))
    return { kind: 'user', id: contact, why: `escalation contact of team ${owner.team}` };
  if (owner?.channel && CHANNEL_ID.test(owner.channel))
    return { kind: 'channel', id: owner.channel, why: `channel of team ${owner.team}` };
  const reason = owner ? `team ${owner.team} has no contact or channel in owners.yaml` : 'no owner found';
  const where =
    unowned.kind === 'user' ? 'sent to the person who started the review' : 'sent to the campaign channel';
  return { ...unowned, why: `${reason}; ${where}` };
}

export interface BuildItemsInput {
  readonly accountId: string;
  readonly principals: readonly PrincipalEvidence[];
  readonly unowned: UnownedDestination;
}

/** One pending item per principal, with its owner resolved and its reviewer chosen. */
export async function buildItems(
  input: BuildItemsInput,
  owners: Omit<ResolveOwnerDeps, 'logger'> & { readonly logger: Logger },
): Promise<CampaignItem[]> {
  const items: CampaignItem[] = [];
  for (const [index, evidence] of input.principals.entries()) {
    const resolution = await resolveOwner({ arn: evidence.arn, accountId: input.accountId }, owners);
    items.push({
      key: itemKeyOf(evidence),
      index,
      evidence,
      owner: {
        ...(resolution.owner ? { team: resolution.owner.team } : {}),
        source: resolution.source,
        detail: resolution.detail,
      },
      reviewer: reviewerFor(resolution.owner, input.unowned),
      round: 1,
      reassignments: [],
    });
  }
  return items;
}
