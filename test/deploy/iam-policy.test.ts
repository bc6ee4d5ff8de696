import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Least privilege for the bot itself: every AWS command the code can send must be allowed by
 * deploy/iam-policy.json, and the policy must allow nothing the code does not send. The scan
 * reads the SDK command classes and paginators each source file imports. The access-review
 * remediation (off by default) has its own statement, which an operator leaves out unless they
 * turn remediation on: its actions must be there and nowhere else.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const policy = JSON.parse(readFileSync(join(root, 'deploy/iam-policy.json'), 'utf8')) as {
  Statement: Array<{ Sid: string; Effect: string; Action: string[] }>;
};

/** SDK package -> IAM service prefix. */
const SERVICE: Record<string, string> = {
  guardduty: 'guardduty',
  'cloudwatch-logs': 'logs',
  cloudwatch: 'cloudwatch',
  iam: 'iam',
  sts: 'sts',
  s3: 's3',
  // S3 Control's operations share names with S3's; a pseudo prefix keeps them apart below.
  's3-control': 's3control',
  kms: 'kms',
  cloudtrail: 'cloudtrail',
  'resource-groups-tagging-api': 'tag',
  securityhub: 'securityhub',
  ec2: 'ec2',
  organizations: 'organizations',
};

/** Commands whose IAM action is not named after the command. */
const ACTION_OF_COMMAND: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3control:GetPublicAccessBlock': 's3:GetAccountPublicAccessBlock',
};

/** Sent by an operator's own credentials from the CLI (`detections install`), never by the bot. */
const OPERATOR_ONLY = new Set(['src/aws/logs/detection-install.ts', 'src/cli/verbs/detections.ts']);

/**
 * Containment (off by default) has its own policy file, deploy/iam-policy.remediation.json, one
 * optional statement per action; test/remediation/iam-policy.test.ts holds that code to it.
 */
const OWN_POLICY_FILE = (rel: string) => rel.startsWith('src/aws/remediation/');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** The only code that may send the optional remediation statement's actions. */
const REMEDIATION_FILES = new Set(['src/aws/iam/remediation.ts']);
const READ_ONLY_SID = 'WatchkeeperReadOnly';
const REMEDIATION_SID = 'OptionalAccessReviewRemediation';

function actionsSentByCode(include: (file: string) => boolean): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'workflows'))]) {
    const rel = relative(root, file);
    if (OPERATOR_ONLY.has(rel) || OWN_POLICY_FILE(rel) || !include(rel)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/gs)) {
      const service = SERVICE[match[2] ?? ''];
      if (!service) throw new Error(`${rel}: unknown SDK package client-${match[2]}; add it to this test`);
      for (const raw of (match[1] ?? '').split(',')) {
        const name = raw.trim().replace(/^type\s+/, '');
        if (raw.trim().startsWith('type ')) continue;
        // A command class, or the SDK's paginator for an operation (`paginateListFindings`).
        const operation = /^([A-Z]\w*)Command$/.exec(name)?.[1] ?? /^paginate([A-Z]\w*)$/.exec(name)?.[1];
        if (!operation) continue;
        const direct = `${service}:${operation}`;
        const action = ACTION_OF_COMMAND[direct] ?? direct;
        found.set(action, [...(found.get(action) ?? []), rel]);
      }
    }
  }
  return found;
}

const allowStatements = policy.Statement.filter((s) => s.Effect === 'Allow');
const allowed = new Set(allowStatements.flatMap((s) => s.Action));
const actionsOf = (sid: string) => new Set(policy.Statement.find((s) => s.Sid === sid)?.Action ?? []);

describe('deploy/iam-policy.json', () => {
  const sent = actionsSentByCode(() => true);
  const sentByBot = actionsSentByCode((file) => !REMEDIATION_FILES.has(file));
  const sentByRemediation = actionsSentByCode((file) => REMEDIATION_FILES.has(file));
  const readOnly = actionsOf(READ_ONLY_SID);
  const remediation = actionsOf(REMEDIATION_SID);
  const whoSends = (actions: string[], from: Map<string, string[]>) =>
    actions.map((a) => `${a} (${from.get(a)?.join(', ')})`).join('; ');

  it('allows in the read-only statement every AWS action the bot sends outside remediation', () => {
    const missing = [...sentByBot.keys()].filter((action) => !readOnly.has(action));
    expect(missing, `missing from ${READ_ONLY_SID}: ${whoSends(missing, sentByBot)}`).toEqual([]);
  });

  it('allows the remediation actions in the optional statement and in no other', () => {
    expect(
      sentByRemediation.size,
      `${[...REMEDIATION_FILES]} sends no AWS command: update this test`,
    ).toBeGreaterThan(0);
    const missing = [...sentByRemediation.keys()].filter((action) => !remediation.has(action));
    expect(missing, `missing from ${REMEDIATION_SID}: ${whoSends(missing, sentByRemediation)}`).toEqual([]);
    const alsoElsewhere = allowStatements
      .filter((s) => s.Sid !== REMEDIATION_SID)
      .flatMap((s) =>
        s.Action.filter((action) => sentByRemediation.has(action)).map((a) => `${s.Sid}: ${a}`),
      );
    expect(alsoElsewhere, 'remediation actions must be grantable only by the optional statement').toEqual([]);
  });

  it('keeps the optional remediation statement to exactly what the remediation code sends', () => {
    const extra = [...remediation].filter((action) => !sentByRemediation.has(action));
    expect(extra).toEqual([]);
  });

  it('allows nothing the code does not send, except assume-role', () => {
    const extra = [...allowed].filter((action) => !sent.has(action) && action !== 'sts:AssumeRole');
    expect(extra).toEqual([]);
  });

  it('keeps the read-only statement free of write actions', () => {
    expect(readOnly.size).toBeGreaterThan(0);
    for (const action of readOnly) expect(action).toMatch(/:(Get|List|Describe|Filter|Generate)/);
  });
});
