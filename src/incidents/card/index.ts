export { buildIncidentCard, type IncidentCardOptions, incidentSummaryLine } from './card.js';
export { buildEscalationPost } from './escalation.js';
export { buildMuteModal, buildResolveModal } from './modals.js';
export { buildRunbookModal } from './runbook-modal.js';
export { buildRunbookPost } from './runbook-post.js';
export { buildTimelineEntry, type TimelineEvent, type TimelineTransition } from './timeline.js';
