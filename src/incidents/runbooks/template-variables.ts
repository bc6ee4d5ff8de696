import { ALERT_SOURCES, type AlertSource } from '../../alerts/alert.js';
import { type ProfileInput, profileOf, type SubjectProfile } from './subject-profile.js';

/**
 * The alert view that runbook templates may read. A whitelist: only these names render, so a
 * runbook can never reach `raw` payloads or anything not meant for a responder's eyes. Each
 * variable says where a responder finds it when the alert does not carry it, because a step
 * never shows a command with a placeholder in it (template.ts).
 */

/** What templates read; both Alert and Incident have this shape. */
export interface TemplateSubject extends ProfileInput {
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
  /** What the value is, for a sentence: `IAM role name`. */
  readonly label: string;
  /** Where a responder finds the value when the alert lacks it (prose: no placeholders, no commands). */
  readonly find: string;
  readonly read: (s: TemplateSubject, profile: SubjectProfile) => string | undefined;
  /** Sources whose alerts always carry the value (CloudTrail detections always name the API). */
  readonly alwaysFor?: readonly AlertSource[];
}

const IN_ALERT = 'the finding or alert itself (the console link on the card)';

export const TEMPLATE_VARIABLES = {
  type: { label: 'finding type', find: IN_ALERT, read: (s) => s.type, alwaysFor: ALERT_SOURCES },
  title: { label: 'title', find: IN_ALERT, read: (s) => s.title, alwaysFor: ALERT_SOURCES },
  source: { label: 'source', find: IN_ALERT, read: (s) => s.source, alwaysFor: ALERT_SOURCES },
  severityLabel: {
    label: 'severity',
    find: IN_ALERT,
    read: (s) => s.severityLabel,
    alwaysFor: ALERT_SOURCES,
  },
  region: { label: 'region', find: IN_ALERT, read: (s) => s.region, alwaysFor: ALERT_SOURCES },
  accountId: { label: 'account id', find: IN_ALERT, read: (s) => s.accountId, alwaysFor: ALERT_SOURCES },
  'resource.id': {
    label: 'resource id',
    find: IN_ALERT,
    read: (s) => s.resource.id,
    alwaysFor: ALERT_SOURCES,
  },
  'resource.type': {
    label: 'resource type',
    find: IN_ALERT,
    read: (s) => s.resource.type,
    alwaysFor: ALERT_SOURCES,
  },
  'resource.kind': {
    label: 'resource kind',
    find: IN_ALERT,
    read: (_, p) => p.resourceKind.replace(/-/g, ' '),
    alwaysFor: ALERT_SOURCES,
  },
  'resource.arn': {
    label: 'resource ARN',
    find: "the resource's page in the AWS console, or AWS Config's resource inventory for the resource id",
    read: (s) => s.resource.arn,
  },
  'scan.resourceId': {
    label: 'id of the scanned snapshot, AMI, recovery point or volume',
    find: "the finding's resource details in the GuardDuty console (ebsSnapshotDetails, ec2ImageDetails or recoveryPointDetails)",
    read: (_, p) => p.scannedId,
  },
  'resource.hostInstanceId': {
    label: 'EC2 instance the workload runs on',
    find: "the finding's resource.instanceDetails, or the node of the pod or ECS task",
    read: (_, p) => p.hostInstanceId,
  },
  'actor.principal': {
    label: 'principal',
    find: 'CloudTrail event history for the resource: the userIdentity of the events around the alert time',
    read: (s) => s.actor?.principal,
  },
  'actor.accessKeyId': {
    label: 'access key id',
    find: "the finding's resource.accessKeyDetails.accessKeyId, or userIdentity.accessKeyId of its CloudTrail events",
    read: (s) => s.actor?.accessKeyId,
  },
  'actor.sourceIp': {
    label: 'source IP',
    find: 'the sourceIPAddress of the CloudTrail events behind the alert',
    read: (s) => s.actor?.sourceIp,
  },
  'actor.userAgent': {
    label: 'user agent',
    find: 'the userAgent of the CloudTrail events behind the alert',
    read: (s) => s.actor?.userAgent,
  },
  'actor.api': {
    label: 'API',
    find: 'the eventName of the CloudTrail events behind the alert',
    read: (s) => s.actor?.api,
    alwaysFor: ['cloudtrail-detection'],
  },
  'actor.userName': {
    label: 'IAM user name',
    find: "the finding's resource.accessKeyDetails.userName, or userIdentity.userName in CloudTrail",
    read: (_, p) => p.userName,
  },
  'actor.roleName': {
    label: 'IAM role name',
    find: "userIdentity.sessionContext.sessionIssuer.userName of the session's CloudTrail events",
    read: (_, p) => p.roleName,
  },
  'actor.sessionName': {
    label: 'role session name',
    find: 'the end of userIdentity.arn (assumed-role/ROLE/SESSION) in CloudTrail',
    read: (_, p) => p.sessionName,
  },
  'actor.viaService': {
    label: 'AWS service the call came through',
    find: "the finding's API call details (serviceName, callerType)",
    read: (_, p) => p.viaService,
  },
} as const satisfies Record<string, VariableSpec>;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

export function isTemplateVariable(name: string): name is TemplateVariable {
  return Object.hasOwn(TEMPLATE_VARIABLES, name);
}

export function variableSpec(name: TemplateVariable): VariableSpec {
  return TEMPLATE_VARIABLES[name];
}

/** `unknown resource id`: what a missing value reads as in step text (never in a command). */
export function missingText(name: string): string {
  return isTemplateVariable(name) ? `unknown ${TEMPLATE_VARIABLES[name].label}` : `unknown variable ${name}`;
}

/** The value of a variable, or undefined when the alert has none (empty strings count as none). */
export function readVariable(
  subject: TemplateSubject,
  name: TemplateVariable,
  profile: SubjectProfile = profileOf(subject),
): string | undefined {
  const value = TEMPLATE_VARIABLES[name].read(subject, profile);
  return value === undefined || value.trim() === '' ? undefined : value;
}
