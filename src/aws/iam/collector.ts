import {
  GenerateCredentialReportCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  type IAMClient,
  paginateGetAccountAuthorizationDetails,
} from '@aws-sdk/client-iam';
import type { Redis } from 'ioredis';
import { AwsError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { awsErrorFrom } from '../client-config.js';
import type { CollectProgress, IamInventoryPort, RawIamInventory } from './port.js';
import { type CredentialReportCache, createCredentialReportCache } from './report-cache.js';

/**
 * The production IAM inventory port over the SDK's IAMClient (one per account; the client's
 * credentials reach that account). Read-only: iam:GetAccountAuthorizationDetails,
 * iam:GenerateCredentialReport, iam:GetCredentialReport, iam:GetAccountPasswordPolicy,
 * iam:GetAccountSummary. Throttling is retried by the SDK's own (adaptive) retry.
 */

export interface IamCollectorDeps {
  readonly client: IAMClient;
  readonly accountId: string;
  readonly redis: Redis;
  readonly prefix: string;
  readonly now: () => Date;
  readonly logger: Logger;
  /** The role the client assumes, named in permission errors. */
  readonly roleArn?: string;
  /** @defaultValue 2000 */
  readonly pollIntervalMs?: number;
  /** How long to wait for AWS to generate a credential report. @defaultValue 120000 */
  readonly reportTimeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Enough for any account (AWS caps users and roles at 5,000 each by default): a loop guard. */
const MAX_PAGES = 1000;

export function createIamCollector(deps: IamCollectorDeps): IamInventoryPort {
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const cache: CredentialReportCache = createCredentialReportCache(deps.redis, deps.prefix);
  const context = (operation: string) => ({
    service: 'IAM',
    operation,
    target: `account ${deps.accountId}`,
    ...(deps.roleArn ? { roleArn: deps.roleArn } : {}),
  });
  const call = async <T>(operation: string, send: () => Promise<T>): Promise<T> => {
    try {
      return await send();
    } catch (error) {
      throw awsErrorFrom(error, context(operation));
    }
  };
  const invalid = (operation: string, problem: string) =>
    new AwsError({
      service: 'IAM',
      operation,
      awsCode: 'InvalidResponse',
      target: `account ${deps.accountId}: ${problem}`,
    });

  async function authorizationDetails(report: (p: Omit<CollectProgress, 'stage'>) => void) {
    const merged = {
      UserDetailList: [] as unknown[],
      GroupDetailList: [] as unknown[],
      RoleDetailList: [] as unknown[],
      Policies: [] as unknown[],
    };
    let pages = 0;
    const seen = new Set<string>();
    try {
      for await (const page of paginateGetAccountAuthorizationDetails(
        { client: deps.client, pageSize: 1000 },
        {},
      )) {
        pages += 1;
        if (pages > MAX_PAGES)
          throw invalid('GetAccountAuthorizationDetails', `more than ${MAX_PAGES} pages`);
        if (page.Marker) {
          if (seen.has(page.Marker))
            throw invalid('GetAccountAuthorizationDetails', 'the same Marker came back twice');
          seen.add(page.Marker);
        }
        merged.UserDetailList.push(...(page.UserDetailList ?? []));
        merged.GroupDetailList.push(...(page.GroupDetailList ?? []));
        merged.RoleDetailList.push(...(page.RoleDetailList ?? []));
        merged.Policies.push(...(page.Policies ?? []));
        report({
          pages,
          principals:
            merged.UserDetailList.length + merged.GroupDetailList.length + merged.RoleDetailList.length,
        });
      }
    } catch (error) {
      throw awsErrorFrom(error, context('GetAccountAuthorizationDetails'));
    }
    // Dates become ISO strings: the JSON shape the CLI prints and the parser reads.
    return { details: JSON.parse(JSON.stringify(merged)) as unknown, pages };
  }

  async function credentialReport(): Promise<string> {
    const cached = await cache.get(deps.accountId);
    if (cached) return cached.csv;
    const deadline = deps.now().getTime() + (deps.reportTimeoutMs ?? 120_000);
    for (;;) {
      const generated = await call('GenerateCredentialReport', () =>
        deps.client.send(new GenerateCredentialReportCommand({})),
      );
      if (generated.State === 'COMPLETE') {
        try {
          const got = await deps.client.send(new GetCredentialReportCommand({}));
          if (!(got.Content instanceof Uint8Array)) throw invalid('GetCredentialReport', 'no report content');
          const csv = new TextDecoder('utf-8').decode(got.Content);
          await cache.set(deps.accountId, {
            csv,
            generatedTime: (got.GeneratedTime ?? deps.now()).toISOString(),
          });
          return csv;
        } catch (error) {
          const name = (error as { name?: string }).name ?? '';
          // Not ready, or expired between the two calls: ask again.
          if (!/CredentialReport(NotReady|Expired|NotPresent)/.test(name))
            throw error instanceof AwsError ? error : awsErrorFrom(error, context('GetCredentialReport'));
        }
      } else if (generated.State !== 'STARTED' && generated.State !== 'INPROGRESS') {
        throw invalid('GenerateCredentialReport', `unexpected State ${String(generated.State)}`);
      }
      if (deps.now().getTime() > deadline)
        throw invalid(
          'GenerateCredentialReport',
          `report not ready after ${Math.round((deps.reportTimeoutMs ?? 120_000) / 1000)} s`,
        );
      await sleep(deps.pollIntervalMs ?? 2_000);
    }
  }

  async function passwordPolicy(): Promise<unknown> {
    try {
      const answer = await deps.client.send(new GetAccountPasswordPolicyCommand({}));
      return JSON.parse(JSON.stringify(answer.PasswordPolicy ?? null)) as unknown;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchEntityException') return null;
      throw awsErrorFrom(error, context('GetAccountPasswordPolicy'));
    }
  }

  return {
    async collect(onProgress) {
      const log = deps.logger.child({ component: 'iam-collector', accountId: deps.accountId });
      let last = { pages: 0, principals: 0 };
      const { details } = await authorizationDetails((p) => {
        last = p;
        onProgress?.({ stage: 'authorization-details', ...p });
      });
      onProgress?.({ stage: 'credential-report', ...last });
      const csv = await credentialReport();
      onProgress?.({ stage: 'password-policy', ...last });
      const policy = await passwordPolicy();
      onProgress?.({ stage: 'summary', ...last });
      const summary = await call('GetAccountSummary', () =>
        deps.client.send(new GetAccountSummaryCommand({})),
      );
      log.info({ pages: last.pages, principals: last.principals }, 'IAM inventory collected');
      const inventory: RawIamInventory = {
        accountId: deps.accountId,
        collectedAt: deps.now().toISOString(),
        authorizationDetails: details,
        credentialReportCsv: csv,
        passwordPolicy: policy,
        summary: { ...(summary.SummaryMap ?? {}) } as Record<string, number>,
      };
      return inventory;
    },
  };
}
