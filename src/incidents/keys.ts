/**
 * Every Redis key of the incident engine, under one prefix (pass `<redis prefix>:inc`; with a
 * hash-tagged prefix like `{wk}` all keys share a slot, which the Lua commit needs on a cluster).
 */
export function incidentKeys(prefix: string) {
  return {
    incident: (id: string) => `${prefix}:incident:${id}`,
    /** Per-incident bookkeeping the Incident schema does not carry (occurrence counts per dedupe key). */
    meta: (id: string) => `${prefix}:meta:${id}`,
    dedupe: (dedupeKey: string) => `${prefix}:dedupe:${dedupeKey}`,
    group: (groupKey: string) => `${prefix}:group:${groupKey}`,
    open: `${prefix}:open`,
    history: (id: string) => `${prefix}:history:${id}`,
    historyIndex: `${prefix}:history-index`,
    mutes: `${prefix}:mutes`,
  } as const;
}
export type IncidentKeys = ReturnType<typeof incidentKeys>;
