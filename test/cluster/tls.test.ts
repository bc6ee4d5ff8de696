import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEY_HEADER } from '../../src/alerts/intake/http/eventbridge.js';
import { composer } from '../../src/main/compose.js';
import { createRedis, waitForReady } from '../../src/platform/redis.js';
import { CANARY } from '../support/config.js';
import { type Harness, startHarness, TEST_CHANNEL } from '../support/harness.js';
import { captureLogs } from '../support/log-capture.js';
import { uniquePrefix } from '../support/redis.js';
import { clusterEnv, startRedisCluster, type TestCluster } from '../support/redis-cluster.js';
import {
  createTestCertificates,
  startTlsRedis,
  type TestCertificates,
  type TlsRedis,
} from '../support/redis-tls.js';

/**
 * Watchkeeper over TLS with an AUTH token, as on ElastiCache with in-transit encryption: a
 * TLS-only redis-server (`--tls-port`, plain port off, `requirepass`) with a throwaway CA made at
 * setup. The token comes from a file and must never reach the logs.
 */
const AUTH_TOKEN = 'tls-canary-auth-token-4b7e9d2c1a';
const template = JSON.parse(
  readFileSync(
    new URL('../fixtures/alerts/guardduty/eventbridge-redacted-dns.json', import.meta.url),
    'utf8',
  ),
) as { id: string; detail: Record<string, unknown> };

describe('Watchkeeper over TLS with an AUTH token', () => {
  let server: TlsRedis;
  let secrets: string;
  let h: Harness;
  beforeAll(async () => {
    server = await startTlsRedis(AUTH_TOKEN);
    secrets = mkdtempSync(join(tmpdir(), 'wk-tls-secret-'));
    writeFileSync(join(secrets, 'redis-auth'), `${AUTH_TOKEN}\n`, { mode: 0o600 });
    h = await startHarness({
      commands: [],
      env: {
        REDIS_URL: server.url,
        WATCHKEEPER_REDIS_PASSWORD_FILE: join(secrets, 'redis-auth'),
        WATCHKEEPER_REDIS_TLS_CA_FILE: server.certs.caFile,
        WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey,
      },
      compose: composer({ cardUpdateIntervalMs: 200 }),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await server?.stop();
    rmSync(secrets, { recursive: true, force: true });
  });

  it('takes an alert from intake to a card in Slack, with nothing of the token in the logs', async () => {
    const findingId = 't1sf1ow0000000000000000000000001';
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: JSON.stringify({
        ...template,
        id: 'evt-tls-1',
        detail: { ...template.detail, id: findingId, title: 'tls test finding' },
      }),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    expect(res.status).toBe(202);
    let card: unknown;
    for (let i = 0; i < 400 && !card; i++) {
      card = h.slack.store
        .messagesIn(TEST_CHANNEL)
        .find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes('tls test finding'));
      if (!card) await sleep(50);
    }
    expect(card).toBeDefined();
    expect(h.logs()).not.toContain(AUTH_TOKEN);
    expect(h.logs()).not.toContain(AUTH_TOKEN.slice(0, 12));
  });

  it('answers readiness through the TLS connection', async () => {
    const res = await fetch(`${h.bot.url}/readyz`);
    expect(await res.json()).toEqual({ ready: true });
  });
});

describe('the TLS connection refuses what it should', () => {
  let server: TlsRedis;
  beforeAll(async () => {
    server = await startTlsRedis(AUTH_TOKEN);
  });
  afterAll(async () => {
    await server.stop();
  });

  it('connects with the CA bundle and the token', async () => {
    const redis = createRedis(
      { url: server.url, password: AUTH_TOKEN, tlsCaFile: server.certs.caFile },
      'producer',
    );
    try {
      await waitForReady(redis);
      expect(await redis.ping()).toBe('PONG');
    } finally {
      redis.disconnect();
    }
  });

  it('does not trust a server certificate the system roots do not know', async () => {
    const { logger, text } = captureLogs();
    const redis = createRedis({ url: server.url, password: AUTH_TOKEN }, 'producer', logger);
    try {
      await expect(waitForReady(redis, 2_000)).rejects.toThrow(/not ready/);
      expect(text()).toMatch(/certificate|self.signed|unable to (get|verify)/i);
    } finally {
      redis.disconnect();
    }
  });

  it('does not connect with a wrong token, and does not log the token it tried', async () => {
    const { logger, text } = captureLogs();
    const wrong = 'wrong-canary-token-0d9e';
    const redis = createRedis(
      { url: server.url, password: wrong, tlsCaFile: server.certs.caFile },
      'producer',
      logger,
    );
    try {
      await expect(waitForReady(redis, 2_000)).rejects.toThrow(/not ready/);
      expect(text()).toMatch(/WRONGPASS|invalid username-password/);
      expect(text()).not.toContain(wrong);
    } finally {
      redis.disconnect();
    }
  });

  it('gets nothing from the TLS port over plain redis://', async () => {
    const redis = createRedis(
      { url: server.url.replace('rediss://', 'redis://'), password: AUTH_TOKEN },
      'producer',
    );
    try {
      await expect(waitForReady(redis, 2_000)).rejects.toThrow(/not ready/);
    } finally {
      redis.disconnect();
    }
  });
});

describe('Watchkeeper on a TLS-only cluster with an AUTH token (the ElastiCache Serverless shape)', () => {
  let certs: TestCertificates;
  let cluster: TestCluster;
  let h: Harness;
  beforeAll(async () => {
    certs = createTestCertificates();
    cluster = await startRedisCluster({ tls: certs, password: AUTH_TOKEN });
    h = await startHarness({
      commands: [],
      env: {
        ...clusterEnv(cluster, uniquePrefix('tlscl')),
        WATCHKEEPER_REDIS_PASSWORD: AUTH_TOKEN,
        WATCHKEEPER_REDIS_TLS_CA_FILE: certs.caFile,
        WATCHKEEPER_EVENTBRIDGE_API_KEY: CANARY.eventBridgeApiKey,
      },
      compose: composer({ cardUpdateIntervalMs: 200 }),
    });
  });
  afterAll(async () => {
    await h?.stop();
    await cluster?.stop();
    certs?.remove();
  });

  it('takes an alert from intake to a card, with nothing of the token in the logs', async () => {
    expect(cluster.url).toMatch(/^rediss:/);
    const res = await fetch(`${h.bot.url}/intake/eventbridge`, {
      method: 'POST',
      body: JSON.stringify({
        ...template,
        id: 'evt-tls-cluster-1',
        detail: { ...template.detail, id: 't1sc1uster000000000000000000001', title: 'tls cluster finding' },
      }),
      headers: { 'content-type': 'application/json', [API_KEY_HEADER]: CANARY.eventBridgeApiKey },
    });
    expect(res.status).toBe(202);
    let card: unknown;
    for (let i = 0; i < 400 && !card; i++) {
      card = h.slack.store
        .messagesIn(TEST_CHANNEL)
        .find((m) => !m.threadTs && JSON.stringify(m.blocks ?? []).includes('tls cluster finding'));
      if (!card) await sleep(50);
    }
    expect(card).toBeDefined();
    expect(h.logs()).not.toContain(AUTH_TOKEN);
  });
});
