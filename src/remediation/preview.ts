import { createHash, randomUUID } from 'node:crypto';
import type { Incident } from '../incidents/incident.js';
import type { RemediationActionId, RemediationConfig } from '../platform/config/remediation.js';
import type { AppContext } from '../platform/context.js';
import { REMEDIATION_ACTIONS } from './actions/catalog.js';
import type { ActionOptions, ActionRun } from './actions/types.js';
import type { RemediationDeps } from './deps.js';
import type { PreviewRecord } from './request.js';
import { targetsOf } from './targets.js';

/**
 * The preview: the action reads the account now (the key's status, the instance's groups, the
 * bucket's Block Public Access) and says the exact calls it will make and how undo would reverse
 * them; then the role Watchkeeper assumes is checked for each of those calls, so a missing
 * permission is named before anyone confirms. The preview is stored; the modal's submission
 * refers to it, so what runs is what was shown.
 */

export function actionOptions(config: RemediationConfig): ActionOptions {
  const isolate = config.actions.isolateInstance;
  return { snapshotVolumes: isolate.snapshotVolumes, isolationGroupName: isolate.isolationGroupName };
}

/** `<incident>.<action>.<resource digest>`: the same for every request about the same thing. */
export function subjectKeyOf(incident: Incident, actionId: RemediationActionId): string {
  const resource = createHash('sha256')
    .update(JSON.stringify([incident.accountId, incident.region, targetsOf(incident)]))
    .digest('hex')
    .slice(0, 12);
  return `${incident.id}.${actionId}.${resource}`.replace(/:/g, '_');
}

export async function buildPreview(
  ctx: AppContext,
  deps: Pick<RemediationDeps, 'config' | 'portFor'>,
  incident: Incident,
  actionId: RemediationActionId,
  userId: string,
): Promise<PreviewRecord> {
  const action = REMEDIATION_ACTIONS[actionId];
  const options = actionOptions(deps.config);
  const port = deps.portFor(ctx, incident.accountId, incident.region);
  const run: ActionRun = { port, options, requestId: 'preview', saveProgress: async () => {} };
  const preview = await action.preview(run, targetsOf(incident));
  const calls = action.applyCalls(preview.state, options);
  const undoCalls = action.undoCalls(preview.state) ?? null;
  const permissions = await port.checkPermissions(
    [...calls, ...(undoCalls ?? [])].map((c) => ({ action: c.action, resource: c.resource })),
  );
  return {
    previewId: randomUUID(),
    incidentId: incident.id,
    actionId,
    accountId: incident.accountId,
    region: incident.region,
    resourceLabel: preview.resourceLabel,
    subjectKey: subjectKeyOf(incident, actionId),
    state: preview.state,
    calls: [...calls],
    undoCalls: undoCalls && [...undoCalls],
    consequence: action.consequence(preview.state),
    ...(action.cannotUndo ? { cannotUndo: action.cannotUndo } : {}),
    permissions: permissions.checked
      ? { checked: true, denied: [...permissions.denied] }
      : { checked: false, reason: permissions.reason },
    ...(preview.nothingToDo ? { nothingToDo: preview.nothingToDo } : {}),
    previewedBy: userId,
    previewedAt: ctx.now().toISOString(),
  };
}

/** Why the preview cannot be confirmed (missing permission, nothing to do), or undefined. */
export function blockedReason(preview: PreviewRecord): string | undefined {
  if (preview.nothingToDo) return `Nothing to do: ${preview.nothingToDo}.`;
  if (preview.permissions.checked && preview.permissions.denied.length > 0)
    return `Watchkeeper's role may not make these calls: ${preview.permissions.denied.join(', ')}. Add the action's statement from deploy/iam-policy.remediation.json to the role.`;
  return undefined;
}
