/**
 * For each action of an escalation method, which resources make it exploitable, as named in the
 * public catalogues (Rhino Security Labs' methods, pathfinding.cloud): CreatePolicyVersion on a
 * policy that applies to the principal, CreateAccessKey on another, more privileged user,
 * PassRole on a more privileged role that the method's service can assume, and so on. An action
 * whose resource the caller creates or picks (ec2:RunInstances, lambda:CreateFunction) has no
 * target: any resource will do.
 */

export type TargetKind =
  /** Customer managed policies attached to the principal, its groups or roles it can assume. */
  | 'reachable-policies'
  /** Customer managed policies attached to any role (their trust can then be rewritten). */
  | 'role-policies'
  /** The principal itself, when it is a user. */
  | 'self-user'
  /** The principal itself when it is a user with a permissions boundary. */
  | 'self-user-with-boundary'
  /** Users other than the principal. */
  | 'other-users'
  /** Users other than the principal that can do something it cannot. */
  | 'stronger-users'
  /** The principal's groups. */
  | 'own-groups'
  /** Groups the user is not in that grant something it cannot do. */
  | 'stronger-groups'
  /** The principal itself when a role, and roles it can assume. */
  | 'reachable-roles'
  /** Roles it can assume that have a permissions boundary. */
  | 'reachable-roles-with-boundary'
  /** Roles its trust policy already lets the principal assume (sts:AssumeRole). */
  | 'assumable-roles'
  /** Roles other than the principal (their trust policy can be rewritten). */
  | 'other-roles'
  /** Roles that can do something the principal cannot. */
  | 'stronger-roles'
  /** Roles more privileged than the principal that the method's service can assume. */
  | 'passable-roles'
  /** No particular resource: the caller creates or picks it. */
  | 'any';

export type Entity = 'policy' | 'user' | 'group' | 'role' | 'none';

export const ENTITY_OF: Readonly<Record<TargetKind, Entity>> = {
  'reachable-policies': 'policy',
  'role-policies': 'policy',
  'self-user': 'user',
  'self-user-with-boundary': 'user',
  'other-users': 'user',
  'stronger-users': 'user',
  'own-groups': 'group',
  'stronger-groups': 'group',
  'reachable-roles': 'role',
  'reachable-roles-with-boundary': 'role',
  'assumable-roles': 'role',
  'other-roles': 'role',
  'stronger-roles': 'role',
  'passable-roles': 'role',
  any: 'none',
};

const BY_ACTION: Readonly<Record<string, TargetKind>> = {
  'iam:createpolicyversion': 'reachable-policies',
  'iam:setdefaultpolicyversion': 'reachable-policies',
  'iam:createaccesskey': 'stronger-users',
  'iam:deleteaccesskey': 'stronger-users',
  'iam:createloginprofile': 'stronger-users',
  'iam:updateloginprofile': 'stronger-users',
  'iam:attachuserpolicy': 'self-user',
  'iam:putuserpolicy': 'self-user',
  'iam:deleteuserpermissionsboundary': 'self-user-with-boundary',
  'iam:attachgrouppolicy': 'own-groups',
  'iam:putgrouppolicy': 'own-groups',
  'iam:addusertogroup': 'stronger-groups',
  'iam:attachrolepolicy': 'reachable-roles',
  'iam:putrolepolicy': 'reachable-roles',
  'iam:deleterolepermissionsboundary': 'reachable-roles-with-boundary',
  'iam:updateassumerolepolicy': 'stronger-roles',
  'sts:assumerole': 'assumable-roles',
  'iam:passrole': 'passable-roles',
};

/** Methods whose actions work together on another principal, so their targets differ. */
const BY_METHOD: Readonly<Record<string, Readonly<Record<string, TargetKind>>>> = {
  'AttachUserPolicy+CreateAccessKey': {
    'iam:attachuserpolicy': 'other-users',
    'iam:createaccesskey': 'other-users',
  },
  'PutUserPolicy+CreateAccessKey': {
    'iam:putuserpolicy': 'other-users',
    'iam:createaccesskey': 'other-users',
  },
  'AttachRolePolicy+UpdateAssumeRolePolicy': {
    'iam:attachrolepolicy': 'other-roles',
    'iam:updateassumerolepolicy': 'other-roles',
  },
  'PutRolePolicy+UpdateAssumeRolePolicy': {
    'iam:putrolepolicy': 'other-roles',
    'iam:updateassumerolepolicy': 'other-roles',
  },
  'CreatePolicyVersion+UpdateAssumeRolePolicy': {
    'iam:createpolicyversion': 'role-policies',
    'iam:updateassumerolepolicy': 'other-roles',
  },
  // The trust policy is rewritten first, so the role need not trust the principal yet.
  'AssumeRole+UpdateAssumeRolePolicy': {
    'sts:assumerole': 'stronger-roles',
    'iam:updateassumerolepolicy': 'stronger-roles',
  },
};

export function targetKind(method: string, action: string): TargetKind {
  const key = action.toLowerCase();
  return BY_METHOD[method]?.[key] ?? BY_ACTION[key] ?? 'any';
}

/**
 * The service principals a role must trust to be handed to the service a PassRole method uses,
 * from the method's other actions (`ec2:RunInstances` → `ec2.amazonaws.com`).
 */
const SERVICE_PRINCIPALS: Readonly<Record<string, readonly string[]>> = {
  ecs: ['ecs-tasks.amazonaws.com'],
  autoscaling: ['ec2.amazonaws.com'],
  imagebuilder: ['ec2.amazonaws.com', 'imagebuilder.amazonaws.com'],
  batch: ['batch.amazonaws.com', 'ecs-tasks.amazonaws.com', 'ec2.amazonaws.com'],
  apprunner: ['tasks.apprunner.amazonaws.com', 'build.apprunner.amazonaws.com'],
  datapipeline: ['datapipeline.amazonaws.com', 'elasticmapreduce.amazonaws.com', 'ec2.amazonaws.com'],
  elasticmapreduce: ['elasticmapreduce.amazonaws.com', 'ec2.amazonaws.com'],
  'cognito-identity': ['cognito-identity.amazonaws.com'],
  kinesisanalytics: ['kinesisanalytics.amazonaws.com'],
  ssm: ['ssm.amazonaws.com'],
  lambda: ['lambda.amazonaws.com'],
};

const servicesOf = new Map<readonly string[], readonly string[]>();

export function passRoleServices(actions: readonly string[]): readonly string[] {
  let cached = servicesOf.get(actions);
  if (!cached) {
    cached = computePassRoleServices(actions);
    servicesOf.set(actions, cached);
  }
  return cached;
}

function computePassRoleServices(actions: readonly string[]): readonly string[] {
  const services = new Set<string>();
  for (const action of actions) {
    const prefix = action.split(':')[0]?.toLowerCase() ?? '';
    if (prefix === 'iam' || prefix === 'sts' || prefix === 's3') continue;
    for (const s of SERVICE_PRINCIPALS[prefix] ?? [`${prefix}.amazonaws.com`]) services.add(s);
  }
  return [...services];
}
