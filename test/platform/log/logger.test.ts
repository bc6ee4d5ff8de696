import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/platform/log/logger.js';

const KEY_ID = 'AKIAZ7CANARY0KEY4Q2W';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYCANARY0SEC';
const SESSION = 'FwoGZXIvYXdzEJr//////////wEaDCanary0SessionToken0Logger';
const SLACK = 'xoxb-1234567890-0987654321-CanaryLogTok';
const CANARIES = [KEY_ID, SECRET, SESSION, SLACK];

function capture() {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return {
    logger: createLogger({ level: 'debug', destination }),
    lines: () => chunks.join('').split('\n').filter(Boolean),
  };
}

describe('the logger masks secrets in every line it writes', () => {
  it('in messages, nested objects, serialized errors and child bindings, keeping JSON lines', () => {
    const { logger, lines } = capture();
    const agent = `aws-cli/2 aws_secret_access_key=${SECRET} AWS_SESSION_TOKEN=${SESSION}`;
    logger.info(`user agent ${agent} with key ${KEY_ID}`);
    logger.info({ after: { actor: { accessKeyId: KEY_ID, userAgent: agent } } }, 'audit');
    logger.warn({ err: new Error(`Slack said invalid_auth for ${SLACK}`) }, 'call failed');
    logger.child({ request: `X-Amz-Security-Token=${SESSION}` }).debug({ raw: [[{ key: KEY_ID }]] }, 'deep');

    const written = lines();
    expect(written).toHaveLength(4);
    for (const canary of CANARIES) expect(written.join('\n')).not.toContain(canary);
    for (const line of written) expect(() => JSON.parse(line)).not.toThrow();
    const audit = JSON.parse(written[1]!) as { after: { actor: { accessKeyId: string } } };
    expect(audit.after.actor.accessKeyId).toBe('AKIA…4Q2W');
  });
});
