import {
  GetFindingsCommand,
  type GetFindingsCommandInput,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { z } from 'zod';
import { AwsError } from '../../platform/errors.js';
import { type AwsTarget, awsErrorFrom } from '../client-config.js';
import {
  SECURITY_HUB_PAGE_SIZE,
  type SecurityHubFinding,
  type SecurityHubFindingsPage,
  type SecurityHubFindingsPort,
} from './port.js';

/** Security Hub CSPM (ASFF) over SDK v3. Build it with a client made from `awsClientConfig` for the same target. */

const SERVICE = 'Security Hub';

const findingSchema = z.looseObject({
  Id: z.string().min(1),
  ProductArn: z.string().min(1),
  UpdatedAt: z.string().min(1),
});
const getFindingsSchema = z.object({
  Findings: z.array(findingSchema),
  NextToken: z
    .string()
    .nullish()
    .transform((token) => (token ? token : undefined)),
});

/** GetFindings input: updated since a time, oldest first, every record state. */
export function getFindingsInput(updatedSinceMs: number, nextToken?: string): GetFindingsCommandInput {
  return {
    Filters: {
      UpdatedAt: [{ Start: new Date(updatedSinceMs).toISOString(), End: '2999-12-31T23:59:59.999Z' }],
    },
    SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'asc' }],
    MaxResults: SECURITY_HUB_PAGE_SIZE,
    ...(nextToken ? { NextToken: nextToken } : {}),
  };
}

export class SdkSecurityHubFindingsPort implements SecurityHubFindingsPort {
  constructor(
    private readonly client: SecurityHubClient,
    private readonly target: AwsTarget,
  ) {}

  async getFindings(updatedSinceMs: number, nextToken?: string): Promise<SecurityHubFindingsPage> {
    const where = `${this.target.accountId}/${this.target.region}`;
    let output: unknown;
    try {
      output = await this.client.send(new GetFindingsCommand(getFindingsInput(updatedSinceMs, nextToken)));
    } catch (error) {
      throw awsErrorFrom(error, {
        service: SERVICE,
        operation: 'GetFindings',
        target: where,
        action: 'securityhub:GetFindings',
        ...(this.target.roleArn === undefined ? {} : { roleArn: this.target.roleArn }),
      });
    }
    const parsed = getFindingsSchema.safeParse(output);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const detail = issue ? `${issue.path.join('.') || '(response)'}: ${issue.message}` : 'unexpected shape';
      throw new AwsError({
        service: SERVICE,
        operation: 'GetFindings',
        awsCode: 'MalformedResponse',
        target: `${where} (response ${detail})`,
        cause: parsed.error,
      });
    }
    const findings = parsed.data.Findings as SecurityHubFinding[];
    return parsed.data.NextToken ? { findings, nextToken: parsed.data.NextToken } : { findings };
  }
}
