import { monitorEventLoopDelay } from 'node:perf_hooks';
import { z } from 'zod';
import type { SlackStandIn } from '../../src/sandbox/slack-api/index.js';

/**
 * Slack's side of `ack-latency`: signed slash commands and button clicks, alternating, at a steady
 * rate, each timed from the start of its request to the bot's HTTP response. It runs inside the
 * Slack stand-in's process (stand-in-process.ts) because the stand-in issues the trigger ids and
 * response URLs the requests carry and holds the card that is clicked; the bench process, which
 * also sends the storm, stays out of the timing.
 */
export const SlackRequestLoadSchema = z.object({
  /** The bot's Slack endpoint (`…/slack/events`). */
  requestUrl: z.url(),
  requests: z.number().int().positive(),
  perSecond: z.number().positive(),
  userId: z.string().min(1),
  channelId: z.string().min(1),
  /** Even requests: this slash command. */
  command: z.object({ name: z.string().startsWith('/'), text: z.string() }),
  /** Odd requests: a click on this element of this message in `channelId`. */
  click: z.object({ messageTs: z.string().min(1), actionId: z.string().min(1) }),
});
export type SlackRequestLoad = z.infer<typeof SlackRequestLoadSchema>;

export const SlackRequestLoadResultSchema = z.object({
  /** Request to response of every slash command / click that got an HTTP answer, in the order answered. */
  commandMs: z.array(z.number()),
  clickMs: z.array(z.number()),
  /** Answered with another status than 200, or not answered at all. */
  non200: z.number().int().nonnegative(),
  /**
   * How late the sender's own event loop ran while sending (p99 and max, ms): a timing is only
   * the bot's if this stays small, since a late loop reads responses late.
   */
  senderLoopDelayP99Ms: z.number(),
  senderLoopDelayMaxMs: z.number(),
});
export type SlackRequestLoadResult = z.infer<typeof SlackRequestLoadResultSchema>;

type Sender = Pick<SlackStandIn['sender'], 'sendSlashCommand' | 'sendBlockActions'>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSlackRequestLoad(
  sender: Sender,
  load: SlackRequestLoad,
): Promise<SlackRequestLoadResult> {
  const commandMs: number[] = [];
  const clickMs: number[] = [];
  let non200 = 0;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const inFlight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < load.requests; i++) {
    // Paced by the clock rather than by answers, as Slack's users do not wait for each other.
    await sleep(Math.max(0, started + (i * 1000) / load.perSecond - performance.now()));
    const target = { userId: load.userId, channelId: load.channelId, requestUrl: load.requestUrl };
    const isCommand = i % 2 === 0;
    const send = isCommand
      ? sender.sendSlashCommand({ ...target, command: load.command.name, text: load.command.text })
      : sender.sendBlockActions({
          ...target,
          messageTs: load.click.messageTs,
          actions: [{ actionId: load.click.actionId }],
        });
    inFlight.push(
      send.then(
        (result) => {
          (isCommand ? commandMs : clickMs).push(result.elapsedMs);
          if (result.status !== 200) non200 += 1;
        },
        () => {
          non200 += 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  loopDelay.disable();
  const ms = (ns: number) => ns / 1e6;
  return {
    commandMs,
    clickMs,
    non200,
    senderLoopDelayP99Ms: ms(loopDelay.percentile(99)),
    senderLoopDelayMaxMs: ms(loopDelay.max),
  };
}
