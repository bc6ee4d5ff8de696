import type { Incident } from '../incidents/incident.js';
import {
  REMEDIATION_ACTION_IDS,
  type RemediationActionId,
  type RemediationConfig,
  remediationActionEnabled,
} from '../platform/config/remediation.js';
import type { AppContext } from '../platform/context.js';
import { PermissionError } from '../platform/errors.js';
import { REMEDIATION_ACTIONS } from './actions/catalog.js';
import type { AnyRemediationAction } from './actions/types.js';
import { targetsOf } from './targets.js';

/**
 * The config's say over containment: which actions are on, which fit an incident, who may ask
 * for (and approve) each, whether it waits for a second person. Refusals are audited here, with
 * the action and the roles it needs, so the trail shows who tried what.
 */

/** The actions that are on and fit the incident's resource and principal, in menu order. */
export function actionsFor(config: RemediationConfig, incident: Incident): AnyRemediationAction[] {
  const targets = targetsOf(incident);
  return REMEDIATION_ACTION_IDS.filter((id) => remediationActionEnabled(config, id))
    .map((id) => REMEDIATION_ACTIONS[id])
    .filter((action) => action.fits(targets));
}

/**
 * The PermissionError when the user holds none of the action's allowed roles (audited as
 * `refused.remediation.<step>`), undefined when they may go on.
 */
export async function remediationRefusal(
  ctx: AppContext,
  config: RemediationConfig,
  args: {
    userId: string;
    actionId: RemediationActionId;
    step: 'request' | 'approve' | 'reject' | 'undo';
    incidentId: string;
    subject?: string;
  },
): Promise<PermissionError | undefined> {
  const roles = config.actions[args.actionId].allowedRoles;
  for (const role of roles) if (await ctx.roles.hasRole(args.userId, role)) return undefined;
  const title = REMEDIATION_ACTIONS[args.actionId].title.toLowerCase();
  const error = new PermissionError(
    `${args.step === 'request' ? '' : `${args.step} a request to `}${title}`,
    roles.join(' or '),
  );
  await ctx.audit.record({
    who: args.userId,
    action: `refused.remediation.${args.step}`,
    incidentId: args.incidentId,
    at: ctx.now(),
    detail: `${args.actionId}; needs ${roles.join(' or ')}${args.subject ? `; ${args.subject}` : ''}`,
  });
  return error;
}
