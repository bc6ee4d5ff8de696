import { z } from 'zod';
import { ALERT_SOURCES } from '../platform/alert-sources.js';
import { SEVERITY_LABELS } from '../platform/severity.js';

/**
 * The one shape every alert takes past the intake edge. Normalizers (pure functions in this
 * folder) turn each AWS input into it; nothing downstream reads a raw AWS payload again except
 * to show it (`raw`).
 */

export { ALERT_SOURCES, type AlertSource } from '../platform/alert-sources.js';
export { SEVERITY_LABELS, SEVERITY_SCORE, type SeverityLabel, severityLabel } from '../platform/severity.js';

export const alertResourceSchema = z.object({
  /** e.g. `Instance`, `AccessKey`, `S3Bucket`, `EKSCluster`, `AWS::CloudWatch::Alarm`. */
  type: z.string(),
  /** The most specific id known: instance id, bucket name, user name, alarm name. */
  id: z.string(),
  arn: z.string().optional(),
  tags: z.record(z.string(), z.string()),
});
export type AlertResource = z.infer<typeof alertResourceSchema>;

export const alertActorSchema = z.object({
  principal: z.string().optional(),
  accessKeyId: z.string().optional(),
  sourceIp: z.string().optional(),
  userAgent: z.string().optional(),
  /** The API called (`AttachUserPolicy`), where the input names one. */
  api: z.string().optional(),
});
export type AlertActor = z.infer<typeof alertActorSchema>;

export const alertLinksSchema = z.object({
  guardDutyFinding: z.string().optional(),
  cloudTrailEventHistory: z.string().optional(),
  alarm: z.string().optional(),
  /** The product's own remediation page (Security Hub `Remediation.Recommendation.Url`). */
  remediation: z.string().optional(),
});
export type AlertLinks = z.infer<typeof alertLinksSchema>;

/**
 * How a key fact is shown on the card: `text` is prose (escaped), `code` an identifier shown in a
 * code span (ARNs, paths, command lines, IPs, API names), so wildcards and mrkdwn stay literal.
 */
export const ALERT_FACT_KINDS = ['text', 'code'] as const;
export type AlertFactKind = (typeof ALERT_FACT_KINDS)[number];

/** One key fact a normalizer read from the finding itself (remote IP, queried domain, process). */
export const alertFactSchema = z.object({
  label: z.string().min(1).max(40),
  value: z.string().min(1).max(500),
  kind: z.enum(ALERT_FACT_KINDS),
});
export type AlertFact = z.infer<typeof alertFactSchema>;

/** A CloudWatch alarm's state: `ALARM` raises, `OK` is a recovery signal. */
export const ALARM_STATES = ['ALARM', 'OK', 'INSUFFICIENT_DATA'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

export const alertSchema = z.object({
  /** Stable identity: GuardDuty finding id; alarm ARN; detection id + actor + resource. */
  dedupeKey: z.string().min(1),
  source: z.enum(ALERT_SOURCES),
  accountId: z.string(),
  region: z.string(),
  /** 0–10 on GuardDuty's scale. */
  severity: z.number().min(0).max(10),
  severityLabel: z.enum(SEVERITY_LABELS),
  /** GuardDuty finding type, alarm name, or detection id. */
  type: z.string(),
  title: z.string(),
  description: z.string(),
  resource: alertResourceSchema,
  actor: alertActorSchema.optional(),
  /** ISO-8601. */
  firstSeen: z.string(),
  lastSeen: z.string(),
  /** How many times the underlying finding has occurred (GuardDuty `service.count`). */
  count: z.number().int().min(1),
  /** For alarms: the new state. `OK` is a recovery signal, not a new incident. */
  alarmState: z.enum(ALARM_STATES).optional(),
  /** Revision marker that changes when the finding changes (GuardDuty `updatedAt`). */
  revision: z.string(),
  links: alertLinksSchema,
  /** Matching CloudTrail events behind a detection alert (alarm-mode enrichment, poll or event mode). */
  evidence: z.array(z.unknown()).optional(),
  /** Key facts for the card, most telling first (at most 12; the card shows up to six). */
  facts: z.array(alertFactSchema).max(12).optional(),
  /** The vendor says this is its own generated sample (GuardDuty `service.additionalInfo.sample`). */
  vendorSample: z.boolean().optional(),
  /** The input as received, kept only to show it. */
  raw: z.unknown(),
});
export type Alert = z.infer<typeof alertSchema>;
