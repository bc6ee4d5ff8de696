import { describe, expect, it } from 'vitest';
import type { CardEvent } from '../../bench/lib/process-rig.js';
import { startProcessStorm } from '../../bench/lib/process-storm.js';
import {
  STORM_CHANNEL,
  type StormSpec,
  stormChannels,
  stormEvents,
  stormRouting,
} from '../../bench/lib/storm-shape.js';

/** The part of a GuardDuty Finding event the fake bot below reads. */
const findingEvent = (n: number, count: number, account: string) => ({
  account,
  detail: { id: `bench${String(n).padStart(27, '0')}`, service: { count } },
});

const SPEC: StormSpec = { findings: 3, perFinding: 4, channels: 2, sendSeconds: 0 };

interface Faults {
  /** This finding's card never shows an occurrence past this count. */
  stuckAt?: { finding: string; count: number };
  /** This finding's card is posted twice. */
  postedTwice?: string;
  /** Occurrences the bot never stored. */
  lost?: number;
  /** Of those, how many are still on the alerts queue (late, not lost). */
  queued?: number;
}

/**
 * Plays the web, worker and stand-in processes of the process rig: each occurrence posted to the
 * intake becomes a card post (first) or update in the channel its account routes to.
 */
function fakeRig(faults: Faults = {}) {
  const cardEvents: CardEvent[] = [];
  const listeners: Array<(event: CardEvent) => void> = [];
  const cards = new Map<string, { channel: string; ts: string; count: number }>();
  const channelOf = new Map(
    stormChannels(SPEC).map((channel, i) => [`2222333344${String(i).padStart(2, '0')}`, channel]),
  );
  let occurrences = 0;
  const emit = (event: CardEvent) => {
    cardEvents.push(event);
    for (const listener of listeners) listener(event);
  };
  const blocks = (finding: string, count: number) => [
    { type: 'section', text: { type: 'mrkdwn', text: `bench finding ${finding}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${count} occurrences` }] },
  ];
  return {
    cardEvents,
    onCardEvent: (listener: (event: CardEvent) => void) => {
      listeners.push(listener);
    },
    async post(events: unknown[]) {
      for (const raw of events) {
        const event = raw as { account: string; detail: { id: string; service: { count: number } } };
        const finding = event.detail.id;
        const count = Math.min(
          event.detail.service.count,
          faults.stuckAt?.finding === finding ? faults.stuckAt.count : Infinity,
        );
        occurrences += 1;
        const card = cards.get(finding);
        if (!card) {
          const channel = channelOf.get(event.account) ?? 'nowhere';
          const fresh = { channel, ts: `${1_700_000_000 + cards.size}.000100`, count };
          cards.set(finding, fresh);
          emit({ e: 'post', t: Date.now(), channel, ts: fresh.ts, blocks: blocks(finding, count) });
          if (faults.postedTwice === finding)
            emit({
              e: 'post',
              t: Date.now(),
              channel,
              ts: `${fresh.ts}9`,
              blocks: blocks(finding, SPEC.perFinding),
            });
        } else {
          card.count = count;
          emit({
            e: 'update',
            t: Date.now(),
            channel: card.channel,
            ts: card.ts,
            blocks: blocks(finding, count),
          });
        }
      }
      return 202;
    },
    queueBacklog: async () => faults.queued ?? 0,
    incidentTotals: async () => ({ incidents: cards.size, occurrences: occurrences - (faults.lost ?? 0) }),
  };
}

const firstFinding = `bench${String(10_000).padStart(27, '0')}`;

describe('a storm against the bot as deployed (process-storm.ts)', () => {
  it('sends every occurrence once, routed by account, and reads that the storm kept its promises', async () => {
    expect(stormEvents(SPEC, findingEvent)).toHaveLength(12);
    expect(stormRouting(SPEC)).toContain('channels: [C0STORM002]');
    const storm = startProcessStorm(fakeRig(), SPEC, findingEvent, 2_000);
    const card = await storm.firstCardIn(STORM_CHANNEL);
    expect(card.e).toBe('post');
    const figures = await storm.done;
    expect(figures).toMatchObject({ card_posts: 3, duplicate_cards: 0, lost_alerts: 0, cards_not_final: 0 });
    expect(figures.seconds_to_settle).toBeGreaterThanOrEqual(0);
  });

  it('reports a card left short of its count as never settled', async () => {
    const figures = await startProcessStorm(
      fakeRig({ stuckAt: { finding: firstFinding, count: 3 } }),
      SPEC,
      findingEvent,
      300,
    ).done;
    expect(figures.seconds_to_settle).toBe(-1);
    expect(figures.cards_not_final).toBe(1);
  });

  it('reports duplicate cards and lost occurrences', async () => {
    const figures = await startProcessStorm(
      fakeRig({ postedTwice: firstFinding, lost: 2 }),
      SPEC,
      findingEvent,
      300,
    ).done;
    expect(figures.duplicate_cards).toBe(1);
    expect(figures.lost_alerts).toBe(2);
  });

  it('counts alerts still on the queue as late, not lost, and the storm as not settled', async () => {
    const figures = await startProcessStorm(fakeRig({ lost: 3, queued: 2 }), SPEC, findingEvent, 300).done;
    expect(figures).toMatchObject({ seconds_to_settle: -1, lost_alerts: 1, alerts_still_queued: 2 });
  });
});
