import type { Redis } from 'ioredis';
import type { Alert } from '../alerts/alert.js';
import type { IncidentsConfig } from '../platform/config/incidents.js';
import { NotFoundError } from '../platform/errors.js';
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
import { addMuteRule, findMute, listMuteRules, type MuteRule, type NewMuteRule } from './mutes.js';
import { type OccurrenceMeta, parseMeta, serializeMeta } from './occurrences.js';
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

export interface AlertResult {
  readonly change: AlertChange;
  /** Absent only when an alarm OK matched no incident. */
  readonly incident?: Incident;
  readonly before?: Incident;
}

export interface TransitionResult {
  readonly before: Incident;
  readonly after: Incident;
}

/** Stored dedupe and group links outlive the incidents' history a little. */
/** Closed incidents outlive their history records by a week, so a late reopen still finds them. */
const INDEX_EXTRA_MS = 7 * 24 * 3_600_000;

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

  async function load(id: string): Promise<Loaded> {
    const [text, metaText] = await redis.mget(keys.incident(id), keys.meta(id));
    const incident = text === null || text === undefined ? undefined : parseStoredIncident(text);
    return { text: text ?? null, metaText: metaText ?? null, incident, meta: parseMeta(metaText ?? null) };
  }

  function guardsFor(id: string, loaded: Loaded): Guard[] {
    return [
      { key: keys.incident(id), expected: loaded.text },
      { key: keys.meta(id), expected: loaded.metaText },
    ];
  }

  /** Validated first: a change that would store an invalid incident throws InvalidIncidentError. */
  function incidentWrites(incident: Incident, meta: OccurrenceMeta | undefined, now: Date): WriteOp[] {
    validIncident(incident);
    const open = isOpen(incident);
    const ttl = open ? {} : { ttlMs: retentionMs + INDEX_EXTRA_MS };
    const writes: WriteOp[] = [
      { op: 'set', key: keys.incident(incident.id), value: JSON.stringify(incident), ...ttl },
      { op: open ? 'sadd' : 'srem', key: keys.open, member: incident.id },
      ...historyWrites(keys, incident, record(incident), now, retentionMs),
    ];
    if (meta) writes.push({ op: 'set', key: keys.meta(incident.id), value: serializeMeta(meta), ...ttl });
    return writes;
  }

  function record(incident: Incident): IncidentHistoryRecord {
    return historyRecordFromIncident(incident, isSpecific);
  }

  async function applyAlertOnce(
    alert: Alert,
    now: Date,
    defaults: OpenDefaults,
  ): Promise<{ committed: boolean; value: AlertResult }> {
    const dedupeKey = keys.dedupe(alert.dedupeKey);
    const groupKey = keys.group(groupKeyOf(alert));
    const [dedupeId, groupId] = await redis.mget(dedupeKey, groupKey);
    const guards: Guard[] = [
      { key: dedupeKey, expected: dedupeId ?? null },
      { key: groupKey, expected: groupId ?? null },
    ];
    let matched: Loaded | undefined;
    let decision: AlertDecision | undefined;
    const recovery = alert.alarmState === 'OK';
    if (dedupeId) {
      const loaded = await load(dedupeId);
      const incident = loaded.incident;
      if (incident) {
        matched = loaded;
        if (recovery) {
          decision =
            isOpen(incident) && incident.recoveredAt === undefined
              ? { change: 'recovered', incident: recover(incident, now, config), meta: loaded.meta }
              : { change: 'unchanged', incident };
        } else if (isOpen(incident) || withinReopenWindow(incident, now, config)) {
          decision = occurWithTarget(incident, loaded.meta, alert);
        } else {
          matched = undefined;
        }
      }
    }
    if (!decision && !recovery && groupId) {
      const loaded = await load(groupId);
      if (loaded.incident && isOpen(loaded.incident)) {
        matched = loaded;
        decision = occurWithTarget(loaded.incident, loaded.meta, alert);
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
      ...openIncident(newIncidentId(now), alert, now, defaults),
    };
    const incident = next.incident;
    const writes = incidentWrites(incident, next.meta, now);
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
    const committed = await commitIfUnchanged(redis, allGuards, writes);
    return {
      committed,
      value: { change: next.change, incident, ...(matched?.incident ? { before: matched.incident } : {}) },
    };
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

    /** Correlates one alert: update, reopen, recover or open an incident, atomically. */
    applyAlert(alert: Alert, now: Date, defaults: OpenDefaults): Promise<AlertResult> {
      return withRetries(() => applyAlertOnce(alert, now, defaults));
    },

    /** Applies one transition atomically; the transition's ConflictError reaches the caller. */
    transition(id: string, change: Transition, now: Date): Promise<TransitionResult> {
      return withRetries(async () => {
        const loaded = await load(id);
        const before = loaded.incident;
        if (!before) throw new NotFoundError(`Incident ${id}`);
        const after: Incident = { ...change(before), version: before.version + 1 };
        const committed = await commitIfUnchanged(
          redis,
          guardsFor(id, loaded),
          incidentWrites(after, undefined, now),
        );
        return { committed, value: { before, after } };
      });
    },

    addMute(rule: NewMuteRule, now: Date): Promise<MuteRule> {
      return addMuteRule(redis, keys, rule, now);
    },
    listMutes(now: Date): Promise<MuteRule[]> {
      return listMuteRules(redis, keys, now);
    },
    isMuted(alert: Alert, now: Date): Promise<MuteRule | undefined> {
      return findMute(redis, keys, alert, now);
    },
    history(range: { from: Date; to: Date }): Promise<IncidentHistoryRecord[]> {
      return queryHistory(redis, keys, range);
    },
  };
}
