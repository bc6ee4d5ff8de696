import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDigestArgs } from '../../commands/digest.js';
import { composer } from '../../src/main/compose.js';
import { readAudit } from '../../src/platform/audit/export.js';
import { createSamplePosturePort } from '../../src/sandbox/sample-account/posture.js';
import { runCliForTest } from '../support/cli.js';
import {
  BYSTANDER,
  type Harness,
  RESPONDER,
  SECURITY_ADMIN,
  startHarness,
  TEST_CHANNEL,
} from '../support/harness.js';

describe('/digest', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: [],
      compose: composer({ posturePortFor: () => createSamplePosturePort() }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  const send = (text: string, userId: string) =>
    h.slack.sender.sendSlashCommand({ command: '/digest', text, userId, channelId: TEST_CHANNEL });

  it('previews the digest privately through response_url', async () => {
    const ack = await send('preview', RESPONDER);
    expect((ack.json as { text: string }).text).toMatch(/Building your digest preview/);
    let answer: string | undefined;
    for (let i = 0; i < 200 && !answer; i++) {
      answer = h.slack.store
        .ephemeralsFor(RESPONDER, TEST_CHANNEL)
        .map((e) => (e.source === 'response_url' ? JSON.stringify(e.blocks ?? []) : ''))
        .find((blocks) => blocks.includes('*Next steps*'));
      if (!answer) await sleep(50);
    }
    expect(answer).toMatch(/Weekly security digest/);
    expect(answer).toMatch(/Data protection/i);
  });

  it('posts to the channel for a security admin, with a valid message and the chart file', async () => {
    await send('', SECURITY_ADMIN);
    let posted = false;
    for (let i = 0; i < 200 && !posted; i++) {
      posted = h.slack.store
        .messagesIn(TEST_CHANNEL)
        .some((m) => JSON.stringify(m.blocks ?? []).includes('Weekly security digest'));
      if (!posted) await sleep(50);
    }
    expect(posted).toBe(true);
    for (let i = 0; i < 100 && h.slack.store.callsTo('files.completeUploadExternal').length === 0; i++)
      await sleep(50);
    expect(
      h.slack.store.callsTo('files.completeUploadExternal').filter((c) => c.outcome === 'ok'),
    ).toHaveLength(1);
    // One message: the digest's blocks with the chart attached to it.
    const digests = h.slack.store
      .messagesIn(TEST_CHANNEL)
      .filter((m) => JSON.stringify(m.blocks ?? []).includes('Weekly security digest'));
    expect(digests.map((m) => m.files.length)).toEqual([1]);
  });

  it('refuses to post for someone without the security-admin role', async () => {
    const ack = await send('', BYSTANDER);
    expect((ack.json as { text: string }).text).toMatch(/security-admin/);
  });

  it('refuses to post for a responder, audits who and what, and queues no digest', async () => {
    const posted = () =>
      h.slack.store
        .messagesIn(TEST_CHANNEL)
        .filter((m) => JSON.stringify(m.blocks ?? []).includes('Weekly security digest')).length;
    const before = posted();
    const ack = await send('', RESPONDER);
    expect((ack.json as { text: string }).text).toMatch(/security-admin/);
    const audit = await readAudit(h.bot.ctx.redis, h.bot.ctx.config.redis.prefix, new Date(0));
    expect(audit.filter((a) => a.who === RESPONDER && a.action.startsWith('refused.'))).toEqual([
      expect.objectContaining({
        action: 'refused.digest',
        detail: expect.stringMatching(/post the digest.*security-admin/),
      }),
    ]);
    expect(
      (await h.bot.ctx.queues.tasks.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed'])).filter(
        (j) => j.data?.task === 'digest' && j.data?.userId === RESPONDER && j.data?.args?.mode === 'post',
      ),
    ).toEqual([]);
    expect(posted()).toBe(before);
  });

  it('answers other arguments with its usage', () => {
    expect(() => parseDigestArgs('now please')).toThrow(
      expect.objectContaining({ userMessage: expect.stringContaining('Usage: /digest [preview]') }),
    );
    expect(parseDigestArgs(' Preview ')).toEqual({ mode: 'preview' });
  });
});

describe('watchkeeper digest --preview', () => {
  it('renders from the Redis history and writes a PNG chart', async () => {
    const png = join(mkdtempSync(join(tmpdir(), 'wk-digest-')), 'chart.png');
    const { testRedisUrl, uniquePrefix } = await import('../support/redis.js');
    const run = await runCliForTest(['digest', '--preview', '--png', png, '--format', 'json'], {
      REDIS_URL: testRedisUrl(),
      WATCHKEEPER_QUEUE_PREFIX: uniquePrefix('dg'),
      SLACK_BOT_TOKEN: 'xoxb-x',
      SLACK_APP_TOKEN: 'xapp-x',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ title: 'Weekly security digest' });
    const bytes = readFileSync(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(1000);
  });

  it('needs no Slack credentials: REDIS_URL alone renders your history', async () => {
    const { testRedisUrl, uniquePrefix } = await import('../support/redis.js');
    const run = await runCliForTest(['digest', '--preview'], {
      REDIS_URL: testRedisUrl(),
      WATCHKEEPER_QUEUE_PREFIX: uniquePrefix('dg'),
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Weekly security digest/);
    expect(run.stdout).not.toMatch(/SAMPLE/);
  });

  it('without REDIS_URL or a config file shows a sample month, labelled as sample data', async () => {
    const run = await runCliForTest(['digest', '--preview'], {});
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('REDIS_URL is not set: this is the digest of a made-up sample month');
    expect(run.stdout).toMatch(/^\[SAMPLE\] Weekly security digest/);
    expect(run.stdout).toContain('POSTURE SCORECARD');
    expect(run.stdout).not.toContain('xoxb-');
  });
});
