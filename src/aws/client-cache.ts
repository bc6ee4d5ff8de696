import type { Config } from '../platform/config/schema.js';
import { NotFoundError } from '../platform/errors.js';
import { type AwsClientConfig, type AwsTarget, awsClientConfig } from './client-config.js';

/**
 * One SDK client per (kind, account, region), built on first use and reused, so assume-role
 * credentials are cached and refreshed by the SDK rather than fetched per call. The composition
 * root makes one per runtime and hands it to every SDK port factory.
 */
export class AwsClientCache {
  readonly #clients = new Map<string, unknown>();
  readonly #config: Readonly<Config>;

  constructor(config: Readonly<Config>) {
    this.#config = config;
  }

  /** The configured target for an account and region; unknown accounts are a typed error. */
  target(accountId: string, region: string): AwsTarget {
    const account = this.#config.aws.accounts.find((a) => a.id === accountId);
    if (!account) throw new NotFoundError(`AWS account ${accountId} in config aws.accounts`);
    return {
      accountId,
      region,
      ...(account.roleArn ? { roleArn: account.roleArn } : {}),
      ...(account.externalId ? { externalId: account.externalId } : {}),
    };
  }

  get<T>(
    kind: string,
    accountId: string,
    region: string,
    build: (config: AwsClientConfig, target: AwsTarget) => T,
  ): T {
    const key = `${kind}|${accountId}|${region}`;
    let client = this.#clients.get(key) as T | undefined;
    if (!client) {
      const target = this.target(accountId, region);
      client = build(awsClientConfig(target, { maxAttempts: this.#config.aws.maxAttempts }), target);
      this.#clients.set(key, client);
    }
    return client;
  }
}
