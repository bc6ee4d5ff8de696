import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createCachedCertificateFetcher,
  createHttpCertificateFetcher,
} from '../../../../src/alerts/intake/sns/cert-fetcher.js';
import { type LocalServer, startLocalServer } from './sns-test-kit.js';

let server: LocalServer;

beforeAll(async () => {
  server = await startLocalServer();
  server.serve('/ok.pem', { body: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' });
  server.serve('/big-declared.pem', { body: 'x'.repeat(40_000) });
  // Chunked (no Content-Length): only the streaming cap can stop it.
  server.serve('/big-chunked.pem', { body: 'y'.repeat(40_000), headers: { 'transfer-encoding': 'chunked' } });
  server.serve('/moved.pem', { status: 302, body: '', headers: { location: '/ok.pem' } });
  server.serve('/error.pem', { status: 500, body: 'oops' });
});

afterAll(async () => {
  await server?.close();
});

describe('createHttpCertificateFetcher', () => {
  const fetchCert = createHttpCertificateFetcher({ maxBytes: 16_384 });

  it('returns the PEM text', async () => {
    await expect(fetchCert(`${server.origin}/ok.pem`)).resolves.toContain('BEGIN CERTIFICATE');
  });

  it('refuses a body larger than the cap by its Content-Length', async () => {
    await expect(fetchCert(`${server.origin}/big-declared.pem`)).rejects.toThrow(/more than the 16384/);
  });

  it('refuses a chunked body once it passes the cap', async () => {
    await expect(fetchCert(`${server.origin}/big-chunked.pem`)).rejects.toThrow(/16384/);
  });

  it('does not follow redirects', async () => {
    await expect(fetchCert(`${server.origin}/moved.pem`)).rejects.toThrow();
  });

  it('refuses a non-200 answer', async () => {
    await expect(fetchCert(`${server.origin}/error.pem`)).rejects.toThrow(/HTTP 500/);
  });

  it('passes a timeout signal to fetch', async () => {
    const fakeFetch = vi.fn(async (_url: string | URL | Request, _init?: RequestInit) => new Response('pem'));
    await createHttpCertificateFetcher({ fetch: fakeFetch, timeoutMs: 1234 })('https://x/a.pem');
    expect(fakeFetch.mock.calls[0]?.[1]?.signal).toBeInstanceOf(AbortSignal);
    expect(fakeFetch.mock.calls[0]?.[1]?.redirect).toBe('error');
  });
});

describe('createCachedCertificateFetcher', () => {
  function clock(start = 0) {
    let ms = start;
    return { now: () => new Date(ms), advance: (by: number) => (ms += by) };
  }

  it('fetches a URL once while its entry is fresh', async () => {
    const inner = vi.fn(async (url: string) => `pem for ${url}`);
    const time = clock();
    const cached = createCachedCertificateFetcher(inner, { now: time.now, ttlMs: 1000 });
    expect(await cached('a')).toBe('pem for a');
    time.advance(999);
    expect(await cached('a')).toBe('pem for a');
    expect(inner).toHaveBeenCalledTimes(1);
  });

  it('fetches again after the TTL', async () => {
    const inner = vi.fn(async () => 'pem');
    const time = clock();
    const cached = createCachedCertificateFetcher(inner, { now: time.now, ttlMs: 1000 });
    await cached('a');
    time.advance(1000);
    await cached('a');
    expect(inner).toHaveBeenCalledTimes(2);
  });

  it('keys entries by URL', async () => {
    const inner = vi.fn(async (url: string) => url);
    const cached = createCachedCertificateFetcher(inner, { now: clock().now });
    await cached('a');
    await cached('b');
    expect(inner).toHaveBeenCalledTimes(2);
  });

  it('evicts the least recently used URL beyond maxEntries', async () => {
    const inner = vi.fn(async (url: string) => url);
    const cached = createCachedCertificateFetcher(inner, { now: clock().now, maxEntries: 2 });
    await cached('a');
    await cached('b');
    await cached('a'); // a is now the most recently used
    await cached('c'); // evicts b
    await cached('a');
    expect(inner.mock.calls.map((c) => c[0])).toEqual(['a', 'b', 'c']);
    await cached('b');
    expect(inner.mock.calls.map((c) => c[0])).toEqual(['a', 'b', 'c', 'b']);
  });

  it('does not cache a failed fetch', async () => {
    const inner = vi.fn().mockRejectedValueOnce(new Error('down')).mockResolvedValueOnce('pem');
    const cached = createCachedCertificateFetcher(inner, { now: clock().now });
    await expect(cached('a')).rejects.toThrow('down');
    await expect(cached('a')).resolves.toBe('pem');
    expect(inner).toHaveBeenCalledTimes(2);
  });

  it('shares one fetch between concurrent callers', async () => {
    const inner = vi.fn(async () => 'pem');
    const cached = createCachedCertificateFetcher(inner, { now: clock().now });
    await Promise.all([cached('a'), cached('a'), cached('a')]);
    expect(inner).toHaveBeenCalledTimes(1);
  });
});
