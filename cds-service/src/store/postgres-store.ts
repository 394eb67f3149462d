import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { FeedbackItem } from '@tachywatch/shared';
import { FEEDBACK_COLUMNS, feedbackRow } from './feedback-row';
import { JtiQuota } from './jti-quota';
import { DAY_MS, ISSUANCE_TTL_MS, PRUNE_EVERY_WRITES, hashPatientId } from './patient-hash';
import { migratePostgres } from './postgres-migrations';
import type { IssuedCard, JtiVerdict, SaveFeedbackResult, ServiceStore, StoredFeedback } from './types';

export interface PostgresStoreOptions {
  readonly connectionString: string;
  readonly suppressionDays: number;
  readonly poolSize: number;
  /** Bound on each statement and on waiting for a connection, so a stalled database cannot hold a request. */
  readonly statementTimeoutMs: number;
  readonly jtisPerIssuer?: number;
  /** Told about errors of idle pooled connections (e.g. the database restarting); they must not crash the process. */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * The shared store for several replicas: PostgreSQL through a connection pool. Migrations run at open.
 * A token id is claimed with one INSERT … ON CONFLICT, atomic across replicas.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<ServiceStore> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
    connectionTimeoutMillis: options.statementTimeoutMs,
    statement_timeout: options.statementTimeoutMs,
    query_timeout: options.statementTimeoutMs + 1000,
    application_name: 'tachywatch-cds',
  });
  pool.on('error', (error) => options.onIdleError?.(error));
  try {
    const client = await pool.connect();
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
    await pool.query("INSERT INTO meta (key, value) VALUES ('patient-salt', $1) ON CONFLICT (key) DO NOTHING", [
      randomBytes(32).toString('hex'),
    ]);
    const { rows } = await pool.query<{ value: string }>("SELECT value FROM meta WHERE key = 'patient-salt'");
    const salt = Buffer.from(rows[0]?.value ?? '', 'hex');
    if (salt.length !== 32) throw new Error('The patient salt in the database is missing or malformed');
    return new PostgresStore(pool, salt, options.suppressionDays, new JtiQuota(options.jtisPerIssuer));
  } catch (error) {
    await pool.end();
    throw error;
  }
}

class PostgresStore implements ServiceStore {
  readonly kind = 'postgres';
  private writesSincePrune = 0;
  private sweeping: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly salt: Buffer,
    private readonly suppressionDays: number,
    private readonly quota: JtiQuota
  ) {}

  hashPatient(scope: string, patientId: string): string {
    return hashPatientId(this.salt, scope, patientId);
  }

  async recordIssued(cards: readonly IssuedCard[], nowMs: number): Promise<void> {
    if (cards.length === 0) return;
    await this.pool.query(
      `INSERT INTO card_issuance (card_uuid, service_id, patient_hash, episode_key, issued_at, expires_at)
       SELECT * FROM UNNEST($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
       ON CONFLICT (card_uuid) DO NOTHING`,
      [
        cards.map((card) => card.cardUuid),
        cards.map((card) => card.serviceId),
        cards.map((card) => card.patientHash),
        cards.map((card) => card.episodeKey),
        cards.map(() => nowMs),
        cards.map(() => nowMs + ISSUANCE_TTL_MS),
      ]
    );
    await this.maybePrune(nowMs);
  }

  async isSuppressed(patientHash: string, episodeKey: string, nowMs: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      'SELECT 1 FROM suppression WHERE patient_hash = $1 AND episode_key = $2 AND until > $3',
      [patientHash, episodeKey, nowMs]
    );
    return (rowCount ?? 0) > 0;
  }

  async saveFeedback(serviceId: string, items: readonly FeedbackItem[], nowMs: number): Promise<SaveFeedbackResult> {
    const until = nowMs + this.suppressionDays * DAY_MS;
    const client = await this.pool.connect();
    let stored = 0;
    let suppressions = 0;
    try {
      await client.query('BEGIN');
      for (const item of items) {
        const inserted = await client.query(
          `INSERT INTO feedback (${FEEDBACK_COLUMNS})
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
           ON CONFLICT (card_uuid, outcome, outcome_instant) DO NOTHING`,
          [...feedbackRow(serviceId, item, nowMs)]
        );
        stored += inserted.rowCount ?? 0;
        if (item.outcome !== 'overridden' || this.suppressionDays === 0) continue;
        const suppressed = await client.query(
          `INSERT INTO suppression (patient_hash, episode_key, until)
           SELECT patient_hash, episode_key, $3 FROM card_issuance
           WHERE card_uuid = $1 AND service_id = $2 AND expires_at > $4
           ON CONFLICT (patient_hash, episode_key) DO UPDATE SET until = GREATEST(suppression.until, excluded.until)`,
          [item.card, serviceId, until, nowMs]
        );
        suppressions += suppressed.rowCount ?? 0;
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    return { stored, duplicates: items.length - stored, suppressions };
  }

  async countFeedback(cardUuid: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: string }>('SELECT COUNT(*) AS n FROM feedback WHERE card_uuid = $1', [
      cardUuid,
    ]);
    return Number(rows[0]?.n ?? 0);
  }

  async getFeedback(cardUuid: string): Promise<StoredFeedback[]> {
    const { rows } = await this.pool.query<StoredFeedback>(
      `SELECT outcome, override_code AS "overrideCode", user_comment AS "userComment"
       FROM feedback WHERE card_uuid = $1 ORDER BY id`,
      [cardUuid]
    );
    return rows;
  }

  async claimJti(issuer: string, jti: string, expiresAtMs: number, nowMs: number): Promise<JtiVerdict> {
    if (this.quota.isSweepDue(nowMs)) await this.sweepJtis(nowMs);
    if (!this.quota.allows(issuer)) return 'issuer-quota';
    const { rowCount } = await this.pool.query(
      `INSERT INTO jti (issuer, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (issuer, jti) DO UPDATE SET expires_at = excluded.expires_at WHERE jti.expires_at <= $4`,
      [issuer, jti, expiresAtMs, nowMs]
    );
    if (rowCount !== 1) return 'replay';
    this.quota.noteClaimed(issuer);
    return 'fresh';
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.sweeping?.catch(() => undefined);
    await this.pool.end();
  }

  /** One sweep at a time per process; concurrent callers share it. */
  private sweepJtis(nowMs: number): Promise<void> {
    this.sweeping ??= (async () => {
      try {
        await this.pool.query('DELETE FROM jti WHERE expires_at <= $1', [nowMs]);
        const { rows } = await this.pool.query<{ issuer: string; n: string }>(
          'SELECT issuer, COUNT(*) AS n FROM jti GROUP BY issuer'
        );
        this.quota.reset(
          rows.map((row) => [row.issuer, Number(row.n)] as const),
          nowMs
        );
      } finally {
        this.sweeping = undefined;
      }
    })();
    return this.sweeping;
  }

  private async maybePrune(nowMs: number): Promise<void> {
    this.writesSincePrune += 1;
    if (this.writesSincePrune < PRUNE_EVERY_WRITES) return;
    this.writesSincePrune = 0;
    await this.pool.query('DELETE FROM card_issuance WHERE expires_at <= $1', [nowMs]);
    await this.pool.query('DELETE FROM suppression WHERE until <= $1', [nowMs]);
  }
}
