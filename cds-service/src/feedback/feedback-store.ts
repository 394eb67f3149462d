import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackItem } from '@tachywatch/shared';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How long an issued card's patient hash and episode are kept for joining with feedback. */
const ISSUANCE_TTL_MS = 14 * DAY_MS;

export interface IssuedCard {
  readonly cardUuid: string;
  readonly serviceId: string;
  readonly patientHash: string;
  readonly episodeKey: string;
}

export interface SaveFeedbackResult {
  readonly stored: number;
  readonly duplicates: number;
  readonly suppressions: number;
}

/**
 * Durable feedback and override suppression in SQLite (WAL). Patients are stored only as a salted HMAC; the salt
 * lives in the database so suppression survives restarts. Feedback is idempotent on card + outcome + timestamp.
 */
export class FeedbackStore {
  private readonly db: Database.Database;
  private readonly salt: Buffer;
  private writesSincePrune = 0;

  constructor(
    path: string,
    private readonly suppressionDays: number
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 2000');
    this.db.exec(`
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
    `);
    this.salt = this.loadSalt();
  }

  /** A salted hash of the patient (scoped by FHIR server), never the id itself. */
  hashPatient(scope: string, patientId: string): string {
    return createHmac('sha256', this.salt).update(`${scope}\u0000${patientId}`).digest('hex');
  }

  recordIssued(cards: readonly IssuedCard[], nowMs: number): void {
    if (cards.length === 0) return;
    const insert = this.db.prepare(
      'INSERT OR IGNORE INTO card_issuance (card_uuid, service_id, patient_hash, episode_key, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)'
    );
    this.db.transaction(() => {
      for (const card of cards) {
        insert.run(card.cardUuid, card.serviceId, card.patientHash, card.episodeKey, nowMs, nowMs + ISSUANCE_TTL_MS);
      }
    })();
    this.maybePrune(nowMs);
  }

  isSuppressed(patientHash: string, episodeKey: string, nowMs: number): boolean {
    const row = this.db
      .prepare('SELECT until FROM suppression WHERE patient_hash = ? AND episode_key = ?')
      .get(patientHash, episodeKey) as { until: number } | undefined;
    return row !== undefined && row.until > nowMs;
  }

  saveFeedback(serviceId: string, items: readonly FeedbackItem[], nowMs: number): SaveFeedbackResult {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO feedback (card_uuid, service_id, outcome, outcome_timestamp, accepted_suggestions,
        override_system, override_code, user_comment, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    );
    const issued = this.db.prepare(
      'SELECT patient_hash, episode_key FROM card_issuance WHERE card_uuid = ? AND service_id = ? AND expires_at > ?'
    );
    const suppress = this.db.prepare(
      `INSERT INTO suppression (patient_hash, episode_key, until) VALUES (?, ?, ?)
       ON CONFLICT (patient_hash, episode_key) DO UPDATE SET until = MAX(until, excluded.until)`
    );
    const until = nowMs + this.suppressionDays * DAY_MS;
    let stored = 0;
    let suppressions = 0;
    this.db.transaction(() => {
      for (const item of items) {
        const result = insert.run(
          item.card,
          serviceId,
          item.outcome,
          item.outcomeTimestamp,
          item.acceptedSuggestions ? JSON.stringify(item.acceptedSuggestions.map((suggestion) => suggestion.id)) : null,
          item.overrideReason?.reason?.system ?? null,
          item.overrideReason?.reason?.code ?? null,
          item.overrideReason?.userComment ?? null,
          nowMs
        );
        stored += result.changes;
        if (item.outcome !== 'overridden' || this.suppressionDays === 0) continue;
        const card = issued.get(item.card, serviceId, nowMs) as
          { patient_hash: string; episode_key: string } | undefined;
        if (card) {
          suppress.run(card.patient_hash, card.episode_key, until);
          suppressions += 1;
        }
      }
    })();
    return { stored, duplicates: items.length - stored, suppressions };
  }

  countFeedback(cardUuid: string): number {
    const row = this.db.prepare('SELECT COUNT(*) AS n FROM feedback WHERE card_uuid = ?').get(cardUuid) as {
      n: number;
    };
    return row.n;
  }

  getFeedback(cardUuid: string): { outcome: string; overrideCode: string | null; userComment: string | null }[] {
    return this.db
      .prepare(
        'SELECT outcome, override_code AS overrideCode, user_comment AS userComment FROM feedback WHERE card_uuid = ? ORDER BY id'
      )
      .all(cardUuid) as { outcome: string; overrideCode: string | null; userComment: string | null }[];
  }

  close(): void {
    this.db.close();
  }

  private loadSalt(): Buffer {
    const row = this.db.prepare("SELECT value FROM meta WHERE key = 'patient-salt'").get() as
      { value: string } | undefined;
    if (row) return Buffer.from(row.value, 'hex');
    const salt = randomBytes(32);
    this.db.prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('patient-salt', ?)").run(salt.toString('hex'));
    const stored = this.db.prepare("SELECT value FROM meta WHERE key = 'patient-salt'").get() as { value: string };
    return Buffer.from(stored.value, 'hex');
  }

  private maybePrune(nowMs: number): void {
    this.writesSincePrune += 1;
    if (this.writesSincePrune < 500) return;
    this.writesSincePrune = 0;
    this.db.prepare('DELETE FROM card_issuance WHERE expires_at <= ?').run(nowMs);
    this.db.prepare('DELETE FROM suppression WHERE until <= ?').run(nowMs);
  }
}
