import { randomBytes } from 'node:crypto';

/**
 * `INC-` + base36 time + 4 random base36 characters: short enough for a card, sortable by
 * creation, free of `:` (incident ids go into BullMQ job ids).
 */
export function newIncidentId(now: Date, random: () => Buffer = () => randomBytes(4)): string {
  const tail = random().readUInt32BE(0).toString(36).padStart(7, '0').slice(-4);
  return `INC-${now.getTime().toString(36).toUpperCase()}${tail.toUpperCase()}`;
}

export function newMuteId(now: Date, random: () => Buffer = () => randomBytes(4)): string {
  return `MUTE-${now.getTime().toString(36).toUpperCase()}${random().readUInt32BE(0).toString(36).toUpperCase()}`;
}
