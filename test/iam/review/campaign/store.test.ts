import { afterAll, describe, expect, it } from 'vitest';
import type { Campaign, CampaignItem } from '../../../../src/iam/review/campaign/model.js';
import {
  isPending,
  itemButtonValue,
  parseItemButtonValue,
} from '../../../../src/iam/review/campaign/model.js';
import { reviewerFor, unownedDestination } from '../../../../src/iam/review/campaign/reviewers.js';
import {
  addItems,
  changeCampaign,
  changeItem,
  claimReport,
  loadItem,
  loadItems,
  saveCampaign,
} from '../../../../src/iam/review/campaign/store.js';
import { deletePrefix, testRedisClient, uniquePrefix } from '../../../support/redis.js';
import { PRINCIPALS } from './fixture.js';

const campaign: Campaign = {
  id: 'arc-unit-1',
  accountId: '314159265358',
  reportId: 'ar-unit',
  startedBy: 'U0SECADMN1',
  startedAt: '2026-11-02T09:00:00.000Z',
  deadline: '2026-11-16T09:00:00.000Z',
  statusChannel: 'C0SECOPS01',
  status: 'open',
  itemCount: 2,
};

const item = (index: number): CampaignItem => {
  const evidence = PRINCIPALS[index] ?? PRINCIPALS[0];
  if (!evidence) throw new Error('fixture has no principals');
  return {
    key: `${evidence.kind}/${evidence.name}`,
    index,
    evidence,
    owner: { team: 'payments', source: 'registry', detail: 'owners.yaml rule 1' },
    reviewer: { kind: 'user', id: 'U0BYSTAND1', why: 'escalation contact of team payments' },
    round: 1,
    reassignments: [],
  };
};

describe('the campaign store', () => {
  const redis = testRedisClient();
  const prefix = uniquePrefix('campaigns');
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('gives a report one campaign: the second claim learns the first one', async () => {
    expect(await claimReport(redis, prefix, 'ar-unit', 'arc-first')).toEqual({
      campaignId: 'arc-first',
      created: true,
    });
    expect(await claimReport(redis, prefix, 'ar-unit', 'arc-second')).toEqual({
      campaignId: 'arc-first',
      created: false,
    });
  });

  it('adds items once: a retried fan-out keeps the decisions already made', async () => {
    await saveCampaign(redis, prefix, campaign);
    await addItems(redis, prefix, campaign.id, [item(1), item(0)]);
    await changeItem(redis, prefix, campaign.id, item(0).key, (i) => ({
      next: {
        ...i,
        decision: { decision: 'keep', by: 'U1', at: '2026-11-03T00:00:00Z', justification: 'needed' },
      },
      result: true,
    }));
    await addItems(redis, prefix, campaign.id, [item(0), item(1)]);
    const items = await loadItems(redis, prefix, campaign.id);
    expect(items.map((i) => i.index)).toEqual([0, 1]);
    expect(items[0]?.decision?.decision).toBe('keep');
  });

  it('lets exactly one of many concurrent decisions on an item win', async () => {
    const key = item(1).key;
    const tries = Array.from({ length: 8 }, (_, n) =>
      changeItem(redis, prefix, campaign.id, key, (i) =>
        isPending(i)
          ? {
              next: {
                ...i,
                decision: {
                  decision: 'revoke',
                  by: `U${n}`,
                  at: '2026-11-03T00:00:00Z',
                  justification: `try ${n}`,
                },
              },
              result: `won ${n}`,
            }
          : { refuse: `lost to ${i.decision?.by}` },
      ),
    );
    const results = await Promise.all(tries);
    const winners = results.filter((r) => r.changed);
    expect(winners).toHaveLength(1);
    const stored = await loadItem(redis, prefix, campaign.id, key);
    for (const loser of results.filter((r) => !r.changed))
      expect(loser.result).toBe(`lost to ${stored?.decision?.by}`);
  });

  it('closes a campaign once', async () => {
    const close = () =>
      changeCampaign(redis, prefix, campaign.id, (c) =>
        c.status === 'closed' ? { refuse: false } : { next: { ...c, status: 'closed' }, result: true },
      );
    const [a, b] = await Promise.all([close(), close()]);
    expect([a.changed, b.changed].sort()).toEqual([false, true]);
  });

  it('throws NotFound for an item that does not exist', async () => {
    await expect(
      changeItem(redis, prefix, campaign.id, 'user/nobody', () => ({ refuse: 0 })),
    ).rejects.toThrow(/not found|nobody/i);
  });
});

describe('campaign ids and reviewers', () => {
  it('round-trips a button value and rejects malformed ones', () => {
    expect(parseItemButtonValue(itemButtonValue('arc-1', 'role/@data-reader'))).toEqual({
      campaignId: 'arc-1',
      itemKey: 'role/@data-reader',
    });
    expect(parseItemButtonValue('no-bar')).toBeUndefined();
    expect(parseItemButtonValue('arc-1|')).toBeUndefined();
  });

  it('sends to the escalation contact when it is a Slack user, else the team channel, else the fallback', () => {
    const campaignChannel = { kind: 'channel', id: 'C0CAMPAIGN' } as const;
    expect(
      reviewerFor({ team: 'a', escalationContact: 'U0ALICE01', channel: 'C0TEAM0001' }, campaignChannel),
    ).toMatchObject({ kind: 'user', id: 'U0ALICE01' });
    expect(
      reviewerFor(
        { team: 'a', escalationContact: 'lead@example.com', channel: 'C0TEAM0001' },
        campaignChannel,
      ),
    ).toMatchObject({ kind: 'channel', id: 'C0TEAM0001' });
    expect(reviewerFor({ team: 'a', channel: '#team-a' }, campaignChannel)).toMatchObject({
      kind: 'channel',
      id: 'C0CAMPAIGN',
    });
    expect(reviewerFor(null, campaignChannel)).toMatchObject({
      kind: 'channel',
      id: 'C0CAMPAIGN',
      why: 'no owner found; sent to the campaign channel',
    });
  });

  it('by default sends unowned principals to the starter by DM, never to the channel the button was in', () => {
    const fallback = unownedDestination(undefined, 'U0SECADMN1');
    expect(fallback).toEqual({ kind: 'user', id: 'U0SECADMN1' });
    expect(reviewerFor(null, fallback)).toEqual({
      kind: 'user',
      id: 'U0SECADMN1',
      why: 'no owner found; sent to the person who started the review',
    });
    expect(unownedDestination('C0REVIEWS1', 'U0SECADMN1')).toEqual({ kind: 'channel', id: 'C0REVIEWS1' });
  });
});
