/**
 * The Socket Mode side of the stand-in. apps.connections.open hands out a one-time ticket URL;
 * the app's SocketModeClient connects, gets `hello`, and then receives envelopes the sender
 * delivers, answering each with `{envelope_id, payload?}` (the ack).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../../platform/log/logger.js';
import type { IdFactory } from '../ids.js';
import { disconnectMessage, type Envelope, helloMessage, type SocketAck } from './envelope.js';

interface Pending {
  resolve: (ack: SocketAck) => void;
  startedAt: number;
  timer: NodeJS.Timeout;
}

export interface SocketHubOptions {
  appId: string;
  ids: IdFactory;
  pingIntervalMs: number;
  logger: Logger | undefined;
}

export class SocketHub {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly connections: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private pingTimer: NodeJS.Timeout | undefined;
  private nextConnection = 0;

  constructor(private readonly options: SocketHubOptions) {}

  attach(server: Server): void {
    server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    if (this.options.pingIntervalMs > 0) {
      this.pingTimer = setInterval(() => {
        for (const ws of this.connections) ws.ping();
      }, this.options.pingIntervalMs);
      this.pingTimer.unref();
    }
  }

  /** Issues a one-time connection URL (what apps.connections.open answers). */
  openUrl(wsBase: string): string {
    const ticket = this.options.ids.hex(32);
    this.tickets.add(ticket);
    return `${wsBase}/socket?ticket=${ticket}&app_id=${this.options.appId}`;
  }

  get connectionCount(): number {
    return this.connections.length;
  }

  /** Sends an envelope to one connected client (round robin) and waits for its ack. */
  deliver(
    envelope: Omit<Envelope, 'envelope_id'>,
    timeoutMs: number,
  ): Promise<SocketAck & { envelopeId: string }> {
    const ws = this.connections[this.nextConnection++ % Math.max(1, this.connections.length)];
    if (!ws) return Promise.reject(new Error('No Socket Mode client is connected to the Slack stand-in'));
    const envelopeId = this.options.ids.envelopeId();
    return new Promise((resolve) => {
      const startedAt = performance.now();
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        resolve({ envelopeId, acked: false, payload: undefined, elapsedMs: performance.now() - startedAt });
      }, timeoutMs);
      this.pending.set(envelopeId, { resolve: (ack) => resolve({ ...ack, envelopeId }), startedAt, timer });
      ws.send(JSON.stringify({ envelope_id: envelopeId, ...envelope }));
    });
  }

  /** Asks every client to reconnect, as Slack does when it recycles a connection. */
  disconnectAll(reason: 'warning' | 'refresh_requested' | 'link_disabled' = 'refresh_requested'): void {
    for (const ws of this.connections) ws.send(disconnectMessage(reason));
  }

  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve({ acked: false, payload: undefined, elapsedMs: performance.now() - p.startedAt });
      this.pending.delete(id);
    }
    for (const ws of this.connections) ws.terminate();
    this.connections.length = 0;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/socket' || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.connections.push(ws);
    ws.on('message', (data, isBinary) => {
      if (!isBinary) this.onMessage(data.toString());
    });
    ws.on('close', () => {
      const index = this.connections.indexOf(ws);
      if (index >= 0) this.connections.splice(index, 1);
    });
    ws.on('error', (err) => this.options.logger?.warn({ err }, 'Slack stand-in socket error'));
    ws.send(helloMessage(this.options.appId, this.connections.length));
  }

  private onMessage(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.options.logger?.warn('Slack stand-in got a non-JSON socket message');
      return;
    }
    const envelopeId = (message as { envelope_id?: unknown }).envelope_id;
    const pending = typeof envelopeId === 'string' ? this.pending.get(envelopeId) : undefined;
    if (!pending || typeof envelopeId !== 'string') return;
    clearTimeout(pending.timer);
    this.pending.delete(envelopeId);
    pending.resolve({
      acked: true,
      payload: (message as { payload?: unknown }).payload,
      elapsedMs: performance.now() - pending.startedAt,
    });
  }
}
