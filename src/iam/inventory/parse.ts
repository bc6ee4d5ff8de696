import { z } from 'zod';
import type { RawIamInventory } from '../../aws/iam/port.js';
import { InputError } from '../../platform/errors.js';
import type { Inventory } from '../model.js';
import { parseAuthDetails } from './auth-details.js';
import { parseCredentialReport } from './credential-report.js';
import { isoTime } from './dates.js';
import { parseVirtualMfaDevices } from './mfa-devices.js';
import { parsePasswordPolicy } from './password-policy.js';
import { parseSamlProviders } from './saml-providers.js';
import { parseServerCertificates } from './server-certificates.js';
import { parseServiceControlPolicies } from './service-control-policies.js';

const summarySchema = z.record(z.string(), z.number());
const unreadSchema = z.array(
  z.object({
    part: z.enum([
      'service control policies',
      'virtual MFA devices',
      'server certificates',
      'SAML providers',
    ]),
    reason: z.string().min(1).max(300),
  }),
);

/** Where each part came from (file names for the CLI), so an error says which input is wrong. */
export interface InventorySources {
  readonly authorizationDetails?: string;
  readonly credentialReport?: string;
  readonly passwordPolicy?: string;
  readonly summary?: string;
  readonly virtualMfaDevices?: string;
  readonly serverCertificates?: string;
  readonly samlProviders?: string;
  readonly serviceControlPolicies?: string;
}

const label = (what: string, source: string | undefined) => (source ? `${what} (${source})` : what);

/** Validates and decodes everything an inventory port (or the CLI's files) returned. */
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
    ...optionalParts(raw, sources),
  };
}

/** The parts read beyond IAM's core, each only when the read returned it. */
function optionalParts(raw: RawIamInventory, sources: InventorySources): Partial<Inventory> {
  let unread: Inventory['unread'];
  if (raw.unread !== undefined) {
    const parsed = unreadSchema.safeParse(raw.unread);
    if (!parsed.success)
      throw new InputError("the inventory's list of parts not read is not valid", [
        { path: 'unread', message: parsed.error.issues[0]?.message ?? 'invalid' },
      ]);
    unread = parsed.data;
  }
  return {
    ...(raw.serviceControlPolicies !== undefined
      ? {
          // An account none of whose levels has an SCP attached (only possible with SCPs off) has none.
          serviceControlPolicies:
            Array.isArray(raw.serviceControlPolicies) && raw.serviceControlPolicies.length === 0
              ? []
              : parseServiceControlPolicies(
                  raw.serviceControlPolicies,
                  label('service control policies', sources.serviceControlPolicies),
                ),
        }
      : {}),
    ...(raw.virtualMfaDevices !== undefined
      ? {
          virtualMfaDevices: parseVirtualMfaDevices(
            raw.virtualMfaDevices,
            label('virtual MFA devices', sources.virtualMfaDevices),
          ),
        }
      : {}),
    ...(raw.serverCertificates !== undefined
      ? {
          serverCertificates: parseServerCertificates(
            raw.serverCertificates,
            label('server certificates', sources.serverCertificates),
          ),
        }
      : {}),
    ...(raw.samlProviders !== undefined
      ? {
          samlProviders: parseSamlProviders(
            raw.samlProviders,
            label('SAML providers', sources.samlProviders),
          ),
        }
      : {}),
    ...(unread?.length ? { unread } : {}),
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
