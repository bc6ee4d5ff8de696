import {
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  type GetCredentialReportCommandOutput,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { AwsError } from '../../platform/errors.js';
import type { Logger } from '../../platform/log/logger.js';
import { awsErrorFrom } from '../client-config.js';
import { awsErrorName, type IamAccount, iamCall, iamCallContext, invalidIamResponse } from './iam-call.js';
import type { CredentialReportCache } from './report-cache.js';

/**
 * Reads an account's IAM credential report (CSV): from the cache when one was fetched in the last
 * 4 hours, else by asking AWS to generate it (`GenerateCredentialReport` until `COMPLETE`) and
 * downloading it (`GetCredentialReport`). Throttling and `LimitExceededException` are retried by
 * the SDK's own retry strategy; this loop only waits for the report to be ready.
 */
export interface CredentialReportDeps {
  readonly client: IAMClient;
  readonly account: IamAccount;
  readonly cache: CredentialReportCache;
  readonly now: () => Date;
  readonly logger: Logger;
  readonly sleep: (ms: number) => Promise<void>;
  readonly pollIntervalMs: number;
  /** Total time spent waiting for AWS to finish the report before giving up. */
  readonly reportTimeoutMs: number;
}

/** GetCredentialReport errors that mean "generate (or wait) and ask again", not failure. */
const ASK_AGAIN = new Set([
  'CredentialReportNotPresentException',
  'CredentialReportExpiredException',
  'CredentialReportNotReadyException',
]);

const REPORT_STATES = new Set(['STARTED', 'INPROGRESS', 'COMPLETE']);

export async function readCredentialReport(deps: CredentialReportDeps): Promise<string> {
  const { account, logger } = deps;
  const cached = await cacheRead(deps);
  if (cached !== undefined) {
    logger.debug({ generatedTime: cached.generatedTime }, 'credential report from cache');
    return cached.csv;
  }
  const generate = iamCallContext(account, 'GenerateCredentialReport');
  let waitedMs = 0;
  for (;;) {
    const answer = await iamCall(generate, () => deps.client.send(new GenerateCredentialReportCommand({})));
    if (typeof answer.State !== 'string' || !REPORT_STATES.has(answer.State))
      throw invalidIamResponse(generate, `State is ${JSON.stringify(answer.State)}`);
    if (answer.State === 'COMPLETE') {
      const report = await download(deps);
      if (report !== undefined) {
        await cacheWrite(deps, report);
        return report.csv;
      }
    }
    if (waitedMs >= deps.reportTimeoutMs)
      throw new AwsError({
        service: 'IAM',
        operation: 'GenerateCredentialReport',
        awsCode: 'Timeout',
        target: `${generate.target}: the credential report was not ready after ${Math.round(deps.reportTimeoutMs / 1000)} s`,
      });
    await deps.sleep(deps.pollIntervalMs);
    waitedMs += deps.pollIntervalMs;
  }
}

interface DownloadedReport {
  readonly csv: string;
  readonly generatedTime: string;
}

/** The report, or undefined when AWS says to generate or wait again. */
async function download(deps: CredentialReportDeps): Promise<DownloadedReport | undefined> {
  const context = iamCallContext(deps.account, 'GetCredentialReport');
  let answer: GetCredentialReportCommandOutput;
  try {
    answer = await deps.client.send(new GetCredentialReportCommand({}));
  } catch (error) {
    const name = awsErrorName(error);
    if (name !== undefined && ASK_AGAIN.has(name)) {
      deps.logger.debug({ awsCode: name }, 'credential report not available yet');
      return undefined;
    }
    throw awsErrorFrom(error, context);
  }
  if (!(answer.Content instanceof Uint8Array))
    throw invalidIamResponse(context, 'Content is not a byte array');
  if (answer.ReportFormat !== undefined && answer.ReportFormat !== 'text/csv')
    throw invalidIamResponse(context, `ReportFormat is ${answer.ReportFormat}, expected text/csv`);
  let csv: string;
  try {
    csv = new TextDecoder('utf-8', { fatal: true }).decode(answer.Content);
  } catch {
    throw invalidIamResponse(context, 'Content is not UTF-8 text');
  }
  if (csv.trim() === '') throw invalidIamResponse(context, 'the report is empty');
  const generatedTime =
    answer.GeneratedTime instanceof Date && !Number.isNaN(answer.GeneratedTime.getTime())
      ? answer.GeneratedTime
      : deps.now();
  return { csv, generatedTime: generatedTime.toISOString() };
}

/**
 * The cache only saves AWS calls and waiting: when Redis cannot answer, the review goes on
 * without it rather than failing.
 */
async function cacheRead(deps: CredentialReportDeps): Promise<DownloadedReport | undefined> {
  try {
    return await deps.cache.get(deps.account.accountId);
  } catch (error) {
    deps.logger.warn({ err: error }, 'credential report cache unreadable; asking AWS');
    return undefined;
  }
}

async function cacheWrite(deps: CredentialReportDeps, report: DownloadedReport): Promise<void> {
  try {
    await deps.cache.set(deps.account.accountId, report);
  } catch (error) {
    deps.logger.warn({ err: error }, 'credential report not cached');
  }
}
