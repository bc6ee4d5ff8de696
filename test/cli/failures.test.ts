import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeCliFailure, redisWhere } from '../../src/cli/failure.js';
import { ExitCode } from '../../src/cli/io.js';
import { runCliForTest } from '../support/cli.js';

const fixture = (path: string) => fileURLToPath(new URL(`../fixtures/${path}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'wk-cli-failures-'));
const missing = join(dir, 'no-such-file.json');

/** One line naming the path; never the catch-all text or a stack frame. */
function expectOneLine(stderr: string, ...parts: string[]): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
  expect(stderr).not.toContain('Something went wrong inside Watchkeeper');
  expect(stderr).not.toMatch(/\n\s+at /);
}

describe('a verb given a file it cannot read says what and where, in one line, exit 2', () => {
  const fileVerbs: Array<[string, (path: string) => string[]]> = [
    ['alert', (p) => ['alert', p]],
    ['card', (p) => ['card', p]],
    ['runbooks which', (p) => ['runbooks', 'which', p]],
    ['detections test', (p) => ['detections', 'test', p]],
    ['owner --registry', (p) => ['owner', 'role/web-app-role', '--registry', p]],
    ['owner --tags', (p) => ['owner', 'role/web-app-role', '--tags', p]],
    ['audit --auth-details', (p) => ['audit', '--auth-details', p]],
  ];

  it.each(fileVerbs)('%s: a missing file', async (_name, argv) => {
    const run = await runCliForTest(argv(missing));
    expect(run.code).toBe(ExitCode.BadInput);
    expectOneLine(run.stderr, missing);
  });

  it.each(fileVerbs)('%s: a directory', async (_name, argv) => {
    const run = await runCliForTest(argv(dir));
    expect(run.code).toBe(ExitCode.BadInput);
    expectOneLine(run.stderr, dir);
  });

  it('runbooks lint: a runbook folder that does not exist', async () => {
    const run = await runCliForTest(['runbooks', 'lint', '--dir', missing]);
    expect(run.code).toBe(ExitCode.BadInput);
    expectOneLine(run.stderr, missing);
  });

  it('names the reason in words: missing, a directory, a path through a file', () => {
    const file = join(dir, 'plain.txt');
    writeFileSync(file, 'x');
    const cases: Array<[unknown, string]> = [
      [Object.assign(new Error('ENOENT'), { code: 'ENOENT', path: missing }), 'no such file or directory'],
      [Object.assign(new Error('EISDIR'), { code: 'EISDIR', path: dir }), 'it is a directory, not a file'],
      // Root reads any mode, so "unreadable" is shown as the error Node gives everyone else.
      [Object.assign(new Error('EACCES'), { code: 'EACCES', path: file }), 'permission denied'],
    ];
    for (const [error, words] of cases) {
      const failure = describeCliFailure(error, {});
      expect(failure).toMatchObject({ exitCode: ExitCode.BadInput });
      expect(failure.message).toContain(words);
      expect(failure.stack).toBeUndefined();
    }
  });

  it('still reads a good file (the check is not a blanket refusal)', async () => {
    const run = await runCliForTest(['alert', fixture('alerts/guardduty/eventbridge-redacted-dns.json')]);
    expect(run.code).toBe(0);
  });
});

describe('a verb that needs Redis it cannot reach says where, in one line, exit 3', () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  const unreachable = {
    REDIS_URL: 'redis://:hunter2-secret@127.0.0.1:1',
    SLACK_BOT_TOKEN: 'xoxb-x',
    SLACK_APP_TOKEN: 'xapp-x',
  };
  const redisVerbs: Array<[string, string[]]> = [
    ['dead-letters list', ['dead-letters', 'list']],
    ['audit-log export', ['audit-log', 'export', '--since', '2026-11-01']],
    ['digest --preview', ['digest', '--preview']],
  ];

  it.each(redisVerbs)('%s', async (_name, argv) => {
    const run = await runCliForTest(argv, unreachable);
    expect(run.code).toBe(ExitCode.Environment);
    expectOneLine(run.stderr, 'cannot reach Redis at redis://127.0.0.1:1');
    expect(run.stderr).not.toContain('hunter2-secret');
  });

  it('never prints the password of the Redis URL', () => {
    expect(redisWhere({ REDIS_URL: 'rediss://user:pa55@redis.internal:6380/2' })).toBe(
      'rediss://redis.internal:6380/2',
    );
    expect(redisWhere({})).toBe('the configured address (redis.url)');
  });
});

describe('what is still a bug', () => {
  it('an error Watchkeeper did not raise on purpose keeps its stack, exit 1', () => {
    const failure = describeCliFailure(new TypeError('x is not a function'), {});
    expect(failure.exitCode).toBe(ExitCode.Failure);
    expect(failure.message).toContain('Something went wrong inside Watchkeeper');
    expect(failure.stack).toContain('TypeError');
  });
});

afterAll(() => undefined);
