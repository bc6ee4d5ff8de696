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
 * the campaign's own channel.
 */

const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;

export function reviewerFor(owner: OwnerContact | null, campaignChannel: string): ReviewerDestination {
  const contact = owner?.escalationContact?.trim();
  if (owner && contact && isSlackUserId(contact))
    return { kind: 'user', id: contact, why: `escalation contact of team ${owner.team}` };
  if (owner?.channel && CHANNEL_ID.test(owner.channel))
    return { kind: 'channel', id: owner.channel, why: `channel of team ${owner.team}` };
  return {
    kind: 'channel',
    id: campaignChannel,
    why: owner ? `team ${owner.team} has no contact or channel in owners.yaml` : 'no owner found',
  };
}

export interface BuildItemsInput {
  readonly accountId: string;
  readonly principals: readonly PrincipalEvidence[];
  readonly campaignChannel: string;
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
      reviewer: reviewerFor(resolution.owner, input.campaignChannel),
      round: 1,
      reassignments: [],
    });
  }
  return items;
}
