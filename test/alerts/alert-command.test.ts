import { describe, expect, it } from 'vitest';
import { type Alert, alertSchema } from '../../src/alerts/alert.js';
import { runAlertCommand } from '../../src/alerts/alert-command.js';
import { CATALOG, fixtureText, options } from './helpers.js';

const opts = options({ detections: CATALOG });

function printed(stdout: string): Alert[] {
  return (JSON.parse(stdout) as unknown[]).map((a) => alertSchema.parse(a));
}

describe('runAlertCommand', () => {
  it('prints the alerts of a JSON-lines GuardDuty export as one JSON array and exits 0', () => {
    const result = runAlertCommand(fixtureText('guardduty/findings-export.ndjson'), opts);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toBe('');
    expect(printed(result.stdout).map((a) => a.resource.type)).toEqual([
      'Instance',
      'EKSCluster',
      'EKSCluster',
      'RDSDBInstance',
      'Container',
    ]);
  });

  it('notes ignored inputs on stderr and still exits 0', () => {
    const text = `${fixtureText('alarms/sns-insufficient-data.json').replace(/\n/g, ' ')}\n${fixtureText('alarms/alarm-message-bare.json')}`;
    const result = runAlertCommand(text, opts);
    expect(result.exitCode).toBe(0);
    expect(printed(result.stdout)).toHaveLength(1);
    expect(result.stderr).toMatch(/^line 1: ignored: alarm "orders-api-5xx" entered INSUFFICIENT_DATA/);
  });

  it('explains a rejected input with its location and exits 2, still printing the good ones', () => {
    const events = JSON.parse(fixtureText('alarms/eventbridge-state-changes.json')) as Array<
      Record<string, unknown>
    >;
    const broken = { ...events[0], detail: { ...(events[0]?.detail as object), alarmName: 12 } };
    const result = runAlertCommand(JSON.stringify([events[0], broken]), opts);
    expect(result.exitCode).toBe(2);
    expect(printed(result.stdout)).toHaveLength(1);
    expect(result.stderr).toContain(
      'item 2 (line 1): Not a valid EventBridge "CloudWatch Alarm State Change" event',
    );
    expect(result.stderr).toContain('detail.alarmName: expected string, got number');
    expect(result.stderr).toContain('1 of 2 inputs rejected');
  });

  it('prints nothing on stdout and the fix on stderr when nothing is recognized', () => {
    const result = runAlertCommand(
      '{"detail-type":"EC2 Spot Instance Interruption Warning","detail":{}}',
      opts,
    );
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toContain('[watchkeeper_input_unrecognized]');
    expect(result.stderr).toContain('fix (detail-type): route only');
  });

  it('exits 2 with the line number when the file is not JSON', () => {
    const result = runAlertCommand('{"findings":[]}\n{oops}\n', opts);
    expect(result).toMatchObject({ exitCode: 2, stdout: '' });
    expect(result.stderr).toContain('line 2');
  });

  it('prints an empty array for an empty GetFindings response', () => {
    expect(runAlertCommand(fixtureText('guardduty/get-findings-empty.json'), opts)).toEqual({
      stdout: '[]\n',
      stderr: '',
      exitCode: 0,
    });
  });
});
