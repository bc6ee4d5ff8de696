/**
 * Reads what a card shows from its blocks, for the benchmarks that time cards: which bench
 * finding it is about and how many occurrences it shows. Only the bench's own findings are
 * recognised (their titles read `bench finding bench…`).
 */
const FINDING = /bench finding (bench\d+)/;
/** The card's occurrence count, as the card layout words it. */
const COUNTS = [/Occurrences\*\\n([\d,]+)/, /([\d,]+) occurrences/i, /Occurrences:?\s*\*?([\d,]+)/i];

export function cardFinding(blocks: unknown[]): string | undefined {
  return FINDING.exec(JSON.stringify(blocks))?.[1];
}

export function cardCount(blocks: unknown[]): number | undefined {
  const json = JSON.stringify(blocks);
  for (const pattern of COUNTS) {
    const found = pattern.exec(json)?.[1];
    if (found) return Number(found.replaceAll(',', ''));
  }
  // One occurrence: cards do not repeat "1 occurrence" on a fresh incident.
  return FINDING.test(json) ? 1 : undefined;
}

export function benchFindingId(n: number): string {
  return `bench${String(n).padStart(27, '0')}`;
}
