/**
 * The alert view that runbook templates may read. A whitelist: only these names render, so a
 * runbook can never reach `raw` payloads or anything not meant for a responder's eyes.
 */

/** What templates read; both Alert and Incident have this shape. */
export interface TemplateSubject {
  readonly type: string;
  readonly title: string;
  readonly source: string;
  readonly severityLabel: string;
  readonly region: string;
  readonly accountId: string;
  readonly resource: { readonly id: string; readonly type: string; readonly arn?: string | undefined };
  readonly actor?:
    | {
        readonly principal?: string | undefined;
        readonly accessKeyId?: string | undefined;
        readonly sourceIp?: string | undefined;
        readonly userAgent?: string | undefined;
        readonly api?: string | undefined;
      }
    | undefined;
}

interface VariableSpec {
  /** Shown as `<… unknown>` when the alert has no value. */
  readonly label: string;
  readonly read: (s: TemplateSubject) => string | undefined;
}

const USER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:user\/(?:[^/]+\/)*([^/]+)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[^/]+\/)*([^/]+)$/;
const ASSUMED_ROLE_ARN = /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\/([^/]+)\/.+$/;
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;

function userName(s: TemplateSubject): string | undefined {
  const principal = s.actor?.principal;
  if (!principal) return undefined;
  const fromArn = USER_ARN.exec(principal)?.[1];
  if (fromArn) return fromArn;
  // A bare name next to a long-term key (AKIA…) is the IAM user that owns the key.
  const key = s.actor?.accessKeyId ?? '';
  return key.startsWith('AKIA') && IAM_NAME.test(principal) ? principal : undefined;
}

function roleName(s: TemplateSubject): string | undefined {
  const principal = s.actor?.principal;
  if (!principal) return undefined;
  return ASSUMED_ROLE_ARN.exec(principal)?.[1] ?? ROLE_ARN.exec(principal)?.[1];
}

export const TEMPLATE_VARIABLES = {
  type: { label: 'finding type', read: (s) => s.type },
  title: { label: 'title', read: (s) => s.title },
  source: { label: 'source', read: (s) => s.source },
  severityLabel: { label: 'severity', read: (s) => s.severityLabel },
  region: { label: 'region', read: (s) => s.region },
  accountId: { label: 'account id', read: (s) => s.accountId },
  'resource.id': { label: 'resource id', read: (s) => s.resource.id },
  'resource.type': { label: 'resource type', read: (s) => s.resource.type },
  'resource.arn': { label: 'resource ARN', read: (s) => s.resource.arn },
  'actor.principal': { label: 'principal', read: (s) => s.actor?.principal },
  'actor.accessKeyId': { label: 'access key id', read: (s) => s.actor?.accessKeyId },
  'actor.sourceIp': { label: 'source IP', read: (s) => s.actor?.sourceIp },
  'actor.userAgent': { label: 'user agent', read: (s) => s.actor?.userAgent },
  'actor.api': { label: 'API', read: (s) => s.actor?.api },
  'actor.userName': { label: 'IAM user name', read: userName },
  'actor.roleName': { label: 'IAM role name', read: roleName },
} as const satisfies Record<string, VariableSpec>;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

export function isTemplateVariable(name: string): name is TemplateVariable {
  return Object.hasOwn(TEMPLATE_VARIABLES, name);
}

/** `<resource id unknown>`: what a missing value renders as. */
export function missingPlaceholder(name: string): string {
  return isTemplateVariable(name)
    ? `<${TEMPLATE_VARIABLES[name].label} unknown>`
    : `<unknown variable ${name}>`;
}

/** The value of a variable, or undefined when the alert has none (empty strings count as none). */
export function readVariable(subject: TemplateSubject, name: TemplateVariable): string | undefined {
  const value = TEMPLATE_VARIABLES[name].read(subject);
  return value === undefined || value.trim() === '' ? undefined : value;
}
