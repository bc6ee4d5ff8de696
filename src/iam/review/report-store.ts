import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { InputError } from '../../platform/errors.js';
import type { AuditReport } from '../model.js';

/**
 * Access-review reports kept in Redis: the full report (for "Export CSV" and "Start review",
 * which arrive as button clicks long after the job that built it) and a short history of
 * headlines per account (for the weekly digest's identity line and "change since last review").
 */

export interface StoredReport {
  /** `ar-…`, no `:` (it travels in BullMQ job ids and button values). */
  readonly id: string;
  readonly accountId: string;
  readonly requestedBy: string;
  readonly channelId: string;
  readonly report: AuditReport;
  /** IAM users and roles with a known owner (tag or registry rule), for the digest. */
  readonly owners?: OwnershipCount;
}

export interface OwnershipCount {
  readonly withOwner: number;
  readonly total: number;
}

/** When a review finished and how many findings of each severity it had: what the digest scores. */
export interface AccessReviewSummary {
  /** ISO-8601 time the review finished. */
  at: string;
  counts: { critical: number; high: number; medium: number; low: number };
  /** Parts of the inventory the review could not read (credential report, password policy…). */
  incomplete?: string[];
}

/** One whole-account review as the digest reads it. */
export interface ReviewHeadline extends AccessReviewSummary {
  readonly accountId?: string;
  readonly owners?: OwnershipCount;
}

/** Long enough for a campaign started from the report to finish and export its evidence. */
const REPORT_TTL_MS = 90 * 24 * 60 * 60 * 1000;
/** Enough for the digest's "change since the last review" and a quarter of history. */
const HISTORY_LENGTH = 50;

const storedSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  requestedBy: z.string(),
  channelId: z.string(),
  report: z.object({ generatedAt: z.string(), scope: z.string() }).passthrough(),
  owners: z.object({ withOwner: z.number(), total: z.number() }).optional(),
});

const summarySchema = z.object({
  at: z.string(),
  accountId: z.string().optional(),
  counts: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
  owners: z.object({ withOwner: z.number(), total: z.number() }).optional(),
  incomplete: z.array(z.string()).optional(),
});

export function newReportId(now: Date): string {
  return `ar-${now.getTime().toString(36)}-${randomBytes(4).toString('hex')}`;
}

const reportKey = (prefix: string, id: string) => `${prefix}:access-review:report:${id}`;
const historyKey = (prefix: string) => `${prefix}:access-review:history`;

/** Stores the report, and its headline when it covered the whole account. */
export async function saveReport(redis: Redis, prefix: string, stored: StoredReport): Promise<void> {
  const multi = redis.multi().set(reportKey(prefix, stored.id), JSON.stringify(stored), 'PX', REPORT_TTL_MS);
  if (stored.report.scope === 'account') {
    const summary: ReviewHeadline = {
      at: stored.report.generatedAt,
      accountId: stored.accountId,
      counts: { ...stored.report.counts },
      ...(stored.owners ? { owners: stored.owners } : {}),
      ...(stored.report.incomplete ? { incomplete: [...stored.report.incomplete] } : {}),
    };
    multi.lpush(historyKey(prefix), JSON.stringify(summary)).ltrim(historyKey(prefix), 0, HISTORY_LENGTH - 1);
  }
  await multi.exec();
}

export async function loadReport(
  redis: Redis,
  prefix: string,
  id: string,
): Promise<StoredReport | undefined> {
  const raw = await redis.get(reportKey(prefix, id));
  if (raw === null) return undefined;
  const parsed = storedSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new InputError(`stored access-review report ${id} is damaged`);
  return parsed.data as unknown as StoredReport;
}

/** Whole-account review headlines, latest first; `accountIds` narrows to a digest's scope. */
export async function reviewHistory(
  redis: Redis,
  prefix: string,
  accountIds?: readonly string[],
): Promise<ReviewHeadline[]> {
  const rows = await redis.lrange(historyKey(prefix), 0, HISTORY_LENGTH - 1);
  const summaries: ReviewHeadline[] = [];
  for (const row of rows) {
    const parsed = summarySchema.safeParse(safeJson(row));
    if (!parsed.success) continue; // one damaged row must not hide the rest of the history
    if (accountIds && parsed.data.accountId && !accountIds.includes(parsed.data.accountId)) continue;
    const { at, counts, accountId, owners, incomplete } = parsed.data;
    summaries.push({
      at,
      counts,
      ...(accountId ? { accountId } : {}),
      ...(owners ? { owners } : {}),
      ...(incomplete ? { incomplete } : {}),
    });
  }
  return summaries;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
