import type { Redis } from 'ioredis';
import { z } from 'zod';

/**
 * The credential report, kept for 4 hours per account: AWS regenerates it at most once every
 * 4 hours anyway, so asking again sooner only costs API calls and waiting.
 */
export const CREDENTIAL_REPORT_TTL_MS = 4 * 60 * 60 * 1000;

const entrySchema = z.object({ csv: z.string(), generatedTime: z.string() });
export type CachedReport = z.infer<typeof entrySchema>;

export interface CredentialReportCache {
  get(accountId: string): Promise<CachedReport | undefined>;
  set(accountId: string, report: CachedReport): Promise<void>;
}

export function credentialReportKey(prefix: string, accountId: string): string {
  return `${prefix}:iam:credential-report:${accountId}`;
}

export function createCredentialReportCache(
  redis: Redis,
  prefix: string,
  ttlMs = CREDENTIAL_REPORT_TTL_MS,
): CredentialReportCache {
  return {
    async get(accountId) {
      const raw = await redis.get(credentialReportKey(prefix, accountId));
      if (raw === null) return undefined;
      try {
        const parsed = entrySchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : undefined; // a damaged entry is fetched again
      } catch {
        return undefined;
      }
    },
    async set(accountId, report) {
      await redis.set(credentialReportKey(prefix, accountId), JSON.stringify(report), 'PX', ttlMs);
    },
  };
}
