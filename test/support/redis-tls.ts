import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import { freePort } from './redis-server.js';

/**
 * A throwaway certificate authority and a server certificate for 127.0.0.1/localhost, made with
 * openssl in a temp folder at test time (no key is ever committed) and removed by `remove()`.
 */
export interface TestCertificates {
  readonly dir: string;
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  /** The CA's PEM text, for clients. */
  readonly ca: string;
  remove(): void;
}

export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'wk-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
    '-days',
    '2',
    '-subj',
    '/CN=watchkeeper-test-ca',
  );
  openssl('req', ...ec, '-keyout', at('server.key'), '-out', at('server.csr'), '-subj', '/CN=localhost');
  writeFileSync(at('san.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  openssl(
    'x509',
    '-req',
    '-in',
    at('server.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-out',
    at('server.crt'),
    '-days',
    '2',
    '-extfile',
    at('san.cnf'),
  );
  return {
    dir,
    caFile: at('ca.crt'),
    certFile: at('server.crt'),
    keyFile: at('server.key'),
    ca: readFileSync(at('ca.crt'), 'utf8'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** redis-server arguments that serve TLS only (plain port off) with the test certificate. */
export function tlsServerArgs(certs: TestCertificates, port: number): string[] {
  return [
    '--port',
    '0',
    '--tls-port',
    String(port),
    '--tls-cert-file',
    certs.certFile,
    '--tls-key-file',
    certs.keyFile,
    '--tls-ca-cert-file',
    certs.caFile,
    // Like ElastiCache: the server proves who it is; clients authenticate with AUTH, not certs.
    '--tls-auth-clients',
    'no',
  ];
}

export interface TlsRedis {
  /** rediss://127.0.0.1:<port>, no credentials (pass them separately). */
  readonly url: string;
  readonly certs: TestCertificates;
  readonly password: string;
  stop(): Promise<void>;
}

/** A private TLS-only redis-server that requires a password, as ElastiCache with in-transit encryption and AUTH. */
export async function startTlsRedis(password: string): Promise<TlsRedis> {
  const certs = createTestCertificates();
  const port = await freePort();
  const child = spawnRedisServer([
    ...tlsServerArgs(certs, port),
    '--bind',
    '127.0.0.1',
    '--dir',
    certs.dir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--maxmemory-policy',
    'noeviction',
    '--requirepass',
    password,
  ]);
  await waitForPing({ host: '127.0.0.1', port, password, tls: { ca: certs.ca } }, child);
  return {
    url: `rediss://127.0.0.1:${port}`,
    certs,
    password,
    async stop() {
      await stopProcess(child);
      certs.remove();
    },
  };
}

/** A redis-server child whose last output is kept, so a failed start says why (e.g. no TLS support). */
export function spawnRedisServer(args: readonly string[]): ChildProcess & { output(): string } {
  const child = spawn('redis-server', [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-2_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return Object.assign(child, { output: () => output });
}

/** Waits until a server answers PING with these options, failing early if the process died. */
export async function waitForPing(
  options: RedisOptions,
  child?: ChildProcess & { output?: () => string },
): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child && child.exitCode !== null)
      throw new Error(
        `redis-server exited with code ${child.exitCode} before answering PING (a build without TLS ` +
          `rejects --tls-port; Debian/Ubuntu's redis-server has TLS):\n${child.output?.() ?? ''}`,
      );
    const client = new Redis({
      ...options,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return;
    } catch {
      client.disconnect();
      if (Date.now() > deadline)
        throw new Error(`redis-server on port ${options.port} did not answer PING within 10 s`);
      await sleep(50);
    }
  }
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
