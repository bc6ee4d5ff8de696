import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alarmFromEventBridge, alarmFromSnsMessage } from '../../src/alerts/alarm/normalize.js';
import { alertSchema } from '../../src/alerts/alert.js';
import { alertFromDetection } from '../../src/alerts/cloudtrail/detection.js';
import { detectShape } from '../../src/alerts/detect-shape.js';
import {
  alertFromGuardDutyEvent,
  alertsFromGetFindingsResponse,
} from '../../src/alerts/guardduty/containers.js';
import {
  alertFromGuardDutyFinding,
  alertFromGuardDutySdkFinding,
} from '../../src/alerts/guardduty/normalize.js';
import { normalizeInput } from '../../src/alerts/normalize.js';
import { readAlertInputs } from '../../src/alerts/read-inputs.js';
import { InputError } from '../../src/platform/errors.js';
import { CATALOG, context, DETECTIONS, fixture, fixtureLines, options, toSdkShape } from './helpers.js';

/**
 * No input may make a normalizer throw anything but InputError, and whatever comes out must be a
 * valid Alert. Inputs: anything, parsed JSON, and real fixtures with one value replaced or removed.
 */

const ctx = context({ insufficientData: 'alert' });
const opts = options({ detections: CATALOG, insufficientData: 'alert' });
const [firstDetection] = DETECTIONS;

const NORMALIZERS: ReadonlyArray<[string, (input: unknown) => unknown]> = [
  ['alertFromGuardDutyFinding', (i) => alertFromGuardDutyFinding(i, ctx)],
  ['alertFromGuardDutySdkFinding', (i) => alertFromGuardDutySdkFinding(i, ctx)],
  ['alertFromGuardDutyEvent', (i) => alertFromGuardDutyEvent(i, ctx)],
  ['alertsFromGetFindingsResponse', (i) => alertsFromGetFindingsResponse(i, ctx)],
  ['alarmFromSnsMessage', (i) => alarmFromSnsMessage(i, ctx)],
  ['alarmFromEventBridge', (i) => alarmFromEventBridge(i, ctx)],
  ['alertFromDetection', (i) => (firstDetection ? alertFromDetection(firstDetection, [i], opts) : undefined)],
  ['detectShape', (i) => detectShape(i)],
  ['normalizeInput', (i) => normalizeInput(i, opts)],
];

function collectAlerts(output: unknown): unknown[] {
  if (Array.isArray(output)) return output;
  if (typeof output !== 'object' || output === null) return [];
  if ('status' in output) return 'alerts' in output && Array.isArray(output.alerts) ? output.alerts : [];
  return 'dedupeKey' in output ? [output] : [];
}

function onlyInputErrors(input: unknown): void {
  for (const [name, normalizer] of NORMALIZERS) {
    let output: unknown;
    try {
      output = normalizer(input);
    } catch (error) {
      if (error instanceof InputError) continue;
      throw new Error(`${name} threw ${String(error)}`, { cause: error });
    }
    for (const alert of collectAlerts(output)) {
      const parsed = alertSchema.safeParse(alert);
      if (!parsed.success) throw new Error(`${name} emitted an invalid alert: ${parsed.error.message}`);
    }
  }
}

const FIXTURES: unknown[] = [
  ...[
    'instance-backdoor',
    'eks-anonymous-access',
    'eks-tor-caller',
    'rds-anomalous-login',
    'runtime-container',
    'accesskey-malicious-ip',
    's3-bucket-public-access',
    'lambda-network',
    'eventbridge-redacted-dns',
    'get-findings-response',
  ].map((name) => fixture(`guardduty/${name}.json`)),
  toSdkShape(fixture('guardduty/eks-tor-caller.json')),
  ...['sns-single-metric', 'sns-metric-math', 'sns-anomaly-detection', 'sns-ok', 'alarm-message-bare'].map(
    (n) => fixture(`alarms/${n}.json`),
  ),
  ...(fixture('alarms/eventbridge-state-changes.json') as unknown[]),
  ...[
    'console-login-no-mfa',
    'attach-user-policy',
    'authorize-security-group-ingress',
    'root-create-access-key',
  ].map((n) => fixture(`cloudtrail/${n}.json`)),
  fixture('cloudtrail/eventbridge-stop-logging.json'),
  ...fixtureLines('cloudtrail/console-login-failures.ndjson'),
];

type Path = ReadonlyArray<string | number>;

/** Every path to a value inside `value`, so a mutation can hit any depth. */
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      paths(item, [...prefix, i], out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) paths(inner, [...prefix, key], out);
  }
  return out;
}

const REMOVE = Symbol('remove');

function mutate(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value) && typeof head === 'number') {
    const copy = [...value];
    if (rest.length === 0 && replacement === REMOVE) copy.splice(head, 1);
    else copy[head] = mutate(copy[head], rest, replacement);
    return copy;
  }
  if (typeof value === 'object' && value !== null && typeof head === 'string') {
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    if (rest.length === 0 && replacement === REMOVE) delete copy[head];
    else copy[head] = mutate(copy[head], rest, replacement);
    return copy;
  }
  return value;
}

const replacement = fc.oneof(
  fc.constant(REMOVE),
  fc.constant(null),
  fc.constant({}),
  fc.constant([]),
  fc.constant('XXXX-XX-XXTXX:XX:XXZ'),
  fc.constant('[link](https://example.com/)'),
  fc.double(),
  fc.integer(),
  fc.string(),
  fc.boolean(),
  fc.anything(),
);

const mutatedFixture = fc
  .integer({ min: 0, max: FIXTURES.length - 1 })
  .chain((index) => {
    const base = FIXTURES[index];
    const all = paths(base);
    return fc.tuple(
      fc.constant(base),
      fc.array(fc.tuple(fc.constantFrom(...all), replacement), { minLength: 1, maxLength: 3 }),
    );
  })
  .map(([base, edits]) => edits.reduce((value, [path, r]) => mutate(value, path, r), base));

describe('normalizers under arbitrary input', () => {
  it('throw nothing but InputError for anything at all', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withBoxedValues: true }), onlyInputErrors), {
      numRuns: 300,
    });
  });

  it('throw nothing but InputError for any parsed JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => onlyInputErrors(JSON.parse(text))),
      { numRuns: 300 },
    );
  });

  it('throw nothing but InputError for real fixtures with values replaced or removed', () => {
    fc.assert(fc.property(mutatedFixture, onlyInputErrors), { numRuns: 600 });
  });

  it('keep every unmutated fixture valid', () => {
    for (const input of FIXTURES) onlyInputErrors(input);
    expect(FIXTURES.length).toBeGreaterThan(20);
  });
});

describe('readAlertInputs under arbitrary text', () => {
  it('returns inputs or throws InputError, never anything else', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc.array(fc.json()).map((lines) => lines.join('\n')),
        ),
        (text) => {
          try {
            readAlertInputs(text);
          } catch (error) {
            if (!(error instanceof InputError)) throw error;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
