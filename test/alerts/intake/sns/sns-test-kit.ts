import { execFileSync } from 'node:child_process';
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test kit for SNS verification: a throwaway RSA key with a self-signed X.509 certificate
 * (made by /usr/bin/openssl), a signer that follows the documented string-to-sign on its own
 * (not the code under test), and a local HTTP server that serves certificates.
 */

export type SnsFixture = Record<string, unknown>;

export function loadSnsFixture(name: string): SnsFixture {
  return JSON.parse(
    readFileSync(new URL(`../../../fixtures/sns/${name}`, import.meta.url), 'utf8'),
  ) as SnsFixture;
}

export interface TestSigningIdentity {
  privateKey: KeyObject;
  certificatePem: string;
}

export function createSigningIdentity(commonName = 'sns.watchkeeper.test'): TestSigningIdentity {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const dir = mkdtempSync(join(tmpdir(), 'wk-sns-'));
  try {
    const keyFile = join(dir, 'key.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const certificatePem = execFileSync(
      'openssl',
      ['req', '-x509', '-new', '-key', keyFile, '-subj', `/CN=${commonName}`, '-days', '2', '-sha256'],
      { encoding: 'utf8' },
    );
    return { privateKey, certificatePem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Written from the AWS documentation, independently of src/intake/sns/string-to-sign.ts. */
export function documentedStringToSign(message: SnsFixture): string {
  const keys =
    message.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type'];
  return keys
    .filter((key) => typeof message[key] === 'string')
    .map((key) => `${key}\n${String(message[key])}\n`)
    .join('');
}

/** Returns a copy of `message` with SignatureVersion, SigningCertURL and a real Signature. */
export function signSnsMessage(
  message: SnsFixture,
  identity: TestSigningIdentity,
  options: { version: '1' | '2'; certUrl: string },
): SnsFixture {
  const digest = options.version === '1' ? 'sha1' : 'sha256';
  const signed = { ...message, SignatureVersion: options.version, SigningCertURL: options.certUrl };
  const signature = sign(digest, Buffer.from(documentedStringToSign(signed), 'utf8'), identity.privateKey);
  return { ...signed, Signature: signature.toString('base64') };
}

export interface ServedFile {
  status?: number;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface LocalServer {
  readonly origin: string;
  /** Paths requested, in order. */
  readonly requests: string[];
  serve(path: string, file: ServedFile): void;
  close(): Promise<void>;
}

export async function startLocalServer(): Promise<LocalServer> {
  const files = new Map<string, ServedFile>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const file = files.get(path);
    if (!file) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(file.status ?? 200, file.headers ?? {});
    res.end(file.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    serve: (path, file) => files.set(path, file),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
