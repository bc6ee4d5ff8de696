import type { Redis } from 'ioredis';
import { ConflictError, InputError, NotFoundError } from '../../../platform/errors.js';
import { type Campaign, type CampaignItem, campaignSchema, itemSchema } from './model.js';

/**
 * Campaigns in Redis. The campaign is one JSON string, its items one hash (item key -> JSON).
 * Every change is read-modify-write committed by a Lua compare-and-set that checks the stored
 * JSON is still what was read, so two clicks racing on one item cannot both decide it: the
 * loser re-reads, sees the winner's decision and is told who decided.
 */

/** Evidence for auditors outlives the report it came from (90 days): keep campaigns a year. */
export const CAMPAIGN_TTL_S = 366 * 24 * 3600;
/** A compare-and-set that keeps losing means something is wrong; give up with a conflict. */
const MAX_CAS_ATTEMPTS = 20;

export const campaignKeys = (prefix: string) => {
  const base = `${prefix}:access-review`;
  return {
    campaign: (id: string) => `${base}:campaign:${id}`,
    items: (id: string) => `${base}:campaign:${id}:items`,
    /** The one campaign of a report (SET NX: one campaign per report). */
    byReport: (reportId: string) => `${base}:campaign-by-report:${reportId}`,
    /** A Revoke's list of IAM changes, shown for confirmation and applied once confirmed. */
    pendingRevoke: (id: string) => `${base}:pending-revoke:${id}`,
  } as const;
};

/** Hash field compare-and-set: returns [1] when written, [0, current] when it changed meanwhile. */
const CAS_FIELD = `
local current = redis.call('HGET', KEYS[1], ARGV[1])
if (current or '') ~= ARGV[2] then return {0, current or ''} end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return {1}
`;
/** The same for a string key, keeping its TTL. */
const CAS_STRING = `
local current = redis.call('GET', KEYS[1])
if (current or '') ~= ARGV[1] then return {0, current or ''} end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
return {1}
`;

function parseCampaign(raw: string, id: string): Campaign {
  const parsed = campaignSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new InputError(`stored access-review campaign ${id} is damaged`);
  return parsed.data as Campaign;
}

function parseItem(raw: string, campaignId: string, key: string): CampaignItem {
  const parsed = itemSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new InputError(`item ${key} of access-review campaign ${campaignId} is damaged`);
  return parsed.data as CampaignItem;
}

/**
 * Claims the report for a new campaign. Returns the id of the campaign that owns the report:
 * `created` is false when another campaign had it already (a second click, or a race).
 */
export async function claimReport(
  redis: Redis,
  prefix: string,
  reportId: string,
  campaignId: string,
): Promise<{ campaignId: string; created: boolean }> {
  const key = campaignKeys(prefix).byReport(reportId);
  // Twice: the claim can expire between a lost SET NX and the GET that reads the winner.
  for (let attempt = 0; attempt < 2; attempt++) {
    const set = await redis.set(key, campaignId, 'EX', CAMPAIGN_TTL_S, 'NX');
    if (set === 'OK') return { campaignId, created: true };
    const existing = await redis.get(key);
    if (existing !== null) return { campaignId: existing, created: false };
  }
  throw new ConflictError(`report ${reportId} is being claimed and released; try again`);
}

/** The campaign that owns a report, if one was started from it (a second click's answer). */
export async function campaignOfReport(
  redis: Redis,
  prefix: string,
  reportId: string,
): Promise<Campaign | undefined> {
  const id = await redis.get(campaignKeys(prefix).byReport(reportId));
  return id === null ? undefined : loadCampaign(redis, prefix, id);
}

export async function saveCampaign(redis: Redis, prefix: string, campaign: Campaign): Promise<void> {
  await redis.set(campaignKeys(prefix).campaign(campaign.id), JSON.stringify(campaign), 'EX', CAMPAIGN_TTL_S);
}

export async function loadCampaign(redis: Redis, prefix: string, id: string): Promise<Campaign | undefined> {
  const raw = await redis.get(campaignKeys(prefix).campaign(id));
  return raw === null ? undefined : parseCampaign(raw, id);
}

export async function requireCampaign(redis: Redis, prefix: string, id: string): Promise<Campaign> {
  const campaign = await loadCampaign(redis, prefix, id);
  if (!campaign) throw new NotFoundError(`access-review campaign ${id}`);
  return campaign;
}

/**
 * Adds items that are not stored yet (HSETNX): a retried fan-out keeps the items, and any
 * decisions on them, that the first attempt stored.
 */
export async function addItems(
  redis: Redis,
  prefix: string,
  campaignId: string,
  items: readonly CampaignItem[],
): Promise<void> {
  const key = campaignKeys(prefix).items(campaignId);
  const multi = redis.multi();
  for (const item of items) multi.hsetnx(key, item.key, JSON.stringify(item));
  multi.expire(key, CAMPAIGN_TTL_S);
  await multi.exec();
}

export async function loadItem(
  redis: Redis,
  prefix: string,
  campaignId: string,
  key: string,
): Promise<CampaignItem | undefined> {
  const raw = await redis.hget(campaignKeys(prefix).items(campaignId), key);
  return raw === null ? undefined : parseItem(raw, campaignId, key);
}

/** Every item, in the report's order. */
export async function loadItems(redis: Redis, prefix: string, campaignId: string): Promise<CampaignItem[]> {
  const all = await redis.hgetall(campaignKeys(prefix).items(campaignId));
  return Object.entries(all)
    .map(([key, raw]) => parseItem(raw, campaignId, key))
    .sort((a, b) => a.index - b.index);
}

/** What a change function answers: the new value, or a refusal that leaves the stored one. */
export type Change<T, R> = { readonly next: T; readonly result: R } | { readonly refuse: R };

/**
 * Applies `change` to the stored item atomically (re-reading and re-applying it when someone
 * else wrote in between). Returns the change's result and the item as stored afterwards.
 */
export async function changeItem<R>(
  redis: Redis,
  prefix: string,
  campaignId: string,
  key: string,
  change: (item: CampaignItem) => Change<CampaignItem, R>,
): Promise<{ result: R; item: CampaignItem; changed: boolean }> {
  const hash = campaignKeys(prefix).items(campaignId);
  let raw = await redis.hget(hash, key);
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    if (raw === null) throw new NotFoundError(`${key} in access-review campaign ${campaignId}`);
    const item = parseItem(raw, campaignId, key);
    const outcome = change(item);
    if ('refuse' in outcome) return { result: outcome.refuse, item, changed: false };
    const next = JSON.stringify(outcome.next);
    const [written, current] = (await redis.eval(CAS_FIELD, 1, hash, key, raw, next)) as [number, string?];
    if (written === 1) return { result: outcome.result, item: outcome.next, changed: true };
    raw = current === undefined || current === '' ? null : current;
  }
  throw new ConflictError(`${key} in campaign ${campaignId} kept changing; try again`);
}

/** The same for the campaign itself (status, closing). */
export async function changeCampaign<R>(
  redis: Redis,
  prefix: string,
  id: string,
  change: (campaign: Campaign) => Change<Campaign, R>,
): Promise<{ result: R; campaign: Campaign; changed: boolean }> {
  const key = campaignKeys(prefix).campaign(id);
  let raw = await redis.get(key);
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    if (raw === null) throw new NotFoundError(`access-review campaign ${id}`);
    const campaign = parseCampaign(raw, id);
    const outcome = change(campaign);
    if ('refuse' in outcome) return { result: outcome.refuse, campaign, changed: false };
    const next = JSON.stringify(outcome.next);
    const [written, current] = (await redis.eval(CAS_STRING, 1, key, raw, next)) as [number, string?];
    if (written === 1) return { result: outcome.result, campaign: outcome.next, changed: true };
    raw = current === undefined || current === '' ? null : current;
  }
  throw new ConflictError(`access-review campaign ${id} kept changing; try again`);
}
