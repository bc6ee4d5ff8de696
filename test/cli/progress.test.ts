import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LARGE_INPUT_BYTES } from '../../src/cli/verbs/owner.js';
import { runCliForTest } from '../support/cli.js';

/** Progress goes to stderr only when a person is watching (a terminal), and stdout stays clean. */
describe('CLI progress on a terminal', () => {
  it('owner: reports reading a large tags file, only when stderr is a terminal', async () => {
    const tags: Record<string, Record<string, string>> = {};
    for (let i = 0; JSON.stringify(tags).length <= LARGE_INPUT_BYTES; i++)
      tags[`arn:aws:s3:::bucket-${i}`] = { Owner: `team-${i % 7}`, CostCentre: 'x'.repeat(40) };
    const file = join(tmpdir(), `wk-tags-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(tags));
    const args = ['owner', 'arn:aws:s3:::bucket-3', '--tags', file];
    const watched = await runCliForTest(args, {}, '', { stderrIsTTY: true });
    expect(watched.stdout).toMatch(/team-3/);
    expect(watched.stderr).toMatch(
      /^reading .*wk-tags-\d+\.json \(\d+\.\d MB\)…\nresolving the owner of arn:aws:s3:::bucket-3…\n$/,
    );
    const piped = await runCliForTest(args);
    expect(piped.stdout).toBe(watched.stdout);
    expect(piped.stderr).toBe('');
  });

  it('audit: says what it reads and analyses, only when stderr is a terminal', async () => {
    const auth = fileURLToPath(new URL('../fixtures/iam/account/auth-details.json', import.meta.url));
    const args = ['audit', '--auth-details', auth, '--format', 'json'];
    const watched = await runCliForTest(args, {}, '', { stderrIsTTY: true });
    expect(watched.stderr).toMatch(/reading .*auth-details\.json…\nanalysing \d+ principals…\n/);
    expect(JSON.parse(watched.stdout)).toHaveProperty('findings');
    expect((await runCliForTest(args)).stderr).toBe('');
  });
});
