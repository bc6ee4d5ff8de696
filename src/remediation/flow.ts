import type { Incident } from '../incidents/incident.js';
import type { RemediationActionId } from '../platform/config/remediation.js';
import type { AppContext } from '../platform/context.js';
import { NotFoundError } from '../platform/errors.js';
import { REMEDIATION_ACTIONS } from './actions/catalog.js';
import { clockOf, type RemediationDeps } from './deps.js';
import {
  NothingToContainError,
  NotYoursError,
  RemediationDisabledError,
  RequestStateError,
} from './errors.js';
import { enqueueRemediation } from './job.js';
import { actionsFor, remediationRefusal } from './policy.js';
import { blockedReason, buildPreview } from './preview.js';
import type { PreviewRecord, RequestRecord } from './request.js';
import { requestMessage, resultMessage } from './slack/messages.js';
import { postInThread, threadKeys, updateInThread } from './thread.js';

/**
 * Containment from request to decision, written once and called by the Slack listeners: the
 * preview (config and role checked first), the confirmation that creates the request, the second
 * person's Approve or Reject (never the requester; not after expiry; once), expiry, and the Undo
 * request. Each step is audited (`remediation.*`; refusals `refused.remediation.*`); each throws
 * a typed error saying why nothing happened, which the listener shows to the clicker only.
 */

export interface Person {
  readonly userId: string;
  /** Plain display name (never a mention). */
  readonly name: string;
}

async function requireAllowed(
  ctx: AppContext,
  deps: RemediationDeps,
  who: Person,
  actionId: RemediationActionId,
  step: 'request' | 'approve' | 'reject' | 'undo',
  incidentId: string,
  subject?: string,
): Promise<void> {
  const refused = await remediationRefusal(ctx, deps.config, {
    userId: who.userId,
    actionId,
    step,
    incidentId,
    ...(subject ? { subject } : {}),
  });
  if (refused) throw refused;
}

/** Config, fit and role: the checks that need no AWS call, made before the modal opens. */
export async function authorizeContainment(
  ctx: AppContext,
  deps: RemediationDeps,
  incidentId: string,
  actionId: RemediationActionId,
  who: Person,
): Promise<Incident> {
  const incident = await deps.engine.get(incidentId);
  if (!incident) throw new NotFoundError(`Incident ${incidentId}`);
  const title = REMEDIATION_ACTIONS[actionId].title;
  if (!actionsFor(deps.config, incident).some((a) => a.id === actionId)) {
    if (!deps.config.enabled || !deps.config.actions[actionId].enabled)
      throw new RemediationDisabledError(title);
    throw new NothingToContainError(`"${title}" does not fit ${incidentId}'s resource or principal`);
  }
  await requireAllowed(ctx, deps, who, actionId, 'request', incidentId);
  return incident;
}

/** Reads the account and stores the preview the modal shows (after `authorizeContainment`). */
export async function previewContainment(
  ctx: AppContext,
  deps: RemediationDeps,
  incident: Incident,
  actionId: RemediationActionId,
  who: Person,
): Promise<PreviewRecord> {
  const preview = await buildPreview(ctx, deps, incident, actionId, who.userId);
  await deps.store.savePreview(preview);
  return preview;
}

/**
 * The modal's confirmation: the preview becomes a request. With a second approver it is posted
 * in the thread with Approve / Reject and an expiry job; without, it is queued at once.
 */
export async function confirmContainment(
  ctx: AppContext,
  deps: RemediationDeps,
  previewId: string,
  who: Person,
  reason: string,
): Promise<RequestRecord> {
  const preview = await deps.store.getPreview(previewId);
  if (!preview)
    throw new RequestStateError('This preview has expired. Choose the action again from the card.');
  // Turned off since the preview opened: nothing runs, whoever confirms.
  if (!deps.config.enabled || !deps.config.actions[preview.actionId].enabled)
    throw new RemediationDisabledError(REMEDIATION_ACTIONS[preview.actionId].title);
  await requireAllowed(ctx, deps, who, preview.actionId, 'request', preview.incidentId);
  if (preview.previewedBy !== who.userId) {
    await ctx.audit.record({
      who: who.userId,
      action: 'refused.remediation.request',
      incidentId: preview.incidentId,
      at: clockOf(ctx, deps),
      detail: `${preview.actionId}; the preview was opened by ${preview.previewedBy}`,
    });
    throw new NotYoursError(
      'Only the person who opened this preview can confirm it. Choose the action from the card yourself.',
    );
  }
  const blocked = blockedReason(preview);
  if (blocked) throw new RequestStateError(blocked);
  const now = clockOf(ctx, deps);
  const secondApprover = deps.config.actions[preview.actionId].secondApprover;
  const expiresAt = new Date(now.getTime() + deps.config.approvalExpiryMinutes * 60_000);
  const request = await deps.store.create({
    ...preview,
    status: secondApprover ? 'pending-approval' : 'approved',
    requestedBy: who.userId,
    requestedByName: who.name,
    reason,
    requestedAt: now.toISOString(),
    secondApprover,
    undoRound: 0,
    ...(secondApprover ? { expiresAt: expiresAt.toISOString() } : {}),
  });
  await ctx.audit.record({
    who: who.userId,
    action: 'remediation.request',
    incidentId: request.incidentId,
    at: now,
    after: {
      requestId: request.requestId,
      action: request.actionId,
      resource: request.resourceLabel,
      status: request.status,
    },
    detail: `reason: ${reason}`,
  });
  await postInThread(
    ctx,
    deps,
    request.incidentId,
    threadKeys.request(request),
    requestMessage(request, who.name),
  );
  if (secondApprover)
    await enqueueRemediation(
      ctx,
      { requestId: request.requestId, step: 'expire' },
      expiresAt.getTime() - now.getTime(),
    );
  else await enqueueRemediation(ctx, { requestId: request.requestId, step: 'apply' });
  return request;
}

async function load(deps: RemediationDeps, requestId: string): Promise<RequestRecord> {
  const request = await deps.store.get(requestId);
  if (!request) throw new RequestStateError('This containment request no longer exists.');
  return request;
}

/** Marks a waiting request expired (on click after its time, or by its delayed job); audited once. */
export async function expireRequest(
  ctx: AppContext,
  deps: RemediationDeps,
  requestId: string,
): Promise<boolean> {
  let expired: RequestRecord;
  try {
    expired = await deps.store.transition(requestId, ['pending-approval'], 'expired');
  } catch (error) {
    if (error instanceof RequestStateError) return false;
    throw error;
  }
  await ctx.audit.record({
    who: 'watchkeeper',
    action: 'remediation.expire',
    incidentId: expired.incidentId,
    at: clockOf(ctx, deps),
    detail: `${expired.requestId} (${expired.actionId}) was not approved by ${expired.expiresAt}`,
  });
  await updateInThread(
    ctx,
    deps,
    expired.incidentId,
    threadKeys.request(expired),
    requestMessage(expired, expired.requestedByName),
  );
  return true;
}

/** Approve or Reject by the second person. Approving queues the job; the first decision wins. */
export async function decideRequest(
  ctx: AppContext,
  deps: RemediationDeps,
  requestId: string,
  who: Person,
  decision: 'approve' | 'reject',
): Promise<RequestRecord> {
  const request = await load(deps, requestId);
  if (request.requestedBy === who.userId) {
    await ctx.audit.record({
      who: who.userId,
      action: `refused.remediation.${decision}`,
      incidentId: request.incidentId,
      at: clockOf(ctx, deps),
      detail: `${request.requestId}; the requester cannot decide their own request`,
    });
    throw new NotYoursError(`You can't ${decision} your own containment request: a second person must.`);
  }
  await requireAllowed(ctx, deps, who, request.actionId, decision, request.incidentId, request.requestId);
  const now = clockOf(ctx, deps);
  if (
    request.status === 'pending-approval' &&
    request.expiresAt &&
    now.getTime() >= Date.parse(request.expiresAt)
  ) {
    await expireRequest(ctx, deps, requestId);
    throw new RequestStateError(
      'This containment request expired before it was approved. Nothing was changed.',
    );
  }
  const decided = await deps.store.transition(
    requestId,
    ['pending-approval'],
    decision === 'approve' ? 'approved' : 'rejected',
    decision === 'approve'
      ? { approvedBy: who.userId, decidedAt: now.toISOString() }
      : { rejectedBy: who.userId, decidedAt: now.toISOString() },
  );
  await ctx.audit.record({
    who: who.userId,
    action: `remediation.${decision}`,
    incidentId: decided.incidentId,
    at: now,
    after: { requestId, status: decided.status },
    detail: `${decided.actionId} on ${decided.resourceLabel}, requested by ${decided.requestedBy}`,
  });
  await updateInThread(
    ctx,
    deps,
    decided.incidentId,
    threadKeys.request(decided),
    requestMessage(decided, decided.requestedByName),
  );
  if (decision === 'approve') await enqueueRemediation(ctx, { requestId, step: 'apply' });
  return decided;
}

/** Undo: allowed roles of the action; runs once (the status moves to undoing before the job is queued). */
export async function requestUndo(
  ctx: AppContext,
  deps: RemediationDeps,
  requestId: string,
  who: Person,
): Promise<RequestRecord> {
  const request = await load(deps, requestId);
  if (request.undoCalls === null)
    throw new RequestStateError(`${REMEDIATION_ACTIONS[request.actionId].title} cannot be undone.`);
  await requireAllowed(ctx, deps, who, request.actionId, 'undo', request.incidentId, request.requestId);
  const undoing = await deps.store.transition(requestId, ['succeeded', 'undo-failed'], 'undoing', {
    undoneBy: who.userId,
    undoRound: request.undoRound + 1,
  });
  await ctx.audit.record({
    who: who.userId,
    action: 'remediation.undo.request',
    incidentId: undoing.incidentId,
    at: clockOf(ctx, deps),
    after: { requestId, status: undoing.status },
    detail: `${undoing.actionId} on ${undoing.resourceLabel}`,
  });
  await updateInThread(ctx, deps, undoing.incidentId, threadKeys.result(undoing), resultMessage(undoing));
  await enqueueRemediation(ctx, { requestId, step: 'undo', round: undoing.undoRound });
  return undoing;
}
