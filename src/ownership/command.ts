import type { ResourceTagsPort } from '../aws/tagging/port.js';
import { createStaticResourceTagsPort } from '../aws/tagging/static.js';
import {
  ErrorCode,
  formatProblems,
  InputError,
  isCodedError,
  toUserMessage,
  UsageError,
} from '../platform/errors.js';
import { createSilentLogger, type Logger } from '../platform/log/logger.js';
import { formatOwnerAnswer } from './answer.js';
import { OWNER_QUERY_FORMS, parseOwnerQuery } from './query.js';
import { emptyOwnersRegistry, type OwnersRegistry, parseOwnersRegistry } from './registry.js';
import { resolveOwner } from './resolver.js';
import { parseTagsFile } from './tags-file.js';

/**
 * `watchkeeper owner QUERY [--registry owners.yaml] [--tags FILE.json]` without the I/O: the caller
 * reads the files and passes their text. Exit codes: 0 an owner was found, 1 nobody owns it (the
 * answer says what to add to owners.yaml), 2 bad input (query, flags, owners.yaml, tags file).
 */

export const OWNER_CLI_USAGE = `watchkeeper owner ${OWNER_QUERY_FORMS} [--registry owners.yaml] [--tags FILE.json] [--account ID] [--region REGION]`;

export const OWNER_EXIT = { found: 0, none: 1, badInput: 2 } as const;

export interface OwnerCommandInput {
  readonly query: string;
  /** The text of owners.yaml; without it only tags can answer. */
  readonly registryText?: string;
  /** The registry's file name, for answers and errors. @defaultValue 'owners.yaml' */
  readonly registrySource?: string;
  /** The text of the --tags JSON file. */
  readonly tagsJson?: string;
  readonly tagsSource?: string;
  /** The account and region to place instance ids and principals in. */
  readonly accountId?: string;
  readonly region?: string;
  readonly tagKeys?: readonly string[];
  readonly logger?: Logger;
}

export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export async function runOwnerCommand(input: OwnerCommandInput): Promise<CommandOutput> {
  try {
    const query = parseOwnerQuery(input.query, OWNER_CLI_USAGE);
    checkContext(input);
    const source = input.registrySource ?? 'owners.yaml';
    const registry: OwnersRegistry =
      input.registryText === undefined
        ? emptyOwnersRegistry(source)
        : parseOwnersRegistry(input.registryText, { source });
    const tags: ResourceTagsPort | undefined =
      input.tagsJson === undefined
        ? undefined
        : createStaticResourceTagsPort(parseTagsFile(input.tagsJson, input.tagsSource ?? 'tags file'));
    const resolution = await resolveOwner(query, {
      registry,
      logger: input.logger ?? createSilentLogger(),
      context: {
        ...(input.accountId ? { accountId: input.accountId } : {}),
        ...(input.region ? { region: input.region } : {}),
      },
      ...(tags ? { tags } : {}),
      ...(input.tagKeys ? { tagKeys: input.tagKeys } : {}),
    });
    return {
      stdout: `${formatOwnerAnswer(resolution, { format: 'plain' })}\n`,
      stderr: '',
      exitCode: resolution.owner ? OWNER_EXIT.found : OWNER_EXIT.none,
    };
  } catch (error) {
    return {
      stdout: '',
      stderr: `${describeError(error)}\n`,
      exitCode: isBadInput(error) ? OWNER_EXIT.badInput : 1,
    };
  }
}

function checkContext(input: OwnerCommandInput): void {
  if (input.accountId !== undefined && !/^\d{12}$/.test(input.accountId)) {
    throw new UsageError(`--account "${input.accountId}" is not a 12-digit AWS account id`, OWNER_CLI_USAGE);
  }
  if (input.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(input.region)) {
    throw new UsageError(
      `--region "${input.region}" is not an AWS region such as us-east-1`,
      OWNER_CLI_USAGE,
    );
  }
}

function isBadInput(error: unknown): boolean {
  if (!isCodedError(error)) return false;
  return [ErrorCode.UsageInvalid, ErrorCode.InputInvalid, ErrorCode.InputUnrecognized].includes(error.code);
}

/** InputError folds its problems into one line; the CLI lists them one per line with their fixes. */
function describeError(error: unknown): string {
  if (error instanceof InputError && error.problems.length > 0) {
    const inline = error.problems.map((p) => `${p.path}: ${p.message}`).join('; ');
    const headline = error.message.endsWith(`: ${inline}`)
      ? error.message.slice(0, error.message.length - inline.length - 2)
      : error.message;
    return `${headline}:\n${formatProblems(error.problems)}`;
  }
  return toUserMessage(error);
}
