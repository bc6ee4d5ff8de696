import type { Redis } from 'ioredis';
import type { Logger } from '../log/logger.js';
import { maskSecretsDeep, maskSecretsInText } from '../log/mask.js';

/**
 * The audit trail: one Redis stream entry per transition or action (who, what, which incident,
 * when, and the fields it changed, before and after), plus one JSON log line. Auditors export
 * it as CSV or JSON lines (export.ts). What is recorded is masked first (maskedEntry): an
 * incident's `actor.accessKeyId` or a token in a user agent never reaches the stream or the log.
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
  // The same value (an unchanged part the new state shares with the old) needs no serializing.
  const changed = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => k !== 'version' && b[k] !== a[k] && JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  return {
    before: Object.fromEntries(changed.filter((k) => k in b).map((k) => [k, b[k]])),
    after: Object.fromEntries(changed.filter((k) => k in a).map((k) => [k, a[k]])),
  };
}

/**
 * The entry as it may be kept: every string masked, nested ones too. The diff is taken before
 * masking, so a change that masking would hide (two key ids with the same last four) still shows.
 */
export function maskedEntry(entry: AuditEntry): {
  who: string;
  action: string;
  incidentId: string | undefined;
  before: object | undefined;
  after: object | undefined;
  detail: string | undefined;
} {
  const diff = compactDiff(entry.before, entry.after);
  return {
    who: maskSecretsInText(entry.who),
    action: maskSecretsInText(entry.action),
    incidentId: entry.incidentId === undefined ? undefined : maskSecretsInText(entry.incidentId),
    before: diff.before && maskSecretsDeep(diff.before),
    after: diff.after && maskSecretsDeep(diff.after),
    detail: entry.detail === undefined ? undefined : maskSecretsInText(entry.detail),
  };
}

/**
 * An entry ready to be written by someone else's Redis call (the incident engine's commit, so a
 * change and its entry are stored together or not at all): the stream key, its bound and the
 * entry's fields, masked; `logged` writes its log line once the entry is stored.
 */
export interface StagedAuditEntry {
  readonly key: string;
  readonly maxLen: number;
  readonly fields: readonly string[];
  logged(): void;
}

export interface AuditLog {
  record(entry: AuditEntry): Promise<void>;
  stage(entry: AuditEntry): StagedAuditEntry;
}

export function createAuditLog(deps: { redis: Redis; prefix: string; logger: Logger }): AuditLog {
  const stage = (entry: AuditEntry): StagedAuditEntry => {
    const masked = maskedEntry(entry);
    const fields: string[] = [
      'who',
      masked.who,
      'action',
      masked.action,
      'incident',
      masked.incidentId ?? '',
      'at',
      entry.at.toISOString(),
      'before',
      masked.before ? JSON.stringify(masked.before) : '',
      'after',
      masked.after ? JSON.stringify(masked.after) : '',
      'detail',
      masked.detail ?? '',
    ];
    return {
      key: auditStreamKey(deps.prefix),
      maxLen: AUDIT_MAX_ENTRIES,
      fields,
      logged() {
        deps.logger.info(
          {
            audit: true,
            who: masked.who,
            action: masked.action,
            incidentId: masked.incidentId,
            at: entry.at.toISOString(),
            ...(masked.before ? { before: masked.before } : {}),
            ...(masked.after ? { after: masked.after } : {}),
            ...(masked.detail ? { detail: masked.detail } : {}),
          },
          'audit',
        );
      },
    };
  };
  return {
    stage,
    async record(entry) {
      const staged = stage(entry);
      await deps.redis.xadd(staged.key, 'MAXLEN', '~', staged.maxLen, '*', ...staged.fields);
      staged.logged();
    },
  };
}
