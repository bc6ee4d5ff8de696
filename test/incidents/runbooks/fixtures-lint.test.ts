import { beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../../../src/alerts/normalize.js';
import { lintRunbooksOnAlerts } from '../../../src/incidents/runbooks/lint-alerts.js';
import { loadRunbooks } from '../../../src/incidents/runbooks/loader.js';
import type { Runbook } from '../../../src/incidents/runbooks/schema.js';
import type { TemplateSubject } from '../../../src/incidents/runbooks/template-variables.js';
import { SampleGuardDutyPort } from '../../../src/sandbox/sample-account/guardduty.js';
import { SAMPLE_DETECTOR_ID } from '../../../src/sandbox/sample-account/identity.js';
import { makeAlert } from './alert-fixture.js';
import { type FixtureAlert, fixtureAlerts } from './fixture-alerts.js';

let runbooks: Runbook[];
let fixtures: FixtureAlert[];
beforeAll(async () => {
  runbooks = await loadRunbooks();
  fixtures = await fixtureAlerts();
});

describe('the shipped runbooks on every alert fixture', () => {
  it('reads the fixtures (a broken loader must not make this pass on nothing)', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(45);
    expect(new Set(fixtures.map((f) => f.alert.source))).toEqual(
      new Set(['guardduty', 'cloudwatch-alarm', 'cloudtrail-detection', 'securityhub', 'config']),
    );
  });

  it('render no placeholder and leave out no command whose datum the alert carries', () => {
    expect(lintRunbooksOnAlerts(runbooks, fixtures)).toEqual([]);
  });

  it('do the same for every finding the sandbox sample account produces (the demo stream)', async () => {
    let t = Date.parse('2026-11-23T09:00:00Z');
    const now = () => new Date(t);
    const port = new SampleGuardDutyPort({ now, stepMs: 1000 });
    t += 3_600_000;
    const { ids } = await port.listFindingIds(SAMPLE_DETECTOR_ID, {
      updatedSinceMs: 0,
      includeArchived: false,
    });
    const cases = (await port.getFindings(SAMPLE_DETECTOR_ID, ids)).flatMap((finding, i) => {
      const result = normalize(
        {
          kind: 'guardduty-sdk-finding',
          receivedAt: now().toISOString(),
          origin: 'sample',
          payload: finding,
        },
        { now },
      );
      return result.status === 'normalized'
        ? result.alerts.map((alert) => ({ label: `sample #${i}`, alert }))
        : [];
    });
    expect(cases.length).toBeGreaterThan(3);
    expect(lintRunbooksOnAlerts(runbooks, cases)).toEqual([]);
  });
});

describe('lintRunbooksOnAlerts', () => {
  const roleSession = makeAlert({
    type: 'UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS',
    resource: { type: 'AccessKey', id: 'web-app-role', tags: {} },
    actor: { principal: 'web-app-role', accessKeyId: 'ASIAZZZZEXAMPLE7Q4W2' },
    facts: [{ label: 'Caller', value: 'role web-app-role, session i-0abc', kind: 'text' }],
  });

  function runbookWith(command: string, when?: Runbook['steps'][number]['when']): Runbook {
    return {
      id: 'probe',
      title: 'Probe',
      match: { fallback: true },
      steps: [{ text: 'Revoke', command, ...(when ? { when } : {}) }],
      references: [{ title: 'r' }],
      frameworks: [],
    };
  }

  it('reports a command left out although the alert names the role (the reader missed it)', () => {
    const runbook = runbookWith('aws iam put-role-policy --role-name {{actor.roleName}}', {
      principal: ['role-session'],
    });
    // How role names were read before: only from a role ARN, so a GuardDuty finding about role
    // web-app-role (bare name, ASIA key, Caller fact) got `--role-name '<IAM role name unknown>'`.
    const arnOnly = (subject: TemplateSubject, name: string) =>
      name === 'actor.roleName' ? /assumed-role\/([^/]+)\//.exec(subject.actor?.principal ?? '')?.[1] : 'x';
    expect(lintRunbooksOnAlerts([runbook], [{ label: 'role session', alert: roleSession }], arnOnly)).toEqual(
      [
        {
          label: 'role session',
          runbookId: 'probe',
          step: 1,
          message:
            'command left out for want of {{actor.roleName}}, but the alert carries it: read it from the alert',
        },
      ],
    );
    expect(lintRunbooksOnAlerts([runbook], [{ label: 'role session', alert: roleSession }])).toEqual([]);
  });

  it('reports a rendered placeholder in step text', () => {
    const runbook: Runbook = {
      ...runbookWith('aws sts get-caller-identity'),
      steps: [{ text: 'See <principal unknown>' }],
    };
    expect(lintRunbooksOnAlerts([runbook], [{ label: 'x', alert: roleSession }])).toEqual([
      {
        label: 'x',
        runbookId: 'probe',
        step: 1,
        message: 'text shows a placeholder: See <principal unknown>',
      },
    ]);
  });

  it('reports an alert no runbook matches', () => {
    const only: Runbook = { ...runbookWith('aws sts get-caller-identity'), match: { alarmNames: ['x'] } };
    expect(lintRunbooksOnAlerts([only], [{ label: 'x', alert: roleSession }])).toEqual([
      { label: 'x', runbookId: '(none)', message: 'no runbook matches: add a fallback runbook' },
    ]);
  });
});
