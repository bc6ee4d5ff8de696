import {
  GetFindingsCommand,
  type GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { z } from 'zod';
import { AwsError } from '../../platform/errors.js';
import { type AwsTarget, awsErrorFrom } from '../client-config.js';
import { type GuardDutyFinding, guardDutyFindingSchema } from './finding.js';
import type { FindingIdsCriteria, FindingIdsPage, GuardDutyFindingsPort } from './port.js';
import { inBatches, listFindingsInput } from './requests.js';

/** GuardDuty over SDK v3. Build it with a client made from `awsClientConfig` for the same target. */

const nextTokenSchema = z
  .string()
  .nullish()
  .transform((token) => (token ? token : undefined));
const listDetectorsSchema = z.object({ DetectorIds: z.array(z.string().min(1)), NextToken: nextTokenSchema });
const listFindingsSchema = z.object({ FindingIds: z.array(z.string().min(1)), NextToken: nextTokenSchema });
const getFindingsSchema = z.object({ Findings: z.array(guardDutyFindingSchema) });

export class SdkGuardDutyFindingsPort implements GuardDutyFindingsPort {
  constructor(
    private readonly client: GuardDutyClient,
    private readonly target: AwsTarget,
  ) {}

  async listDetectors(): Promise<readonly string[]> {
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const input = nextToken ? { NextToken: nextToken } : {};
      const output = await this.call('ListDetectors', this.where(), () =>
        this.client.send(new ListDetectorsCommand(input)),
      );
      const page = this.parse(listDetectorsSchema, output, 'ListDetectors', this.where());
      ids.push(...page.DetectorIds);
      nextToken = page.NextToken;
    } while (nextToken);
    return ids;
  }

  async listFindingIds(
    detectorId: string,
    criteria: FindingIdsCriteria,
    nextToken?: string,
  ): Promise<FindingIdsPage> {
    const where = this.where(detectorId);
    const output = await this.call('ListFindings', where, () =>
      this.client.send(new ListFindingsCommand(listFindingsInput(detectorId, criteria, nextToken))),
    );
    const page = this.parse(listFindingsSchema, output, 'ListFindings', where);
    return page.NextToken ? { ids: page.FindingIds, nextToken: page.NextToken } : { ids: page.FindingIds };
  }

  async getFindings(detectorId: string, ids: readonly string[]): Promise<readonly GuardDutyFinding[]> {
    const where = this.where(detectorId);
    const findings: GuardDutyFinding[] = [];
    for (const batch of inBatches(ids)) {
      const output = await this.call('GetFindings', where, () =>
        this.client.send(new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch })),
      );
      findings.push(...this.parse(getFindingsSchema, output, 'GetFindings', where).Findings);
    }
    return findings;
  }

  private where(detectorId?: string): string {
    const place = `${this.target.accountId}/${this.target.region}`;
    return detectorId ? `detector ${detectorId} in ${place}` : place;
  }

  private async call<T>(operation: string, target: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (error) {
      throw awsErrorFrom(error, {
        service: 'GuardDuty',
        operation,
        target,
        ...(this.target.roleArn === undefined ? {} : { roleArn: this.target.roleArn }),
      });
    }
  }

  /** A response without the shape we rely on is an AwsError for that call, not a crash later. */
  private parse<S extends z.ZodType>(
    schema: S,
    output: unknown,
    operation: string,
    target: string,
  ): z.output<S> {
    const parsed = schema.safeParse(output);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const detail = issue ? `${issue.path.join('.') || '(response)'}: ${issue.message}` : 'unexpected shape';
    return this.fail(operation, `${target} (response ${detail})`, parsed.error);
  }

  private fail(operation: string, target: string, cause: unknown): never {
    throw new AwsError({ service: 'GuardDuty', operation, awsCode: 'MalformedResponse', target, cause });
  }
}
