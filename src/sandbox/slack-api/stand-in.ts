/**
 * The local Slack API stand-in: a node:http server that answers the Web API like Slack
 * (Block Kit validation, trigger_ids, 429s), serves uploads, response_urls and Socket Mode, and
 * plays Slack toward the bot through its sender. Point the real WebClient at `apiUrl`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults.js';
import { sendJson } from './http/reply.js';
import { type ExtraRoute, route } from './http/router.js';
import { IdFactory } from './ids.js';
import type { MethodContext } from './methods/context.js';
import { type ResolvedOptions, resolveOptions, type SlackStandInOptions } from './options.js';
import { ResponseUrls } from './response-urls.js';
import { SlackSender } from './sender/sender.js';
import { SocketHub } from './socket/socket-hub.js';
import { SlackStore } from './store/store.js';
import { TriggerRegistry } from './triggers.js';

export interface SlackStandIn {
  /** `http://127.0.0.1:PORT` (after start). */
  readonly url: string;
  /** `http://127.0.0.1:PORT/api/`, the WebClient `slackApiUrl`. */
  readonly apiUrl: string;
  readonly port: number;
  readonly options: ResolvedOptions;
  readonly store: SlackStore;
  readonly faults: Faults;
  readonly sender: SlackSender;
  readonly socket: SocketHub;
  readonly triggers: TriggerRegistry;
  readonly responseUrls: ResponseUrls;
  /** Serves more routes beside the Web API (the sandbox's browser UI); tried in the order added. */
  addRoute(extra: ExtraRoute): void;
  /** Listens on 127.0.0.1; port 0 picks a free one. */
  start(port?: number): Promise<void>;
  stop(): Promise<void>;
}

export function createSlackStandIn(input: SlackStandInOptions = {}): SlackStandIn {
  const options = resolveOptions(input);
  const nowMs = () => options.now().getTime();
  const ids = new IdFactory();
  const store = new SlackStore(options);
  const faults = new Faults(options.random);
  const triggers = new TriggerRegistry(ids, nowMs);
  let server: Server | undefined;
  let port = 0;
  const baseUrl = () => {
    if (!server) throw new Error('Slack stand-in is not started: call start() first');
    return `http://127.0.0.1:${port}`;
  };
  const socket = new SocketHub({
    appId: options.appId,
    ids,
    pingIntervalMs: options.socketPingIntervalMs,
    logger: options.logger,
  });
  const responseUrls = new ResponseUrls(store, ids, nowMs, baseUrl);
  const ctx: MethodContext = {
    options,
    store,
    ids,
    triggers,
    baseUrl,
    openSocketUrl: () => socket.openUrl(baseUrl().replace(/^http/, 'ws')),
    nowMs,
  };
  const sender = new SlackSender({ options, store, ids, triggers, responseUrls, socket, nowMs });
  const extraRoutes: ExtraRoute[] = [];
  const routerDeps = {
    ctx,
    faults,
    logger: options.logger,
    store,
    responseUrls,
    maxBodyBytes: options.maxBodyBytes,
    maxUploadBytes: options.maxUploadBytes,
    extraRoutes,
  };

  return {
    get url() {
      return baseUrl();
    },
    get apiUrl() {
      return `${baseUrl()}/api/`;
    },
    get port() {
      return port;
    },
    options,
    store,
    faults,
    sender,
    socket,
    triggers,
    responseUrls,
    addRoute(extra) {
      extraRoutes.push(extra);
    },
    async start(requestedPort = 0) {
      if (server) throw new Error('Slack stand-in is already started');
      const created = createServer((req, res) => {
        route(req, res, routerDeps).catch((err: unknown) => {
          options.logger?.error({ err }, 'Slack stand-in request failed');
          if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal_error' });
          else res.destroy();
        });
      });
      socket.attach(created);
      await new Promise<void>((resolve, reject) => {
        created.once('error', reject);
        created.listen(requestedPort, '127.0.0.1', () => resolve());
      });
      server = created;
      port = (created.address() as AddressInfo).port;
      options.logger?.info({ url: baseUrl() }, 'Slack stand-in listening');
    },
    async stop() {
      const running = server;
      if (!running) return;
      await socket.close();
      await new Promise<void>((resolve) => {
        running.close(() => resolve());
        running.closeAllConnections();
      });
      server = undefined;
    },
  };
}
