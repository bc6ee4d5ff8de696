import { describe, expect, it } from 'vitest';
import { exitedBotProcess } from '../../bench/lib/bot-processes.js';

/** A scenario waiting on the queue stops with the reason when a bot process died, instead of waiting for ever. */
describe('exitedBotProcess', () => {
  const running = { exitCode: null, signalCode: null };
  it('says nothing while every process runs', () => {
    expect(exitedBotProcess({ web: running, worker1: running })).toBeUndefined();
  });

  it('names the process that exited, and how', () => {
    expect(exitedBotProcess({ web: running, worker1: { exitCode: 1, signalCode: null } })).toBe(
      'the worker1 process exited during the run (exit code 1)',
    );
    expect(exitedBotProcess({ web: { exitCode: null, signalCode: 'SIGKILL' }, worker1: running })).toBe(
      'the web process exited during the run (SIGKILL)',
    );
  });
});
