import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { IamRevokePlan } from '../../../aws/iam/remediation.js';
import { campaignKeys } from './store.js';

/**
 * A Revoke waiting for its confirmation: the list of IAM changes the confirmation modal shows,
 * kept in Redis (a list of policies does not fit a modal's private_metadata) until the decider
 * confirms it or it expires. Confirming takes it (GETDEL), so a double submit applies it once.
 */

/** How long a confirmation may stay open: past it, the list may no longer be what IAM holds. */
export const PENDING_REVOKE_TTL_S = 15 * 60;

const planSchema = z.object({
  accountId: z.string(),
  principal: z.object({ kind: z.enum(['user', 'role']), name: z.string().min(1) }),
  accessKeys: z.array(z.object({ masked: z.string(), digest: z.string().regex(/^[0-9a-f]{64}$/) })),
  managedPolicies: z.array(z.string().min(1)),
});

const pendingSchema = z.object({
  campaignId: z.string().min(1),
  itemKey: z.string().min(1),
  /** Who asked: only they may confirm. */
  by: z.string().min(1),
  justification: z.string(),
  /** When the plan was read (ISO-8601): the confirmation says so. */
  readAt: z.string(),
  plan: planSchema,
});

export type PendingRevoke = Omit<Readonly<z.infer<typeof pendingSchema>>, 'plan'> & {
  readonly plan: IamRevokePlan;
};

export async function savePendingRevoke(
  redis: Redis,
  prefix: string,
  pending: PendingRevoke,
): Promise<string> {
  const id = randomBytes(9).toString('base64url');
  await redis.set(
    campaignKeys(prefix).pendingRevoke(id),
    JSON.stringify(pending),
    'EX',
    PENDING_REVOKE_TTL_S,
  );
  return id;
}

/** Reads it without taking it (for the checks before the confirmation is acknowledged). */
export async function loadPendingRevoke(
  redis: Redis,
  prefix: string,
  id: string,
): Promise<PendingRevoke | undefined> {
  return parse(await redis.get(campaignKeys(prefix).pendingRevoke(id)));
}

/** Takes it: the one confirmation that gets it applies it. */
export async function takePendingRevoke(
  redis: Redis,
  prefix: string,
  id: string,
): Promise<PendingRevoke | undefined> {
  return parse(await redis.getdel(campaignKeys(prefix).pendingRevoke(id)));
}

function parse(raw: string | null): PendingRevoke | undefined {
  if (raw === null) return undefined;
  try {
    const parsed = pendingSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
