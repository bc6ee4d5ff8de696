import type { Incident } from '../../incident.js';

/** What card facts are computed from: fields an Alert and a stored Incident both have. */
export type FactSubject = Pick<
  Incident,
  'source' | 'type' | 'description' | 'resource' | 'actor' | 'facts' | 'targets'
>;
