import { z } from 'zod';
/**
 * A structural ARN parser: `arn:partition:service:region:account-id:resource`, where only the
 * first five colons separate fields (the resource part may itself hold colons and slashes, as in
 * `function:name:alias` or `role/path/name`). It reports the first field that is wrong, so a
 * person who mistyped an ARN learns which part to fix.
 */

export interface Arn {
  readonly partition: string;
  readonly service: string;
  /** Empty for global services (IAM, S3 buckets). */
  readonly region: string;
  /** Empty for S3 buckets; `aws` for AWS-managed IAM policies. */
  readonly accountId: string;
  /** Everything after the fifth colon, unchanged. */
  readonly resource: string;
  /** The part of `resource` before its first `/` or `:`, when there is one (`instance`, `role`). */
  readonly resourceType: string | undefined;
  /** `resource` without its type prefix (`i-0abc…`, `path/name`), or all of it when untyped. */
  readonly resourceId: string;
}

/** A parsed ARN as data (in a queued job); its parser is {@link parseArn}. */
export const arnSchema: z.ZodType<Arn> = z
  .object({
    partition: z.string().min(1),
    service: z.string().min(1),
    region: z.string(),
    accountId: z.string(),
    resource: z.string().min(1),
    resourceType: z.string().optional(),
    resourceId: z.string(),
  })
  .transform((arn) => ({ ...arn, resourceType: arn.resourceType }));

export type ArnParseResult =
  | { readonly ok: true; readonly arn: Arn }
  | { readonly ok: false; readonly problem: string };

export const ARN_SHAPE = 'arn:partition:service:region:account-id:resource';

const FIELD_NAMES = ['arn', 'partition', 'service', 'region', 'account-id', 'resource'] as const;
// Partitions grow (aws-iso-f, aws-eusc), so accept the family shape rather than a fixed list.
const PARTITION = /^aws(-[a-z]+){0,2}$/;
const SERVICE = /^[a-z0-9][a-z0-9-]*$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
const ACCOUNT = /^(\d{12}|aws)$/;

export function parseArn(text: string): ArnParseResult {
  const fields: string[] = [];
  let rest = text;
  for (let i = 0; i < 5; i++) {
    const colon = rest.indexOf(':');
    if (colon < 0) {
      return fail(`has ${fields.length + 1} of the 6 colon-separated fields (${ARN_SHAPE})`);
    }
    fields.push(rest.slice(0, colon));
    rest = rest.slice(colon + 1);
  }
  fields.push(rest);
  const [prefix, partition, service, region, accountId, resource] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (prefix !== 'arn') return fail(`must start with "arn:" (found "${prefix}:")`);
  if (!PARTITION.test(partition)) return fail(badField(1, partition, 'aws, aws-cn or aws-us-gov'));
  if (!SERVICE.test(service)) return fail(badField(2, service, 'a service namespace such as ec2, s3 or iam'));
  if (region !== '' && !REGION.test(region))
    return fail(badField(3, region, 'a region such as us-east-1, or empty'));
  if (accountId !== '' && !ACCOUNT.test(accountId)) {
    return fail(badField(4, accountId, 'a 12-digit account id, or empty'));
  }
  if (resource === '') return fail('has an empty resource part (the text after the fifth colon)');
  if (/\s/.test(resource)) return fail('has whitespace in its resource part');
  const split = /[/:]/.exec(resource);
  const resourceType = split ? resource.slice(0, split.index) : undefined;
  const resourceId = split ? resource.slice(split.index + 1) : resource;
  return { ok: true, arn: { partition, service, region, accountId, resource, resourceType, resourceId } };
}

export function formatArn(
  arn: Pick<Arn, 'partition' | 'service' | 'region' | 'accountId' | 'resource'>,
): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.accountId}:${arn.resource}`;
}

/**
 * The resource's own name, for name globs in owners.yaml: a role's name without its path
 * (`role/svc/deployer` -> `deployer`), a function's name without its qualifier
 * (`function:api:prod` -> `api`), a bucket's name for S3 buckets and objects.
 */
export function arnResourceName(arn: Arn): string {
  if (arn.service === 's3' && arn.accountId === '') {
    // S3 bucket and object ARNs have no type prefix, and a bucket owns its objects.
    return arn.resource.split('/')[0] ?? arn.resource;
  }
  if (arn.resourceType === undefined) return arn.resource;
  const separator = arn.resource.charAt(arn.resourceType.length);
  const segments = arn.resourceId.split(separator);
  const name = separator === '/' ? segments[segments.length - 1] : segments[0];
  return name || arn.resourceId;
}

function badField(index: number, value: string, expected: string): string {
  return `has "${value}" as its ${FIELD_NAMES[index]} (field ${index + 1}); expected ${expected}`;
}

function fail(problem: string): ArnParseResult {
  return { ok: false, problem };
}
