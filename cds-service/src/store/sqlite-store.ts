import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { FeedbackItem } from '@tachywatch/shared';
import { FEEDBACK_COLUMNS, feedbackRow } from './feedback-row';
import { JtiQuota } from './jti-quota';
import { DAY_MS, ISSUANCE_TTL_MS, PRUNE_EVERY_WRITES, hashPatientId } from './patient-hash';
import { migrateSqlite } from './sqlite-migrations';
import type { IssuedCard, JtiVerdict, SaveFeedbackResult, ServiceStore, StoredFeedback } from './types';

export interface SqliteStoreOptions {
  readonly path: string;
  readonly suppressionDays: number;
  readonly jtisPerIssuer?: number;
}

/**
 * The embedded store (the default): one SQLite file in WAL mode, shared safely by processes on one host.
 * Every write commits before the call resolves, so acknowledged feedback survives a crash.
 */
export function openSqliteStore(options: SqliteStoreOptions): ServiceStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 2000');
  migrateSqlite(db);
  return new SqliteStore(db, options.suppressionDays, new JtiQuota(options.jtisPerIssuer));
}

class SqliteStore implements ServiceStore {
  readonly kind = 'sqlite';
  private readonly salt: Buffer;
  private writesSincePrune = 0;
  private readonly statements: Statements;

  constructor(
    private readonly db: Database.Database,
    private readonly suppressionDays: number,
    private readonly quota: JtiQuota
  ) {
    this.statements = prepareStatements(db);
    this.salt = loadSalt(this.statements);
  }

  hashPatient(scope: string, patientId: string): string {
    return hashPatientId(this.salt, scope, patientId);
  }

  recordIssued(cards: readonly IssuedCard[], nowMs: number): Promise<void> {
    if (cards.length === 0) return Promise.resolve();
    this.db.transaction(() => {
      for (const card of cards) {
        this.statements.issue.run(
          card.cardUuid,
          card.serviceId,
          card.patientHash,
          card.episodeKey,
          nowMs,
          nowMs + ISSUANCE_TTL_MS
        );
      }
    })();
    this.maybePrune(nowMs);
    return Promise.resolve();
  }

  isSuppressed(patientHash: string, episodeKey: string, nowMs: number): Promise<boolean> {
    const row = this.statements.suppressed.get(patientHash, episodeKey) as { until: number } | undefined;
    return Promise.resolve(row !== undefined && row.until > nowMs);
  }

  saveFeedback(serviceId: string, items: readonly FeedbackItem[], nowMs: number): Promise<SaveFeedbackResult> {
    const until = nowMs + this.suppressionDays * DAY_MS;
    let stored = 0;
    let suppressions = 0;
    this.db.transaction(() => {
      for (const item of items) {
        const result = this.statements.insertFeedback.run(...feedbackRow(serviceId, item, nowMs));
        stored += result.changes;
        if (item.outcome !== 'overridden' || this.suppressionDays === 0) continue;
        const card = this.statements.issued.get(item.card, serviceId, nowMs) as
          { patient_hash: string; episode_key: string } | undefined;
        if (card) {
          this.statements.suppress.run(card.patient_hash, card.episode_key, until);
          suppressions += 1;
        }
      }
    })();
    return Promise.resolve({ stored, duplicates: items.length - stored, suppressions });
  }

  countFeedback(cardUuid: string): Promise<number> {
    const row = this.statements.countFeedback.get(cardUuid) as { n: number };
    return Promise.resolve(row.n);
  }

  getFeedback(cardUuid: string): Promise<StoredFeedback[]> {
    return Promise.resolve(this.statements.getFeedback.all(cardUuid) as StoredFeedback[]);
  }

  claimJti(issuer: string, jti: string, expiresAtMs: number, nowMs: number): Promise<JtiVerdict> {
    if (this.quota.isSweepDue(nowMs)) this.sweepJtis(nowMs);
    if (!this.quota.allows(issuer)) return Promise.resolve('issuer-quota');
    const claimed = this.statements.claimJti.run(issuer, jti, expiresAtMs, nowMs).changes === 1;
    if (claimed) this.quota.noteClaimed(issuer);
    return Promise.resolve(claimed ? 'fresh' : 'replay');
  }

  ping(): Promise<void> {
    this.statements.ping.get();
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }

  private sweepJtis(nowMs: number): void {
    this.statements.sweepJtis.run(nowMs);
    const rows = this.statements.countJtis.all() as { issuer: string; n: number }[];
    this.quota.reset(
      rows.map((row) => [row.issuer, row.n] as const),
      nowMs
    );
  }

  private maybePrune(nowMs: number): void {
    this.writesSincePrune += 1;
    if (this.writesSincePrune < PRUNE_EVERY_WRITES) return;
    this.writesSincePrune = 0;
    this.statements.pruneIssuance.run(nowMs);
    this.statements.pruneSuppression.run(nowMs);
  }
}

/** Every statement the store runs. */
const SQL = {
  issue:
    'INSERT OR IGNORE INTO card_issuance (card_uuid, service_id, patient_hash, episode_key, issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)',
  suppressed: 'SELECT until FROM suppression WHERE patient_hash = ? AND episode_key = ?',
  insertFeedback: `INSERT OR IGNORE INTO feedback (${FEEDBACK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  issued:
    'SELECT patient_hash, episode_key FROM card_issuance WHERE card_uuid = ? AND service_id = ? AND expires_at > ?',
  suppress: `INSERT INTO suppression (patient_hash, episode_key, until) VALUES (?, ?, ?)
       ON CONFLICT (patient_hash, episode_key) DO UPDATE SET until = MAX(until, excluded.until)`,
  countFeedback: 'SELECT COUNT(*) AS n FROM feedback WHERE card_uuid = ?',
  getFeedback:
    'SELECT outcome, override_code AS overrideCode, user_comment AS userComment FROM feedback WHERE card_uuid = ? ORDER BY id',
  claimJti: `INSERT INTO jti (issuer, jti, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (issuer, jti) DO UPDATE SET expires_at = excluded.expires_at WHERE jti.expires_at <= ?`,
  sweepJtis: 'DELETE FROM jti WHERE expires_at <= ?',
  countJtis: 'SELECT issuer, COUNT(*) AS n FROM jti GROUP BY issuer',
  pruneIssuance: 'DELETE FROM card_issuance WHERE expires_at <= ?',
  pruneSuppression: 'DELETE FROM suppression WHERE until <= ?',
  ping: 'SELECT 1',
  insertSalt: "INSERT OR IGNORE INTO meta (key, value) VALUES ('patient-salt', ?)",
  salt: "SELECT value FROM meta WHERE key = 'patient-salt'",
} as const;

type Statements = { readonly [Name in keyof typeof SQL]: Database.Statement };

/** Prepared once when the store opens (after the migrations, so each is checked against the schema), then reused. */
function prepareStatements(db: Database.Database): Statements {
  return Object.fromEntries(Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)])) as Statements;
}

function loadSalt(statements: Statements): Buffer {
  statements.insertSalt.run(randomBytes(32).toString('hex'));
  const stored = statements.salt.get() as { value: string };
  return Buffer.from(stored.value, 'hex');
}
