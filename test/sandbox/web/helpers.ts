import type { SlackStandIn, SlackStandInOptions } from '../../../src/sandbox/slack-api/index.js';
import { mountWebUi } from '../../../src/sandbox/web/index.js';
import { startBotServer } from '../slack-api/bot-server.js';
import { SIGNING_SECRET, startStandIn } from '../slack-api/helpers.js';

export { BOT_TOKEN, SIGNING_SECRET, webClient } from '../slack-api/helpers.js';

export type BotServer = Awaited<ReturnType<typeof startBotServer>>;
type Answer = Parameters<typeof startBotServer>[2];

/** The stand-in with the web UI mounted, and a tiny signature-checking bot behind it. */
export async function startUi(
  answer?: Answer,
  options: SlackStandInOptions = {},
): Promise<{ standIn: SlackStandIn; bot: BotServer; stop: () => Promise<void> }> {
  const standIn = await startStandIn(options);
  mountWebUi(standIn);
  const bot = await startBotServer(SIGNING_SECRET, () => standIn.store.nowSeconds(), answer);
  standIn.sender.setRequestUrl(bot.url);
  return {
    standIn,
    bot,
    stop: async () => {
      await standIn.stop();
      await bot.close();
    },
  };
}

export async function postJson(
  standIn: SlackStandIn,
  path: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${standIn.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

export async function getJson(
  standIn: SlackStandIn,
  path: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${standIn.url}${path}`);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** The interactive payload a bot received (form field `payload`). */
export function payloadOf(body: string): Record<string, unknown> {
  return JSON.parse(new URLSearchParams(body).get('payload') ?? 'null') as Record<string, unknown>;
}

/**
 * Opens the page's event stream and collects its frames until `until` matches one
 * (`event` name and parsed `data`). Resolves once the stream is open, so the caller can act.
 */
export async function openEventStream(standIn: SlackStandIn): Promise<{
  next(until: (frame: { event: string; data: Record<string, unknown> }) => boolean): Promise<{
    event: string;
    data: Record<string, unknown>;
  }>;
  close(): void;
}> {
  const abort = new AbortController();
  const response = await fetch(`${standIn.url}/ui/events`, { signal: abort.signal });
  if (!response.body) throw new Error('no event stream body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  return {
    async next(until) {
      for (;;) {
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event = /^event: (.*)$/m.exec(raw)?.[1];
          const data = /^data: (.*)$/m.exec(raw)?.[1];
          if (event && data) {
            const frame = { event, data: JSON.parse(data) as Record<string, unknown> };
            if (until(frame)) return frame;
          }
          end = buffer.indexOf('\n\n');
        }
        const chunk = await reader.read();
        if (chunk.done) throw new Error('event stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
      }
    },
    close: () => abort.abort(),
  };
}
