import type { Redis } from 'ioredis';
import type { Alert } from '../alerts/alert.js';
import type { IncidentsConfig } from '../platform/config/incidents.js';
import { NotFoundError } from '../platform/errors.js';
import { readForAlert, type StoredIncident } from './alert-read.js';
import {
  type AlertChange,
  type AlertDecision,
  isOpen,
  NOTHING,
  type OpenDefaults,
  occur,
  openIncident,
  recover,
  withinReopenWindow,
} from './apply-alert-rules.js';
import { commitIfUnchanged, type Guard, type WriteOp, withRetries } from './commit.js';
import { groupKeyOf, groupWindowMs } from './group-key.js';
import { historyRecordFromIncident, type IncidentHistoryRecord } from './history.js';
import { HISTORY_RETENTION_MS, historyWrites, queryHistory } from './history-store.js';
import { type Incident, parseStoredIncident, validIncident } from './incident.js';
import { newIncidentId } from './incident-id.js';
import { type IncidentKeys, incidentKeys } from './keys.js';
import { addMuteRule, findMuteIn, listMuteRules, type MuteRule, type NewMuteRule } from './mutes.js';
import { emptyMeta, type OccurrenceMeta, parseMeta, serializeMeta } from './occurrences.js';
import { createParsedCache, deepFrozen } from './parsed-cache.js';
import { withAlertTarget } from './targets.js';
import type { Transition } from './transitions.js';

/**
 * The incident engine: incidents as JSON in Redis with their indexes (dedupe key, group key,
 * open set, history), changed only by atomic read-compute-commit cycles (commit.ts). Two
 * replicas applying alerts or two responders clicking at once always end in one consistent
 * state, and the loser of a transition race gets the ConflictError the transition throws.
 */

export interface IncidentEngineOptions {
  readonly redis: Redis;
  /** Key prefix, e.g. `${config.redis.prefix}:inc`. */
  readonly prefix: string;
  readonly config: IncidentsConfig;
  /** False for a generic/fallback runbook (the digest counts these). @defaultValue not `generic`/`fallback` in the id */
  readonly isSpecificRunbook?: (runbookId: string) => boolean;
  /** How long history records are kept for the digest (config `digest.retentionWeeks`). @defaultValue 13 weeks */
  readonly historyRetentionMs?: number;
  /**
   * How long a CloudTrail detection keeps grouping one actor's hits into one incident (config
   * `detectionGrouping.windowMinutes`). @defaultValue 15
   */
  readonly detectionGroupWindowMinutes?: number;
}

const DEFAULT_DETECTION_GROUP_WINDOW_MINUTES = 15;

/** `occur`, with the alert's target gathered into the incident's targets (targets.ts). */
function occurWithTarget(incident: Incident, meta: OccurrenceMeta, alert: Alert): AlertDecision {
  const decision = occur(incident, meta, alert);
  if (decision.change === 'unchanged') return decision;
  return { ...decision, incident: withAlertTarget(incident, decision.incident, alert) };
}

export interface AppliedAlert {
  readonly change: AlertChange;
  /** Absent only when an alarm OK matched no incident. */
  readonly incident?: Incident;
  readonly before?: Incident;
}

/** A mute rule matched the alert: nothing was read further or written. */
export interface MutedAlert {
  readonly change: 'muted';
  readonly mute: MuteRule;
  readonly incident?: undefined;
  readonly before?: undefined;
}

export type AlertResult = AppliedAlert | MutedAlert;

/**
 * What a new incident needs that the alert does not say: given, or asked for (the owner costs
 * Redis and AWS look-ups) only when the alert opens an incident, at most once per alert.
 */
export type OpenDefaultsSource = OpenDefaults | (() => Promise<OpenDefaults>);

/** A stream entry to write with an alert's change, in the same commit (its audit entry). */
export interface CommittedEntry {
  readonly key: string;
  readonly maxLen: number;
  readonly fields: readonly string[];
}

/**
 * Builds the entry for a change about to be committed; called again if the commit loses and the
 * change is worked out anew, so the entry always describes the change stored.
 */
export type EntryForChange = (
  change: AppliedAlert & { readonly incident: Incident },
) => CommittedEntry | undefined;

export interface TransitionResult {
  readonly before: Incident;
  readonly after: Incident;
}

/** Stored dedupe and group links outlive the incidents' history a little. */
/** Closed incidents outlive their history records by a week, so a late reopen still finds them. */
const INDEX_EXTRA_MS = 7 * 24 * 3_600_000;

/** Parsed incidents (and metas) kept per engine; a few thousand stay well under a hundred MB. */
const PARSED_CACHE_ENTRIES = 2_000;

/** The writes of one incident change, and the texts they store (for the parsed cache). */
interface IncidentWrites {
  readonly incident: Incident;
  readonly text: string;
  readonly metaText?: string;
  readonly writes: WriteOp[];
}

interface Loaded {
  readonly text: string | null;
  readonly metaText: string | null;
  readonly incident: Incident | undefined;
  readonly meta: OccurrenceMeta;
}

export type IncidentEngine = ReturnType<typeof createIncidentEngine>;

export function createIncidentEngine(options: IncidentEngineOptions) {
  const { redis, config } = options;
  const keys: IncidentKeys = incidentKeys(options.prefix);
  const retentionMs = options.historyRetentionMs ?? HISTORY_RETENTION_MS;
  const isSpecific = options.isSpecificRunbook ?? ((id: string) => !/generic|fallback/.test(id));

  // Texts this engine wrote or already validated are not parsed again (parsed-cache.ts).
  const parsedIncidents = createParsedCache<Incident>(PARSED_CACHE_ENTRIES);
  const parsedMetas = createParsedCache<OccurrenceMeta>(PARSED_CACHE_ENTRIES);

  function loadedFrom(id: string, stored: StoredIncident): Loaded {
    const { text, metaText } = stored;
    return { text, metaText, incident: incidentFrom(id, text), meta: metaFrom(id, metaText) };
  }

  /** The stored incident, parsed and validated unless this exact text already was. */
  function incidentFrom(id: string, text: string | null): Incident | undefined {
    if (text === null) return undefined;
    const cached = parsedIncidents.get(id, text);
    if (cached) return cached;
    const incident = deepFrozen(parseStoredIncident(text));
    parsedIncidents.set(id, text, incident);
    return incident;
  }

  function metaFrom(id: string, text: string | null): OccurrenceMeta {
    if (text === null) return emptyMeta();
    const cached = parsedMetas.get(id, text);
    if (cached) return cached;
    const meta = parseMeta(text);
    parsedMetas.set(id, text, meta);
    return meta;
  }

  /** After a commit: what was just written (validated by `incidentWrites`) is known parsed. */
  function remember(written: IncidentWrites, meta: OccurrenceMeta | undefined): void {
    const { incident, text, metaText } = written;
    parsedIncidents.set(incident.id, text, deepFrozen(incident));
    if (meta && metaText !== undefined) parsedMetas.set(incident.id, metaText, meta);
  }

  async function load(id: string): Promise<Loaded> {
    const [text, metaText] = await redis.mget(keys.incident(id), keys.meta(id));
    return loadedFrom(id, { text: text ?? null, metaText: metaText ?? null });
  }

  function guardsFor(id: string, loaded: Loaded): Guard[] {
    return [
      { key: keys.incident(id), expected: loaded.text },
      { key: keys.meta(id), expected: loaded.metaText },
    ];
  }

  /** Validated first: a change that would store an invalid incident throws InvalidIncidentError. */
  function incidentWrites(incident: Incident, meta: OccurrenceMeta | undefined, now: Date): IncidentWrites {
    validIncident(incident);
    const open = isOpen(incident);
    const ttl = open ? {} : { ttlMs: retentionMs + INDEX_EXTRA_MS };
    const text = JSON.stringify(incident);
    const writes: WriteOp[] = [
      { op: 'set', key: keys.incident(incident.id), value: text, ...ttl },
      { op: open ? 'sadd' : 'srem', key: keys.open, member: incident.id },
      ...historyWrites(keys, incident, record(incident), now, retentionMs),
    ];
    if (!meta) return { incident, text, writes };
    const metaText = serializeMeta(meta);
    writes.push({ op: 'set', key: keys.meta(incident.id), value: metaText, ...ttl });
    return { incident, text, metaText, writes };
  }

  function record(incident: Incident): IncidentHistoryRecord {
    return historyRecordFromIncident(incident, isSpecific);
  }

  async function applyAlertOnce(
    alert: Alert,
    now: Date,
    openDefaults: () => Promise<OpenDefaults>,
    entryFor: EntryForChange | undefined,
  ): Promise<{ committed: boolean; value: AlertResult }> {
    const dedupeKey = keys.dedupe(alert.dedupeKey);
    const groupKey = keys.group(groupKeyOf(alert));
    // One round trip; every string it returns is a guard of the commit below, unchanged.
    const read = await readForAlert(redis, keys, { dedupeKey, groupKey });
    const mute = findMuteIn(read.muteTexts, alert, now);
    if (mute) return { committed: true, value: { change: 'muted', mute } };
    const { dedupeId, groupId } = read;
    const storedOf = (id: string): Loaded =>
      loadedFrom(id, read.stored.get(id) ?? { text: null, metaText: null });
    const guards: Guard[] = [
      { key: dedupeKey, expected: dedupeId },
      { key: groupKey, expected: groupId },
    ];
    let matched: Loaded | undefined;
    let decision: AlertDecision | undefined;
    const recovery = alert.alarmState === 'OK';
    if (dedupeId) {
      const candidate = storedOf(dedupeId);
      const incident = candidate.incident;
      if (incident) {
        matched = candidate;
        if (recovery) {
          decision =
            isOpen(incident) && incident.recoveredAt === undefined
              ? { change: 'recovered', incident: recover(incident, now, config), meta: candidate.meta }
              : { change: 'unchanged', incident };
        } else if (isOpen(incident) || withinReopenWindow(incident, now, config)) {
          decision = occurWithTarget(incident, candidate.meta, alert);
        } else {
          matched = undefined;
        }
      }
    }
    if (!decision && !recovery && groupId) {
      const candidate = storedOf(groupId);
      if (candidate.incident && isOpen(candidate.incident)) {
        matched = candidate;
        decision = occurWithTarget(candidate.incident, candidate.meta, alert);
      }
    }
    if (!decision && recovery) decision = NOTHING;
    if (decision?.change === 'unchanged') {
      return {
        committed: true,
        value: decision.incident
          ? { change: 'unchanged', incident: decision.incident }
          : { change: 'unchanged' },
      };
    }
    const next = decision ?? {
      change: 'opened' as const,
      ...openIncident(newIncidentId(now), alert, now, await openDefaults()),
    };
    const incident = next.incident;
    const written = incidentWrites(incident, next.meta, now);
    const writes = written.writes;
    if (next.change !== 'recovered')
      writes.push({ op: 'set', key: dedupeKey, value: incident.id, ttlMs: retentionMs + INDEX_EXTRA_MS });
    if (isOpen(incident) && next.change !== 'recovered')
      writes.push({
        op: 'set',
        key: groupKey,
        value: incident.id,
        ttlMs: groupWindowMs(alert, {
          groupWindowMinutes: config.groupWindowMinutes,
          detectionWindowMinutes:
            options.detectionGroupWindowMinutes ?? DEFAULT_DETECTION_GROUP_WINDOW_MINUTES,
        }),
      });
    const allGuards = matched
      ? [...guards, ...guardsFor(incident.id, matched)]
      : [...guards, { key: keys.incident(incident.id), expected: null }];
    const value = {
      change: next.change,
      incident,
      ...(matched?.incident ? { before: matched.incident } : {}),
    };
    const entry = entryFor?.(value);
    if (entry) writes.push({ op: 'xadd', key: entry.key, maxLen: entry.maxLen, fields: entry.fields });
    const committed = await commitIfUnchanged(redis, allGuards, writes);
    if (committed) remember(written, next.meta);
    return { committed, value };
  }

  return {
    keys,

    async get(id: string): Promise<Incident | undefined> {
      return (await load(id)).incident;
    },

    async require(id: string): Promise<Incident> {
      const incident = (await load(id)).incident;
      if (!incident) throw new NotFoundError(`Incident ${id}`);
      return incident;
    },

    async listOpen(): Promise<Incident[]> {
      const ids = await redis.smembers(keys.open);
      const loaded = await Promise.all(ids.map(async (id) => (await load(id)).incident));
      return loaded.filter((i): i is Incident => i !== undefined);
    },

    /**
     * Correlates one alert: muted by a rule, or update, reopen, recover or open an incident,
     * atomically. The defaults are asked for only when an incident opens, once however many
     * times the commit loses a race. `entryFor` gives the change's audit entry, written by the
     * same commit: a change is never stored without its entry, nor the entry without the change.
     */
    applyAlert(
      alert: Alert,
      now: Date,
      defaults: OpenDefaultsSource,
      entryFor?: EntryForChange,
    ): Promise<AlertResult> {
      let asked: Promise<OpenDefaults> | undefined;
      const openDefaults = (): Promise<OpenDefaults> => {
        asked ??= typeof defaults === 'function' ? defaults() : Promise.resolve(defaults);
        return asked;
      };
      return withRetries(() => applyAlertOnce(alert, now, openDefaults, entryFor));
    },

    /** Applies one transition atomically; the transition's ConflictError reaches the caller. */
    transition(id: string, change: Transition, now: Date): Promise<TransitionResult> {
      return withRetries(async () => {
        const loaded = await load(id);
        const before = loaded.incident;
        if (!before) throw new NotFoundError(`Incident ${id}`);
        const after: Incident = { ...change(before), version: before.version + 1 };
        const written = incidentWrites(after, undefined, now);
        const committed = await commitIfUnchanged(redis, guardsFor(id, loaded), written.writes);
        if (committed) remember(written, undefined);
        return { committed, value: { before, after } };
      });
    },

    addMute(rule: NewMuteRule, now: Date): Promise<MuteRule> {
      return addMuteRule(redis, keys, rule, now);
    },
    listMutes(now: Date): Promise<MuteRule[]> {
      return listMuteRules(redis, keys, now);
    },
    history(range: { from: Date; to: Date }): Promise<IncidentHistoryRecord[]> {
      return queryHistory(redis, keys, range);
    },
  };
}
