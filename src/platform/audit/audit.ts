import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';

/**
 * The audit trail: one Redis stream entry per transition or action (who, what, which incident,
 * when, and the fields it changed, before and after), plus one JSON log line. Auditors export
 * it as CSV or JSON lines (export.ts).
 */

export interface AuditEntry {
  /** Slack user id, or `watchkeeper` for automatic changes. */
  readonly who: string;
  /** `acknowledge`, `resolve`, `mute`, `escalate.auto`, `alert.opened`, `refused.resolve`… */
  readonly action: string;
  readonly incidentId?: string;
  readonly at: Date;
  readonly before?: object;
  readonly after?: object;
  /** Anything else worth keeping (mute rule id, refusal reason). */
  readonly detail?: string;
}

/** Keep the stream bounded: roughly the last 100,000 entries (approximate trim is cheap). */
export const AUDIT_MAX_ENTRIES = 100_000;

export function auditStreamKey(prefix: string): string {
  return `${prefix}:audit`;
}

/** Only the fields that changed, so entries stay small and say what happened. */
export function compactDiff(
  before: object | undefined,
  after: object | undefined,
): { before?: object; after?: object } {
  if (!before || !after) return { ...(before ? { before } : {}), ...(after ? { after } : {}) };
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => k !== 'version' && JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  return {
    before: Object.fromEntries(changed.filter((k) => k in b).map((k) => [k, b[k]])),
    after: Object.fromEntries(changed.filter((k) => k in a).map((k) => [k, a[k]])),
  };
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
}

export function createAuditLog(deps: { redis: Redis; prefix: string; logger: Logger }): AuditLog {
  return {
    async record(entry) {
      const diff = compactDiff(entry.before, entry.after);
      const fields: string[] = [
        'who',
        entry.who,
        'action',
        entry.action,
        'incident',
        entry.incidentId ?? '',
        'at',
        entry.at.toISOString(),
        'before',
        diff.before ? JSON.stringify(diff.before) : '',
        'after',
        diff.after ? JSON.stringify(diff.after) : '',
        'detail',
        entry.detail ?? '',
      ];
      await deps.redis.xadd(auditStreamKey(deps.prefix), 'MAXLEN', '~', AUDIT_MAX_ENTRIES, '*', ...fields);
      deps.logger.info(
        {
          audit: true,
          who: entry.who,
          action: entry.action,
          incidentId: entry.incidentId,
          at: entry.at.toISOString(),
          ...diff,
          ...(entry.detail ? { detail: entry.detail } : {}),
        },
        'audit',
      );
    },
  };
}
