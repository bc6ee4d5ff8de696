import type { Redis } from 'ioredis';
import { maskSecretsDeep, maskSecretsInText } from '../log/mask.js';
import { auditStreamKey } from './audit.js';

/**
 * Audit export for reviews: every entry since a date, oldest first, as CSV (RFC 4180 quoting,
 * header row) or JSON lines. Read in pages so a long trail never needs one huge reply. Rows are
 * masked as they are read: entries recorded before the audit log masked its input (full access
 * key ids in `after.actor`) leave the export masked all the same.
 */

export const AUDIT_COLUMNS = ['id', 'at', 'who', 'action', 'incident', 'before', 'after', 'detail'] as const;
export type AuditRow = Record<(typeof AUDIT_COLUMNS)[number], string>;

const PAGE = 1000;

/** A stored before/after: JSON, masked value by value so it stays JSON; other text as text. */
function maskedJson(text: string): string {
  if (text === '') return text;
  try {
    return JSON.stringify(maskSecretsDeep(JSON.parse(text) as unknown));
  } catch {
    return maskSecretsInText(text);
  }
}

export async function readAudit(redis: Redis, prefix: string, since: Date): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  let start = String(since.getTime());
  for (;;) {
    const page = await redis.xrange(auditStreamKey(prefix), start, '+', 'COUNT', PAGE);
    for (const [id, flat] of page) {
      const fields: Record<string, string> = {};
      for (let i = 0; i + 1 < flat.length; i += 2) fields[flat[i] as string] = flat[i + 1] as string;
      // Stream ids are Redis's clock; the entry's own time (the app's clock) decides.
      if (Date.parse(fields.at ?? '') < since.getTime()) continue;
      rows.push({
        id,
        at: fields.at ?? '',
        who: maskSecretsInText(fields.who ?? ''),
        action: maskSecretsInText(fields.action ?? ''),
        incident: maskSecretsInText(fields.incident ?? ''),
        before: maskedJson(fields.before ?? ''),
        after: maskedJson(fields.after ?? ''),
        detail: maskSecretsInText(fields.detail ?? ''),
      });
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) return rows;
    start = `(${last[0]}`;
  }
}

function csvCell(value: string): string {
  // A leading = + - @ would run as a formula in a spreadsheet; a quote keeps it text.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function exportAudit(
  redis: Redis,
  prefix: string,
  options: { since: Date; format: 'csv' | 'jsonl' },
): Promise<string> {
  const rows = await readAudit(redis, prefix, options.since);
  if (options.format === 'jsonl') {
    return rows
      .map((row) =>
        JSON.stringify({
          ...row,
          before: row.before ? (JSON.parse(row.before) as unknown) : null,
          after: row.after ? (JSON.parse(row.after) as unknown) : null,
        }),
      )
      .map((line) => `${line}\n`)
      .join('');
  }
  const lines = [
    AUDIT_COLUMNS.join(','),
    ...rows.map((row) => AUDIT_COLUMNS.map((c) => csvCell(row[c])).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
}
