import type { CliVerb } from '../verb.js';
import { alertVerb } from './alert.js';
import { auditLogVerb } from './audit-log.js';
import { cardVerb } from './card.js';
import { checkConfigVerb } from './check-config.js';
import { deadLettersVerb } from './dead-letters.js';
import { demoVerb } from './demo.js';
import { detectionsVerb } from './detections.js';
import { digestVerb } from './digest.js';
import { iamAuditVerb } from './iam-audit.js';
import { ownerVerb } from './owner.js';
import { runbooksVerb } from './runbooks.js';
import { startVerb } from './start.js';

/** The only place CLI verb names are bound. */
export const VERBS: readonly CliVerb[] = [
  startVerb,
  checkConfigVerb,
  demoVerb,
  alertVerb,
  cardVerb,
  runbooksVerb,
  detectionsVerb,
  deadLettersVerb,
  ownerVerb,
  iamAuditVerb,
  auditLogVerb,
  digestVerb,
];
