import { cardCount } from './card-reading.js';
import { round } from './harness.js';
import type { CardEvent, ProcessRig } from './process-rig.js';
import { type FindingEventFactory, type StormSpec, sendStorm, settleBudgetMs } from './storm-shape.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A storm against the bot as deployed (process-rig.ts), with the storm's guarantees read the way
 * the rig reads cards: from the stand-in's card events (what each card shows last) and the
 * incidents in Redis. Fewer figures than `storm` (no per-channel posting rate): a scenario that
 * runs a storm as background load needs to know it ran, settled, and kept its promises.
 */
export interface ProcessStormFigures {
  readonly seconds_to_send: number;
  /** Until every card shows its final count and the alerts queue is empty; -1 if never. */
  readonly seconds_to_settle: number;
  readonly card_posts: number;
  readonly duplicate_cards: number;
  /** Sent, but neither stored on an incident nor still queued. */
  readonly lost_alerts: number;
  /**
   * Alerts still on the queue when the storm stopped waiting (0 once settled): late, not lost.
   * Read just before the incidents, so an alert stored in between may count twice: approximate
   * unless the storm settled.
   */
  readonly alerts_still_queued: number;
  /** Cards whose last post or update does not show their finding's full count. */
  readonly cards_not_final: number;
}

export interface RunningStorm {
  /** Resolves with the first card posted in `channel` (to click on while the storm runs). */
  firstCardIn(channel: string): Promise<CardEvent>;
  /** Resolves once the storm has settled or its settle budget ran out. */
  readonly done: Promise<ProcessStormFigures>;
}

export function startProcessStorm(
  rig: Pick<ProcessRig, 'post' | 'cardEvents' | 'onCardEvent' | 'queueBacklog' | 'incidentTotals'>,
  spec: StormSpec,
  findingEvent: FindingEventFactory,
  settleMs = settleBudgetMs(spec),
): RunningStorm {
  // What each card (channel/ts) shows last, in the order the stand-in took posts and updates.
  const lastShown = new Map<string, number | undefined>();
  const watch = (event: CardEvent) => lastShown.set(`${event.channel}/${event.ts}`, cardCount(event.blocks));
  for (const event of rig.cardEvents) watch(event);
  rig.onCardEvent(watch);
  const settledNow = () =>
    lastShown.size >= spec.findings && [...lastShown.values()].every((count) => count === spec.perFinding);

  const done = (async (): Promise<ProcessStormFigures> => {
    const started = performance.now();
    const sentIn = await sendStorm((events) => rig.post(events), spec, findingEvent);
    const deadline = Date.now() + settleMs;
    let settled = 0;
    while (Date.now() < deadline) {
      if (settledNow() && (await rig.queueBacklog('alerts')) === 0) {
        settled = (performance.now() - started) / 1000;
        break;
      }
      await sleep(250);
    }
    const stillQueued = await rig.queueBacklog('alerts');
    const totals = await rig.incidentTotals();
    const cardPosts = rig.cardEvents.filter((e) => e.e === 'post').length;
    return {
      seconds_to_send: round(sentIn, 1),
      seconds_to_settle: settled ? round(settled, 1) : -1,
      card_posts: cardPosts,
      duplicate_cards: Math.max(0, cardPosts - totals.incidents),
      lost_alerts: Math.max(0, spec.findings * spec.perFinding - totals.occurrences - stillQueued),
      alerts_still_queued: stillQueued,
      cards_not_final: [...lastShown.values()].filter((count) => count !== spec.perFinding).length,
    };
  })();

  return {
    done,
    firstCardIn: (channel) =>
      new Promise<CardEvent>((resolve, reject) => {
        const posted = (event: CardEvent) => event.e === 'post' && event.channel === channel;
        const already = rig.cardEvents.find(posted);
        if (already) return resolve(already);
        rig.onCardEvent((event) => {
          if (posted(event)) resolve(event);
        });
        // A storm that fails (the intake refusing it) posts no card: do not wait forever.
        done.then(() => reject(new Error(`the storm posted no card in ${channel}`)), reject);
      }),
  };
}
