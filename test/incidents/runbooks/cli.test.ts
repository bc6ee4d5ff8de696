import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  describeRunbookChoice,
  runRunbooksLint,
  runRunbooksWhich,
} from '../../../src/incidents/runbooks/cli.js';
import { loadRunbooks, readRunbookSources } from '../../../src/incidents/runbooks/loader.js';
import { makeAlert } from './alert-fixture.js';

const FIXTURES = join(import.meta.dirname, '../../fixtures/runbooks');

describe('runRunbooksLint', () => {
  it('prints a count and exits 0 for a clean folder', async () => {
    const dir = join(FIXTURES, 'valid');
    const out = runRunbooksLint(await readRunbookSources(dir), dir);
    expect(out).toEqual({ stdout: `2 runbooks OK in ${dir}\n`, stderr: '', exitCode: 0 });
  });

  it('prints one line per problem with file:line and field, and exits 1', async () => {
    const dir = join(FIXTURES, 'invalid');
    const out = runRunbooksLint(await readRunbookSources(dir), dir);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(
      /unknown-variable\.yaml:7 steps\[1\]\.text: unknown template variable \{\{resource\.owner\}\}/,
    );
    expect(out.stderr).toMatch(/\d+ problems in /);
  });

  it('fails on an empty folder', () => {
    expect(runRunbooksLint([], '/nowhere').exitCode).toBe(1);
  });
});

describe('runRunbooksWhich', () => {
  const alertFile = JSON.parse(
    readFileSync(join(FIXTURES, 'alerts/guardduty-rds-login.json'), 'utf8'),
  ) as unknown;

  it('prints {id,title} as JSON for one alert', async () => {
    const out = runRunbooksWhich(alertFile, 'json', await loadRunbooks());
    expect(out.exitCode).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({
      id: 'guardduty-rds-login',
      title: 'Anomalous login to an RDS database',
    });
  });

  it('prints one tab-separated line per alert in text format, with the rule that matched', async () => {
    const out = runRunbooksWhich(
      [alertFile, makeAlert({ source: 'cloudwatch-alarm', type: 'prod-5xx' })],
      'text',
      await loadRunbooks(),
    );
    expect(out.stdout.trim().split('\n')).toEqual([
      'guardduty-rds-login\tAnomalous login to an RDS database\t(CredentialAccess:RDS/AnomalousBehavior.SuccessfulLogin matched guardDutyTypes "*:RDS/*")',
      'cloudwatch-alarm-generic\tCloudWatch alarm\t(prod-5xx matched sources "cloudwatch-alarm")',
    ]);
  });

  it('prints an array of {id,title} for an array of alerts', async () => {
    const out = runRunbooksWhich([alertFile], 'json', await loadRunbooks());
    expect(JSON.parse(out.stdout)).toEqual([
      { id: 'guardduty-rds-login', title: 'Anomalous login to an RDS database' },
    ]);
  });

  it('names the invalid field of an input that is not an Alert, and exits 1', async () => {
    const out = runRunbooksWhich({ source: 'guardduty' }, 'json', await loadRunbooks());
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toMatch(/^alert is not a valid Alert: dedupeKey: /);
  });
});

describe('describeRunbookChoice', () => {
  it('gives id, title and the deciding rule', async () => {
    expect(describeRunbookChoice(makeAlert(), await loadRunbooks())).toEqual({
      id: 'guardduty-ec2-instance',
      title: 'Potentially compromised EC2 instance',
      reason: 'guardDutyTypes "Trojan:EC2/*" when resourceKind instance|other',
    });
  });
});
