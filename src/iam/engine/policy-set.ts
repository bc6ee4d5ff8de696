import type { PolicyStatement } from '../model.js';
import type { Mask } from './permissions.js';
import type { StatementRef } from './statements.js';

/**
 * The statements a decision weighs (decide.ts), in their own file so that what narrows them
 * (covering.ts) and what decides with them can both name them without importing each other.
 */

export interface SourcedStatement {
  readonly statement: PolicyStatement;
  readonly ref: StatementRef;
  /** The relevant actions it covers (from the action catalogue), when computed: a bit test. */
  readonly actions?: Mask;
}

/** A policy that fences the principal in: its permissions boundary or one SCP. */
export interface Fence {
  /** "permissions boundary X" or "service control policy Y", for evidence. */
  readonly label: string;
  /** Undefined: the policy is named but its document is not in the inventory. */
  readonly statements?: readonly SourcedStatement[];
  /**
   * For an SCP, where it is attached (`account …`, an OU, `root …`): AWS lets a request through
   * only when some SCP at every level allows it. Undefined: not known, all such SCPs are one level.
   */
  readonly level?: string;
}

export interface PolicySet {
  readonly identity: readonly SourcedStatement[];
  /**
   * `identity` as the lists it was put together from, in order (the principal's own statements,
   * then each group's), when known: lists shared by many principals are then searched once.
   */
  readonly identityParts?: readonly (readonly SourcedStatement[])[];
  readonly boundary?: Fence;
  /** Empty: no SCPs supplied (or a service-linked role, which SCPs do not restrict). */
  readonly scps: readonly Fence[];
}
