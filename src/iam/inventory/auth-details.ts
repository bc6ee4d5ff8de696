import { z } from 'zod';
import { InputError, type Problem } from '../../platform/errors.js';
import { formatPath } from '../../platform/format-path.js';
import { zodProblems } from '../../platform/zod-problems.js';
import type { AttachedPolicyRef, IamGroup, IamRole, IamUser, InlinePolicy, ManagedPolicy } from '../model.js';
import { isoTime } from './dates.js';
import { parsePolicyDocument } from './policy-document.js';

/**
 * `GetAccountAuthorizationDetails` (all pages merged), as the API returns it or as
 * `aws iam get-account-authorization-details` prints it. Unknown extra fields are ignored (AWS
 * adds fields); a wrong type or a missing name or ARN is an error that names its JSON path.
 */

/** An AWS time, read once into ISO-8601 UTC. */
const date = z.string().transform((value, ctx) => {
  const iso = isoTime(value);
  if (iso === undefined) ctx.addIssue({ code: 'custom', message: 'is not a date' });
  return iso ?? value;
});
const tags = z.array(z.object({ Key: z.string(), Value: z.string() })).default([]);
const inline = z.array(z.object({ PolicyName: z.string(), PolicyDocument: z.unknown() })).default([]);
const attached = z.array(z.object({ PolicyName: z.string(), PolicyArn: z.string() })).default([]);
/** `AttachedPermissionsBoundary`: only a managed policy can be a boundary. */
const boundary = z
  .object({
    PermissionsBoundaryType: z.string().optional(),
    PermissionsBoundaryArn: z.string().startsWith('arn:', 'is not a policy ARN'),
  })
  .optional();

const schema = z.object({
  UserDetailList: z
    .array(
      z.object({
        UserName: z.string().min(1),
        Arn: z.string().startsWith('arn:'),
        CreateDate: date,
        GroupList: z.array(z.string()).default([]),
        UserPolicyList: inline,
        AttachedManagedPolicies: attached,
        PermissionsBoundary: boundary,
        Tags: tags,
      }),
    )
    .default([]),
  GroupDetailList: z
    .array(
      z.object({
        GroupName: z.string().min(1),
        Arn: z.string().startsWith('arn:'),
        GroupPolicyList: inline,
        AttachedManagedPolicies: attached,
      }),
    )
    .default([]),
  RoleDetailList: z
    .array(
      z.object({
        RoleName: z.string().min(1),
        Arn: z.string().startsWith('arn:'),
        Path: z.string().default('/'),
        CreateDate: date,
        AssumeRolePolicyDocument: z.unknown(),
        RolePolicyList: inline,
        AttachedManagedPolicies: attached,
        RoleLastUsed: z.object({ LastUsedDate: date.optional() }).optional(),
        PermissionsBoundary: boundary,
        Tags: tags,
      }),
    )
    .default([]),
  Policies: z
    .array(
      z.object({
        PolicyName: z.string().min(1),
        Arn: z.string().startsWith('arn:'),
        DefaultVersionId: z.string().optional(),
        AttachmentCount: z.number().int().min(0).default(0),
        PolicyVersionList: z
          .array(
            z.object({
              VersionId: z.string().optional(),
              IsDefaultVersion: z.boolean().default(false),
              Document: z.unknown(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

export interface ParsedAuthDetails {
  readonly users: IamUser[];
  readonly groups: IamGroup[];
  readonly roles: IamRole[];
  readonly policies: ManagedPolicy[];
}

const AWS_MANAGED = /^arn:aws[a-z-]*:iam::aws:policy\//;

/** The lists `aws iam get-account-authorization-details` always prints, even when empty. */
const DETAIL_LISTS = ['UserDetailList', 'GroupDetailList', 'RoleDetailList', 'Policies'] as const;

export function parseAuthDetails(input: unknown, source = 'authorization details'): ParsedAuthDetails {
  // Anything else parses as "no principals": a perfect score for a file that was never IAM data.
  const lists = typeof input === 'object' && input !== null ? DETAIL_LISTS.filter((k) => k in input) : [];
  if (lists.length === 0)
    throw new InputError(
      `${source} is not an authorization-details document: expected the JSON that \`aws iam get-account-authorization-details\` prints, with ${DETAIL_LISTS.join(', ')}`,
    );
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new InputError(`${source} are not valid`, zodProblems(parsed.error));
  const problems: Problem[] = [];
  // Accounts repeat documents (trust policies most): each distinct text is decoded and read once,
  // and the principals holding it share the (read-only) result.
  const byText = new Map<string, ReturnType<typeof parsePolicyDocument>>();
  const readDocument = (raw: unknown) => {
    if (typeof raw !== 'string') return parsePolicyDocument(raw);
    let result = byText.get(raw);
    if (!result) {
      result = parsePolicyDocument(raw);
      byText.set(raw, result);
    }
    return result;
  };
  const document = (raw: unknown, path: (string | number)[]) => {
    const result = readDocument(raw);
    if (result.ok) return result.document;
    for (const p of result.problems)
      problems.push({ path: formatPath([...path, ...p.path]), message: p.message });
    return { Statement: [] };
  };
  const inlines = (list: { PolicyName: string; PolicyDocument: unknown }[], path: (string | number)[]) =>
    list.map(
      (p, i): InlinePolicy => ({
        name: p.PolicyName,
        document: document(p.PolicyDocument, [...path, i, 'PolicyDocument']),
      }),
    );
  const refs = (list: { PolicyName: string; PolicyArn: string }[]): AttachedPolicyRef[] =>
    list.map((p) => ({ arn: p.PolicyArn, name: p.PolicyName }));
  const tagMap = (list: { Key: string; Value: string }[]) =>
    Object.fromEntries(list.map((t) => [t.Key, t.Value]));
  const d = parsed.data;

  const users = d.UserDetailList.map(
    (u, i): IamUser => ({
      name: u.UserName,
      arn: u.Arn,
      createDate: u.CreateDate,
      groups: u.GroupList,
      inlinePolicies: inlines(u.UserPolicyList, ['UserDetailList', i, 'UserPolicyList']),
      attachedPolicies: refs(u.AttachedManagedPolicies),
      ...(u.PermissionsBoundary ? { permissionsBoundary: u.PermissionsBoundary.PermissionsBoundaryArn } : {}),
      tags: tagMap(u.Tags),
    }),
  );
  const groups = d.GroupDetailList.map(
    (g, i): IamGroup => ({
      name: g.GroupName,
      arn: g.Arn,
      inlinePolicies: inlines(g.GroupPolicyList, ['GroupDetailList', i, 'GroupPolicyList']),
      attachedPolicies: refs(g.AttachedManagedPolicies),
    }),
  );
  const roles = d.RoleDetailList.map((r, i): IamRole => {
    const lastUsed = r.RoleLastUsed?.LastUsedDate;
    return {
      name: r.RoleName,
      arn: r.Arn,
      path: r.Path,
      createDate: r.CreateDate,
      trustPolicy: document(r.AssumeRolePolicyDocument, ['RoleDetailList', i, 'AssumeRolePolicyDocument']),
      inlinePolicies: inlines(r.RolePolicyList, ['RoleDetailList', i, 'RolePolicyList']),
      attachedPolicies: refs(r.AttachedManagedPolicies),
      ...(lastUsed ? { lastUsed } : {}),
      ...(r.PermissionsBoundary ? { permissionsBoundary: r.PermissionsBoundary.PermissionsBoundaryArn } : {}),
      tags: tagMap(r.Tags),
    };
  });
  const policies = d.Policies.map((p, i): ManagedPolicy => {
    const index = p.PolicyVersionList.findIndex((v) =>
      p.DefaultVersionId ? v.VersionId === p.DefaultVersionId : v.IsDefaultVersion,
    );
    const chosen = index >= 0 ? index : p.PolicyVersionList.findIndex((v) => v.IsDefaultVersion);
    if (chosen < 0)
      problems.push({
        path: formatPath(['Policies', i, 'PolicyVersionList']),
        message: 'has no default version',
      });
    const version = p.PolicyVersionList[chosen];
    return {
      arn: p.Arn,
      name: p.PolicyName,
      awsManaged: AWS_MANAGED.test(p.Arn),
      attachmentCount: p.AttachmentCount,
      document: version
        ? document(version.Document, ['Policies', i, 'PolicyVersionList', chosen, 'Document'])
        : { Statement: [] },
    };
  });
  if (problems.length > 0) throw new InputError(`${source} are not valid`, problems);
  return { users, groups, roles, policies };
}
