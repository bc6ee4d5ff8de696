import { z } from 'zod';

/**
 * The AWS Security Finding Format (ASFF) fields an alert uses, as Security Hub CSPM sends them
 * (EventBridge `detail.findings[]`, GetFindings `Findings[]`; the SDK returns the same JSON).
 * Source: Security Hub API reference, AwsSecurityFinding. Everything else is kept in `raw`.
 */

const text = z.string().nullish();

export const ASFF_SEVERITY_LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

export const asffResourceSchema = z.looseObject({
  Type: z.string().min(1),
  Id: z.string().min(1),
  Partition: text,
  Region: text,
  Tags: z.record(z.string(), z.string()).nullish(),
});
export type AsffResource = z.infer<typeof asffResourceSchema>;

export const asffFindingSchema = z.looseObject({
  SchemaVersion: text,
  Id: z.string().min(1),
  ProductArn: z.string().min(1),
  ProductName: text,
  CompanyName: text,
  GeneratorId: text,
  AwsAccountId: z.string().min(1),
  Region: text,
  Types: z.array(z.string()).nullish(),
  FirstObservedAt: text,
  LastObservedAt: text,
  CreatedAt: text,
  UpdatedAt: text,
  Severity: z
    .looseObject({
      Label: z.enum(ASFF_SEVERITY_LABELS).nullish(),
      Normalized: z.number().nullish(),
      /** The product's own score (GuardDuty's 0–10). */
      Product: z.number().nullish(),
      Original: text,
    })
    .nullish(),
  /** What the product itself reported; GuardDuty puts its own score in `Severity.Original`. */
  FindingProviderFields: z
    .looseObject({ Severity: z.looseObject({ Label: text, Original: text }).nullish() })
    .nullish(),
  Title: z.string().min(1),
  Description: z.string(),
  Remediation: z
    .looseObject({
      Recommendation: z.looseObject({ Text: text, Url: text }).nullish(),
    })
    .nullish(),
  ProductFields: z.record(z.string(), z.string()).nullish(),
  Resources: z.array(asffResourceSchema).min(1),
  Compliance: z
    .looseObject({
      Status: text,
      SecurityControlId: text,
      AssociatedStandards: z.array(z.looseObject({ StandardsId: text })).nullish(),
    })
    .nullish(),
  Workflow: z.looseObject({ Status: text }).nullish(),
  /** Deprecated for Workflow.Status, still sent. */
  WorkflowState: text,
  RecordState: text,
  Count: z.number().nullish(),
  Action: z
    .looseObject({
      ActionType: text,
      AwsApiCallAction: z
        .looseObject({
          Api: text,
          RemoteIpDetails: z.looseObject({ IpAddressV4: text }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  Network: z.looseObject({ SourceIpV4: text }).nullish(),
});
export type AsffFinding = z.infer<typeof asffFindingSchema>;
