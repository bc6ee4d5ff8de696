import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/log/logger.js';
import { awsErrorFrom } from '../client-config.js';
import { readServiceControlPolicies } from '../organizations/service-control-policies.js';
import { readSamlProviders, readServerCertificates, readVirtualMfaDevices } from './account-lists.js';
import { readAuthorizationDetails } from './authorization-details.js';
import { readCredentialReport } from './credential-report.js';
import { awsErrorName, type IamAccount, iamCall, iamCallContext, invalidIamResponse } from './iam-call.js';
import { type OptionalRead, readOptional } from './optional-read.js';
import type { CollectProgress, IamInventoryPort, RawIamInventory, UnreadRawPart } from './port.js';
import { createCredentialReportCache } from './report-cache.js';

/**
 * The production IAM inventory port over the SDK's IAMClient (one per account: the client's
 * credentials reach that account). Read-only: iam:GetAccountAuthorizationDetails,
 * iam:GenerateCredentialReport, iam:GetCredentialReport, iam:GetAccountPasswordPolicy,
 * iam:GetAccountSummary, iam:ListVirtualMFADevices, iam:ListServerCertificates,
 * iam:ListSAMLProviders, and with an Organizations client organizations:ListParents,
 * organizations:ListPoliciesForTarget and organizations:DescribePolicy. The last six are
 * optional parts: AWS refusing one makes the review partial, not failed. Throttling is retried
 * by the SDK's own (adaptive) retry.
 */
export interface SdkIamInventoryPortDeps {
  readonly client: IAMClient;
  /** Reads the SCPs that apply to the account; absent: SCPs are not read (nor reported missing). */
  readonly organizations?: OrganizationsClient;
  readonly redis: Redis;
  /** Redis key prefix (config `redis.prefix`). */
  readonly prefix: string;
  readonly accountId: string;
  readonly now: () => Date;
  readonly logger: Logger;
  /** The role the client assumes, named in permission errors. */
  readonly roleArn?: string;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Wait between credential-report polls. @defaultValue 2000 */
  readonly pollIntervalMs?: number;
  /** How long to wait for AWS to generate the credential report. @defaultValue 60000 */
  readonly reportTimeoutMs?: number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSdkIamInventoryPort(deps: SdkIamInventoryPortDeps): IamInventoryPort {
  const account: IamAccount = {
    accountId: deps.accountId,
    ...(deps.roleArn === undefined ? {} : { roleArn: deps.roleArn }),
  };
  const cache = createCredentialReportCache(deps.redis, deps.prefix);
  return {
    async collect(onProgress) {
      const logger = deps.logger.child({ component: 'iam-inventory', accountId: deps.accountId });
      let progress: Omit<CollectProgress, 'stage'> = { pages: 0, principals: 0 };
      const stage = (name: CollectProgress['stage']) => onProgress?.({ stage: name, ...progress });

      stage('authorization-details');
      const authorizationDetails = await readAuthorizationDetails(deps.client, account, (page) => {
        progress = page;
        stage('authorization-details');
      });
      stage('credential-report');
      const credentialReportCsv = await readCredentialReport({
        client: deps.client,
        account,
        cache,
        now: deps.now,
        logger,
        sleep: deps.sleep ?? sleepFor,
        pollIntervalMs: deps.pollIntervalMs ?? 2_000,
        reportTimeoutMs: deps.reportTimeoutMs ?? 60_000,
      });
      stage('password-policy');
      const passwordPolicy = await readPasswordPolicy(deps.client, account);
      stage('summary');
      const summary = await readSummary(deps.client, account);
      const unread: UnreadRawPart[] = [];
      const value = <T>(read: OptionalRead<T>): T | undefined => {
        if ('value' in read) return read.value;
        unread.push(read.unread);
        return undefined;
      };
      stage('mfa-devices');
      const virtualMfaDevices = value(
        await readOptional('virtual MFA devices', () => readVirtualMfaDevices(deps.client, account)),
      );
      stage('server-certificates');
      const serverCertificates = value(
        await readOptional('server certificates', () => readServerCertificates(deps.client, account)),
      );
      stage('saml-providers');
      const samlProviders = value(
        await readOptional('SAML providers', () => readSamlProviders(deps.client, account)),
      );
      let serviceControlPolicies: unknown;
      if (deps.organizations) {
        stage('service-control-policies');
        serviceControlPolicies = value(await readServiceControlPolicies(deps.organizations, account));
      }
      if (unread.length) logger.info({ unread }, 'IAM inventory read without some optional parts');
      logger.info(progress, 'IAM inventory collected');
      const inventory: RawIamInventory = {
        accountId: deps.accountId,
        collectedAt: deps.now().toISOString(),
        authorizationDetails,
        credentialReportCsv,
        passwordPolicy,
        summary,
        ...(virtualMfaDevices ? { virtualMfaDevices } : {}),
        ...(serverCertificates ? { serverCertificates } : {}),
        ...(samlProviders ? { samlProviders } : {}),
        ...(serviceControlPolicies ? { serviceControlPolicies } : {}),
        ...(unread.length ? { unread } : {}),
      };
      return inventory;
    },
  };
}

/** The account's password policy in the CLI's shape; null when the account has none. */
async function readPasswordPolicy(client: IAMClient, account: IamAccount): Promise<unknown> {
  const context = iamCallContext(account, 'GetAccountPasswordPolicy');
  try {
    const answer = await client.send(new GetAccountPasswordPolicyCommand({}));
    if (typeof answer.PasswordPolicy !== 'object' || answer.PasswordPolicy === null)
      throw invalidIamResponse(context, 'PasswordPolicy is missing');
    return JSON.parse(JSON.stringify(answer.PasswordPolicy)) as unknown;
  } catch (error) {
    // AWS's way of saying the account never set a password policy: a finding, not a failure.
    if (awsErrorName(error) === 'NoSuchEntityException') return null;
    throw awsErrorFrom(error, context);
  }
}

async function readSummary(client: IAMClient, account: IamAccount): Promise<Record<string, number>> {
  const context = iamCallContext(account, 'GetAccountSummary');
  const answer = await iamCall(context, () => client.send(new GetAccountSummaryCommand({})));
  const map = answer.SummaryMap;
  if (typeof map !== 'object' || map === null) throw invalidIamResponse(context, 'SummaryMap is missing');
  const summary: Record<string, number> = {};
  for (const [key, value] of Object.entries(map)) {
    if (typeof value !== 'number') throw invalidIamResponse(context, `SummaryMap.${key} is not a number`);
    summary[key] = value;
  }
  return summary;
}
