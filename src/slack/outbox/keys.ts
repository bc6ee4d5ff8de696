/** Every Redis key the outbox uses, under the configured prefix. */
export function outboxKeys(prefix: string) {
  const base = `${prefix}:outbox`;
  return {
    /** Hash: channel, ts, sentVersion, updatedAt (epoch ms of the last chat.update). */
    card: (incidentId: string) => `${base}:card:${incidentId}`,
    /** The newest version anyone asked to show. */
    wanted: (incidentId: string) => `${base}:card-wanted:${incidentId}`,
    /**
     * Set while a card job of this incident is queued or running (PX, refreshed by each run):
     * requests made meanwhile only raise `wanted`, and that job serves the newest version.
     */
    queued: (incidentId: string) => `${base}:card-queued:${incidentId}`,
    /** Counts the card jobs ever queued for this incident, so each gets a job id of its own. */
    claims: (incidentId: string) => `${base}:card-claims:${incidentId}`,
    /** Held while the first post of a card is in flight, so two workers cannot both post it. */
    posting: (incidentId: string) => `${base}:card-posting:${incidentId}`,
    /**
     * Set before a card's first chat.postMessage and kept until its ts is stored: when it exists
     * and no ts does, an earlier try may have posted, so the channel is searched before posting.
     */
    postTried: (incidentId: string) => `${base}:card-post-tried:${incidentId}`,
    /** The ts of a message already posted for an idempotency key. */
    sent: (key: string) => `${base}:sent:${key}`,
    /** The channel Slack posted it in: a DM's `D…` id when it was posted to a user id. */
    sentChannel: (key: string) => `${base}:sent-channel:${key}`,
    /** Hash: idempotency key -> its place in the incident's thread (assigned once per key). */
    threadSeq: (incidentId: string) => `${base}:thread-seq:${incidentId}`,
    /** The highest place in the incident's thread already posted (or given up on). */
    threadDone: (incidentId: string) => `${base}:thread-done:${incidentId}`,
    /** The newest content asked for a posted message (JSON with its version), by key digest. */
    messageContent: (keyDigest: string) => `${base}:msg-content:${keyDigest}`,
    /** Token bucket per channel. */
    bucket: (channel: string) => `${base}:bucket:${channel}`,
  } as const;
}
export type OutboxKeys = ReturnType<typeof outboxKeys>;
