import { z } from 'zod';
import type { RawIamInventory } from '../../aws/iam/port.js';
import { InputError } from '../../platform/errors.js';
import type { Inventory } from '../model.js';
import { parseAuthDetails } from './auth-details.js';
import { parseCredentialReport } from './credential-report.js';
import { isoTime } from './dates.js';
import { parsePasswordPolicy } from './password-policy.js';

const summarySchema = z.record(z.string(), z.number());

/** Validates and decodes everything an inventory port (or the CLI's files) returned. */
/** Where each part came from (file names for the CLI), so an error says which input is wrong. */
export interface InventorySources {
  readonly authorizationDetails?: string;
  readonly credentialReport?: string;
  readonly passwordPolicy?: string;
  readonly summary?: string;
}

const label = (what: string, source: string | undefined) => (source ? `${what} (${source})` : what);

export function parseInventory(raw: RawIamInventory, sources: InventorySources = {}): Inventory {
  const collectedAt = isoTime(raw.collectedAt);
  if (!collectedAt)
    throw new InputError('inventory time is not a date', [{ path: 'collectedAt', message: raw.collectedAt }]);
  const details = parseAuthDetails(
    raw.authorizationDetails,
    label('authorization details', sources.authorizationDetails),
  );
  let summary: Record<string, number> | undefined;
  if (raw.summary !== undefined) {
    const parsed = summarySchema.safeParse(raw.summary);
    if (!parsed.success)
      throw new InputError(`${label('account summary', sources.summary)} is not a map of numbers`, [
        { path: 'SummaryMap', message: parsed.error.issues[0]?.message ?? 'invalid' },
      ]);
    summary = parsed.data;
  }
  if (details.users.length + details.roles.length === 0)
    throw new InputError(
      `${label('authorization details', sources.authorizationDetails)} hold no IAM users or roles, so there is nothing to review; every AWS account has roles, so this is not a whole account's authorization details`,
    );
  const accountId = raw.accountId ?? accountOf([...details.users, ...details.roles].map((p) => p.arn));
  return {
    ...(accountId ? { accountId } : {}),
    collectedAt,
    ...details,
    ...(raw.credentialReportCsv !== undefined
      ? {
          credentialReport: parseCredentialReport(
            raw.credentialReportCsv,
            label('credential report', sources.credentialReport),
          ),
        }
      : {}),
    ...(raw.passwordPolicy !== undefined
      ? {
          passwordPolicy: parsePasswordPolicy(
            raw.passwordPolicy,
            label('password policy', sources.passwordPolicy),
          ),
        }
      : {}),
    ...(summary ? { summary } : {}),
  };
}

/** The account of the principals' ARNs (`arn:aws:iam::111122223333:user/x`). */
function accountOf(arns: readonly string[]): string | undefined {
  for (const arn of arns) {
    const account = arn.split(':')[4];
    if (account && /^\d{12}$/.test(account)) return account;
  }
  return undefined;
}
