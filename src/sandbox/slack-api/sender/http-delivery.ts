import { signSlackRequest } from './sign.js';

export interface SignatureOverrides {
  /** Seconds since epoch in `X-Slack-Request-Timestamp`; tests pass an old one to send a stale request. */
  timestamp?: number | string;
  /** A literal `X-Slack-Signature`, e.g. a forged one. */
  signature?: string;
  /** Sign with another secret than the stand-in's. */
  signingSecret?: string;
}

export interface HttpDeliveryResult {
  status: number;
  body: string;
  elapsedMs: number;
}

/** POSTs a body to the bot's request URL, signed the way Slack signs it. */
export async function deliverSigned(args: {
  url: string;
  body: string;
  contentType: string;
  signingSecret: string;
  nowSeconds: number;
  overrides: SignatureOverrides;
  timeoutMs: number;
  extraHeaders?: Record<string, string>;
}): Promise<HttpDeliveryResult> {
  const timestamp = args.overrides.timestamp ?? args.nowSeconds;
  const signature =
    args.overrides.signature ??
    signSlackRequest(args.overrides.signingSecret ?? args.signingSecret, timestamp, args.body);
  const startedAt = performance.now();
  const response = await fetch(args.url, {
    method: 'POST',
    headers: {
      'content-type': args.contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signature,
      ...args.extraHeaders,
    },
    body: args.body,
    signal: AbortSignal.timeout(args.timeoutMs),
  });
  const body = await response.text();
  return { status: response.status, body, elapsedMs: performance.now() - startedAt };
}
