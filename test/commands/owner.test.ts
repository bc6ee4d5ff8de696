import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/index.js';
import { createStaticResourceTagsPort } from '../../src/aws/tagging/static.js';
import { ownersRegistryLoader } from '../../src/ownership/runtime.js';
import { commandTasksWorkflow } from '../../workflows/command-tasks.js';
import { type Harness, RESPONDER, startHarness, TEST_CHANNEL } from '../support/harness.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/ownership/${name}`, import.meta.url));
const tags = JSON.parse(readFileSync(fixture('tags.json'), 'utf8')) as Record<string, Record<string, string>>;

describe('/owner', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      commands: COMMANDS,
      env: { WATCHKEEPER_OWNERS_FILE: fixture('owners.yaml') },
      compose: async (config) => () => ({
        workflows: [
          commandTasksWorkflow({
            tagsPortFor: () => createStaticResourceTagsPort(tags),
            ownersRegistry: ownersRegistryLoader(config),
          }),
        ],
      }),
    });
  });
  afterAll(async () => {
    await h.stop();
  });

  async function answerFor(text: string): Promise<{ ack: string; answer: string | undefined }> {
    const result = await h.slack.sender.sendSlashCommand({
      command: '/owner',
      text,
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
    });
    const ack = (result.json as { text: string }).text;
    let answer: string | undefined;
    for (let i = 0; i < 100 && !answer; i++) {
      answer = h.slack.store
        .ephemeralsFor(RESPONDER, TEST_CHANNEL)
        .filter((e) => e.source === 'response_url')
        .map((e) => e.text ?? '')
        .find((t) => !t.startsWith('Looking up') && t.includes(text.split(':').pop() ?? text));
      if (!answer) await sleep(50);
    }
    return { ack, answer };
  }

  it('acks at once, then answers from the resource tags mapped to the registry team', async () => {
    const { ack, answer } = await answerFor('arn:aws:s3:::media-uploads-eu');
    expect(ack).toMatch(/Looking up the owner/);
    expect(answer).toMatch(/ledger/);
  });

  it('answers from the registry when there is no owner tag, and says which rule', async () => {
    const { answer } = await answerFor('arn:aws:s3:::ledger-audit-archive');
    expect(answer).toMatch(/compliance/);
  });

  it('masks a secret echoed in the ack: an access key id pasted as the query shows only its ends', async () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const result = await h.slack.sender.sendSlashCommand({
      command: '/owner',
      text: `${key} aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`,
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
    });
    const ack = JSON.stringify(result.json);
    expect(ack).not.toContain(key);
    expect(ack).not.toContain('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY');
  });

  it('answers a malformed query with its usage in the ack', async () => {
    const result = await h.slack.sender.sendSlashCommand({
      command: '/owner',
      text: 'two words',
      userId: RESPONDER,
      channelId: TEST_CHANNEL,
    });
    expect((result.json as { text: string }).text).toMatch(/Usage: `\/owner ARN \| INSTANCE-ID/);
  });
});

describe('deploy/slack-manifest.yaml', () => {
  it('lists exactly the slash commands the registry binds', () => {
    const manifest = readFileSync(new URL('../../deploy/slack-manifest.yaml', import.meta.url), 'utf8');
    const listed = [...manifest.matchAll(/- command: (\/[\w-]+)/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
});
