import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingMessage['headers'];
  body: string;
  verified: boolean;
}

/**
 * A tiny stand-in for the bot's `/slack/events`: it checks the signature with Slack's algorithm
 * (as Bolt's verify-request does: v0, HMAC-SHA256 over `v0:ts:body`, 5-minute window) and answers
 * with what the test asks.
 */
export async function startBotServer(
  signingSecret: string,
  nowSeconds: () => number,
  answer: (req: ReceivedRequest) => { status: number; body?: unknown } = () => ({ status: 200 }),
): Promise<{ url: string; received: ReceivedRequest[]; close: () => Promise<void> }> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const timestamp = Number(req.headers['x-slack-request-timestamp']);
      const signature = String(req.headers['x-slack-signature'] ?? '');
      const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
      const fresh = Math.abs(nowSeconds() - timestamp) <= 300;
      const verified =
        fresh &&
        signature.length === expected.length &&
        timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
      const request = { headers: req.headers, body, verified };
      received.push(request);
      if (!verified) {
        res.writeHead(401).end();
        return;
      }
      const reply = answer(request);
      const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
      res.writeHead(reply.status, text ? { 'content-type': 'application/json' } : {}).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/slack/events`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
