import { parse } from 'csv-parse/sync';
import { InputError, type Problem } from '../../platform/errors.js';
import type { AccessKeyState, CredentialReportEntry } from '../model.js';
import { isoTime } from './dates.js';

/**
 * The IAM credential report (`GetCredentialReport`'s CSV). Its special values: `N/A` (no such
 * credential), `no_information` (never used, or used before AWS tracked it) and `not_supported`
 * (root's password fields) all mean "no value"; the root user's row is `<root_account>`.
 */

export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** The columns the checks read; the certificate columns may be absent in older reports. */
const REQUIRED = CREDENTIAL_REPORT_COLUMNS.filter((c) => !c.startsWith('cert_'));
const NO_VALUE = new Set(['', 'N/A', 'no_information', 'not_supported']);
export const ROOT_ACCOUNT = '<root_account>';

export function parseCredentialReport(csv: string, source = 'credential report'): CredentialReportEntry[] {
  // Read as lists (the header is the first): keying every row by column name cost a third of the
  // parse on a 5,000-user report; `cell` below looks a column up by its position instead.
  let records: string[][];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: false,
    }) as string[][];
  } catch (error) {
    throw new InputError(`${source} is not valid CSV`, [
      { path: 'csv', message: error instanceof Error ? error.message : String(error) },
    ]);
  }
  const header =
    csv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/, 1)[0]
      ?.split(',')
      .map((h) => h.trim()) ?? [];
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new InputError(
      `${source} is missing columns`,
      missing.map((c) => ({ path: 'header', message: `no "${c}" column` })),
    );

  // A repeated column name: the last one counts, as when rows were keyed by name.
  const position = new Map((records[0] ?? []).map((name, i) => [name, i]));
  const problems: Problem[] = [];
  const entries = records.slice(1).map((record, i): CredentialReportEntry => {
    const line = i + 2;
    const cell = (column: string): string | undefined => {
      const at = position.get(column);
      return at === undefined ? undefined : record[at];
    };
    const text = (column: string) => {
      const value = cell(column);
      return NO_VALUE.has(value ?? '') ? undefined : value;
    };
    const time = (column: string) => {
      const value = text(column);
      if (value === undefined) return undefined;
      const iso = isoTime(value);
      if (!iso)
        problems.push({ path: `line ${line} ${column}`, message: `"${value.slice(0, 40)}" is not a date` });
      return iso;
    };
    const flag = (column: string) => {
      const value = cell(column) ?? '';
      if (value === 'true') return true;
      if (value === 'false' || NO_VALUE.has(value)) return false;
      problems.push({
        path: `line ${line} ${column}`,
        message: `"${value.slice(0, 40)}" is not true or false`,
      });
      return false;
    };
    const key = (n: 1 | 2): AccessKeyState => {
      const lastRotated = time(`access_key_${n}_last_rotated`);
      const lastUsed = time(`access_key_${n}_last_used_date`);
      const service = text(`access_key_${n}_last_used_service`);
      return {
        active: flag(`access_key_${n}_active`),
        ...(lastRotated ? { lastRotated } : {}),
        ...(lastUsed ? { lastUsed } : {}),
        ...(service ? { lastUsedService: service } : {}),
      };
    };
    const user = cell('user') ?? '';
    if (!user) problems.push({ path: `line ${line} user`, message: 'is empty' });
    const created = time('user_creation_time');
    const passwordLastUsed = time('password_last_used');
    const passwordLastChanged = time('password_last_changed');
    return {
      user,
      arn: cell('arn') ?? '',
      root: user === ROOT_ACCOUNT,
      ...(created ? { userCreationTime: created } : {}),
      passwordEnabled: flag('password_enabled'),
      ...(passwordLastUsed ? { passwordLastUsed } : {}),
      ...(passwordLastChanged ? { passwordLastChanged } : {}),
      mfaActive: flag('mfa_active'),
      accessKeys: [key(1), key(2)],
    };
  });
  if (problems.length > 0) throw new InputError(`${source} has unreadable values`, problems.slice(0, 20));
  return entries;
}
