import { formatArn } from './arn.js';

/**
 * ARNs for resources that people name by id. An instance id alone is not enough: its ARN needs
 * the account and region, which come from options (the alert, the CLI flags, the config).
 */

export interface ArnContext {
  readonly accountId?: string;
  readonly region?: string;
  /** @defaultValue 'aws' */
  readonly partition?: string;
}

export function instanceArn(instanceId: string, context: ArnContext): string | undefined {
  if (!context.accountId || !context.region) return undefined;
  return formatArn({
    partition: context.partition ?? 'aws',
    service: 'ec2',
    region: context.region,
    accountId: context.accountId,
    resource: `instance/${instanceId}`,
  });
}

/** Bucket ARNs carry neither account nor region: `arn:aws:s3:::bucket`. */
export function bucketArn(bucket: string, context: Pick<ArnContext, 'partition'> = {}): string {
  return formatArn({
    partition: context.partition ?? 'aws',
    service: 's3',
    region: '',
    accountId: '',
    resource: bucket,
  });
}

export function principalArn(kind: 'user' | 'role', name: string, context: ArnContext): string | undefined {
  if (!context.accountId) return undefined;
  return formatArn({
    partition: context.partition ?? 'aws',
    service: 'iam',
    region: '',
    accountId: context.accountId,
    resource: `${kind}/${name}`,
  });
}
