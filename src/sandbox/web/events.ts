import type { ServerResponse } from 'node:http';
import type { SlackStore } from '../slack-api/store/store.js';
import type { StoreEvents } from '../slack-api/store/types.js';

/** Store events the page follows. The call log (`call`) is for tests, not for people. */
const FORWARDED = [
  'message',
  'message_changed',
  'message_deleted',
  'ephemeral',
  'view_opened',
  'view_updated',
  'view_closed',
  'file_shared',
] as const satisfies ReadonlyArray<keyof StoreEvents>;

export type ForwardedEvent = (typeof FORWARDED)[number];

/** Keeps proxies and the browser from timing out an idle stream. */
const HEARTBEAT_MS = 15_000;

/**
 * What an event says on the wire: which thing changed, never its content. The page fetches its
 * own state afterwards, so one user's ephemerals and modals never travel to another's stream.
 */
function summary(name: ForwardedEvent, args: unknown[]): Record<string, string | undefined> {
  const [first] = args as [Record<string, unknown> | undefined];
  const pick = (key: string) => (typeof first?.[key] === 'string' ? (first[key] as string) : undefined);
  switch (name) {
    case 'ephemeral':
      return { channel: pick('channel'), ts: pick('ts'), user: pick('user') };
    case 'view_opened':
    case 'view_updated':
    case 'view_closed':
      return { view: pick('id'), user: pick('userId') };
    case 'file_shared':
      return { file: pick('id') };
    default:
      return { channel: pick('channel'), ts: pick('ts') };
  }
}

/**
 * Server-sent events for every open page: one store subscription shared by all streams, so the
 * number of open tabs never grows the store's listener count.
 */
export class EventStreams {
  private readonly clients = new Set<ServerResponse>();
  private nextId = 1;

  constructor(store: SlackStore) {
    for (const name of FORWARDED) {
      store.on(name, (...args: unknown[]) => this.broadcast(name, summary(name, args)));
    }
  }

  get size(): number {
    return this.clients.size;
  }

  open(res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // The first line flushes headers so EventSource reports `open` at once.
    res.write('retry: 1000\n: connected\n\n');
    this.clients.add(res);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => {
      clearInterval(heartbeat);
      this.clients.delete(res);
    });
  }

  private broadcast(name: ForwardedEvent, data: Record<string, string | undefined>): void {
    const frame = `id: ${this.nextId}\nevent: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
    this.nextId += 1;
    for (const client of this.clients) client.write(frame);
  }
}
