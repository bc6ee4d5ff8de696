import { LogLevel, type Logger as SlackLogger } from '@slack/logger';
import type { Logger } from '../platform/log/logger.js';

/** Lets Bolt and the WebClient log through the one pino logger (and its redaction). */
export function toSlackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.debug(msg.map(String).join(' ')),
    info: (...msg: unknown[]) => child.info(msg.map(String).join(' ')),
    warn: (...msg: unknown[]) => child.warn(msg.map(String).join(' ')),
    error: (...msg: unknown[]) => child.error(msg.map(String).join(' ')),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
