import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CouldNotCheck, PostureSnapshot } from '../../src/aws/posture/port.js';
import { ACCOUNT_BPA_UNAVAILABLE } from '../../src/aws/posture/sdk-port.js';
import { CIS_DETECTIONS } from '../../src/digest/cis-detections.js';
import { computeDigestFigures } from '../../src/digest/figures.js';
import {
  buildScorecard,
  type MttaTargets,
  rules,
  SCORECARD_AREAS,
  SCORECARD_STATUSES,
  type ScorecardInput,
} from '../../src/digest/scorecard.js';
import { dataProtectionLine } from '../../src/digest/scorecard-data.js';
import { identityLine } from '../../src/digest/scorecard-identity.js';
import { decideLine } from '../../src/digest/scorecard-line.js';
import { loggingLine } from '../../src/digest/scorecard-logging.js';
import { ownershipLine } from '../../src/digest/scorecard-ownership.js';
import { incidentResponseLine } from '../../src/digest/scorecard-response.js';
import { record } from './builders.js';

const now = new Date('2025-03-10T09:00:00Z');
const allOn = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};
const denied = (action: string): CouldNotCheck => ({
  couldNotCheck: true,
  missingPermission: action,
  reason: `${action} was denied`,
});
const allWired = { wired: CIS_DETECTIONS.map((d) => d.id), mode: 'alarm' };
const targets: MttaTargets = { critical: 15, high: 60, medium: 240, low: 1440 };

function snapshot(overrides: Partial<PostureSnapshot> = {}): PostureSnapshot {
  return {
    accountId: '310987654322',
    regions: ['eu-central-1', 'us-east-1'],
    buckets: [{ name: 'logs', defaultEncryption: true, publicAccessBlock: allOn }],
    accountPublicAccessBlock: ACCOUNT_BPA_UNAVAILABLE,
    kmsKeys: [
      { region: 'eu-central-1', keys: [{ keyId: 'k-1', region: 'eu-central-1', rotationEnabled: true }] },
    ],
    trails: [
      {
        name: 'main',
        arn: 'arn:aws:cloudtrail:eu-central-1:310987654322:trail/main',
        multiRegion: true,
        logging: true,
      },
    ],
    guardDuty: [
      { region: 'eu-central-1', enabled: true },
      { region: 'us-east-1', enabled: true },
    ],
    ...overrides,
  };
}

describe('Identity and access line', () => {
  const review = (
    daysAgo: number,
    counts: Partial<Record<'critical' | 'high' | 'medium' | 'low', number>> = {},
  ) => ({
    at: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
    counts: { critical: 0, high: 0, medium: 0, low: 0, ...counts },
  });

  it('is good after a recent review without critical or high findings, and shows the change', () => {
    const line = identityLine([review(5, { medium: 2 }), review(35, { high: 2, medium: 3 })], now);
    expect(line.status).toBe('good');
    expect(line.figure).toContain(
      'Latest review 2025-03-05 (5 days ago): 0 critical, 0 high, 2 medium, 0 low',
    );
    expect(line.figure).toContain('high −2');
    expect(line.figure).toContain('medium −1');
  });

  it('needs attention when the latest review is over 30 days old or found high findings', () => {
    expect(identityLine([review(31)], now).status).toBe('needs-attention');
    expect(identityLine([review(2, { high: 1 })], now).status).toBe('needs-attention');
  });

  it('is at risk with no review, a review over 60 days old, or a critical finding', () => {
    expect(identityLine([], now).status).toBe('at-risk');
    expect(identityLine([review(61)], now).status).toBe('at-risk');
    const critical = identityLine([review(1, { critical: 2, high: 1 })], now);
    expect(critical.status).toBe('at-risk');
    expect(critical.nextAction).toMatch(/2 critical/);
  });

  it('could not check when the review history is unavailable', () => {
    const line = identityLine({ couldNotCheck: true, reason: 'the review store is unavailable' }, now);
    expect(line.status).toBe('could-not-check');
    expect(line.figure).toContain('the review store is unavailable');
    expect(line.missingPermission).toBeUndefined();
  });
});

describe('Data protection line', () => {
  it('is good when every bucket blocks public access itself, even without the account-level setting', () => {
    const line = dataProtectionLine([snapshot()]);
    expect(line.status).toBe('good');
    expect(line.figure).toBe(
      '1 bucket: 0 with public access not blocked, 0 without default encryption; 1 of 1 customer-managed keys rotate.',
    );
  });

  it('counts a bucket as protected by the account-level block', () => {
    const line = dataProtectionLine([
      snapshot({
        accountPublicAccessBlock: allOn,
        buckets: [{ name: 'site', defaultEncryption: true, publicAccessBlock: null }],
      }),
    ]);
    expect(line.status).toBe('good');
  });

  it('is at risk when a bucket is blocked at neither level', () => {
    const line = dataProtectionLine([
      snapshot({
        accountPublicAccessBlock: null,
        buckets: [
          {
            name: 'public-site',
            defaultEncryption: true,
            publicAccessBlock: { ...allOn, blockPublicPolicy: false },
          },
        ],
      }),
    ]);
    expect(line.status).toBe('at-risk');
    expect(line.nextAction).toContain('public-site (310987654322)');
    // The digest's one line for the area says what is wrong, in words, with no "(s)".
    expect(line.summary).toMatch(/^1 of \d+ buckets? with public access not blocked$/);
  });

  it('needs attention for an unencrypted bucket or a key without rotation', () => {
    const unencrypted = dataProtectionLine([
      snapshot({ buckets: [{ name: 'raw', defaultEncryption: false, publicAccessBlock: allOn }] }),
    ]);
    expect(unencrypted.status).toBe('needs-attention');
    expect(unencrypted.nextAction).toContain('raw');
    const noRotation = dataProtectionLine([
      snapshot({
        kmsKeys: [
          {
            region: 'eu-central-1',
            keys: [{ keyId: 'k-9', region: 'eu-central-1', rotationEnabled: false }],
          },
        ],
      }),
    ]);
    expect(noRotation.status).toBe('needs-attention');
    expect(noRotation.figure).toContain('0 of 1 customer-managed keys rotate');
  });

  it('could not check when a bucket relies on the account-level block that cannot be read', () => {
    const line = dataProtectionLine([
      snapshot({ buckets: [{ name: 'site', defaultEncryption: true, publicAccessBlock: null }] }),
    ]);
    expect(line.status).toBe('could-not-check');
    expect(line.figure).toContain('no S3 Control reader');
  });

  it('could not check and names the permission when AWS refused a key rotation check', () => {
    const line = dataProtectionLine([
      snapshot({
        kmsKeys: [
          {
            region: 'eu-central-1',
            keys: [
              { keyId: 'k-2', region: 'eu-central-1', rotationEnabled: denied('kms:GetKeyRotationStatus') },
            ],
          },
        ],
      }),
    ]);
    expect(line.status).toBe('could-not-check');
    expect(line.missingPermission).toBe('kms:GetKeyRotationStatus');
    expect(line.nextAction).toContain('kms:GetKeyRotationStatus');
  });

  it('stays at risk while still naming a check that could not run', () => {
    const line = dataProtectionLine([
      snapshot({
        accountPublicAccessBlock: null,
        buckets: [{ name: 'open', defaultEncryption: true, publicAccessBlock: null }],
      }),
      snapshot({ accountId: '410987654323', buckets: denied('s3:ListAllMyBuckets') }),
    ]);
    expect(line.status).toBe('at-risk');
    expect(line.missingPermission).toBe('s3:ListAllMyBuckets');
  });
});

describe('Logging and monitoring line', () => {
  it('is good with a logging multi-region trail, GuardDuty everywhere and all 15 detections', () => {
    const line = loggingLine([snapshot()], allWired);
    expect(line.status).toBe('good');
    expect(line.figure).toBe(
      'Multi-region trail logging in 1 of 1 account; GuardDuty on in 2 of 2 regions; CIS detections wired: 15 of 15 (alarm mode).',
    );
  });

  it('is at risk when no multi-region trail is logging', () => {
    const trails = [
      { name: 'main', arn: 'arn:t', multiRegion: true, logging: false },
      { name: 'r', arn: 'arn:r', multiRegion: false, logging: true },
    ];
    expect(loggingLine([snapshot({ trails })], allWired).status).toBe('at-risk');
  });

  it('is at risk when GuardDuty is off in a configured region', () => {
    const line = loggingLine([snapshot({ guardDuty: [{ region: 'us-east-1', enabled: false }] })], allWired);
    expect(line.status).toBe('at-risk');
    expect(line.nextAction).toContain('us-east-1');
  });

  it('needs attention when CIS detections are missing, and names them', () => {
    const line = loggingLine([snapshot()], {
      wired: allWired.wired.filter((id) => id !== 'cis-root-account-usage'),
      mode: 'poll',
    });
    expect(line.status).toBe('needs-attention');
    expect(line.figure).toContain('14 of 15 (poll mode)');
    expect(line.nextAction).toContain('cis-root-account-usage Root account usage');
  });

  it('could not check when trails cannot be read, naming the permission', () => {
    const line = loggingLine([snapshot({ trails: denied('cloudtrail:DescribeTrails') })], allWired);
    expect(line.status).toBe('could-not-check');
    expect(line.missingPermission).toBe('cloudtrail:DescribeTrails');
  });
});

describe('Incident response line', () => {
  const figuresOf = (records: ReturnType<typeof record>[]) =>
    computeDigestFigures({ records, muteRules: [], now, timeZone: 'UTC' });

  it('is good when medians are within target and runbooks cover the incidents', () => {
    const line = incidentResponseLine(
      figuresOf([record('a', '2025-03-09T10:00:00Z', { severityLabel: 'critical', ackAfter: 10 })]),
      targets,
    );
    expect(line.status).toBe('good');
    expect(line.figure).toBe(
      'Median MTTA vs target: critical 10m/15m; specific runbook for 1 of 1 (100%); unacknowledged criticals: 0.',
    );
  });

  it('is at risk when a critical waits past its target', () => {
    const line = incidentResponseLine(
      figuresOf([record('late', '2025-03-10T08:30:00Z', { severityLabel: 'critical' })]),
      targets,
    );
    expect(line.status).toBe('at-risk');
    expect(line.nextAction).toContain('late');
  });

  it('is at risk when the median critical MTTA is over target', () => {
    const line = incidentResponseLine(
      figuresOf([record('a', '2025-03-09T10:00:00Z', { severityLabel: 'critical', ackAfter: 16 })]),
      targets,
    );
    expect(line.status).toBe('at-risk');
  });

  it('needs attention for a median over target, a critical waiting within target, or few runbooks', () => {
    const slowHigh = figuresOf([
      record('h', '2025-03-09T10:00:00Z', { severityLabel: 'high', ackAfter: 61 }),
    ]);
    expect(incidentResponseLine(slowHigh, targets).status).toBe('needs-attention');
    const waiting = figuresOf([record('w', '2025-03-10T08:50:00Z', { severityLabel: 'critical' })]);
    expect(incidentResponseLine(waiting, targets).status).toBe('needs-attention');
    const noRunbooks = figuresOf([
      record('r1', '2025-03-09T10:00:00Z', { ackAfter: 5, hadSpecificRunbook: false }),
      record('r2', '2025-03-09T11:00:00Z', { ackAfter: 5 }),
    ]);
    const line = incidentResponseLine(noRunbooks, targets);
    expect(line.status).toBe('needs-attention');
    expect(line.figure).toContain('specific runbook for 1 of 2 (50%)');
  });

  it('could not check when the incident history is unavailable', () => {
    expect(
      incidentResponseLine({ couldNotCheck: true, reason: 'Redis is unavailable' }, targets).status,
    ).toBe('could-not-check');
  });
});

describe('Documentation and ownership line', () => {
  it('is good at 90% or more, counting an empty set as fully owned', () => {
    const line = ownershipLine({
      resources: { withOwner: 9, total: 10 },
      principals: { withOwner: 0, total: 0 },
    });
    expect(line.status).toBe('good');
    expect(line.figure).toBe(
      'Incident resources with a known owner: 9 of 10 (90%); IAM principals with a known owner: 0 of 0 (n/a).',
    );
  });

  it('needs attention below 90% and is at risk below 50%', () => {
    expect(
      ownershipLine({ resources: { withOwner: 8, total: 10 }, principals: { withOwner: 5, total: 5 } })
        .status,
    ).toBe('needs-attention');
    expect(
      ownershipLine({ resources: { withOwner: 10, total: 10 }, principals: { withOwner: 4, total: 10 } })
        .status,
    ).toBe('at-risk');
  });

  it('could not check when a count could not be made, naming the permission', () => {
    const line = ownershipLine({
      resources: { withOwner: 10, total: 10 },
      principals: denied('iam:ListRoles'),
    });
    expect(line.status).toBe('could-not-check');
    expect(line.missingPermission).toBe('iam:ListRoles');
  });
});

describe('scorecard', () => {
  const input: ScorecardInput = {
    now,
    accessReviews: [],
    posture: [snapshot()],
    detections: allWired,
    figures: computeDigestFigures({ records: [], muteRules: [], now, timeZone: 'UTC' }),
    mttaTargets: targets,
    ownership: { resources: { withOwner: 1, total: 1 }, principals: { withOwner: 1, total: 1 } },
  };

  it('has five lines in a fixed order, one per area', () => {
    expect(buildScorecard(input).map((l) => l.area)).toEqual([...SCORECARD_AREAS]);
  });

  it('publishes the rule of every line for the docs', () => {
    expect(rules.map((r) => r.area)).toEqual([...SCORECARD_AREAS]);
    for (const rule of rules) {
      for (const text of [rule.good, rule.needsAttention, rule.atRisk, rule.couldNotCheck])
        expect(text.length).toBeGreaterThan(20);
    }
  });

  it('never reports good for a line where a check could not run', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            status: fc.constantFrom('at-risk' as const, 'needs-attention' as const),
            action: fc.string(),
          }),
        ),
        fc.array(fc.record({ couldNotCheck: fc.constant(true as const), reason: fc.string() }), {
          minLength: 1,
        }),
        (findings, unknowns) => {
          const line = decideLine({
            area: 'Data protection',
            figure: 'f',
            findings,
            unknowns,
            goodAction: 'keep',
          });
          expect(line.status).not.toBe('good');
          expect(SCORECARD_STATUSES).toContain(line.status);
        },
      ),
    );
  });
});
