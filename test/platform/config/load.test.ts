import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config/load.js';
import { summarizeConfig } from '../../../src/platform/config/summary.js';
import { ConfigError } from '../../../src/platform/errors.js';

const valid = {
  REDIS_URL: 'redis://127.0.0.1:6399',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-canarybottoken',
  SLACK_SIGNING_SECRET: 'canary-signing-secret-0123456789',
};

function problemsOf(env: Record<string, string>, files: Record<string, string> = {}): string[] {
  try {
    loadConfig({
      env,
      readFile: (p) =>
        files[p] ??
        (() => {
          throw Object.assign(new Error('nope'), { code: 'ENOENT' });
        })(),
    });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

describe('loadConfig', () => {
  it('reports every missing required setting at once, naming the environment variable', () => {
    const problems = problemsOf({});
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('REDIS_URL'),
        expect.stringContaining('SLACK_BOT_TOKEN'),
      ]),
    );
    expect(problems.length).toBeGreaterThanOrEqual(2);
  });

  it('requires the signing secret only in HTTP mode', () => {
    const { SLACK_SIGNING_SECRET: _omit, ...noSecret } = valid;
    expect(problemsOf(noSecret)).toEqual([expect.stringContaining('SLACK_SIGNING_SECRET')]);
    expect(problemsOf({ ...noSecret, SLACK_APP_TOKEN: 'xapp-1-canary-app-token' })).toEqual([]);
  });

  it('reports wrong formats with the fix for each', () => {
    const problems = problemsOf({
      ...valid,
      REDIS_URL: 'http://nope',
      SLACK_BOT_TOKEN: 'xoxp-user',
      PORT: 'eighty',
    });
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/redis:\/\/ or rediss:\/\//);
    expect(problems.join('\n')).toMatch(/xoxb-/);
    expect(problems.join('\n')).toMatch(/PORT: "eighty" is not a number/);
  });

  it('merges the YAML file under the environment and rejects unknown keys', () => {
    const yaml = 'http:\n  port: 4000\nworkers:\n  concurrency: 7\n  concurrencyy: 3\n';
    const problems = problemsOf({ ...valid, WATCHKEEPER_CONFIG: '/etc/wk.yaml' }, { '/etc/wk.yaml': yaml });
    expect(problems).toEqual([expect.stringMatching(/workers: unknown key\(s\) concurrencyy/)]);
    const config = loadConfig({
      env: { ...valid, WATCHKEEPER_CONFIG: '/etc/wk.yaml', PORT: '5000' },
      readFile: () => 'http:\n  port: 4000\n',
    });
    expect(config.http.port).toBe(5000);
  });

  it('names a config file it cannot read or parse', () => {
    expect(problemsOf({ ...valid, WATCHKEEPER_CONFIG: '/missing.yaml' })).toEqual([
      expect.stringMatching(/cannot read \/missing.yaml/),
    ]);
    expect(problemsOf({ ...valid, WATCHKEEPER_CONFIG: '/bad.yaml' }, { '/bad.yaml': 'a: [1,\n' })[0]).toMatch(
      /bad.yaml:\d+/,
    );
  });

  it('returns a frozen config with defaults', () => {
    const config = loadConfig({ env: valid });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.slack)).toBe(true);
    expect(config.redis.prefix).toBe('wk');
    expect(config.workers.shutdownGraceMs).toBe(15_000);
    expect(config.http.bodyLimitBytes).toBe(262_144);
  });

  it('puts the admin listener on loopback port 9090 unless told otherwise', () => {
    const config = loadConfig({ env: valid });
    expect(config.http.adminHost).toBe('127.0.0.1');
    expect(config.http.adminPort).toBe(9090);
    const moved = loadConfig({
      env: { ...valid, WATCHKEEPER_ADMIN_HOST: '::1', WATCHKEEPER_ADMIN_PORT: '0' },
    });
    expect(moved.http.adminHost).toBe('::1');
    expect(moved.http.adminPort).toBe(0);
  });

  it('rejects an admin address that is not a host, naming the variable', () => {
    for (const host of ['http://127.0.0.1:9090', '127.0.0.1:9090', 'metrics host'])
      expect(problemsOf({ ...valid, WATCHKEEPER_ADMIN_HOST: host })).toEqual([
        expect.stringMatching(
          /^http\.adminHost \(WATCHKEEPER_ADMIN_HOST\): expected an IP address or host name/,
        ),
      ]);
  });

  it('rejects an admin port out of range, fractional, or shared with the public port', () => {
    expect(problemsOf({ ...valid, WATCHKEEPER_ADMIN_PORT: '70000' })).toEqual([
      expect.stringMatching(
        /^http\.adminPort \(WATCHKEEPER_ADMIN_PORT\): adminPort must be between 0 and 65535/,
      ),
    ]);
    expect(problemsOf({ ...valid, WATCHKEEPER_ADMIN_PORT: '90.5' })).toEqual([
      expect.stringMatching(/WATCHKEEPER_ADMIN_PORT\): adminPort must be a whole number/),
    ]);
    expect(problemsOf({ ...valid, WATCHKEEPER_ADMIN_PORT: 'ninety' })).toEqual([
      'WATCHKEEPER_ADMIN_PORT: "ninety" is not a number',
    ]);
    expect(problemsOf({ ...valid, PORT: '8080', WATCHKEEPER_ADMIN_PORT: '8080' })).toEqual([
      expect.stringMatching(/WATCHKEEPER_ADMIN_PORT\): must differ from http\.port \(8080\)/),
    ]);
    // Port 0 means "any free port" on both, which never collide.
    expect(problemsOf({ ...valid, PORT: '0', WATCHKEEPER_ADMIN_PORT: '0' })).toEqual([]);
  });

  it('rejects a queue prefix with a colon, which BullMQ keys cannot carry', () => {
    expect(problemsOf({ ...valid, WATCHKEEPER_QUEUE_PREFIX: 'a:b' })).toEqual([
      expect.stringContaining('WATCHKEEPER_QUEUE_PREFIX'),
    ]);
  });
});

describe('summarizeConfig', () => {
  it('masks every secret', () => {
    const text = summarizeConfig(
      loadConfig({
        env: { ...valid, WATCHKEEPER_EVENTBRIDGE_API_KEY: 'canary-eventbridge-key-abcdefghijkl' },
      }),
    );
    expect(text).not.toContain('canarybottoken');
    expect(text).not.toContain('canary-signing-secret');
    expect(text).not.toContain('canary-eventbridge-key');
    expect(text).toContain('slack.botToken: xoxb-****');
    expect(text).toContain('Slack mode: HTTP');
  });

  it('says where the admin endpoints listen, and warns when other hosts can reach them', () => {
    expect(summarizeConfig(loadConfig({ env: valid }))).toContain(
      'Admin endpoints (/metrics, detailed /readyz): 127.0.0.1:9090, this host only.',
    );
    const open = summarizeConfig(loadConfig({ env: { ...valid, WATCHKEEPER_ADMIN_HOST: '0.0.0.0' } }));
    expect(open).toContain(
      '0.0.0.0:9090, reachable from other hosts: keep this port off untrusted networks.',
    );
  });
});
