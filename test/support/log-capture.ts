import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/platform/log/logger.js';

/** A real pino logger whose lines are kept in memory, so tests can search them. */
export function captureLogs(level = 'debug'): { logger: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const logger = createLogger({ level, destination });
  return { logger, lines: () => chunks.join('').split('\n').filter(Boolean), text: () => chunks.join('') };
}
