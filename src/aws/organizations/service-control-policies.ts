import {
  DescribePolicyCommand,
  type OrganizationsClient,
  paginateListParents,
  paginateListPoliciesForTarget,
} from '@aws-sdk/client-organizations';
import { awsErrorFrom } from '../client-config.js';
import type { OptionalRead } from '../iam/optional-read.js';
import { invalidResponseError } from '../tagging/aws-errors.js';

/**
 * The service control policies that apply to one account, from AWS Organizations: those attached
 * to the account, to each OU above it and to the root (`ListParents` up to the root,
 * `ListPoliciesForTarget` with `SERVICE_CONTROL_POLICY` at each level, `DescribePolicy` for each
 * policy's content, once per policy). Organizations answers only the management account and a
 * delegated administrator; from anywhere else, or outside an organization, the answer is "not
 * read" with the reason, never a failed review.
 */

export interface ScpRead {
  readonly Name: string;
  /** The policy JSON as Organizations returns it (text). */
  readonly Document: string;
  /** Where it is attached: `account 111122223333`, `ou-ab12-cdef3456`, `root r-ab12`. */
  readonly Target: string;
}

export interface OrganizationsAccount {
  readonly accountId: string;
  readonly roleArn?: string;
}

/** OUs nest at most five deep under the root; more means the answers are looping. */
const MAX_LEVELS = 7;

/** Errors that mean "this account may not read the organization", with the reason a reviewer sees. */
function notReadableReason(error: unknown, operation: string): string | undefined {
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  switch (name) {
    case 'AWSOrganizationsNotInUseException':
      return 'the account is not in an AWS Organizations organization';
    case 'AccessDeniedException':
    case 'AccessDenied':
      return `AWS refused organizations:${operation} (only the management account or a delegated administrator may read SCPs)`;
    case 'PolicyTypeNotEnabledException':
      return 'SCPs are not enabled in the organization';
    default:
      return undefined;
  }
}

/** Thrown inside the read to stop it; turned into "not read" at the top. */
class NotReadable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

export async function readServiceControlPolicies(
  client: OrganizationsClient,
  account: OrganizationsAccount,
): Promise<OptionalRead<ScpRead[]>> {
  try {
    return { value: await readAll(client, account) };
  } catch (error) {
    if (error instanceof NotReadable)
      return { unread: { part: 'service control policies', reason: error.reason } };
    throw error;
  }
}

function context(account: OrganizationsAccount, operation: string, about: string) {
  return {
    service: 'Organizations',
    operation,
    action: `organizations:${operation}`,
    target: `${about} for account ${account.accountId}`,
    ...(account.roleArn ? { roleArn: account.roleArn } : {}),
  };
}

/** A refusal ends the read as "not read"; anything else becomes an AwsError naming the call. */
async function call<T>(
  account: OrganizationsAccount,
  operation: string,
  about: string,
  send: () => Promise<T>,
): Promise<T> {
  try {
    return await send();
  } catch (error) {
    const reason = notReadableReason(error, operation);
    if (reason) throw new NotReadable(reason);
    throw awsErrorFrom(error, context(account, operation, about));
  }
}

async function readAll(client: OrganizationsClient, account: OrganizationsAccount): Promise<ScpRead[]> {
  const targets = [{ id: account.accountId, label: `account ${account.accountId}` }];
  let child = account.accountId;
  for (let level = 0; ; level++) {
    if (level >= MAX_LEVELS)
      throw invalidResponseError(
        context(account, 'ListParents', 'the OU path'),
        `more than ${MAX_LEVELS} levels above the account`,
      );
    const parents = await call(account, 'ListParents', `parents of ${child}`, async () => {
      const found: { Id?: string | undefined; Type?: string | undefined }[] = [];
      for await (const page of paginateListParents({ client }, { ChildId: child }))
        found.push(...(page.Parents ?? []));
      return found;
    });
    const parent = parents[0];
    if (!parent?.Id) break; // the root has no parent
    targets.push({ id: parent.Id, label: parent.Type === 'ROOT' ? `root ${parent.Id}` : parent.Id });
    if (parent.Type === 'ROOT') break;
    child = parent.Id;
  }
  const policies: ScpRead[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const summaries = await call(account, 'ListPoliciesForTarget', target.label, async () => {
      const found: { Id?: string | undefined; Name?: string | undefined }[] = [];
      for await (const page of paginateListPoliciesForTarget(
        { client },
        { TargetId: target.id, Filter: 'SERVICE_CONTROL_POLICY' },
      ))
        found.push(...(page.Policies ?? []));
      return found;
    });
    for (const summary of summaries) {
      if (!summary.Id || seen.has(summary.Id)) continue; // FullAWSAccess is often attached at every level
      seen.add(summary.Id);
      const id = summary.Id;
      const answer = await call(account, 'DescribePolicy', `policy ${id}`, () =>
        client.send(new DescribePolicyCommand({ PolicyId: id })),
      );
      const content = answer?.Policy?.Content;
      if (typeof content !== 'string')
        throw invalidResponseError(
          context(account, 'DescribePolicy', `policy ${id}`),
          'Policy.Content is missing',
        );
      policies.push({
        Name: answer.Policy?.PolicySummary?.Name ?? summary.Name ?? id,
        Document: content,
        Target: target.label,
      });
    }
  }
  return policies;
}
