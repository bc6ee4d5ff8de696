import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REMEDIATION_ACTION_IDS } from '../../src/platform/config/remediation.js';
import { REMEDIATION_ACTIONS } from '../../src/remediation/actions/catalog.js';

/**
 * Least privilege for containment: deploy/iam-policy.remediation.json has one optional statement
 * per action (an operator grants only the actions they turn on) plus the preflight simulation.
 * Every AWS command src/aws/remediation sends must be granted there, each action's statement must
 * hold exactly what its module says it needs, and nothing else may be granted.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const policy = JSON.parse(readFileSync(join(root, 'deploy/iam-policy.remediation.json'), 'utf8')) as {
  Version: string;
  Statement: Array<{ Sid: string; Effect: string; Action: string[]; Resource: string | string[] }>;
};

const SERVICE: Record<string, string> = { iam: 'iam', ec2: 'ec2', s3: 's3' };
/** Commands whose IAM action is not named after the command. */
const ACTION_OF_COMMAND: Record<string, string> = {
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
  's3:PutPublicAccessBlock': 's3:PutBucketPublicAccessBlock',
  's3:DeletePublicAccessBlock': 's3:PutBucketPublicAccessBlock',
};
/** Needed by a parameter, not a command: CreateSecurityGroup with TagSpecifications needs ec2:CreateTags. */
const IMPLIED = new Set(['ec2:CreateTags']);
const PREFLIGHT_SID = 'RemediationPreflightSimulation';
const sidOf = (id: string) => `Remediation${id[0]?.toUpperCase()}${id.slice(1)}`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function actionsSent(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(join(root, 'src/aws/remediation'))) {
    const rel = relative(root, file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/gs)) {
      const service = SERVICE[match[2] ?? ''];
      if (!service) throw new Error(`${rel}: unknown SDK package client-${match[2]}; add it to this test`);
      for (const raw of (match[1] ?? '').split(',')) {
        const name = raw.trim();
        if (name.startsWith('type ')) continue;
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

describe('deploy/iam-policy.remediation.json', () => {
  const sent = actionsSent();
  const granted = new Set(policy.Statement.flatMap((s) => s.Action));

  it('is a valid policy of Allow statements with distinct Sids', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.every((s) => s.Effect === 'Allow')).toBe(true);
    expect(new Set(policy.Statement.map((s) => s.Sid)).size).toBe(policy.Statement.length);
  });

  it('grants every AWS action src/aws/remediation sends', () => {
    expect(sent.size).toBeGreaterThan(10);
    const missing = [...sent.keys()].filter((a) => !granted.has(a));
    expect(missing, missing.map((a) => `${a} (${sent.get(a)?.join(', ')})`).join('; ')).toEqual([]);
  });

  it('grants nothing the code does not send', () => {
    expect([...granted].filter((a) => !sent.has(a) && !IMPLIED.has(a))).toEqual([]);
  });

  it('has one statement per action holding exactly what its module needs, and the preflight simulation alone', () => {
    for (const id of REMEDIATION_ACTION_IDS) {
      const statement = policy.Statement.find((s) => s.Sid === sidOf(id));
      expect(statement, `statement ${sidOf(id)}`).toBeDefined();
      expect([...(statement?.Action ?? [])].sort()).toEqual([...REMEDIATION_ACTIONS[id].permissions].sort());
    }
    expect(policy.Statement.find((s) => s.Sid === PREFLIGHT_SID)?.Action).toEqual([
      'iam:SimulatePrincipalPolicy',
    ]);
    expect(policy.Statement).toHaveLength(REMEDIATION_ACTION_IDS.length + 1);
  });

  it("covers every call each action's preview shows (apply and undo)", () => {
    const everyPermission = new Set(
      REMEDIATION_ACTION_IDS.flatMap((id) => REMEDIATION_ACTIONS[id].permissions),
    );
    for (const action of sent.keys())
      if (action !== 'iam:SimulatePrincipalPolicy') expect(everyPermission).toContain(action);
  });
});
