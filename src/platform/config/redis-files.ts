import type { Problem } from '../errors.js';
import type { Config } from './schema.js';

type RedisConfig = Config['redis'];

/**
 * Reads the files the `redis` section names, so a missing or empty secret stops start-up (and
 * `check-config`) with the file's name instead of a connection that fails later with NOAUTH.
 * The password is read into `password`; no problem text ever quotes a file's content.
 */
export function resolveRedisFiles(
  redis: RedisConfig,
  readFile: (path: string) => string,
  problems: Problem[],
): RedisConfig {
  let resolved = redis;
  if (redis.passwordFile) {
    const text = readOrReport(
      redis.passwordFile,
      'redis.passwordFile (WATCHKEEPER_REDIS_PASSWORD_FILE)',
      readFile,
      problems,
    );
    // Secret files usually end with a newline that is not part of the token.
    const password = text?.trim();
    if (text !== undefined && !password)
      problems.push({
        path: 'redis.passwordFile (WATCHKEEPER_REDIS_PASSWORD_FILE)',
        message: `${redis.passwordFile} is empty`,
        fix: 'write the AUTH token or password into the file, or unset WATCHKEEPER_REDIS_PASSWORD_FILE',
      });
    if (password) resolved = { ...resolved, password };
  }
  if (redis.tlsCaFile) {
    const text = readOrReport(
      redis.tlsCaFile,
      'redis.tlsCaFile (WATCHKEEPER_REDIS_TLS_CA_FILE)',
      readFile,
      problems,
    );
    if (text !== undefined && !text.includes('-----BEGIN CERTIFICATE-----'))
      problems.push({
        path: 'redis.tlsCaFile (WATCHKEEPER_REDIS_TLS_CA_FILE)',
        message: `${redis.tlsCaFile} holds no PEM certificate`,
        fix: 'point it at a PEM bundle (-----BEGIN CERTIFICATE-----), or unset it to trust the system roots',
      });
  }
  return resolved;
}

function readOrReport(
  file: string,
  where: string,
  readFile: (path: string) => string,
  problems: Problem[],
): string | undefined {
  try {
    return readFile(file);
  } catch (error) {
    problems.push({
      path: where,
      message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      fix: 'point it at a readable file, or unset it',
    });
    return undefined;
  }
}
