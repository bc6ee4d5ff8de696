import type { z } from 'zod';
import type { RemediationAwsPort } from '../../aws/remediation/port.js';
import type { RemediationActionId } from '../../platform/config/remediation.js';
import type { IncidentTargets } from '../targets.js';

/**
 * What every containment action is: a small module that previews the exact AWS calls it will
 * make (computed from the incident and read from the account now), applies them, reads back that
 * they took effect, and undoes them where AWS allows. Everything apply, verify and undo need is
 * read by `preview` and kept in `state`, so what runs is what was shown, and undo restores what
 * was there before (the previous security groups, the previous Block Public Access).
 */

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | readonly JsonValue[]
  | { readonly [k: string]: JsonValue };

/** One AWS call as shown in the preview and checked against the role's permissions. */
export interface ApiCall {
  readonly service: 'IAM' | 'EC2' | 'S3';
  /** The SDK operation, e.g. `UpdateAccessKey`. */
  readonly operation: string;
  /** The IAM action it needs, e.g. `iam:UpdateAccessKey`. */
  readonly action: string;
  /** The ARN the action is checked on. */
  readonly resource: string;
  readonly params: { readonly [k: string]: JsonValue };
}

export interface ActionOptions {
  readonly snapshotVolumes: boolean;
  readonly isolationGroupName: string;
}

export interface ActionRun {
  readonly port: RemediationAwsPort;
  readonly options: ActionOptions;
  /** The request this run belongs to; tags what it creates. */
  readonly requestId: string;
  /** Keeps progress of a multi-step apply, so a retried job does not repeat a step (snapshots). */
  readonly saveProgress: (state: unknown) => Promise<void>;
}

export interface Preview<S> {
  /** `access key AKIA…WXYZ of IAM user ines.okafor` (masked where it names a key). */
  readonly resourceLabel: string;
  readonly state: S;
  /** Set when nothing would change (no console password, Block Public Access already on). */
  readonly nothingToDo?: string;
}

export interface Verification {
  readonly ok: boolean;
  /** What the read-back saw, in plain words. */
  readonly observed: string;
}

export interface RemediationAction<S> {
  readonly id: RemediationActionId;
  /** Menu label: `Deactivate the access key`. */
  readonly title: string;
  /** Said before confirming when there is no undo (else undefined). */
  readonly cannotUndo?: string;
  /** Every IAM action the module needs for preview, apply, verify and undo (the policy test reads it). */
  readonly permissions: readonly string[];
  readonly stateSchema: z.ZodType<S>;
  fits(targets: IncidentTargets): boolean;
  preview(run: ActionRun, targets: IncidentTargets): Promise<Preview<S>>;
  /** The consequences in one sentence. */
  consequence(state: S): string;
  /** The exact calls `apply` makes, from the state `preview` read. */
  applyCalls(state: S, options: ActionOptions): readonly ApiCall[];
  /** The exact calls `undo` makes; undefined when there is no undo. */
  undoCalls(state: S): readonly ApiCall[] | undefined;
  /** Makes the change; returns the state with what it created (group id, snapshot ids). */
  apply(run: ActionRun, state: S): Promise<S>;
  verify(run: ActionRun, state: S): Promise<Verification>;
  undo?(run: ActionRun, state: S): Promise<void>;
  verifyUndo?(run: ActionRun, state: S): Promise<Verification>;
}

/** An action whose state is checked against its schema wherever it is read back from Redis. */
export interface AnyRemediationAction {
  readonly id: RemediationActionId;
  readonly title: string;
  readonly cannotUndo?: string;
  readonly undoable: boolean;
  readonly permissions: readonly string[];
  fits(targets: IncidentTargets): boolean;
  preview(run: ActionRun, targets: IncidentTargets): Promise<Preview<unknown>>;
  consequence(state: unknown): string;
  applyCalls(state: unknown, options: ActionOptions): readonly ApiCall[];
  undoCalls(state: unknown): readonly ApiCall[] | undefined;
  apply(run: ActionRun, state: unknown): Promise<unknown>;
  verify(run: ActionRun, state: unknown): Promise<Verification>;
  undo(run: ActionRun, state: unknown): Promise<void>;
  verifyUndo(run: ActionRun, state: unknown): Promise<Verification>;
}

/** Stored state that no longer fits its action's schema (an older version, a hand edit). */
export class InvalidActionStateError extends Error {
  constructor(id: RemediationActionId, problem: string) {
    super(`Stored state of remediation ${id} is invalid: ${problem}`);
    this.name = 'InvalidActionStateError';
  }
}

export function defineAction<S>(action: RemediationAction<S>): AnyRemediationAction {
  const state = (value: unknown): S => {
    const parsed = action.stateSchema.safeParse(value);
    if (!parsed.success)
      throw new InvalidActionStateError(
        action.id,
        parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    return parsed.data;
  };
  const { undo, verifyUndo } = action;
  return {
    id: action.id,
    title: action.title,
    ...(action.cannotUndo === undefined ? {} : { cannotUndo: action.cannotUndo }),
    undoable: undo !== undefined,
    permissions: action.permissions,
    fits: (targets) => action.fits(targets),
    preview: (run, targets) => action.preview(run, targets),
    consequence: (s) => action.consequence(state(s)),
    applyCalls: (s, options) => action.applyCalls(state(s), options),
    undoCalls: (s) => action.undoCalls(state(s)),
    apply: (run, s) => action.apply(run, state(s)),
    verify: (run, s) => action.verify(run, state(s)),
    async undo(run, s) {
      if (!undo) throw new Error(`${action.title} cannot be undone`);
      await undo.call(action, run, state(s));
    },
    async verifyUndo(run, s) {
      if (!verifyUndo) return { ok: false, observed: 'this action has no undo' };
      return verifyUndo.call(action, run, state(s));
    },
  };
}

/** ARNs the permission check uses (the `aws` partition; the simulator only compares patterns). */
export const arn = {
  user: (account: string, name: string) => `arn:aws:iam::${account}:user/${name}`,
  role: (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`,
  ec2: (region: string, account: string, kind: string, id: string) =>
    `arn:aws:ec2:${region}:${account}:${kind}/${id}`,
  snapshot: (region: string) => `arn:aws:ec2:${region}::snapshot/*`,
  bucket: (name: string) => `arn:aws:s3:::${name}`,
};
