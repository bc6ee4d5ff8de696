import { afterEach, describe, expect, it } from 'vitest';
import type { SlackStandIn } from '../../../src/sandbox/slack-api/index.js';
import { type BotServer, getJson, payloadOf, postJson, startUi, webClient } from './helpers.js';

const ESCALATE = {
  type: 'modal' as const,
  callback_id: 'escalate',
  notify_on_close: true,
  title: { type: 'plain_text' as const, text: 'Escalate INC-9' },
  submit: { type: 'plain_text' as const, text: 'Escalate' },
  blocks: [
    {
      type: 'input',
      block_id: 'reason',
      label: { type: 'plain_text', text: 'Why?' },
      element: { type: 'plain_text_input', action_id: 'reason_text', multiline: true },
    },
    {
      type: 'input',
      block_id: 'who',
      optional: true,
      label: { type: 'plain_text', text: 'Page' },
      element: {
        type: 'static_select',
        action_id: 'who_select',
        options: [
          { text: { type: 'plain_text', text: 'Security lead' }, value: 'lead' },
          { text: { type: 'plain_text', text: 'CISO' }, value: 'ciso' },
        ],
      },
    },
    {
      type: 'actions',
      block_id: 'extra',
      elements: [{ type: 'button', action_id: 'add_note', text: { type: 'plain_text', text: 'Add note' } }],
    },
  ],
};

let running: { standIn: SlackStandIn; bot: BotServer; stop: () => Promise<void> } | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

async function openModal(
  answer?: Parameters<typeof startUi>[0],
): Promise<{ standIn: SlackStandIn; bot: BotServer; viewId: string }> {
  running = await startUi(answer);
  const { standIn } = running;
  const opened = await webClient(standIn).views.open({
    trigger_id: standIn.triggers.issue('U0ALICE01'),
    view: ESCALATE,
  });
  return { standIn, bot: running.bot, viewId: opened.view?.id as string };
}

describe('modals in the page', () => {
  it('lists the open modal in the state of its user only', async () => {
    const { standIn, viewId } = await openModal();
    const alice = (await getJson(standIn, '/ui/state?user=U0ALICE01')).json;
    expect((alice.views as Array<{ id: string }>).map((v) => v.id)).toEqual([viewId]);
    const bruno = (await getJson(standIn, '/ui/state?user=U0BRUNO02')).json;
    expect(bruno.views).toEqual([]);
  });

  it('submits the inputs as Slack state.values in a signed view_submission and closes the modal', async () => {
    const { standIn, bot, viewId } = await openModal();
    const answer = await postJson(standIn, '/ui/view-submit', {
      userId: 'U0ALICE01',
      viewId,
      values: {
        reason: { reason_text: { value: 'root key used from a new country' } },
        who: { who_select: { value: 'ciso' } },
      },
    });
    expect(answer.json).toMatchObject({ ok: true, delivered: true, acked: true, effect: { kind: 'closed' } });
    expect(bot.received[0]?.verified).toBe(true);
    const payload = payloadOf(bot.received[0]?.body ?? '');
    expect(payload.type).toBe('view_submission');
    expect((payload.view as { state: unknown }).state).toEqual({
      values: {
        reason: { reason_text: { type: 'plain_text_input', value: 'root key used from a new country' } },
        who: {
          who_select: {
            type: 'static_select',
            selected_option: { text: { type: 'plain_text', text: 'CISO' }, value: 'ciso' },
          },
        },
      },
    });
    expect(standIn.store.openViewsOf('U0ALICE01')).toEqual([]);
  });

  it('keeps a required input from being submitted empty, as Slack’s client does', async () => {
    const { standIn, bot, viewId } = await openModal();
    const answer = await postJson(standIn, '/ui/view-submit', { userId: 'U0ALICE01', viewId, values: {} });
    expect(answer.json).toEqual({
      ok: true,
      delivered: false,
      effect: { kind: 'errors', errors: { reason: 'Please complete this required field.' } },
    });
    expect(bot.received).toHaveLength(0);
  });

  it('passes the bot’s response_action errors back to the page', async () => {
    const { standIn, viewId } = await openModal(() => ({
      status: 200,
      body: { response_action: 'errors', errors: { reason: 'Say a bit more' } },
    }));
    const answer = await postJson(standIn, '/ui/view-submit', {
      userId: 'U0ALICE01',
      viewId,
      values: { reason: { reason_text: { value: 'x' } } },
    });
    expect(answer.json.effect).toEqual({ kind: 'errors', errors: { reason: 'Say a bit more' } });
    expect(standIn.store.openViewsOf('U0ALICE01')).toHaveLength(1);
  });

  it('sends a button click inside the modal as block_actions from the view', async () => {
    const { standIn, bot, viewId } = await openModal();
    await postJson(standIn, '/ui/action', {
      userId: 'U0ALICE01',
      viewId,
      actionId: 'add_note',
      blockId: 'extra',
    });
    const payload = payloadOf(bot.received[0]?.body ?? '');
    expect(payload.container).toEqual({ type: 'view', view_id: viewId });
  });

  it('closes the modal and tells the bot when the view asked to be notified', async () => {
    const { standIn, bot, viewId } = await openModal();
    const answer = await postJson(standIn, '/ui/view-close', { userId: 'U0ALICE01', viewId });
    expect(answer.json).toEqual({ ok: true, delivered: true });
    expect(payloadOf(bot.received[0]?.body ?? '').type).toBe('view_closed');
    expect(standIn.store.openViewsOf('U0ALICE01')).toEqual([]);
  });

  it('answers 404 when someone else, or nobody, has that modal open', async () => {
    const { standIn, viewId } = await openModal();
    const other = await postJson(standIn, '/ui/view-close', { userId: 'U0BRUNO02', viewId });
    expect(other.status).toBe(404);
    const submit = await postJson(standIn, '/ui/view-submit', {
      userId: 'U0ALICE01',
      viewId: 'V0NOPE',
      values: {},
    });
    expect(submit.status).toBe(404);
  });

  it('answers 400 for an option the select does not offer', async () => {
    const { standIn, viewId } = await openModal();
    const answer = await postJson(standIn, '/ui/view-submit', {
      userId: 'U0ALICE01',
      viewId,
      values: { reason: { reason_text: { value: 'x' } }, who: { who_select: { value: 'everyone' } } },
    });
    expect(answer.status).toBe(400);
    expect(String(answer.json.reason)).toContain(
      'who.who_select: static_select has no option with value "everyone"',
    );
  });
});
