import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DetectionCatalog, DetectionRef } from '../../src/alerts/detection-ref.js';
import { type NormalizeContext, type NormalizeOptions, resolveContext } from '../../src/alerts/options.js';
import type { CloudTrailRecord } from '../../src/aws/logs/cloudtrail-record.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/alerts/', import.meta.url));

/** The clock every test uses; redacted dates must come out as this. */
export const NOW = new Date('2025-03-01T12:00:00.000Z');

export function fixtureText(path: string): string {
  return readFileSync(`${FIXTURES}${path}`, 'utf8');
}

export function fixture(path: string): unknown {
  return JSON.parse(fixtureText(path)) as unknown;
}

/** A fixture as a plain record, for tests that mutate a field. */
export function fixtureObject(path: string): Record<string, unknown> {
  return fixture(path) as Record<string, unknown>;
}

export function fixtureLines(path: string): unknown[] {
  return fixtureText(path)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as unknown);
}

export function options(overrides: Partial<NormalizeOptions> = {}): NormalizeOptions {
  return { now: () => NOW, ...overrides };
}

export function context(overrides: Partial<NormalizeOptions> = {}): NormalizeContext {
  return resolveContext(options(overrides));
}

/** camelCase wire JSON -> the SDK v3 PascalCase shape, as GetFindingsCommand returns it. */
export function toSdkShape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSdkShape);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), toSdkShape(v)]),
  );
}

interface TestDetection extends DetectionRef {
  readonly matches: (record: CloudTrailRecord) => boolean;
}

function additional(record: CloudTrailRecord, key: string): unknown {
  const data = record.additionalEventData;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}

function response(record: CloudTrailRecord, key: string): unknown {
  const data = record.responseElements;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}

export const DETECTIONS: readonly TestDetection[] = [
  {
    id: 'console-login-without-mfa',
    control: 'CloudWatch.3',
    title: 'Console sign-in without MFA',
    description: 'A console sign-in succeeded without MFA.',
    severity: 'high',
    runbookId: 'console-login-without-mfa',
    matches: (r) =>
      r.eventName === 'ConsoleLogin' &&
      additional(r, 'MFAUsed') === 'No' &&
      response(r, 'ConsoleLogin') === 'Success',
  },
  {
    id: 'console-login-failure',
    control: 'CloudWatch.6',
    title: 'Console authentication failure',
    severity: 'medium',
    runbookId: 'console-login-failure',
    matches: (r) => r.eventName === 'ConsoleLogin' && r.errorMessage === 'Failed authentication',
  },
  {
    id: 'iam-policy-change',
    control: 'CloudWatch.4',
    title: 'IAM policy changed',
    severity: 'high',
    runbookId: 'iam-policy-change',
    matches: (r) => r.eventSource === 'iam.amazonaws.com' && /Policy/.test(r.eventName),
  },
  {
    id: 'security-group-change',
    control: 'CloudWatch.10',
    title: 'Security group changed',
    severity: 'medium',
    runbookId: 'security-group-change',
    matches: (r) => /SecurityGroup(Ingress|Egress)$/.test(r.eventName),
  },
  {
    id: 'root-account-usage',
    control: 'CloudWatch.1',
    title: 'Root account used',
    severity: 'critical',
    runbookId: 'root-account-usage',
    matches: (r) => r.userIdentity?.type === 'Root' && r.eventType !== 'AwsServiceEvent',
  },
  {
    id: 'cloudtrail-config-change',
    control: 'CloudWatch.5',
    title: 'CloudTrail configuration changed',
    severity: 'high',
    runbookId: 'cloudtrail-config-change',
    matches: (r) =>
      ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging'].includes(r.eventName),
  },
];

export const CATALOG: DetectionCatalog = {
  byId: (id) => DETECTIONS.find((d) => d.id === id),
  match: (record) => DETECTIONS.filter((d) => d.matches(record)),
};

export function detection(id: string): DetectionRef {
  const found = DETECTIONS.find((d) => d.id === id);
  if (!found) throw new Error(`no test detection ${id}`);
  return found;
}
