import type { WebAPIPlatformError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { manualClock, startStandIn, webClient } from './helpers.js';

const clock = manualClock();
let standIn: SlackStandIn;
beforeEach(async () => {
  standIn = await startStandIn({ now: clock.now });
});
afterEach(async () => {
  await standIn.stop();
});

const MODAL = {
  type: 'modal' as const,
  callback_id: 'escalate',
  title: { type: 'plain_text' as const, text: 'Escalate incident' },
  submit: { type: 'plain_text' as const, text: 'Escalate' },
  blocks: [
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Why?' },
      element: { type: 'plain_text_input', action_id: 'text' },
    },
  ],
};

async function errorOf(promise: Promise<unknown>): Promise<WebAPIPlatformError['data']> {
  const error = (await promise.then(
    () => undefined,
    (e: unknown) => e,
  )) as WebAPIPlatformError;
  return error.data;
}

describe('views.open and trigger_id rules', () => {
  it('opens a modal for a trigger issued by the stand-in', async () => {
    const trigger = standIn.triggers.issue('U0ALICE01');
    const answer = await webClient(standIn).views.open({ trigger_id: trigger, view: MODAL });
    expect(answer.view?.id).toMatch(/^V0/);
    expect(answer.view?.hash).toBeTruthy();
    expect(standIn.store.openViewsOf('U0ALICE01').map((v) => v.id)).toEqual([answer.view?.id]);
  });

  it('answers invalid_trigger_id for a trigger it never issued', async () => {
    expect(
      (await errorOf(webClient(standIn).views.open({ trigger_id: '123.456.abc', view: MODAL }))).error,
    ).toBe('invalid_trigger_id');
  });

  it('answers expired_trigger_id after 3 seconds', async () => {
    const trigger = standIn.triggers.issue('U0ALICE01');
    clock.advance(3001);
    expect((await errorOf(webClient(standIn).views.open({ trigger_id: trigger, view: MODAL }))).error).toBe(
      'expired_trigger_id',
    );
  });

  it('answers exchanged_trigger_id when a trigger is used twice', async () => {
    const trigger = standIn.triggers.issue('U0ALICE01');
    const client = webClient(standIn);
    await client.views.open({ trigger_id: trigger, view: MODAL });
    expect((await errorOf(client.views.open({ trigger_id: trigger, view: MODAL }))).error).toBe(
      'exchanged_trigger_id',
    );
  });

  it('answers invalid_arguments with pointers for an invalid view and keeps the trigger usable', async () => {
    const trigger = standIn.triggers.issue('U0ALICE01');
    const client = webClient(standIn);
    const bad = { ...MODAL, title: { type: 'plain_text' as const, text: 'An escalation title too long' } };
    const data = await errorOf(client.views.open({ trigger_id: trigger, view: bad }));
    expect(data.error).toBe('invalid_arguments');
    expect(data.response_metadata?.messages).toEqual([
      '[ERROR] must be less than 25 characters [json-pointer:/view/title/text]',
    ]);
    expect((await client.views.open({ trigger_id: trigger, view: MODAL })).ok).toBe(true);
  });
});

describe('views.update and views.push', () => {
  it('updates by view id, checks the hash, and emits view_updated', async () => {
    const client = webClient(standIn);
    const opened = await client.views.open({ trigger_id: standIn.triggers.issue('U0ALICE01'), view: MODAL });
    const updates: string[] = [];
    standIn.store.on('view_updated', (v) => updates.push(v.id));
    const viewId = opened.view?.id as string;
    const changed = { ...MODAL, title: { type: 'plain_text' as const, text: 'Escalated' } };
    const stale = await errorOf(client.views.update({ view_id: viewId, hash: '1.stale', view: changed }));
    expect(stale.error).toBe('hash_conflict');
    const updated = await client.views.update({
      view_id: viewId,
      hash: opened.view?.hash as string,
      view: changed,
    });
    expect(updated.view?.hash).not.toBe(opened.view?.hash);
    expect(updates).toEqual([viewId]);
    expect((await errorOf(client.views.update({ view_id: 'V0NOPE', view: changed }))).error).toBe(
      'not_found',
    );
  });

  it('pushes up to three views onto a stack, then answers push_limit_reached', async () => {
    const client = webClient(standIn);
    await client.views.open({ trigger_id: standIn.triggers.issue('U0ALICE01'), view: MODAL });
    await client.views.push({ trigger_id: standIn.triggers.issue('U0ALICE01'), view: MODAL });
    const third = await client.views.push({ trigger_id: standIn.triggers.issue('U0ALICE01'), view: MODAL });
    expect(standIn.store.openStack(third.view?.root_view_id as string)).toHaveLength(3);
    const data = await errorOf(
      client.views.push({ trigger_id: standIn.triggers.issue('U0ALICE01'), view: MODAL }),
    );
    expect(data.error).toBe('push_limit_reached');
  });
});
