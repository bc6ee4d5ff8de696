import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { packageRoot } from '../../platform/paths.js';
import type { SlackStore } from '../slack-api/store/store.js';
import { contentTypeOf } from './content-type.js';
import { sendNotFound } from './http-io.js';

/**
 * The page's own files live in src/sandbox/web/public at the package root (tsc copies no
 * non-TS files, so dist/ code reads them from there too).
 */
export function publicDir(): string {
  return join(packageRoot(import.meta.url), 'src', 'sandbox', 'web', 'public');
}

/** Names the page may load: flat, lowercase, no path separators, so no path escapes the folder. */
const ASSET_NAME = /^[a-z][a-z0-9-]*\.(js|css|html|svg)$/;

/** The page's scripts come only from this server; nothing inline, nothing from a CDN. */
const PAGE_POLICY =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";

export async function sendAsset(res: ServerResponse, name: string): Promise<void> {
  if (!ASSET_NAME.test(name)) return sendNotFound(res, `no asset ${name}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(join(publicDir(), name));
  } catch {
    return sendNotFound(res, `no asset ${name}`);
  }
  res.writeHead(200, {
    'content-type': contentTypeOf(name),
    'content-length': bytes.length,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'content-security-policy': PAGE_POLICY,
  });
  res.end(bytes);
}

/**
 * An uploaded file's bytes (the digest chart and friends). The bot chose the name, so the answer
 * is sandboxed: whatever the bytes are, they run no script on the sandbox's origin.
 */
export function sendUploadedFile(res: ServerResponse, store: SlackStore, id: string): void {
  const file = store.files.get(id);
  if (!file?.completed || !file.bytes) {
    sendNotFound(res, `no file ${id}`);
    return;
  }
  const type = contentTypeOf(file.name);
  const disposition = type.startsWith('image/') ? 'inline' : 'attachment';
  res.writeHead(200, {
    'content-type': type,
    'content-length': file.bytes.length,
    'content-disposition': `${disposition}; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
    'x-content-type-options': 'nosniff',
    'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    'cache-control': 'no-store',
  });
  res.end(file.bytes);
}
