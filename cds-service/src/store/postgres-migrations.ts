import type { PoolClient } from 'pg';

/**
 * PostgreSQL schema migrations, applied in order at start under a transaction-scoped advisory lock, so replicas
 * starting together apply each one exactly once; `tachywatch_schema_migrations` records what was applied.
 * Append new migrations; never edit an applied one. Times are epoch milliseconds (BIGINT), as in SQLite.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE card_issuance (
    card_uuid TEXT PRIMARY KEY, service_id TEXT NOT NULL, patient_hash TEXT NOT NULL,
    episode_key TEXT NOT NULL, issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL);
  CREATE INDEX card_issuance_expires_at ON card_issuance (expires_at);
  CREATE TABLE feedback (
    id BIGSERIAL PRIMARY KEY, card_uuid TEXT NOT NULL, service_id TEXT NOT NULL,
    outcome TEXT NOT NULL, outcome_timestamp TEXT NOT NULL, outcome_instant TEXT NOT NULL,
    accepted_suggestions TEXT, override_system TEXT, override_code TEXT, user_comment TEXT,
    received_at BIGINT NOT NULL, UNIQUE (card_uuid, outcome, outcome_instant));
  CREATE TABLE suppression (
    patient_hash TEXT NOT NULL, episode_key TEXT NOT NULL, until BIGINT NOT NULL,
    PRIMARY KEY (patient_hash, episode_key));
  CREATE TABLE jti (
    issuer TEXT NOT NULL, jti TEXT NOT NULL, expires_at BIGINT NOT NULL, PRIMARY KEY (issuer, jti));
  CREATE INDEX jti_expires_at ON jti (expires_at);
  `,
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;
/** An arbitrary constant naming Tachywatch's migration lock (pg_advisory_xact_lock takes a bigint). */
const MIGRATION_LOCK_ID = 7_411_000_011;

/** Applies every migration not yet recorded; returns the versions applied now. */
export async function migratePostgres(client: PoolClient): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS tachywatch_schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())'
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT MAX(version) AS version FROM tachywatch_schema_migrations'
    );
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The database has schema version ${current}, newer than this release knows (${MIGRATIONS.length}); run a newer release`
      );
    }
    const applied: number[] = [];
    for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
      await client.query(MIGRATIONS[version - 1] ?? '');
      await client.query('INSERT INTO tachywatch_schema_migrations (version) VALUES ($1)', [version]);
      applied.push(version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}
