import { type Job, UnrecoverableError } from 'bullmq';
import type { AppContext } from '../platform/context.js';
import { AwsError, isPermanentError, toUserMessage } from '../platform/errors.js';
import { failsForGood } from '../platform/queue/workers.js';
import { REMEDIATION_ACTIONS } from './actions/catalog.js';
import { type ActionRun, InvalidActionStateError, type Verification } from './actions/types.js';
import { clockOf, type RemediationDeps } from './deps.js';
import { expireRequest } from './flow.js';
import { type RemediationJob, remediationJobSchema } from './job.js';
import { actionOptions } from './preview.js';
import type { RequestRecord } from './request.js';
import { resultMessage, undoMessage } from './slack/messages.js';
import { postInThread, threadKeys, updateInThread } from './thread.js';

/**
 * The containment job: apply (then verify), undo (then verify), or expire a request nobody
 * approved. It runs through the AWS port of the incident's account and region (the account's
 * assume-role). Applied once: the request moves approved -> running atomically, `appliedAt` is
 * saved as soon as the calls return, and a retried job whose request already has it only verifies.
 * An error that retrying cannot fix (AccessDenied, NoSuchEntity, bad stored state) or the last
 * attempt's error is the result: the thread says it in plain words and the audit log keeps it.
 */

/** AWS answers that another attempt cannot change. */
const PERMANENT_AWS =
  /NoSuchEntity|NotFound|Malformed|InvalidParameter|ValidationError|LimitExceeded|MalformedPolicyDocument/;

function permanent(error: unknown): boolean {
  if (error instanceof InvalidActionStateError) return true;
  if (error instanceof AwsError && PERMANENT_AWS.test(error.awsCode)) return true;
  return isPermanentError(error);
}

function runFor(
  ctx: AppContext,
  deps: RemediationDeps,
  request: RequestRecord,
  save: (state: unknown) => Promise<void>,
): ActionRun {
  return {
    port: deps.portFor(ctx, request.accountId, request.region),
    options: actionOptions(deps.config),
    requestId: request.requestId,
    saveProgress: save,
  };
}

type JobLike = Pick<Job, 'data' | 'attemptsMade' | 'opts'>;

export async function handleRemediationJob(
  job: JobLike,
  ctx: AppContext,
  deps: RemediationDeps,
): Promise<string> {
  const parsed = remediationJobSchema.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(
      `Invalid remediation job: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  const data: RemediationJob = parsed.data;
  if (data.step === 'expire') return (await expireRequest(ctx, deps, data.requestId)) ? 'expired' : 'stale';
  if (data.step === 'apply') return applyRequest(job, ctx, deps, data.requestId);
  return undoRequest(job, ctx, deps, data.requestId);
}

async function applyRequest(
  job: JobLike,
  ctx: AppContext,
  deps: RemediationDeps,
  requestId: string,
): Promise<string> {
  let request = await deps.store.get(requestId);
  if (!request) return 'gone';
  if (request.status === 'approved')
    request = await deps.store.transition(requestId, ['approved'], 'running');
  else if (request.status !== 'running') return `nothing to do (${request.status})`;
  const action = REMEDIATION_ACTIONS[request.actionId];
  let current = request;
  const run = runFor(ctx, deps, request, async (state) => {
    current = { ...current, state };
    await deps.store.save(current);
  });
  let verification: Verification;
  try {
    if (!current.appliedAt) {
      const state = await action.apply(run, current.state);
      current = { ...current, state, appliedAt: clockOf(ctx, deps).toISOString() };
      await deps.store.save(current);
    }
    verification = await action.verify(run, current.state);
  } catch (error) {
    if (!permanent(error) && !failsForGood(job, error)) throw error;
    const failed = await deps.store.transition(requestId, ['running'], 'failed', {
      state: current.state,
      ...(current.appliedAt ? { appliedAt: current.appliedAt } : {}),
      result: { error: toUserMessage(error) },
    });
    await finish(ctx, deps, failed, 'remediation.result', `failed: ${toUserMessage(error)}`);
    return 'failed';
  }
  const done = await deps.store.transition(requestId, ['running'], 'succeeded', {
    state: current.state,
    ...(current.appliedAt ? { appliedAt: current.appliedAt } : {}),
    result: { verification },
  });
  await finish(
    ctx,
    deps,
    done,
    'remediation.result',
    `${verification.ok ? 'verified' : 'NOT verified'}: ${verification.observed}`,
  );
  return verification.ok ? 'succeeded' : 'unverified';
}

async function finish(
  ctx: AppContext,
  deps: RemediationDeps,
  request: RequestRecord,
  action: string,
  detail: string,
) {
  await ctx.audit.record({
    who: 'watchkeeper',
    action,
    incidentId: request.incidentId,
    at: clockOf(ctx, deps),
    after: { requestId: request.requestId, status: request.status },
    detail: `${request.actionId} on ${request.resourceLabel}: ${detail}`,
  });
  await postInThread(ctx, deps, request.incidentId, threadKeys.result(request), resultMessage(request));
}

async function undoRequest(
  job: JobLike,
  ctx: AppContext,
  deps: RemediationDeps,
  requestId: string,
): Promise<string> {
  const request = await deps.store.get(requestId);
  if (!request) return 'gone';
  if (request.status !== 'undoing') return `nothing to do (${request.status})`;
  const action = REMEDIATION_ACTIONS[request.actionId];
  const run = runFor(ctx, deps, request, async () => {});
  let verification: Verification;
  try {
    await action.undo(run, request.state);
    verification = await action.verifyUndo(run, request.state);
  } catch (error) {
    if (!permanent(error) && !failsForGood(job, error)) throw error;
    const failed = await deps.store.transition(requestId, ['undoing'], 'undo-failed', {
      undoResult: { error: toUserMessage(error) },
    });
    await finishUndo(ctx, deps, failed, `failed: ${toUserMessage(error)}`);
    return 'undo-failed';
  }
  const undone = await deps.store.transition(
    requestId,
    ['undoing'],
    verification.ok ? 'undone' : 'undo-failed',
    {
      undoResult: { verification },
    },
  );
  await finishUndo(
    ctx,
    deps,
    undone,
    `${verification.ok ? 'verified' : 'NOT verified'}: ${verification.observed}`,
  );
  return undone.status;
}

async function finishUndo(ctx: AppContext, deps: RemediationDeps, request: RequestRecord, detail: string) {
  await ctx.audit.record({
    who: 'watchkeeper',
    action: 'remediation.undo',
    incidentId: request.incidentId,
    at: clockOf(ctx, deps),
    after: { requestId: request.requestId, status: request.status },
    detail: `${request.actionId} on ${request.resourceLabel}, asked by ${request.undoneBy ?? '?'}: ${detail}`,
  });
  await postInThread(ctx, deps, request.incidentId, threadKeys.undo(request), undoMessage(request));
  // The result message loses its Undo button once undone (an undo-failed request keeps it to try again).
  await updateInThread(ctx, deps, request.incidentId, threadKeys.result(request), resultMessage(request));
}
