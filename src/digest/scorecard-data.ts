import {
  blocksAllPublicAccess,
  type CouldNotCheck,
  isCouldNotCheck,
  type PostureSnapshot,
} from '../aws/posture/port.js';
import { plural } from '../slack/blocks/text.js';
import { decideLine, type Finding, listSome, type ScorecardLine } from './scorecard-line.js';

/**
 * Rule (see `rules` in scorecard-rules.ts): public buckets are at-risk; unencrypted buckets and
 * customer keys without rotation need attention. A bucket is protected when either the account
 * or the bucket blocks all public access, so an unreadable account-level setting only matters
 * for buckets that do not block it themselves.
 */

interface Tally {
  buckets: number;
  publicBuckets: string[];
  unencrypted: string[];
  keys: number;
  rotating: number;
  notRotating: string[];
  unknowns: CouldNotCheck[];
}

function tallySnapshot(snapshot: PostureSnapshot, tally: Tally): void {
  const accountBlock = snapshot.accountPublicAccessBlock;
  const accountBlocksAll = !isCouldNotCheck(accountBlock) && blocksAllPublicAccess(accountBlock);
  if (isCouldNotCheck(snapshot.buckets)) tally.unknowns.push(snapshot.buckets);
  else {
    let accountLevelNeeded = false;
    for (const bucket of snapshot.buckets) {
      tally.buckets += 1;
      const label = `${bucket.name} (${snapshot.accountId})`;
      if (isCouldNotCheck(bucket.defaultEncryption)) tally.unknowns.push(bucket.defaultEncryption);
      else if (!bucket.defaultEncryption) tally.unencrypted.push(label);
      if (accountBlocksAll) continue;
      if (isCouldNotCheck(bucket.publicAccessBlock)) tally.unknowns.push(bucket.publicAccessBlock);
      else if (!blocksAllPublicAccess(bucket.publicAccessBlock)) {
        if (isCouldNotCheck(accountBlock)) accountLevelNeeded = true;
        else tally.publicBuckets.push(label);
      }
    }
    if (accountLevelNeeded && isCouldNotCheck(accountBlock)) tally.unknowns.push(accountBlock);
  }
  for (const { keys } of snapshot.kmsKeys) {
    if (isCouldNotCheck(keys)) {
      tally.unknowns.push(keys);
      continue;
    }
    for (const key of keys) {
      tally.keys += 1;
      if (isCouldNotCheck(key.rotationEnabled)) tally.unknowns.push(key.rotationEnabled);
      else if (key.rotationEnabled) tally.rotating += 1;
      else tally.notRotating.push(`${key.keyId} (${key.region})`);
    }
  }
}

export function dataProtectionLine(snapshots: readonly PostureSnapshot[]): ScorecardLine {
  const tally: Tally = {
    buckets: 0,
    publicBuckets: [],
    unencrypted: [],
    keys: 0,
    rotating: 0,
    notRotating: [],
    unknowns: [],
  };
  for (const snapshot of snapshots) tallySnapshot(snapshot, tally);
  const findings: Finding[] = [];
  if (tally.publicBuckets.length) {
    findings.push({
      status: 'at-risk',
      action: `Turn on Block Public Access for ${listSome(tally.publicBuckets)}, or account-wide if no bucket must be public.`,
    });
  }
  if (tally.unencrypted.length) {
    findings.push({
      status: 'needs-attention',
      action: `Enable default encryption on ${listSome(tally.unencrypted)}.`,
    });
  }
  if (tally.notRotating.length) {
    findings.push({
      status: 'needs-attention',
      action: `Enable automatic rotation on KMS key ${listSome(tally.notRotating)}.`,
    });
  }
  const figure =
    `${plural(tally.buckets, 'bucket')}: ${tally.publicBuckets.length} with public access not blocked, ` +
    `${tally.unencrypted.length} without default encryption; ${tally.rotating} of ${tally.keys} customer-managed keys rotate.`;
  return decideLine({
    area: 'Data protection',
    figure,
    summary: dataSummary(tally),
    findings,
    unknowns: tally.unknowns,
    goodAction: 'Keep Block Public Access on account-wide so new buckets start private.',
  });
}

/** The worst of the three in a few words. */
function dataSummary(tally: Tally): string {
  const of = (n: number) => `${n} of ${plural(tally.buckets, 'bucket')}`;
  if (tally.publicBuckets.length) return `${of(tally.publicBuckets.length)} with public access not blocked`;
  if (tally.unencrypted.length) return `${of(tally.unencrypted.length)} without default encryption`;
  if (tally.notRotating.length)
    return `${tally.notRotating.length} of ${plural(tally.keys, 'customer-managed key')} not rotating`;
  return `${plural(tally.buckets, 'bucket')} private and encrypted; ${tally.rotating} of ${plural(tally.keys, 'key')} rotating`;
}
