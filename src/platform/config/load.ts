import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type Problem } from '../errors.js';
import { CONFIG_FILE_ENV, ENV_BINDINGS, type EnvBinding, envNameFor } from './env.js';
import { resolveRedisFiles } from './redis-files.js';
import { type Config, configSchema } from './schema.js';

export interface LoadConfigOptions {
  env: Readonly<Record<string, string | undefined>>;
  readFile?: (path: string) => string;
}

type Tree = Record<string, unknown>;

/**
 * Reads the optional YAML file and the environment, validates both together, and returns one
 * frozen config, or throws a ConfigError listing every problem at once with how to fix it.
 * This is the only module that reads `process.env` (through its caller, the CLI).
 */
export function loadConfig(options: LoadConfigOptions): Readonly<Config> {
  const problems: Problem[] = [];
  const tree = readYamlFile(options, problems);
  for (const binding of ENV_BINDINGS) {
    const raw = options.env[binding.env];
    if (raw === undefined || raw === '') continue;
    const value = fromEnv(binding, raw, problems);
    if (value !== undefined) setPath(tree, binding.path, value);
  }
  // Required sections start empty so each missing key inside is reported by name.
  for (const section of ['redis', 'slack']) tree[section] ??= {};
  const parsed = configSchema.safeParse(tree);
  if (!parsed.success) problems.push(...parsed.error.issues.map(issueToProblem));
  if (parsed.success) problems.push(...crossFieldProblems(parsed.data));
  const redis = parsed.success
    ? resolveRedisFiles(parsed.data.redis, readFileOf(options), problems)
    : undefined;
  if (problems.length > 0 || !parsed.success || !redis) throw new ConfigError(problems);
  return deepFreeze({ ...parsed.data, redis });
}

function readFileOf(options: LoadConfigOptions): (path: string) => string {
  return options.readFile ?? ((path) => readFileSync(path, 'utf8'));
}

function readYamlFile(options: LoadConfigOptions, problems: Problem[]): Tree {
  const file = options.env[CONFIG_FILE_ENV];
  if (!file) return {};
  let text: string;
  try {
    text = readFileOf(options)(file);
  } catch (error) {
    problems.push({
      path: CONFIG_FILE_ENV,
      message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      fix: `point ${CONFIG_FILE_ENV} at a readable YAML file, or unset it`,
    });
    return {};
  }
  const doc = parseDocument(text, { prettyErrors: true });
  for (const err of doc.errors) {
    problems.push({
      path: `${file}:${err.linePos?.[0]?.line ?? '?'}`,
      message: err.message.split('\n')[0] ?? 'invalid YAML',
      fix: 'fix the YAML syntax',
    });
  }
  if (doc.errors.length) return {};
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({
      path: file,
      message: 'the config file must be a YAML mapping of keys',
      fix: 'see docs/configuration.md',
    });
    return {};
  }
  return value as Tree;
}

function fromEnv(binding: EnvBinding, raw: string, problems: Problem[]): unknown {
  switch (binding.kind) {
    case 'string':
      return raw.trim();
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) {
        problems.push({
          path: binding.env,
          message: `"${raw}" is not a number`,
          fix: `set ${binding.env} to a number`,
        });
        return undefined;
      }
      return n;
    }
    case 'boolean': {
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      problems.push({
        path: binding.env,
        message: `"${raw}" is not true or false`,
        fix: `set ${binding.env}=true or false`,
      });
      return undefined;
    }
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
  }
}

function setPath(tree: Tree, path: readonly string[], value: unknown): void {
  let node = tree;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Tree;
  }
  node[path[path.length - 1] as string] = value;
}

function issueToProblem(issue: z.core.$ZodIssue): Problem {
  // A list entry (`redis.clusterNodes.0`) is set by the list's variable.
  const env =
    envNameFor(issue.path) ??
    (typeof issue.path.at(-1) === 'number' ? envNameFor(issue.path.slice(0, -1)) : undefined);
  const key = issue.path.map(String).join('.') || '(root)';
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  if (issue.code === 'unrecognized_keys') {
    return {
      path: key,
      message: `unknown key(s) ${issue.keys.join(', ')}`,
      fix: 'remove them or check the spelling in docs/configuration.md',
    };
  }
  return {
    path: env ? `${key} (${env})` : key,
    message: missing ? 'is required but not set' : issue.message,
    fix: env ? `set ${env}${missing ? '' : ' to a valid value'}` : 'see docs/configuration.md',
  };
}

function crossFieldProblems(config: Config): Problem[] {
  const problems: Problem[] = [];
  if (!config.slack.appToken && !config.slack.signingSecret) {
    problems.push({
      path: 'slack.signingSecret (SLACK_SIGNING_SECRET)',
      message: 'is required in HTTP mode (no SLACK_APP_TOKEN is set, so Socket Mode is off)',
      fix: "set SLACK_SIGNING_SECRET from the app's Basic Information page, or set SLACK_APP_TOKEN to use Socket Mode",
    });
  }
  const ids = new Set<string>();
  for (const account of config.aws.accounts) {
    if (ids.has(account.id))
      problems.push({
        path: `aws.accounts`,
        message: `account ${account.id} is listed twice`,
        fix: 'list each account once',
      });
    ids.add(account.id);
  }
  return problems;
}

function deepFreeze<T>(value: T): Readonly<T> {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
