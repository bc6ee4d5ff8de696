import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../../platform/log/logger.js';
import type { Faults } from '../faults.js';
import { ArgReader } from '../methods/arg-reader.js';
import type { MethodAnswer, MethodContext, TokenKind } from '../methods/context.js';
import { SlackApiError } from '../methods/errors.js';
import { METHODS } from '../methods/registry.js';
import type { CallOutcome } from '../store/types.js';
import { parseApiArgs } from './args.js';
import { readBody } from './body.js';
import { sendJson } from './reply.js';

export interface ApiDeps {
  readonly ctx: MethodContext;
  readonly faults: Faults;
  readonly logger: Logger | undefined;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  outcome: CallOutcome;
}

function errorAnswer(
  error: string,
  options: { messages?: readonly string[]; status?: number; warnings?: string[] } = {},
): Answer {
  const metadata = {
    ...(options.messages ? { messages: options.messages } : {}),
    ...(options.warnings?.length ? { warnings: options.warnings } : {}),
  };
  return {
    status: options.status ?? 200,
    body: {
      ok: false,
      error,
      ...(options.warnings?.length ? { warning: options.warnings.join(',') } : {}),
      ...(Object.keys(metadata).length ? { response_metadata: metadata } : {}),
    },
    outcome: 'error',
  };
}

function okAnswer(answer: MethodAnswer, warnings: string[]): Answer {
  const all = [...warnings, ...(answer.warnings ?? [])];
  return {
    status: 200,
    body: {
      ok: true,
      ...answer.body,
      ...(all.length ? { warning: all.join(','), response_metadata: { warnings: all } } : {}),
    },
    outcome: 'ok',
  };
}

function tokenKind(
  req: IncomingMessage,
  args: ArgReader,
  ctx: MethodContext,
): TokenKind | 'missing' | 'invalid' {
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  const token = bearer || args.peek('token');
  if (!token) return 'missing';
  if (token === ctx.options.botToken) return 'bot';
  if (token === ctx.options.appToken) return 'app';
  return 'invalid';
}

/** Checks, fault injection and dispatch for one `POST /api/<method>`. Every call ends in the call log. */
async function answerCall(
  req: IncomingMessage,
  method: string,
  query: URLSearchParams,
  deps: ApiDeps,
): Promise<{ answer: Answer; args: ArgReader }> {
  const empty = new ArgReader({});
  const body = await readBody(req, deps.ctx.options.maxBodyBytes);
  if (!body.ok) return { answer: errorAnswer('request_too_large', { status: 413 }), args: empty };
  const parsed = parseApiArgs(req.headers['content-type'], body.body, query);
  if (!parsed.ok) return { answer: errorAnswer(parsed.error), args: empty };
  const args = new ArgReader(parsed.args);
  const spec = METHODS[method];
  if (!spec) return { answer: errorAnswer('unknown_method', { warnings: parsed.warnings }), args };
  const kind = tokenKind(req, args, deps.ctx);
  if (kind === 'missing') return { answer: errorAnswer('not_authed'), args };
  if (kind === 'invalid') return { answer: errorAnswer('invalid_auth'), args };
  if (kind !== spec.token) return { answer: errorAnswer('not_allowed_token_type'), args };

  const nowMs = deps.ctx.nowMs();
  const channelRef = method === 'chat.postMessage' ? args.peek('channel') : undefined;
  const fault =
    deps.faults.pick(method) ??
    (channelRef === undefined ? undefined : deps.faults.checkChannelPost(channelRef, nowMs));
  if (fault?.kind === 'rate_limited') {
    const answer = errorAnswer('ratelimited', { status: 429 });
    return {
      answer: { ...answer, headers: { 'retry-after': String(fault.retryAfterSeconds) }, outcome: '429' },
      args,
    };
  }
  if (fault?.kind === 'server_error') {
    return { answer: { ...errorAnswer('internal_error', { status: fault.status }), outcome: '5xx' }, args };
  }
  try {
    const answer = okAnswer(spec.handler(args, deps.ctx), parsed.warnings);
    if (channelRef !== undefined) deps.faults.recordChannelPost(channelRef, nowMs);
    // Done, but the caller hears only a 500: it cannot know the call took effect.
    if (fault?.kind === 'fail_after_performing')
      return { answer: { ...errorAnswer('internal_error', { status: 500 }), outcome: '5xx' }, args };
    return { answer, args };
  } catch (error) {
    if (error instanceof SlackApiError) {
      const options = {
        status: error.status,
        warnings: parsed.warnings,
        ...(error.messages ? { messages: error.messages } : {}),
      };
      return { answer: errorAnswer(error.error, options), args };
    }
    deps.logger?.error({ err: error, method }, 'Slack stand-in method failed');
    return { answer: { ...errorAnswer('internal_error', { status: 500 }), outcome: '5xx' }, args };
  }
}

export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  method: string,
  query: URLSearchParams,
  deps: ApiDeps,
): Promise<void> {
  if (deps.faults.current().unreachable) {
    // As if Slack could not be reached: the connection drops before any answer.
    req.socket.destroy();
    return;
  }
  const { answer, args } = await answerCall(req, method, query, deps);
  // Slack's latency sits between doing the work and the caller hearing of it.
  const latency = deps.faults.latencyFor(method);
  if (latency > 0) await sleep(latency);
  const channel = answer.body.channel;
  deps.ctx.store.recordCall({
    method,
    args: args.summary(),
    channel: typeof channel === 'string' ? channel : (args.peek('channel') ?? args.peek('channel_id')),
    outcome: answer.outcome,
    error: typeof answer.body.error === 'string' ? answer.body.error : undefined,
    status: answer.status,
    at: new Date(deps.ctx.nowMs()),
  });
  sendJson(res, answer.status, answer.body, answer.headers ?? {});
}
