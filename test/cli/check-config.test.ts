import { describe, expect, it } from 'vitest';
import { runCliForTest } from '../support/cli.js';

describe('watchkeeper check-config', () => {
  it('exits 2 with no environment and names each missing setting with its fix', async () => {
    const run = await runCliForTest(['check-config'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('REDIS_URL');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
    expect(run.stderr).toContain('fix: set REDIS_URL');
  });

  it('exits 0 with a valid environment and prints the summary with secrets masked', async () => {
    const run = await runCliForTest(['check-config'], {
      REDIS_URL: 'redis://127.0.0.1:6399',
      SLACK_BOT_TOKEN: 'xoxb-canary-token-value',
      SLACK_APP_TOKEN: 'xapp-canary-app-token',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Socket Mode');
    expect(run.stdout).not.toContain('canary');
  });

  it('start refuses an invalid config with the same message', async () => {
    const run = await runCliForTest(['start'], { REDIS_URL: 'nope' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('Refusing to start');
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
  });

  it('rejects an unknown role', async () => {
    const run = await runCliForTest(['start', '--role', 'chef'], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Allowed choices are all, web, worker, scheduler/);
  });

  it('refuses cluster mode with a prefix that is not a hash tag, saying why', async () => {
    const run = await runCliForTest(['check-config'], {
      REDIS_URL: 'rediss://clustercfg.wk.example.com:6379',
      WATCHKEEPER_REDIS_CLUSTER: 'true',
      SLACK_BOT_TOKEN: 'xoxb-canary-token-value',
      SLACK_APP_TOKEN: 'xapp-canary-app-token',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('redis.prefix (WATCHKEEPER_QUEUE_PREFIX): "wk" has no hash tag');
    expect(run.stderr).toMatch(/must hash to one slot.*like \{wk\}/);
  });

  it('describes a valid cluster, TLS and AUTH setup without printing the token', async () => {
    const run = await runCliForTest(['check-config'], {
      REDIS_URL: 'rediss://clustercfg.wk.example.com:6379',
      WATCHKEEPER_REDIS_CLUSTER: 'true',
      WATCHKEEPER_QUEUE_PREFIX: '{wk}',
      WATCHKEEPER_REDIS_USERNAME: 'watchkeeper',
      WATCHKEEPER_REDIS_PASSWORD: 'cli-canary-auth-token-5d1',
      SLACK_BOT_TOKEN: 'xoxb-canary-token-value',
      SLACK_APP_TOKEN: 'xapp-canary-app-token',
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Redis: cluster mode, seed node clustercfg.wk.example.com:6379, key prefix {wk} (one hash slot); TLS (system CA roots); AUTH as user watchkeeper.',
    );
    expect(run.stdout).not.toContain('canary');
  });
});
