import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateMessageBlocks } from '../../src/sandbox/slack-api/block-kit/validate.js';
import { runCliForTest } from '../support/cli.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const alertInputs = ['guardduty', 'alarms', 'cloudtrail'].flatMap((dir) =>
  readdirSync(fixture(`alerts/${dir}`))
    .filter(
      (f) => !f.includes('subscription-confirmation') && !f.includes('insufficient') && !f.includes('empty'),
    )
    .map((f) => `alerts/${dir}/${f}`),
);

describe('watchkeeper alert', () => {
  it('prints its version from package.json with --version and -V', async () => {
    const version = (
      JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
        version: string;
      }
    ).version;
    for (const flag of ['--version', '-V']) {
      const run = await runCliForTest([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(version);
    }
  });

  it('prints the normalized alert of a GuardDuty EventBridge event', async () => {
    const run = await runCliForTest(['alert', fixture('alerts/guardduty/eventbridge-redacted-dns.json')]);
    expect(run.code).toBe(0);
    const alerts = JSON.parse(run.stdout) as Array<{ source: string; dedupeKey: string }>;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.source).toBe('guardduty');
  });

  it('reads stdin and exits 2 naming the shape and field for an unrecognized input', async () => {
    const run = await runCliForTest(
      ['alert', '-'],
      {},
      '{"detail-type":"GuardDuty Finding","detail":{"id":7}}',
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/detail/);
  });
});

describe('watchkeeper card', () => {
  it.each(alertInputs)('prints a card Slack accepts for %s', async (input) => {
    const run = await runCliForTest(['card', fixture(input)]);
    expect(run.stderr).not.toMatch(/rejected/);
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout) as { blocks: unknown } | Array<{ blocks: unknown }>;
    for (const card of Array.isArray(printed) ? printed : [printed]) {
      const verdict = validateMessageBlocks(card.blocks);
      expect(verdict.messages, input).toEqual([]);
      expect(verdict.ok).toBe(true);
    }
  });
});

describe('watchkeeper card on an alarm that returns to OK', () => {
  it('shows the recovery the bot would make, not a card for a new incident', async () => {
    const run = await runCliForTest(['card', fixture('alerts/alarms/sns-ok.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('an OK transition never opens an incident');
    expect(run.stderr).toContain('marks it recovered');
    const card = JSON.stringify(JSON.parse(run.stdout));
    expect(card).toContain('alarm OK since');
    expect(validateMessageBlocks((JSON.parse(run.stdout) as { blocks: unknown }).blocks).ok).toBe(true);
  });

  it('with --resolve-on-alarm-ok shows the incident resolved by the OK', async () => {
    const run = await runCliForTest(['card', fixture('alerts/alarms/sns-ok.json'), '--resolve-on-alarm-ok']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('resolves it');
    const card = JSON.stringify(JSON.parse(run.stdout));
    expect(card).toContain('The alarm returned to OK.');
  });

  it('still shows a firing alarm as the incident it opens', async () => {
    const run = await runCliForTest(['card', fixture('alerts/alarms/sns-single-metric.json')]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).not.toContain('alarm OK since');
  });
});

describe('watchkeeper runbooks', () => {
  it('lints the shipped runbooks clean', async () => {
    const run = await runCliForTest(['runbooks', 'lint']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/runbooks OK/);
  });

  it('says which runbook an input gets, as JSON', async () => {
    const run = await runCliForTest([
      'runbooks',
      'which',
      fixture('alerts/guardduty/eks-tor-caller.json'),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: 'guardduty-eks-cluster' });
  });
});

describe('watchkeeper detections', () => {
  it('tests CloudTrail events against the catalog as JSON lines', async () => {
    const run = await runCliForTest([
      'detections',
      'test',
      fixture('alerts/cloudtrail/console-login-no-mfa.json'),
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    const line = JSON.parse(run.stdout.trim().split('\n')[0] ?? '{}') as {
      matches: Array<{ id: string; control: string }>;
    };
    expect(line.matches).toEqual([
      expect.objectContaining({ id: 'cis-console-signin-without-mfa', control: 'CloudWatch.3' }),
    ]);
  });

  it('prints the install plan on --dry-run and sends nothing', async () => {
    const run = await runCliForTest([
      'detections',
      'install',
      '--log-group',
      'CloudTrail/management',
      '--sns-topic',
      'arn:aws:sns:eu-west-1:123456789012:watchkeeper-cis',
      '--dry-run',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Dry run: 15 CloudWatch Logs PutMetricFilter/);
  });

  it('refuses a bad SNS topic ARN with exit 2', async () => {
    const run = await runCliForTest([
      'detections',
      'install',
      '--log-group',
      'g',
      '--sns-topic',
      'not-an-arn',
      '--dry-run',
    ]);
    expect(run.code).toBe(2);
  });
});

describe('watchkeeper owner', () => {
  it('resolves from resource tags mapped to the registry team', async () => {
    const run = await runCliForTest([
      'owner',
      'arn:aws:s3:::media-uploads-eu',
      '--registry',
      fixture('ownership/owners.yaml'),
      '--tags',
      fixture('ownership/tags.json'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/ledger/);
    expect(run.stdout).toMatch(/tag/i);
  });

  it('exits 2 with the usage for a malformed query', async () => {
    const run = await runCliForTest(['owner', '12345']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/watchkeeper owner/);
  });
});
