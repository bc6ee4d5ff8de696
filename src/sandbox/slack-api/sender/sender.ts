/**
 * Plays Slack toward the bot: slash commands, button clicks, modal submissions and events,
 * delivered over HTTP (signed POST to the request URL) or Socket Mode (an envelope awaiting its
 * ack). Payloads are built from what the store holds, with trigger_ids and response_urls the
 * stand-in issued, so the bot's follow-up calls are checked against them.
 */
import type { IdFactory } from '../ids.js';
import type { ResolvedOptions } from '../options.js';
import type { ResponseUrls } from '../response-urls.js';
import { viewJson } from '../slack-json.js';
import type { EnvelopeType } from '../socket/envelope.js';
import type { SocketHub } from '../socket/socket-hub.js';
import type { SlackStore } from '../store/store.js';
import type { TriggerRegistry } from '../triggers.js';
import { blockActionsSource } from './block-actions.js';
import { actionFor, findElement } from './find-element.js';
import { deliverSigned, type SignatureOverrides } from './http-delivery.js';
import { eventCallback, slashCommandFields, teamJson, userJson } from './payloads.js';
import { applyViewSubmissionAck, type ViewAckEffect } from './view-effects.js';

export type Transport = 'http' | 'socket';

export interface DeliveryOptions extends SignatureOverrides {
  /** @defaultValue 'http' */
  transport?: Transport;
  /** Overrides the configured request URL for this delivery. */
  requestUrl?: string;
  /** Socket: how long to wait for the ack; HTTP: when to abort. @defaultValue socketAckTimeoutMs / 10 s */
  timeoutMs?: number;
}

export interface DeliveryResult {
  transport: Transport;
  /** HTTP status of the bot's answer; for Socket Mode 200 when acked, 0 when not. */
  status: number;
  /** Raw answer body (HTTP) or the ack payload as JSON text (socket). */
  body: string;
  /** The answer parsed as JSON, when it is JSON. */
  json: unknown;
  acked: boolean;
  elapsedMs: number;
  triggerId?: string;
  responseUrl?: string;
}

export interface SenderDeps {
  options: ResolvedOptions;
  store: SlackStore;
  ids: IdFactory;
  triggers: TriggerRegistry;
  responseUrls: ResponseUrls;
  socket: SocketHub;
  nowMs: () => number;
}

export interface BlockActionInput {
  actionId: string;
  blockId?: string;
  /** The selected option value, user, channel or date, for elements that select something. */
  value?: string;
  values?: string[];
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export class SlackSender {
  private requestUrl: string | undefined;

  constructor(private readonly deps: SenderDeps) {
    this.requestUrl = deps.options.requestUrl;
  }

  /** Where HTTP deliveries go: the bot's `/slack/events`. */
  setRequestUrl(url: string): void {
    this.requestUrl = url;
  }

  async sendSlashCommand(
    input: { command: string; text?: string; userId: string; channelId: string } & DeliveryOptions,
  ): Promise<DeliveryResult> {
    const { options: o, store } = this.deps;
    const triggerId = this.deps.triggers.issue(input.userId);
    const responseUrl = this.deps.responseUrls.issue({
      channelId: input.channelId,
      userId: input.userId,
      fromCommand: true,
    });
    const fields = slashCommandFields({
      o,
      directory: store.directory,
      command: input.command,
      text: input.text ?? '',
      userId: input.userId,
      channelId: input.channelId,
      responseUrl,
      triggerId,
    });
    const form = new URLSearchParams(fields).toString();
    const result = await this.deliver(
      'slash_commands',
      fields,
      form,
      'application/x-www-form-urlencoded',
      input,
      true,
    );
    // Slack shows an ephemeral ack with text to the caller; the response_url can replace it.
    const ack = result.acked ? asAck(result.json) : undefined;
    if (ack) this.deps.responseUrls.showCommandAck(responseUrl, ack);
    return { ...result, triggerId, responseUrl };
  }

  async sendBlockActions(
    input: { userId: string; actions: BlockActionInput[] } & (
      | { channelId: string; messageTs: string }
      | { viewId: string }
    ) &
      DeliveryOptions,
  ): Promise<DeliveryResult> {
    const { options: o, store } = this.deps;
    const triggerId = this.deps.triggers.issue(input.userId);
    const actionTs = store.tsClock.next();
    const { blocks, where, responseUrl } = blockActionsSource(this.deps, input);
    const actions = input.actions.map((a) => {
      const found = findElement(blocks, a.actionId, a.blockId);
      if (!found) throw new Error(`Slack stand-in: no element with action_id ${a.actionId} to click`);
      return actionFor(found, a, actionTs);
    });
    const payload = {
      type: 'block_actions',
      user: userJson(store.directory, input.userId, o),
      api_app_id: o.appId,
      token: o.verificationToken,
      trigger_id: triggerId,
      team: teamJson(o),
      enterprise: null,
      is_enterprise_install: false,
      ...where,
      state: { values: {} },
      actions,
    };
    const result = await this.deliverInteractive(payload, input, false);
    return { ...result, triggerId, ...(responseUrl ? { responseUrl } : {}) };
  }

  /** Submits an open modal with `state.values` ({block_id: {action_id: {type, value...}}}), then applies the ack. */
  async sendViewSubmission(
    input: { userId: string; viewId: string; values?: Record<string, unknown> } & DeliveryOptions,
  ): Promise<DeliveryResult & { effect: ViewAckEffect }> {
    const { options: o, store } = this.deps;
    const view = store.views.get(input.viewId);
    if (!view?.open) throw new Error(`Slack stand-in: view ${input.viewId} is not open`);
    view.stateValues = input.values ?? {};
    const triggerId = this.deps.triggers.issue(input.userId);
    const payload = {
      type: 'view_submission',
      team: teamJson(o),
      user: userJson(store.directory, input.userId, o),
      api_app_id: o.appId,
      token: o.verificationToken,
      trigger_id: triggerId,
      view: viewJson(view, o),
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
    const result = await this.deliverInteractive(payload, input, true);
    const hash = `${Math.floor(this.deps.nowMs() / 1000)}.${this.deps.ids.hex(8)}`;
    const effect = result.acked
      ? applyViewSubmissionAck(store, this.deps.ids, view, result.json, hash)
      : ({ kind: 'closed' } as const);
    return { ...result, triggerId, effect };
  }

  /** The user closes a modal. Slack tells the app only when the view asked (`notify_on_close`). */
  async sendViewClosed(
    input: { userId: string; viewId: string } & DeliveryOptions,
  ): Promise<DeliveryResult | undefined> {
    const { options: o, store } = this.deps;
    const view = store.views.get(input.viewId);
    if (!view?.open) throw new Error(`Slack stand-in: view ${input.viewId} is not open`);
    store.saveView({ ...view, open: false }, 'view_closed');
    if (view.view.notify_on_close !== true) return undefined;
    const payload = {
      type: 'view_closed',
      team: teamJson(o),
      user: userJson(store.directory, input.userId, o),
      api_app_id: o.appId,
      token: o.verificationToken,
      view: viewJson(view, o),
      is_cleared: false,
      is_enterprise_install: false,
    };
    return this.deliverInteractive(payload, input, false);
  }

  /** An Events API event (`app_mention`, `message`...), as JSON over HTTP or an events_api envelope. */
  async sendEvent(input: { event: Record<string, unknown> } & DeliveryOptions): Promise<DeliveryResult> {
    const body = eventCallback(
      this.deps.options,
      input.event,
      `Ev${this.deps.ids.hex(10).toUpperCase()}`,
      this.deps.store.nowSeconds(),
    );
    return this.deliver('events_api', body, JSON.stringify(body), 'application/json', input, false);
  }

  private deliverInteractive(
    payload: Record<string, unknown>,
    options: DeliveryOptions,
    acceptsResponse: boolean,
  ) {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.deliver(
      'interactive',
      payload,
      form,
      'application/x-www-form-urlencoded',
      options,
      acceptsResponse,
    );
  }

  private async deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    httpBody: string,
    contentType: string,
    options: DeliveryOptions,
    acceptsResponse: boolean,
  ): Promise<DeliveryResult> {
    if ((options.transport ?? 'http') === 'socket') {
      const timeout = options.timeoutMs ?? this.deps.options.socketAckTimeoutMs;
      const ack = await this.deps.socket.deliver(
        { type, payload, accepts_response_payload: acceptsResponse },
        timeout,
      );
      const body = ack.payload === undefined ? '' : JSON.stringify(ack.payload);
      return {
        transport: 'socket',
        status: ack.acked ? 200 : 0,
        body,
        json: ack.payload,
        acked: ack.acked,
        elapsedMs: ack.elapsedMs,
      };
    }
    const url = options.requestUrl ?? this.requestUrl;
    if (!url)
      throw new Error(
        'Slack stand-in: no request URL; pass requestUrl in the options or call sender.setRequestUrl()',
      );
    const result = await deliverSigned({
      url,
      body: httpBody,
      contentType,
      signingSecret: this.deps.options.signingSecret,
      nowSeconds: this.deps.store.nowSeconds(),
      overrides: options,
      timeoutMs: options.timeoutMs ?? 10_000,
    });
    return { transport: 'http', ...result, json: parseJson(result.body), acked: result.status === 200 };
  }
}

/** An ack body Slack would show privately: text or blocks, not `in_channel`. */
function asAck(json: unknown): { text: string; blocks?: unknown[] } | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const body = json as Record<string, unknown>;
  if (body.response_type === 'in_channel') return undefined;
  const text = typeof body.text === 'string' ? body.text : '';
  const blocks = Array.isArray(body.blocks) ? (body.blocks as unknown[]) : undefined;
  if (!text && !blocks) return undefined;
  return { text, ...(blocks ? { blocks } : {}) };
}
