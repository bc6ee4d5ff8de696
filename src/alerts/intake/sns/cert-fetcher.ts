/**
 * Getting the PEM certificate named by a (already checked) SigningCertURL. The fetcher is a
 * plain function so tests and the sandbox can inject their own; the default uses global fetch
 * with a timeout, a size cap and no redirects (a redirect could lead off the SNS host we checked).
 */

/** Returns the PEM text at `url`, or throws. */
export type CertificateFetcher = (url: string) => Promise<string>;

export interface HttpCertificateFetcherOptions {
  /** @defaultValue 5000 */
  timeoutMs?: number;
  /** SNS signing certificates are about 2 KB; anything far larger is not one. @defaultValue 16384 */
  maxBytes?: number;
  /** @defaultValue globalThis.fetch */
  fetch?: typeof fetch;
}

export function createHttpCertificateFetcher(
  options: HttpCertificateFetcherOptions = {},
): CertificateFetcher {
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxBytes = options.maxBytes ?? 16_384;
  const doFetch = options.fetch ?? globalThis.fetch;
  return async (url) => {
    const response = await doFetch(url, { redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
    if (response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`certificate request answered HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get('content-length') ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new Error(`certificate is ${declared} bytes, more than the ${maxBytes} accepted`);
    }
    return readCapped(response, maxBytes);
  };
}

/** Reads the body but stops as soon as it passes `maxBytes`, whatever Content-Length claimed. */
async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new Error(`certificate is more than the ${maxBytes} bytes accepted`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface CertificateCacheOptions {
  /** Distinct certificate URLs kept; SNS uses one per region, rotated rarely. @defaultValue 32 */
  maxEntries?: number;
  /** @defaultValue 3_600_000 (1 h) */
  ttlMs?: number;
  now: () => Date;
}

/**
 * Caches certificates by URL (bounded, least recently used evicted first, each entry kept for
 * `ttlMs`). Concurrent requests for one URL share one fetch; a failed fetch is not cached.
 */
export function createCachedCertificateFetcher(
  inner: CertificateFetcher,
  options: CertificateCacheOptions,
): CertificateFetcher {
  const maxEntries = Math.max(1, options.maxEntries ?? 32);
  const ttlMs = options.ttlMs ?? 3_600_000;
  const entries = new Map<string, { pem: Promise<string>; expiresAt: number }>();
  return (url) => {
    const nowMs = options.now().getTime();
    const cached = entries.get(url);
    if (cached && cached.expiresAt > nowMs) {
      // Re-insert so Map order stays least-recently-used first.
      entries.delete(url);
      entries.set(url, cached);
      return cached.pem;
    }
    entries.delete(url);
    const pem = inner(url);
    const entry = { pem, expiresAt: nowMs + ttlMs };
    entries.set(url, entry);
    pem.catch(() => {
      if (entries.get(url) === entry) entries.delete(url);
    });
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next().value;
      if (oldest === undefined) break;
      entries.delete(oldest);
    }
    return pem;
  };
}
