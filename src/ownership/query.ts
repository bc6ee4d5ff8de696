import { z } from 'zod';
import { type Arn, arnResourceName, arnSchema, parseArn } from '../aws/tagging/arn.js';
import { UsageError } from '../platform/errors.js';
import { TaskName } from '../platform/queue/names.js';
import { defineTask } from '../platform/queue/task-job.js';
import { bucketNameProblem } from './bucket-name.js';

/**
 * Parses the one argument of `/owner` (and `watchkeeper owner`). Each accepted shape is checked
 * against AWS's own rules; input that fits none, or that sits between two shapes (a 10-digit
 * "account id", a 12-hex "instance id"), is a UsageError that says which rule it broke. A bare
 * name (`web-app-role`) can be a role, a user or a bucket: it becomes a `name` query that lists
 * the kinds it could be, and the resolver tries each and says which it tried.
 */

/** Placeholders in capitals, no angle brackets: Slack reads `<…|…>` as a link and swallows it. */
export const OWNER_QUERY_FORMS =
  'ARN | INSTANCE-ID | BUCKET | ROLE-OR-USER-NAME | ACCESS-KEY-ID | ACCOUNT-ID | TAG=VALUE';
export const OWNER_USAGE = `/owner ${OWNER_QUERY_FORMS}`;

export type PrincipalKind = 'user' | 'role';

/** What a bare name may be, in the order the resolver tries them. */
export type NameCandidate = 'role' | 'user' | 'bucket';

export type OwnerQuery =
  | { readonly kind: 'arn'; readonly text: string; readonly arn: Arn }
  | { readonly kind: 'instance'; readonly text: string; readonly instanceId: string }
  | { readonly kind: 'bucket'; readonly text: string; readonly bucket: string }
  | { readonly kind: 'account'; readonly text: string; readonly accountId: string }
  | {
      readonly kind: 'principal';
      readonly text: string;
      readonly principalKind: PrincipalKind;
      readonly name: string;
      /** The IAM ARN when the query gave one (an assumed-role session becomes its role's ARN). */
      readonly arn?: Arn;
    }
  | { readonly kind: 'tag'; readonly text: string; readonly key: string; readonly value: string }
  | { readonly kind: 'access-key'; readonly text: string; readonly accessKeyId: string }
  | {
      readonly kind: 'name';
      readonly text: string;
      readonly name: string;
      readonly candidates: readonly NameCandidate[];
    };

/** A parsed query as data, for the `owner` task the command enqueues. */
export const ownerQuerySchema: z.ZodType<OwnerQuery> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('arn'), text: z.string(), arn: arnSchema }),
  z.object({ kind: z.literal('instance'), text: z.string(), instanceId: z.string().min(1) }),
  z.object({ kind: z.literal('bucket'), text: z.string(), bucket: z.string().min(1) }),
  z.object({ kind: z.literal('account'), text: z.string(), accountId: z.string().regex(/^\d{12}$/) }),
  z.object({
    kind: z.literal('principal'),
    text: z.string(),
    principalKind: z.enum(['user', 'role']),
    name: z.string().min(1),
    arn: arnSchema.optional(),
  }),
  z.object({ kind: z.literal('tag'), text: z.string(), key: z.string().min(1), value: z.string() }),
  z.object({
    kind: z.literal('access-key'),
    text: z.string(),
    accessKeyId: z.string().regex(/^(AKIA|ASIA)[A-Z0-9]{16}$/, 'is not an access key id'),
  }),
  z.object({
    kind: z.literal('name'),
    text: z.string(),
    name: z.string().min(1),
    candidates: z.array(z.enum(['role', 'user', 'bucket'])).min(1, 'names no kind to try'),
  }),
]) as z.ZodType<OwnerQuery>;

/** `/owner`: the worker resolves the parsed query (tag look-ups are AWS calls, never before the ack). */
export const ownerTask = defineTask(TaskName.Owner, ownerQuerySchema);

const INSTANCE_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;
const INSTANCE_LIKE = /^i-[0-9a-f]+$/i;
const ACCOUNT_ID = /^\d{12}$/;
// IAM user and role names: letters, digits and + = , . @ _ -, at most 64 characters.
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
const PRINCIPAL_SHORT = /^(user|role)\/(.+)$/;
const TAG_KEY = /^[\p{L}\p{N}_.:/+\-@]{1,128}$/u;
// Long-term (AKIA) and temporary (ASIA) access key ids: 20 upper-case letters and digits.
const ACCESS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;
const S3_URL = /^s3:\/\/([^/]+)\/?$/i;

export function parseOwnerQuery(argument: string, usage: string = OWNER_USAGE): OwnerQuery {
  const text = unwrapSlackLink(argument.trim());
  const usageError = (message: string) => new UsageError(message, usage);
  if (text === '') throw usageError('Say what to look up: a resource, an account or a principal');

  if (/^arn:/i.test(text)) return parseArnQuery(text, usageError);
  if (!text.includes('=') && /\s/.test(text)) {
    throw usageError(`Give one thing to look up, not ${text.split(/\s+/).length} words ("${text}")`);
  }
  if (text.includes('=')) return parseTagQuery(text, usageError);

  const s3 = S3_URL.exec(text);
  if (s3) return bucketQuery(text, s3[1] ?? '', usageError);
  if (ACCESS_KEY_ID.test(text)) return { kind: 'access-key', text, accessKeyId: text };

  if (INSTANCE_LIKE.test(text)) {
    const instanceId = text.toLowerCase();
    if (INSTANCE_ID.test(instanceId)) return { kind: 'instance', text, instanceId };
    throw usageError(
      `"${text}" looks like an instance id but has ${instanceId.length - 2} hex digits; instance ids are i- followed by 8 or 17 hex digits (for a bucket with this name, use arn:aws:s3:::${instanceId})`,
    );
  }
  if (/^\d+$/.test(text)) {
    if (ACCOUNT_ID.test(text)) return { kind: 'account', text, accountId: text };
    throw usageError(
      `"${text}" has ${text.length} digits; account ids have exactly 12 (for a bucket with this name, use arn:aws:s3:::${text})`,
    );
  }
  const principal = PRINCIPAL_SHORT.exec(text);
  if (principal) return principalQuery(text, principal[1] as PrincipalKind, principal[2] ?? '', usageError);
  if (text.includes('/')) {
    throw usageError(`"${text}" is not a principal: write user/NAME or role/NAME, or give the full IAM ARN`);
  }
  return nameQuery(text, usageError);
}

/**
 * A bare name: an IAM role or user when it is a valid IAM name, a bucket when it is a valid
 * bucket name. Roles come first: services and workloads are looked up far more often than people.
 */
function nameQuery(text: string, usageError: (m: string) => UsageError): OwnerQuery {
  const candidates: NameCandidate[] = [];
  if (IAM_NAME.test(text)) candidates.push('role', 'user');
  const bucketProblem = bucketNameProblem(text);
  if (!bucketProblem) candidates.push('bucket');
  if (candidates.length === 0) {
    throw usageError(
      `"${text}" is not an ARN, instance id, bucket, role or user name, access key id, account id or tag=value: ${bucketProblem}, and IAM role and user names are 1 to 64 letters, digits or + = , . @ _ -`,
    );
  }
  return { kind: 'name', text, name: text, candidates };
}

function bucketQuery(text: string, name: string, usageError: (m: string) => UsageError): OwnerQuery {
  const problem = bucketNameProblem(name);
  if (problem) throw usageError(`"${name}" is not a bucket name: ${problem}`);
  return { kind: 'bucket', text, bucket: name };
}

function parseArnQuery(text: string, usageError: (m: string) => UsageError): OwnerQuery {
  const parsed = parseArn(text);
  if (!parsed.ok) throw usageError(`"${text}" is not a valid ARN: it ${parsed.problem}`);
  const { arn } = parsed;
  if (arn.service === 'iam' && (arn.resourceType === 'user' || arn.resourceType === 'role')) {
    const name = arnResourceName(arn);
    if (!IAM_NAME.test(name)) throw usageError(`"${name}" is not a valid IAM ${arn.resourceType} name`);
    return { kind: 'principal', text, principalKind: arn.resourceType, name, arn };
  }
  if (arn.service === 'sts' && arn.resourceType === 'assumed-role') {
    // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION: the session belongs to the role.
    const roleName = arn.resourceId.split('/')[0] ?? '';
    if (!IAM_NAME.test(roleName))
      throw usageError(`"${text}" does not name a valid role before its session name`);
    const roleArn = parseArn(`arn:${arn.partition}:iam::${arn.accountId}:role/${roleName}`);
    if (roleArn.ok)
      return { kind: 'principal', text, principalKind: 'role', name: roleName, arn: roleArn.arn };
  }
  return { kind: 'arn', text, arn };
}

function principalQuery(
  text: string,
  principalKind: PrincipalKind,
  pathAndName: string,
  usageError: (m: string) => UsageError,
): OwnerQuery {
  // role/service-role/NAME: IAM paths are allowed, but tags are looked up by the bare name.
  const name = pathAndName.split('/').pop() ?? '';
  if (!IAM_NAME.test(name)) {
    throw usageError(
      `"${name}" is not a valid IAM ${principalKind} name: use 1 to 64 letters, digits or + = , . @ _ -`,
    );
  }
  return { kind: 'principal', text, principalKind, name };
}

function parseTagQuery(text: string, usageError: (m: string) => UsageError): OwnerQuery {
  const equals = text.indexOf('=');
  const key = text.slice(0, equals).trim();
  const value = stripQuotes(text.slice(equals + 1).trim());
  if (key === '')
    throw usageError(`"${text}" has no tag key before "="; write KEY=VALUE, e.g. Team=payments`);
  if (!TAG_KEY.test(key)) {
    throw usageError(
      `"${key}" is not a tag key: keys are 1 to 128 letters, digits or _ . : / + - @, without spaces`,
    );
  }
  if (value === '')
    throw usageError(`"${text}" has no tag value after "="; write KEY=VALUE, e.g. Team=payments`);
  if (value.length > 256)
    throw usageError(`the value of tag ${key} is ${value.length} characters; AWS allows 256`);
  return { kind: 'tag', text, key, value };
}

/** Slack may send a dotted bucket name as a link (`<http://a.b.c|a.b.c>`): keep what was typed. */
function unwrapSlackLink(text: string): string {
  const link = /^<[^|>]+\|([^>]+)>$/.exec(text);
  return link?.[1]?.trim() ?? text;
}

function stripQuotes(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? '').trim() : value;
}
