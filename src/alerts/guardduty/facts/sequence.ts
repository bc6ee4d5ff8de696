import type { AlertFact } from '../../alert.js';
import { cleanText } from '../../text.js';
import { arnTail, fact, joined } from './fact.js';
import type { AttackSequence, SequenceIndicator } from './schema.js';

/**
 * Extended Threat Detection (`AttackSequence:*`): the sequence's signals in the order they were
 * first seen with their MITRE ATT&CK tactics, then the actors, the network endpoints and the
 * resources involved. These are what the finding is about; its own resource is often absent.
 */

const TACTIC = 'ATTACK_TACTIC';

function tacticsOf(indicators: ReadonlyArray<SequenceIndicator> | null | undefined): string[] {
  return (indicators ?? []).filter((i) => i?.key === TACTIC).flatMap((i) => i?.values ?? []);
}

function when(value: string | number | null | undefined): number {
  if (typeof value === 'number') return value;
  const ms = Date.parse(String(value ?? ''));
  return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
}

function signalsText(sequence: AttackSequence): string | undefined {
  const signals = [...(sequence.signals ?? [])].sort((a, b) => when(a?.firstSeenAt) - when(b?.firstSeenAt));
  const lines = signals.map((s, i) => {
    const name = cleanText(s?.name) ?? cleanText(s?.type) ?? cleanText(s?.uid) ?? 'signal';
    const tactics = [...new Set(tacticsOf(s?.signalIndicators))];
    return `${i + 1}. ${name}${tactics.length > 0 ? ` [${tactics.join(', ')}]` : ''}`;
  });
  return lines.length > 0 ? lines.join('; ') : undefined;
}

function actorsText(sequence: AttackSequence): string | undefined {
  const actors = (sequence.actors ?? []).map((a) => {
    const user = cleanText(a?.user?.name) ?? arnTail(a?.user?.uid) ?? cleanText(a?.id);
    const type = cleanText(a?.user?.type);
    const session = cleanText(a?.session?.uid);
    const mfa = cleanText(a?.session?.mfaStatus);
    return joined(
      [
        type && user ? `${type} ${user}` : user,
        session && `session ${session}`,
        mfa && `MFA ${mfa.toLowerCase()}`,
      ],
      ', ',
    );
  });
  const kept = [...new Set(actors.filter((a): a is string => a !== undefined))];
  return kept.length > 0 ? kept.slice(0, 3).join('; ') : undefined;
}

function endpointsText(sequence: AttackSequence): string | undefined {
  const endpoints = (sequence.endpoints ?? []).map((e) => {
    const address = cleanText(e?.ip) ?? cleanText(e?.domain) ?? cleanText(e?.id);
    const as = e?.autonomousSystem;
    const owner = joined(
      [typeof as?.number === 'number' ? `AS${as.number}` : undefined, cleanText(as?.name)],
      ' ',
    );
    return joined([address, owner, cleanText(e?.location?.country)]);
  });
  const kept = [...new Set(endpoints.filter((e): e is string => e !== undefined))];
  if (kept.length === 0) return undefined;
  return `${kept.slice(0, 3).join('; ')}${kept.length > 3 ? ` (+${kept.length - 3} more)` : ''}`;
}

function resourcesText(sequence: AttackSequence): string | undefined {
  const resources = (sequence.resources ?? []).map((r) =>
    joined([cleanText(r?.resourceType), cleanText(r?.name) ?? arnTail(r?.uid)], ' '),
  );
  const kept = [...new Set(resources.filter((r): r is string => r !== undefined))];
  if (kept.length === 0) return undefined;
  return `${kept.slice(0, 4).join('; ')}${kept.length > 4 ? ` (+${kept.length - 4} more)` : ''}`;
}

export function sequenceFacts(sequence: AttackSequence | null | undefined): AlertFact[] {
  if (!sequence) return [];
  const tactics = [...new Set(tacticsOf(sequence.sequenceIndicators))];
  return [
    ...fact('Tactics', tactics.join(' → ')),
    ...fact('Signals', signalsText(sequence)),
    ...fact('Actors', actorsText(sequence)),
    ...fact('Endpoints', endpointsText(sequence)),
    ...fact('Resources', resourcesText(sequence)),
  ];
}

/** The first resource the sequence names, for a finding that names no resource of its own. */
export function sequenceResource(
  sequence: AttackSequence | null | undefined,
): { type: string; id: string } | undefined {
  const first = sequence?.resources?.find((r) => cleanText(r?.name) ?? cleanText(r?.uid));
  if (!first) return undefined;
  const id = cleanText(first.name) ?? arnTail(first.uid);
  return id === undefined ? undefined : { type: cleanText(first.resourceType) ?? 'Resource', id };
}
