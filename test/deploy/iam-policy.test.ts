import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * Least privilege for the bot itself: every AWS command the code can send must be allowed by
 * deploy/iam-policy.json, and the policy must allow nothing the code does not send. The scan
 * reads the SDK command classes each source file imports.
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
  kms: 'kms',
  cloudtrail: 'cloudtrail',
  'resource-groups-tagging-api': 'tag',
};

/** Commands whose IAM action is not named after the command. */
const ACTION_OF_COMMAND: Record<string, string> = {
  's3:ListBuckets': 's3:ListAllMyBuckets',
  's3:GetBucketEncryption': 's3:GetEncryptionConfiguration',
  's3:GetPublicAccessBlock': 's3:GetBucketPublicAccessBlock',
};

/** Sent by an operator's own credentials from the CLI (`detections install`), never by the bot. */
const OPERATOR_ONLY = new Set(['src/detections/install-execute.ts', 'src/cli/verbs/detections.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

function actionsSentByCode(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of [...sourceFiles(join(root, 'src')), ...sourceFiles(join(root, 'workflows'))]) {
    const rel = relative(root, file);
    if (OPERATOR_ONLY.has(rel)) continue;
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/gs)) {
      const service = SERVICE[match[2] ?? ''];
      if (!service) throw new Error(`${rel}: unknown SDK package client-${match[2]}; add it to this test`);
      for (const raw of (match[1] ?? '').split(',')) {
        const name = raw.trim().replace(/^type\s+/, '');
        if (!/^[A-Z]\w*Command$/.test(name) || raw.trim().startsWith('type ')) continue;
        const direct = `${service}:${name.replace(/Command$/, '')}`;
        const action = ACTION_OF_COMMAND[direct] ?? direct;
        found.set(action, [...(found.get(action) ?? []), rel]);
      }
    }
  }
  return found;
}

const allowed = new Set(policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action));

describe('deploy/iam-policy.json', () => {
  const sent = actionsSentByCode();

  it('allows every AWS action the code sends', () => {
    const missing = [...sent.keys()].filter((action) => !allowed.has(action));
    expect(
      missing,
      `missing from the policy (sent by ${missing.map((m) => sent.get(m)?.join(', ')).join('; ')})`,
    ).toEqual([]);
  });

  it('allows nothing the code does not send, except assume-role and the optional remediation statement', () => {
    const remediation = new Set(
      policy.Statement.filter((s) => s.Sid === 'OptionalRemediation').flatMap((s) => s.Action),
    );
    const extra = [...allowed].filter(
      (action) => !sent.has(action) && !remediation.has(action) && action !== 'sts:AssumeRole',
    );
    expect(extra).toEqual([]);
  });

  it('keeps the read-only statement free of write actions', () => {
    const readOnly = policy.Statement.find((s) => s.Sid === 'WatchkeeperReadOnly');
    expect(readOnly).toBeDefined();
    for (const action of readOnly?.Action ?? [])
      expect(action).toMatch(/:(Get|List|Describe|Filter|Generate)/);
  });
});
