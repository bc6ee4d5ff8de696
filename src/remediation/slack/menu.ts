import type { Incident } from '../../incidents/incident.js';
import type { RemediationConfig } from '../../platform/config/remediation.js';
import { staticSelect } from '../../slack/blocks/elements.js';
import type { StaticSelectElement } from '../../slack/blocks/types.js';
import { actionsFor } from '../policy.js';
import { encodeContainValue, REMEDIATION_ACTION_IDS_SLACK } from './ids.js';

/**
 * The card's "Contain…" menu: one option per action that is turned on and fits the incident's
 * resource and principal. Undefined when none does (or remediation is off), so the card shows no
 * menu at all. The card (src/incidents/card) puts this element in its actions block.
 */
export function containElement(
  config: RemediationConfig,
  incident: Incident,
): StaticSelectElement | undefined {
  const fitting = actionsFor(config, incident);
  if (fitting.length === 0) return undefined;
  return staticSelect({
    actionId: REMEDIATION_ACTION_IDS_SLACK.contain,
    placeholder: 'Contain…',
    options: fitting.map((action) => ({
      label: action.title,
      value: encodeContainValue(action.id, incident.id),
    })),
  });
}
