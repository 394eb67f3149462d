import { createHash } from 'node:crypto';

export interface Shard {
  /** 0-based. */
  readonly index: number;
  readonly count: number;
}

export const WHOLE_POPULATION: Shard = { index: 0, count: 1 };

/** Parses `i/n` (1-based i, as people count shards and as `--shard 1/4` reads). */
export function parseShard(text: string): Shard {
  const match = /^(\d{1,6})\/(\d{1,6})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new Error(`--shard must be i/n with 1 ≤ i ≤ n (for example 2/4), got "${text}"`);
  }
  return { index: index - 1, count };
}

/**
 * The shard a patient belongs to: the first 4 bytes of SHA-256 of the id, modulo n. Stable across processes,
 * machines and runs, so n processes given the same export each take a disjoint share and together cover everyone.
 */
export function shardOf(patientId: string, count: number): number {
  if (count <= 1) return 0;
  return createHash('sha256').update(patientId).digest().readUInt32BE(0) % count;
}

export function isInShard(patientId: string, shard: Shard): boolean {
  return shard.count <= 1 || shardOf(patientId, shard.count) === shard.index;
}
