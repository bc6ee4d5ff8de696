import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/platform/config/load.js';
import { summarizeConfig } from '../../../src/platform/config/summary.js';
import { ConfigError } from '../../../src/platform/errors.js';

const base = {
  REDIS_URL: 'redis://10.0.0.1:6379',
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-canarybottoken',
  SLACK_APP_TOKEN: 'xapp-1-canary',
};
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function load(env: Record<string, string>, files: Record<string, string> = {}) {
  return loadConfig({
    env: { ...base, ...env },
    readFile: (path) => {
      const text = files[path];
      if (text === undefined) throw Object.assign(new Error('nope'), { code: 'ENOENT' });
      return text;
    },
  });
}

function problemsOf(env: Record<string, string>, files: Record<string, string> = {}): string[] {
  try {
    load(env, files);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => `${p.path}: ${p.message} | ${p.fix ?? ''}`);
  }
  return [];
}

describe('the redis config section', () => {
  it('refuses cluster mode with a prefix that is not a hash tag, saying why and what to use', () => {
    const problems = problemsOf({ WATCHKEEPER_REDIS_CLUSTER: 'true' });
    expect(problems).toEqual([
      expect.stringMatching(
        /^redis\.prefix \(WATCHKEEPER_QUEUE_PREFIX\): "wk" has no hash tag.*one slot.*\{wk\}/,
      ),
    ]);
    expect(
      problemsOf({ WATCHKEEPER_REDIS_CLUSTER_NODES: '10.0.0.2:6379', WATCHKEEPER_QUEUE_PREFIX: 'prod' }),
    ).toEqual([expect.stringContaining('like {prod}')]);
  });

  it('accepts cluster mode with a hash-tagged prefix and seed nodes', () => {
    const config = load({
      WATCHKEEPER_REDIS_CLUSTER_NODES: '10.0.0.2:6379, node-3.example.com:6380',
      WATCHKEEPER_QUEUE_PREFIX: '{wk}',
    });
    expect(config.redis.clusterNodes).toEqual(['10.0.0.2:6379', 'node-3.example.com:6380']);
    expect(summarizeConfig(config)).toContain(
      'Redis: cluster mode, seed nodes 10.0.0.1:6379, 10.0.0.2:6379, node-3.example.com:6380, key prefix {wk} (one hash slot); no TLS; no AUTH.',
    );
  });

  it('refuses a seed node that is not host:port and a database number in cluster mode', () => {
    const problems = problemsOf({
      REDIS_URL: 'redis://10.0.0.1:6379/3',
      WATCHKEEPER_REDIS_CLUSTER_NODES: 'redis://10.0.0.2',
      WATCHKEEPER_QUEUE_PREFIX: '{wk}',
    });
    expect(problems.join('\n')).toMatch(
      /redis\.clusterNodes\.0 \(WATCHKEEPER_REDIS_CLUSTER_NODES\): expected host:port/,
    );
    const db = problemsOf({
      REDIS_URL: 'redis://10.0.0.1:6379/3',
      WATCHKEEPER_REDIS_CLUSTER: 'yes',
      WATCHKEEPER_QUEUE_PREFIX: '{wk}',
    });
    expect(db).toEqual([
      expect.stringMatching(/^redis\.url \(REDIS_URL\): Redis Cluster has only database 0/),
    ]);
  });

  it('reads the AUTH token from a file, trims its newline and never prints it', () => {
    const config = load(
      {
        REDIS_URL: 'rediss://cache.example.com:6379',
        WATCHKEEPER_REDIS_PASSWORD_FILE: '/run/secrets/redis',
        WATCHKEEPER_REDIS_USERNAME: 'watchkeeper',
      },
      { '/run/secrets/redis': 'file-canary-auth-token-91c\n' },
    );
    expect(config.redis.password).toBe('file-canary-auth-token-91c');
    const summary = summarizeConfig(config);
    expect(summary).not.toContain('file-canary');
    expect(summary).toContain('redis.passwordFile: "/run/secrets/redis"');
    expect(summary).toContain('TLS (system CA roots); AUTH as user watchkeeper.');
  });

  it('keeps a password from the environment out of the summary', () => {
    const config = load({ WATCHKEEPER_REDIS_PASSWORD: 'env-canary-auth-token-77d' });
    expect(config.redis.password).toBe('env-canary-auth-token-77d');
    expect(summarizeConfig(config)).not.toContain('env-canary');
    expect(summarizeConfig(config)).toContain('AUTH as the default user');
  });

  it('names an unreadable or empty password file and a CA file that is not PEM', () => {
    expect(problemsOf({ WATCHKEEPER_REDIS_PASSWORD_FILE: '/missing' })).toEqual([
      expect.stringMatching(
        /^redis\.passwordFile \(WATCHKEEPER_REDIS_PASSWORD_FILE\): cannot read \/missing \(ENOENT\)/,
      ),
    ]);
    expect(problemsOf({ WATCHKEEPER_REDIS_PASSWORD_FILE: '/empty' }, { '/empty': '\n' })).toEqual([
      expect.stringContaining('/empty is empty'),
    ]);
    expect(
      problemsOf(
        { REDIS_URL: 'rediss://h:1', WATCHKEEPER_REDIS_TLS_CA_FILE: '/ca.pem' },
        { '/ca.pem': 'not a cert' },
      ),
    ).toEqual([expect.stringContaining('/ca.pem holds no PEM certificate')]);
  });

  it('accepts a CA bundle for rediss:// and refuses one for plain redis://', () => {
    const config = load(
      { REDIS_URL: 'rediss://h:1', WATCHKEEPER_REDIS_TLS_CA_FILE: '/ca.pem' },
      { '/ca.pem': PEM },
    );
    expect(summarizeConfig(config)).toContain('TLS (CA bundle /ca.pem)');
    expect(problemsOf({ WATCHKEEPER_REDIS_TLS_CA_FILE: '/ca.pem' }, { '/ca.pem': PEM })).toEqual([
      expect.stringMatching(/redis\.tlsCaFile .*URL is redis:\/\/ \(no TLS\): use rediss:\/\//),
    ]);
  });

  it('refuses a password set in two places', () => {
    expect(
      problemsOf(
        { WATCHKEEPER_REDIS_PASSWORD: 'one-token', WATCHKEEPER_REDIS_PASSWORD_FILE: '/p' },
        { '/p': 'two' },
      ),
    ).toEqual([expect.stringContaining('both a password and a password file are set')]);
    expect(
      problemsOf({ REDIS_URL: 'redis://:url-pass@h:1', WATCHKEEPER_REDIS_PASSWORD: 'one-token' }),
    ).toEqual([expect.stringContaining('the URL carries a password and a separate password is set too')]);
  });

  it('keeps the URL with its credentials out of the summary', () => {
    const summary = summarizeConfig(load({ REDIS_URL: 'redis://user:url-canary-pass@h:6379' }));
    expect(summary).not.toContain('url-canary-pass');
    expect(summary).toContain('Redis: single node h:6379, key prefix wk; no TLS; AUTH as user user.');
  });
});
