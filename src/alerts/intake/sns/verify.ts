import { verify, X509Certificate } from 'node:crypto';
import { AuthenticationError } from '../../../platform/errors.js';
import type { CertificateFetcher } from './cert-fetcher.js';
import { parseSnsMessage, type SnsMessage, type SnsRejectReason } from './message.js';
import { checkSigningCertUrl, type UrlVerdict } from './sns-url.js';
import { snsStringToSign } from './string-to-sign.js';

/**
 * Verifies that an HTTP body really came from Amazon SNS: parses it, checks the certificate
 * URL (an SNS host in the topic's region), fetches the certificate, and checks the RSA signature
 * over the documented string to sign (SignatureVersion 1 = SHA1withRSA, 2 = SHA256withRSA).
 * That proves the message went through SNS, not that it is ours or recent: `admitSnsMessage`
 * decides that.
 */

/** Signed by someone other than SNS, or we could not tell (answer 403, or 503 for `certificate-unavailable`). */
export class SnsAuthenticationError extends AuthenticationError {
  readonly reason: SnsRejectReason;
  constructor(reason: SnsRejectReason, message: string, cause?: unknown) {
    super(message);
    this.reason = reason;
    if (cause !== undefined) {
      Object.defineProperty(this, 'cause', {
        value: cause,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
  }
}

const DIGEST_BY_VERSION: Readonly<Record<string, string>> = { '1': 'sha1', '2': 'sha256' };

export interface SnsVerifyDeps {
  /** Returns the PEM certificate; production wraps `createHttpCertificateFetcher` in the cache. */
  fetchCertificate: CertificateFetcher;
  /**
   * Which certificate URLs are trusted for a message from `topicArn`. Defaults to the production
   * rule (an SNS host in the topic's own region); tests inject one that also accepts their local
   * http server.
   */
  checkCertUrl?: (url: string, topicArn: string) => UrlVerdict;
}

/**
 * Returns the message when its signature is good. Throws `SnsInputError` (bad JSON, unknown
 * Type, malformed) or `SnsAuthenticationError` (bad cert URL, unsupported SignatureVersion,
 * certificate unavailable or unusable, signature mismatch); both carry `reason`.
 */
export async function verifySnsMessage(body: string, deps: SnsVerifyDeps): Promise<SnsMessage> {
  const message = parseSnsMessage(body);
  const digest = DIGEST_BY_VERSION[message.SignatureVersion];
  if (digest === undefined) {
    throw new SnsAuthenticationError(
      'unsupported-signature-version',
      `SNS SignatureVersion ${JSON.stringify(message.SignatureVersion)} is not supported (expected "1" or "2")`,
    );
  }
  const verdict = (deps.checkCertUrl ?? checkSigningCertUrl)(message.SigningCertURL, message.TopicArn);
  if (!verdict.ok)
    throw new SnsAuthenticationError('bad-cert-url', `SNS message refused: ${verdict.problem}`);

  let pem: string;
  try {
    pem = await deps.fetchCertificate(verdict.url.href);
  } catch (error) {
    throw new SnsAuthenticationError(
      'certificate-unavailable',
      `SNS signing certificate could not be fetched from ${verdict.url.href}`,
      error,
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(pem);
  } catch (error) {
    throw new SnsAuthenticationError(
      'bad-certificate',
      `SNS signing certificate at ${verdict.url.href} is not a PEM X.509 certificate`,
      error,
    );
  }

  const signature = Buffer.from(message.Signature, 'base64');
  const data = Buffer.from(snsStringToSign(message), 'utf8');
  let valid = false;
  try {
    valid = verify(digest, data, certificate.publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new SnsAuthenticationError(
      'signature-mismatch',
      `SNS ${message.Type} ${message.MessageId} signature does not match its certificate`,
    );
  }
  return message;
}
