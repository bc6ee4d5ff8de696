import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/alerts/detections/catalog.js';
import { loadDetectionCatalog } from '../../../src/alerts/detections/catalog-loader.js';
import { runDetectionsTest } from '../../../src/alerts/detections/detections-test.js';

const fixture = (name: string) =>
  readFile(new URL(`../../fixtures/detections/${name}`, import.meta.url), 'utf8');

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadDetectionCatalog();
});

describe('runDetectionsTest, text format', () => {
  it('lists the matching detections of a single CloudTrail record', async () => {
    const out = runDetectionsTest(
      await fixture('records/cis-console-signin-without-mfa/match.json'),
      catalog,
      'text',
    );
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(
      /^event: ConsoleLogin \(signin\.amazonaws\.com\) eventID \S+: 1 detection matched\n/,
    );
    expect(out.stdout).toContain(
      '  cis-console-signin-without-mfa  CloudWatch.3  Console sign-in without MFA\n',
    );
    expect(out.stdout).toMatch(/1 event read, 1 matched at least one detection\n$/);
  });

  it('says when nothing matched', async () => {
    const out = runDetectionsTest(
      await fixture('records/cis-network-acl-changes/near-miss.json'),
      catalog,
      'text',
    );
    expect(out.stdout).toContain('DescribeNetworkAcls (ec2.amazonaws.com)');
    expect(out.stdout).toContain(': no detection matched\n');
    expect(out.exitCode).toBe(0);
  });

  it('unwraps an EventBridge "AWS API Call via CloudTrail" event', async () => {
    const out = runDetectionsTest(await fixture('eventbridge-api-call.json'), catalog, 'text');
    expect(out.stdout).toMatch(/^detail: StopLogging \(cloudtrail\.amazonaws\.com\)/);
    expect(out.stdout).toContain(
      'cis-cloudtrail-config-changes  CloudWatch.5  CloudTrail configuration changes',
    );
  });

  it('reads every record of a CloudTrail log file', async () => {
    const out = runDetectionsTest(await fixture('cloudtrail-log-file.json'), catalog, 'text');
    const headlines = out.stdout.split('\n').filter((l) => l.startsWith('Records['));
    expect(headlines).toHaveLength(3);
    expect(headlines[0]).toMatch(/^Records\[0\]: CreateAccessKey .*: 1 detection matched$/);
    expect(headlines[1]).toMatch(/^Records\[1\]: GetPolicyVersion .*: no detection matched$/);
    expect(out.stdout).toContain('3 events read, 2 matched at least one detection');
  });
});

describe('runDetectionsTest, json format', () => {
  it('prints one JSON object per event with its matches', async () => {
    const out = runDetectionsTest(await fixture('mixed.jsonl'), catalog, 'json');
    expect(out.exitCode).toBe(0);
    const lines = out.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({
      event: 'line 1 detail',
      eventName: 'ConsoleLogin',
      eventSource: 'signin.amazonaws.com',
      matches: [
        {
          id: 'cis-console-signin-without-mfa',
          control: 'CloudWatch.3',
          title: 'Console sign-in without MFA',
        },
      ],
    });
    expect(lines[1]).toMatchObject({ event: 'line 2', eventName: 'DisableKeyRotation', matches: [] });
    expect(lines[2]).toMatchObject({
      event: 'line 3 Records[0]',
      matches: [
        { id: 'cis-unauthorized-api-calls', control: 'CloudWatch.2', title: 'Unauthorized API calls' },
      ],
    });
    expect(typeof lines[2].eventID).toBe('string');
  });
});

describe('runDetectionsTest, bad input', () => {
  it.each([
    ['empty input', '   \n', /^No input/],
    ['text that is not JSON', 'StopLogging please\n', /line 1: not valid JSON/],
    ['a JSON array of non-objects', '[1, 2]', /\[0\]: expected a JSON object .* got number/],
    ['an object that is not a record', '{"hello": "world"}', /event: eventName: missing \(expected string\)/],
    [
      'a GuardDuty EventBridge event',
      '{"detail-type": "GuardDuty Finding", "detail": {}}',
      /detail-type: expected a CloudTrail detail-type/,
    ],
    [
      'a log file with a broken record',
      '{"Records": [{"eventName": "StopLogging"}]}',
      /Records\[0\]: eventSource: missing/,
    ],
    ['an empty log file', '{"Records": []}', /no CloudTrail records/],
    ['JSON lines that are all broken', '{oops\n{nope\n', /line 2: not valid JSON/],
  ])('exits 2 with a clear error for %s', (_name, input, message) => {
    const out = runDetectionsTest(input, catalog, 'text');
    expect(out.exitCode).toBe(2);
    expect(out.stdout).toBe('');
    expect(out.stderr).toMatch(message);
  });

  it('explains what input is accepted', () => {
    const out = runDetectionsTest('[]', catalog, 'json');
    expect(out.stderr).toContain(
      'Give a CloudTrail record, an EventBridge "AWS API Call via CloudTrail" event',
    );
  });

  it('evaluates the readable records and names each bad one by its place, exiting 2', () => {
    const lines = runDetectionsTest(
      '{"eventName":"StopLogging","eventSource":"cloudtrail.amazonaws.com"}\n{oops\n',
      catalog,
      'json',
    );
    expect(lines.exitCode).toBe(2);
    expect(lines.stdout).toContain('"eventName":"StopLogging"');
    expect(lines.stderr).toMatch(/1 record could not be read and was skipped:\n.*line 2: not valid JSON/s);
    const file = runDetectionsTest(
      JSON.stringify({
        Records: [
          { eventName: 'StopLogging' },
          { eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' },
        ],
      }),
      catalog,
      'text',
    );
    expect(file.exitCode).toBe(2);
    expect(file.stdout).toMatch(/Records\[1\]: StopLogging .*detection/);
    expect(file.stderr).toMatch(/Records\[0\]: eventSource: missing/);
  });

  it('reads a JSON array of records and events, labelling each by its index', () => {
    const out = runDetectionsTest(
      JSON.stringify([
        { eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com' },
        {
          'detail-type': 'AWS API Call via CloudTrail',
          detail: { eventName: 'DeleteTrail', eventSource: 'cloudtrail.amazonaws.com' },
        },
      ]),
      catalog,
      'json',
    );
    expect(out.exitCode).toBe(0);
    const events = out.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { event: string }).event);
    expect(events).toEqual(['[0]', '[1] detail']);
  });
});
