import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteLoginProfileCommand,
  GetLoginProfileCommand,
  IAMServiceException,
  ListAccessKeysCommand,
  SimulatePrincipalPolicyCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import type { Incident } from '../../src/incidents/incident.js';
import { composer } from '../../src/main/compose.js';
import { readAudit } from '../../src/platform/audit/export.js';
import { remediationConfigSchema } from '../../src/platform/config/remediation.js';
import type { RemediationDeps } from '../../src/remediation/deps.js';
import { RemediationDisabledError } from '../../src/remediation/errors.js';
import { handleRemediationJob } from '../../src/remediation/execute.js';
import { authorizeContainment, confirmContainment } from '../../src/remediation/flow.js';
import { REMEDIATION_JOB, remediationJobId } from '../../src/remediation/job.js';
import {
  encodeContainValue,
  REMEDIATION_ACTION_IDS_SLACK as IDS,
  PREVIEW_MODAL_IDS,
} from '../../src/remediation/slack/ids.js';
import { containElement } from '../../src/remediation/slack/menu.js';
import type { StoredMessage } from '../../src/sandbox/slack-api/index.js';
import { CANARY } from '../support/config.js';
import {
  BYSTANDER,
  type Harness,
  RESPONDER,
  SECURITY_ADMIN,
  startHarness,
  TEST_CHANNEL,
} from '../support/harness.js';
import { iamAccessDenied, iamMock, iamNoSuchEntity, resetAwsMocks, sdkPort } from './support/aws.js';

/**
 * Containment through Slack with the real Bolt app, the Slack stand-in, real Redis and BullMQ,
 * and the real SDK port (IAM transport mocked by aws-sdk-client-mock, which here plays the
 * account: the key's status changes when UpdateAccessKey is called). One incident (a GuardDuty
 * finding naming IAM user ines.okafor and its key), one sequence of requests.
 */
const finding = readFileSync(new URL('./fixtures/guardduty-access-key.json', import.meta.url), 'utf8');
const KEY = 'AKIAEXAMPLEKEYQ7W2E4R';

// The account, as the mocked IAM transport answers it.
let keyStatus: 'Active' | 'Inactive' = 'Active';
let hasPassword = true;
let failNextRead = false;
let denyDeleteLoginProfile = false;
const denied = new Set<string>();

function playAccount(): void {
  resetAwsMocks();
  iamMock.on(ListAccessKeysCommand).callsFake(() => {
    if (failNextRead) {
      failNextRead = false;
      throw new IAMServiceException({
        name: 'ServiceFailure',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
        message: 'try again',
      });
    }
    return { AccessKeyMetadata: [{ UserName: 'ines.okafor', AccessKeyId: KEY, Status: keyStatus }] };
  });
  iamMock.on(UpdateAccessKeyCommand).callsFake((input: { Status: 'Active' | 'Inactive' }) => {
    keyStatus = input.Status;
    return {};
  });
  iamMock.on(GetLoginProfileCommand).callsFake(() => {
    if (!hasPassword) throw iamNoSuchEntity();
    return { LoginProfile: { UserName: 'ines.okafor', CreateDate: new Date('2025-01-01T00:00:00Z') } };
  });
  iamMock.on(DeleteLoginProfileCommand).callsFake(() => {
    if (denyDeleteLoginProfile) throw iamAccessDenied('iam:DeleteLoginProfile');
    hasPassword = false;
    return {};
  });
  iamMock.on(SimulatePrincipalPolicyCommand).callsFake((input: { ActionNames: string[] }) => ({
    EvaluationResults: input.ActionNames.map((a) => ({
      EvalActionName: a,
      EvalDecision: denied.has(a) ? 'implicitDeny' : 'allowed',
    })),
  }));
}

async function until<T>(check: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let k = 0; k < 400; k++) {
    const found = await check();
    if (found !== undefined && found !== false) return found;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('containment from Slack', () => {
  let h: Harness;
  let deps: RemediationDeps;
  let card: StoredMessage;
  let incident: Incident;
  let menuTs = '';
  let clockOffsetMs = 0;

  beforeAll(async () => {
    playAccount();
    h = await startHarness({
      commands: [],
      env: { WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey },
      compose: composer({
        cardUpdateIntervalMs: 100,
        // The production composition's containment, with this test's policy, AWS port and clock.
        remediationDeps: (_ctx, production) => {
          deps = {
            ...production,
            config: remediationConfigSchema.parse({
              enabled: true,
              actions: {
                deactivateAccessKey: { allowedRoles: ['responder'], secondApprover: true },
                disableConsolePassword: { allowedRoles: ['security-admin'] },
              },
            }),
            portFor: () => sdkPort(),
            now: () => new Date(Date.now() + clockOffsetMs),
          };
          return deps;
        },
      }),
    });
    await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: finding,
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    card = await until(
      () =>
        h.slack.store
          .messagesIn(TEST_CHANNEL)
          .find((m) => /INC-[A-Z0-9]+/.test(JSON.stringify(m.blocks ?? []))),
      'the card',
    );
    const id = /INC-[A-Z0-9]+/.exec(JSON.stringify(card.blocks))?.[0] ?? '';
    incident = await until(() => deps.engine.get(id), 'the incident');
    // The card is another engineer's; the menu this feature exports is posted beside it to be clicked.
    const element = containElement(deps.config, incident);
    const posted = await h.bot.ctx.slack.chat.postMessage({
      channel: TEST_CHANNEL,
      text: 'Contain',
      blocks: [{ type: 'actions', elements: [element as never] }],
    });
    menuTs = String(posted.ts);
  });
  afterAll(async () => {
    await h?.stop();
    resetAwsMocks();
  });

  const prefix = () => h.bot.ctx.config.redis.prefix;
  const audit = async (action: string) =>
    (await readAudit(h.bot.ctx.redis, prefix(), new Date(0))).filter((a) => a.action === action);
  const choose = (userId: string, actionId: string) =>
    h.slack.sender.sendBlockActions({
      userId,
      channelId: TEST_CHANNEL,
      messageTs: menuTs,
      actions: [{ actionId: IDS.contain, value: encodeContainValue(actionId, incident.id) }],
    });
  const thread = () => h.slack.store.threadOf(TEST_CHANNEL, card.ts);
  const ephemeralCount = (user: string) => h.slack.store.ephemeralsFor(user).length;
  const nextEphemeral = async (user: string, before: number) =>
    until(() => h.slack.store.ephemeralsFor(user)[before]?.text, `an answer to ${user}`);
  const clickIn = (userId: string, message: StoredMessage, actionId: string) =>
    h.slack.sender.sendBlockActions({
      userId,
      channelId: TEST_CHANNEL,
      messageTs: message.ts,
      actions: [{ actionId }],
    });
  const messageWith = (text: string) =>
    until(() => thread().find((m) => JSON.stringify(m.blocks ?? []).includes(text)), text);

  /** Opens the preview as `userId` and returns the filled-in modal. */
  async function preview(userId: string, actionId: string, shows: string) {
    const before = h.slack.store.openViewsOf(userId).map((v) => v.id);
    await choose(userId, actionId);
    return until(
      () =>
        h.slack.store
          .openViewsOf(userId)
          .find((v) => !before.includes(v.id) && JSON.stringify(v.view).includes(shows)),
      `the preview of ${actionId}`,
    );
  }
  const submit = (userId: string, viewId: string, reason: string) =>
    h.slack.sender.sendViewSubmission({
      userId,
      viewId,
      values: {
        [PREVIEW_MODAL_IDS.reasonBlock]: {
          [PREVIEW_MODAL_IDS.reasonInput]: { type: 'plain_text_input', value: reason },
        },
      },
    });

  it('lists only the actions that fit the incident: its user and long-term key', () => {
    const element = containElement(deps.config, incident);
    expect(element?.options.map((o) => o.text.text)).toEqual([
      'Deactivate the access key',
      'Disable the console password',
    ]);
    expect(containElement(remediationConfigSchema.parse({}), incident)).toBeUndefined();
  });

  it('refuses a user without an allowed role before any modal, and audits it', async () => {
    const before = ephemeralCount(BYSTANDER);
    await choose(BYSTANDER, 'deactivateAccessKey');
    expect(await nextEphemeral(BYSTANDER, before)).toMatch(
      /deactivate the access key: it needs the \*responder\* role/,
    );
    const beforeResponder = ephemeralCount(RESPONDER);
    await choose(RESPONDER, 'disableConsolePassword');
    expect(await nextEphemeral(RESPONDER, beforeResponder)).toMatch(/security-admin/);
    expect(h.slack.store.openViewsOf(BYSTANDER)).toHaveLength(0);
    expect(await audit('refused.remediation.request')).toEqual([
      expect.objectContaining({ who: BYSTANDER, incident: incident.id }),
      expect.objectContaining({ who: RESPONDER, incident: incident.id }),
    ]);
  });

  it('previews the exact call with the key masked, and requires a reason', async () => {
    const view = await preview(RESPONDER, 'deactivateAccessKey', 'UpdateAccessKey');
    const text = JSON.stringify(view.view);
    expect(text).toContain('444455556666');
    expect(text).toContain('AKIA…2E4R');
    expect(text).not.toContain(KEY);
    expect(text).toMatch(/may make every call above/);
    expect(text).toMatch(/second person must approve/);
    const empty = await submit(RESPONDER, view.id, '');
    expect(empty.effect).toMatchObject({ kind: 'errors' });
    // A submission of someone else's preview (forged or replayed) is refused and audited.
    const forged = await submit(SECURITY_ADMIN, view.id, 'Not my preview');
    expect(JSON.stringify(forged.effect)).toMatch(/Only the person who opened this preview/);
    expect(await audit('refused.remediation.request')).toContainEqual(
      expect.objectContaining({ who: SECURITY_ADMIN }),
    );
    expect(keyStatus).toBe('Active');
  });

  let requestMessage: StoredMessage;
  it('posts a two-person request in the thread; the requester cannot approve it, nor can a user without the role', async () => {
    const view = await preview(RESPONDER, 'deactivateAccessKey', 'UpdateAccessKey');
    expect((await submit(RESPONDER, view.id, 'Key used from a threat-list IP')).effect).toEqual({
      kind: 'closed',
    });
    requestMessage = await messageWith(IDS.approve);
    expect(JSON.stringify(requestMessage.blocks)).toContain('Key used from a threat-list IP');

    let before = ephemeralCount(RESPONDER);
    await clickIn(RESPONDER, requestMessage, IDS.approve);
    expect(await nextEphemeral(RESPONDER, before)).toMatch(
      /can't approve your own containment request: a second person must/,
    );
    before = ephemeralCount(BYSTANDER);
    await clickIn(BYSTANDER, requestMessage, IDS.approve);
    expect(await nextEphemeral(BYSTANDER, before)).toMatch(/responder/);
    expect(keyStatus).toBe('Active');
    expect((await audit('refused.remediation.approve')).map((a) => a.who)).toEqual([RESPONDER, BYSTANDER]);
  });

  it('applies once on a double-clicked Approve, even when the first attempt of the job fails after the write', async () => {
    // The first read-back fails with a 5xx: BullMQ retries the job, which must verify, not write again.
    failNextRead = true;
    const before = ephemeralCount(SECURITY_ADMIN);
    await Promise.all([
      clickIn(SECURITY_ADMIN, requestMessage, IDS.approve),
      clickIn(SECURITY_ADMIN, requestMessage, IDS.approve),
    ]);
    const result = await messageWith('Contained');
    expect(JSON.stringify(result.blocks)).toContain('Verified: the key is Inactive');
    expect(keyStatus).toBe('Inactive');
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)).toHaveLength(1);
    expect(await nextEphemeral(SECURITY_ADMIN, before)).toMatch(/already|running|applied/);
    expect(await audit('remediation.approve')).toHaveLength(1);
    expect(await audit('remediation.result')).toEqual([
      expect.objectContaining({
        who: 'watchkeeper',
        detail: expect.stringMatching(/verified: the key is Inactive/),
      }),
    ]);
  });

  it('a retried job or a re-added job id applies nothing more', async () => {
    const request = await until(async () => {
      const r = await deps.store.get(`${requestIdPrefix()}.1`);
      return r?.status === 'succeeded' ? r : undefined;
    }, 'the succeeded request');
    const data = { requestId: request.requestId, step: 'apply' as const };
    expect(
      await handleRemediationJob({ data, attemptsMade: 2, opts: { attempts: 8 } }, h.bot.ctx, deps),
    ).toBe('nothing to do (succeeded)');
    const again = await h.bot.ctx.queues.tasks.add(REMEDIATION_JOB, data, { jobId: remediationJobId(data) });
    expect(again.id).toBe(remediationJobId(data));
    expect(await h.bot.ctx.queues.tasks.getWaitingCount()).toBe(0);
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)).toHaveLength(1);
    expect(remediationJobId(data)).not.toContain(':');
    // The job that applied it failed once (the 5xx read-back) and succeeded on its retry.
    expect((await h.bot.ctx.queues.tasks.getJob(remediationJobId(data)))?.attemptsMade).toBe(2);
  });

  it('undoes from the Undo button and reads the key back as active', async () => {
    const result = await messageWith('Contained');
    const before = ephemeralCount(BYSTANDER);
    await clickIn(BYSTANDER, result, IDS.undo);
    expect(await nextEphemeral(BYSTANDER, before)).toMatch(
      /undo a request to deactivate the access key: it needs the \*responder\* role/,
    );
    expect(keyStatus).toBe('Inactive');
    expect(await audit('refused.remediation.undo')).toHaveLength(1);
    await clickIn(SECURITY_ADMIN, result, IDS.undo);
    const undone = await messageWith('Undone by');
    expect(JSON.stringify(undone.blocks)).toContain('the key is Active');
    expect(keyStatus).toBe('Active');
    expect(await audit('remediation.undo')).toHaveLength(1);
  });

  it('expires a request nobody approved in time: a late Approve changes nothing', async () => {
    const view = await preview(RESPONDER, 'deactivateAccessKey', 'UpdateAccessKey');
    await submit(RESPONDER, view.id, 'Second look');
    const request = await until(
      () =>
        thread().find(
          (m) =>
            JSON.stringify(m.blocks ?? []).includes('Second look') &&
            JSON.stringify(m.blocks ?? []).includes(IDS.approve),
        ),
      'the second request',
    );
    clockOffsetMs = 31 * 60_000;
    const before = ephemeralCount(SECURITY_ADMIN);
    await clickIn(SECURITY_ADMIN, request, IDS.approve);
    expect(await nextEphemeral(SECURITY_ADMIN, before)).toMatch(/expired/);
    clockOffsetMs = 0;
    expect((await deps.store.get(`${requestIdPrefix()}.2`))?.status).toBe('expired');
    expect(await audit('remediation.expire')).toHaveLength(1);
    await until(
      () => thread().find((m) => JSON.stringify(m.blocks ?? []).includes('Expired at')),
      'the expired request',
    );
    expect(iamMock.commandCalls(UpdateAccessKeyCommand)).toHaveLength(2);
  });

  it('a rejected request changes nothing', async () => {
    const view = await preview(RESPONDER, 'deactivateAccessKey', 'UpdateAccessKey');
    await submit(RESPONDER, view.id, 'Third look');
    const request = await until(
      () =>
        thread().find(
          (m) =>
            JSON.stringify(m.blocks ?? []).includes('Third look') &&
            JSON.stringify(m.blocks ?? []).includes(IDS.reject),
        ),
      'the third request',
    );
    await clickIn(SECURITY_ADMIN, request, IDS.reject);
    await until(
      async () =>
        (await deps.store.get(`${requestIdPrefix()}.3`))?.status === 'rejected' ? true : undefined,
      'the rejection',
    );
    expect(await audit('remediation.reject')).toHaveLength(1);
    expect(keyStatus).toBe('Active');
  });

  it('schedules the expiry as a delayed job, which expires a request still waiting', async () => {
    const view = await preview(RESPONDER, 'deactivateAccessKey', 'UpdateAccessKey');
    await submit(RESPONDER, view.id, 'Fourth look');
    const requestId = `${requestIdPrefix()}.4`;
    const data = { requestId, step: 'expire' as const };
    const timer = await until(() => h.bot.ctx.queues.tasks.getJob(remediationJobId(data)), 'the expiry job');
    expect(timer.opts.delay).toBe(30 * 60_000);
    expect(
      await handleRemediationJob({ data, attemptsMade: 0, opts: { attempts: 8 } }, h.bot.ctx, deps),
    ).toBe('expired');
    expect(
      await handleRemediationJob({ data, attemptsMade: 0, opts: { attempts: 8 } }, h.bot.ctx, deps),
    ).toBe('stale');
    expect((await deps.store.get(requestId))?.status).toBe('expired');
    await timer.remove();
  });

  it('puts the AWS error in plain words in the thread when AWS refuses the write (an SCP the simulator did not see)', async () => {
    denyDeleteLoginProfile = true;
    const view = await preview(SECURITY_ADMIN, 'disableConsolePassword', 'DeleteLoginProfile');
    await submit(SECURITY_ADMIN, view.id, 'First try');
    const failed = await messageWith('Could not disable the console password');
    expect(JSON.stringify(failed.blocks)).toMatch(
      /AWS refused iam:DeleteLoginProfile for arn:aws:iam::444455556666:role\/watchkeeper-responder/,
    );
    expect(JSON.stringify(failed.blocks)).not.toContain(IDS.undo);
    expect(await audit('remediation.result')).toContainEqual(
      expect.objectContaining({
        detail: expect.stringMatching(/^disableConsolePassword .*failed: AWS refused/),
      }),
    );
    expect(hasPassword).toBe(true);
    denyDeleteLoginProfile = false;
  });

  it('runs a one-person action at once and says there is no undo', async () => {
    const view = await preview(SECURITY_ADMIN, 'disableConsolePassword', 'DeleteLoginProfile');
    expect(JSON.stringify(view.view)).toMatch(/No undo/);
    await submit(SECURITY_ADMIN, view.id, 'Console login from the same IP');
    const result = await messageWith('Verified: the user has no console password');
    expect(JSON.stringify(result.blocks)).not.toContain(IDS.undo);
    expect(hasPassword).toBe(false);
  });

  it('names a missing permission in the preview and offers no way to confirm', async () => {
    denied.add('iam:UpdateAccessKey');
    const view = await preview(RESPONDER, 'deactivateAccessKey', 'Missing permission');
    expect(JSON.stringify(view.view)).toContain('iam:UpdateAccessKey');
    expect(view.view.submit).toBeUndefined();
    denied.clear();
  });

  it('refuses an action that does not fit the incident, and everything when remediation is off', async () => {
    // The menu never offers it (Slack cannot send an option it did not show); a stale menu could.
    const who = { userId: SECURITY_ADMIN, name: 'sam.secadmin' };
    await expect(authorizeContainment(h.bot.ctx, deps, incident.id, 'isolateInstance', who)).rejects.toThrow(
      /does not fit/,
    );
    const off = { ...deps, config: remediationConfigSchema.parse({}) };
    await expect(
      authorizeContainment(h.bot.ctx, off, incident.id, 'deactivateAccessKey', who),
    ).rejects.toBeInstanceOf(RemediationDisabledError);
    const view = await preview(RESPONDER, 'deactivateAccessKey', 'UpdateAccessKey');
    await expect(
      confirmContainment(
        h.bot.ctx,
        off,
        JSON.parse(JSON.stringify(view.view)).private_metadata,
        { userId: RESPONDER, name: 'rita' },
        'while off',
      ),
    ).rejects.toBeInstanceOf(RemediationDisabledError);
  });

  it('leaks no secret or full key id to Slack', () => {
    const everything = JSON.stringify([
      h.slack.store.callsTo('chat.postMessage'),
      h.slack.store.callsTo('chat.update'),
      h.slack.store.callsTo('views.update'),
    ]);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(CANARY.botToken);
  });

  function requestIdPrefix(): string {
    return `${incident.id}.deactivateAccessKey.${subjectDigest()}`;
  }
  function subjectDigest(): string {
    return (
      (/deactivateAccessKey\.([0-9a-f]{12})\./.exec(JSON.stringify(thread().map((m) => m.blocks))) ??
        [])[1] ?? ''
    );
  }
});
