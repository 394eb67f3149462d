import type Database from 'better-sqlite3';
import { toCanonicalInstant } from './instant';

/**
 * SQLite schema migrations, applied in order at open; `PRAGMA user_version` records the last one applied.
 * Version 1 is the schema of the first release (created with IF NOT EXISTS, so a database made before
 * versioning adopts it unchanged). Append new migrations; never edit an applied one.
 */
const MIGRATIONS: readonly ((db: Database.Database) => void)[] = [
  (db) =>
    db.exec(`
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS card_issuance (
        card_uuid TEXT PRIMARY KEY, service_id TEXT NOT NULL, patient_hash TEXT NOT NULL,
        episode_key TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT, card_uuid TEXT NOT NULL, service_id TEXT NOT NULL,
        outcome TEXT NOT NULL, outcome_timestamp TEXT NOT NULL, accepted_suggestions TEXT,
        override_system TEXT, override_code TEXT, user_comment TEXT, received_at INTEGER NOT NULL,
        UNIQUE (card_uuid, outcome, outcome_timestamp));
      CREATE TABLE IF NOT EXISTS suppression (
        patient_hash TEXT NOT NULL, episode_key TEXT NOT NULL, until INTEGER NOT NULL,
        PRIMARY KEY (patient_hash, episode_key));
    `),
  // 2: feedback is unique on the instant (UTC canonical form), not the timestamp text; JWT ids move to the store.
  (db) => {
    db.exec(`
      CREATE TABLE feedback_v2 (
        id INTEGER PRIMARY KEY AUTOINCREMENT, card_uuid TEXT NOT NULL, service_id TEXT NOT NULL,
        outcome TEXT NOT NULL, outcome_timestamp TEXT NOT NULL, outcome_instant TEXT NOT NULL,
        accepted_suggestions TEXT, override_system TEXT, override_code TEXT, user_comment TEXT,
        received_at INTEGER NOT NULL, UNIQUE (card_uuid, outcome, outcome_instant));
      CREATE TABLE jti (
        issuer TEXT NOT NULL, jti TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (issuer, jti));
      CREATE INDEX jti_expires_at ON jti (expires_at);
    `);
    db.function('canonical_instant', { deterministic: true }, (value: unknown) =>
      typeof value === 'string' ? (toCanonicalInstant(value) ?? value) : String(value)
    );
    db.exec(`
      INSERT OR IGNORE INTO feedback_v2 (id, card_uuid, service_id, outcome, outcome_timestamp, outcome_instant,
        accepted_suggestions, override_system, override_code, user_comment, received_at)
      SELECT id, card_uuid, service_id, outcome, outcome_timestamp, canonical_instant(outcome_timestamp),
        accepted_suggestions, override_system, override_code, user_comment, received_at
      FROM feedback ORDER BY id;
      DROP TABLE feedback;
      ALTER TABLE feedback_v2 RENAME TO feedback;
      CREATE INDEX feedback_card_uuid ON feedback (card_uuid);
    `);
  },
];

export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

/** Applies every migration newer than the database's `user_version`, each in its own transaction. */
export function migrateSqlite(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(
      `The feedback database has schema version ${current}, newer than this release knows (${MIGRATIONS.length}); ` +
        'run a newer release or restore a backup'
    );
  }
  for (let version = current + 1; version <= MIGRATIONS.length; version += 1) {
    const migrate = MIGRATIONS[version - 1];
    if (!migrate) continue;
    db.transaction(() => {
      migrate(db);
      db.pragma(`user_version = ${version}`);
    }).immediate();
  }
}
