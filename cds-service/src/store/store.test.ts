import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedbackItem } from '@tachywatch/shared';
import { startPostgresCluster, type PostgresCluster } from '../testing/postgres-cluster';
import { postgresAvailable, requirePostgresBinDir } from '../testing/topology-support';
import { toCanonicalInstant } from './instant';
import { hashPatientId } from './patient-hash';
import { openPostgresStore } from './postgres-store';
import { openSqliteStore } from './sqlite-store';
import { SQLITE_SCHEMA_VERSION } from './sqlite-migrations';
import type { ServiceStore } from './types';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const MINUTE = 60_000;

const overridden = (card: string, outcomeTimestamp: string): FeedbackItem => ({
  card,
  outcome: 'overridden',
  overrideReason: { reason: { code: 'not-relevant', system: 'https://example.org/reasons' } },
  outcomeTimestamp,
});

type OpenStore = (options?: { jtisPerIssuer?: number }) => Promise<ServiceStore>;

/** The behaviour every store implementation must share. */
function describeStoreContract(name: string, setup: () => { open: OpenStore }): void {
  describe(`${name} store`, () => {
    const opened: ServiceStore[] = [];
    const open: OpenStore = async (options) => {
      const store = await setup().open(options);
      opened.push(store);
      return store;
    };
    afterAll(async () => {
      await Promise.all(opened.map((store) => store.close()));
    });

    it('stores one instant once, whatever offset it is written with (Z, +00:00, +02:00)', async () => {
      const store = await open();
      const card = randomUUID();
      const result = await store.saveFeedback(
        'svc',
        [
          overridden(card, '2026-11-30T10:00:00Z'),
          overridden(card, '2026-11-30T10:00:00+00:00'),
          overridden(card, '2026-11-30T12:00:00.000+02:00'),
        ],
        NOW
      );
      expect(result).toMatchObject({ stored: 1, duplicates: 2 });
      const again = await store.saveFeedback('svc', [overridden(card, '2026-11-30T10:00:00.000Z')], NOW);
      expect(again).toMatchObject({ stored: 0, duplicates: 1 });
      expect(await store.countFeedback(card)).toBe(1);
    });

    it('keeps two different instants (even a microsecond apart) as two records', async () => {
      const store = await open();
      const card = randomUUID();
      await store.saveFeedback(
        'svc',
        [overridden(card, '2026-11-30T10:00:00.000001Z'), overridden(card, '2026-11-30T10:00:00.000002Z')],
        NOW
      );
      expect(await store.countFeedback(card)).toBe(2);
      expect(await store.getFeedback(card)).toEqual([
        { outcome: 'overridden', overrideCode: 'not-relevant', userComment: null },
        { outcome: 'overridden', overrideCode: 'not-relevant', userComment: null },
      ]);
    });

    it('suppresses the episode of an overridden card, and only that one', async () => {
      const store = await open();
      const patient = store.hashPatient('https://fhir.example.org', 'p1');
      const card = randomUUID();
      await store.recordIssued([{ cardUuid: card, serviceId: 'svc', patientHash: patient, episodeKey: 'e1' }], NOW);
      expect(await store.isSuppressed(patient, 'e1', NOW)).toBe(false);
      const result = await store.saveFeedback('svc', [overridden(card, '2026-11-30T10:00:00Z')], NOW);
      expect(result.suppressions).toBe(1);
      expect(await store.isSuppressed(patient, 'e1', NOW + MINUTE)).toBe(true);
      expect(await store.isSuppressed(patient, 'e2', NOW + MINUTE)).toBe(false);
      expect(await store.isSuppressed(store.hashPatient('https://fhir.example.org', 'p2'), 'e1', NOW)).toBe(false);
    });

    it('accepts a token id once until it expires, then again', async () => {
      const store = await open();
      const jti = randomUUID();
      expect(await store.claimJti('iss-a', jti, NOW + 5 * MINUTE, NOW)).toBe('fresh');
      expect(await store.claimJti('iss-a', jti, NOW + 5 * MINUTE, NOW + MINUTE)).toBe('replay');
      expect(await store.claimJti('iss-b', jti, NOW + 5 * MINUTE, NOW + MINUTE)).toBe('fresh');
      expect(await store.claimJti('iss-a', jti, NOW + 11 * MINUTE, NOW + 6 * MINUTE)).toBe('fresh');
    });

    it("bounds each issuer's live token ids without refusing another issuer, and frees them at expiry", async () => {
      const store = await open({ jtisPerIssuer: 20 });
      const verdicts = [];
      for (let index = 0; index < 30; index += 1) {
        verdicts.push(await store.claimJti('flooder', randomUUID(), NOW + 5 * MINUTE, NOW));
      }
      expect(verdicts.filter((verdict) => verdict === 'fresh')).toHaveLength(20);
      expect(verdicts.slice(20).every((verdict) => verdict === 'issuer-quota')).toBe(true);
      expect(await store.claimJti('other', randomUUID(), NOW + 5 * MINUTE, NOW)).toBe('fresh');
      // After the flood's tokens expire, the next sweep frees the issuer's quota.
      expect(await store.claimJti('flooder', randomUUID(), NOW + 10 * MINUTE, NOW + 6 * MINUTE)).toBe('fresh');
    });
  });
}

describeStoreContract('SQLite', () => ({
  open: (options) => Promise.resolve(openSqliteStore({ path: ':memory:', suppressionDays: 90, ...options })),
}));

describe('SQLite store files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tachywatch-sqlite-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps feedback, suppressions, token ids and the patient salt across a reopen', async () => {
    const path = join(dir, 'reopen.sqlite');
    const first = openSqliteStore({ path, suppressionDays: 90 });
    const patient = first.hashPatient('', 'p1');
    const card = randomUUID();
    await first.recordIssued([{ cardUuid: card, serviceId: 'svc', patientHash: patient, episodeKey: 'e1' }], NOW);
    await first.saveFeedback('svc', [overridden(card, '2026-11-30T10:00:00Z')], NOW);
    await first.claimJti('iss', 'token-1', NOW + 5 * MINUTE, NOW);
    await first.close();

    const second = openSqliteStore({ path, suppressionDays: 90 });
    expect(second.hashPatient('', 'p1')).toBe(patient);
    expect(await second.countFeedback(card)).toBe(1);
    expect(await second.isSuppressed(patient, 'e1', NOW)).toBe(true);
    expect(await second.claimJti('iss', 'token-1', NOW + 5 * MINUTE, NOW + MINUTE)).toBe('replay');
    await second.close();
  });

  it('migrates a database of the first release: one row per instant, user_version set', async () => {
    const path = join(dir, 'v0.sqlite');
    const legacy = new Database(path);
    legacy.exec(`
      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY AUTOINCREMENT, card_uuid TEXT NOT NULL, service_id TEXT NOT NULL,
        outcome TEXT NOT NULL, outcome_timestamp TEXT NOT NULL, accepted_suggestions TEXT,
        override_system TEXT, override_code TEXT, user_comment TEXT, received_at INTEGER NOT NULL,
        UNIQUE (card_uuid, outcome, outcome_timestamp));
      INSERT INTO feedback (card_uuid, service_id, outcome, outcome_timestamp, received_at) VALUES
        ('card-1', 'svc', 'overridden', '2026-11-30T10:00:00Z', 1),
        ('card-1', 'svc', 'overridden', '2026-11-30T10:00:00+00:00', 2),
        ('card-1', 'svc', 'overridden', '2026-11-30T11:00:00Z', 3);
    `);
    expect(legacy.pragma('user_version', { simple: true })).toBe(0);
    legacy.close();

    const store = openSqliteStore({ path, suppressionDays: 90 });
    expect(await store.countFeedback('card-1')).toBe(2);
    const again = await store.saveFeedback('svc', [overridden('card-1', '2026-11-30T12:00:00+02:00')], NOW);
    expect(again.stored).toBe(0);
    await store.close();
    const reopened = new Database(path);
    expect(reopened.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    reopened.close();
  });
});

/** The schema of the first release, before `user_version` was kept: every table, version 0. */
const UNVERSIONED_SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE card_issuance (
    card_uuid TEXT PRIMARY KEY, service_id TEXT NOT NULL, patient_hash TEXT NOT NULL,
    episode_key TEXT NOT NULL, issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  CREATE TABLE feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, card_uuid TEXT NOT NULL, service_id TEXT NOT NULL,
    outcome TEXT NOT NULL, outcome_timestamp TEXT NOT NULL, accepted_suggestions TEXT,
    override_system TEXT, override_code TEXT, user_comment TEXT, received_at INTEGER NOT NULL,
    UNIQUE (card_uuid, outcome, outcome_timestamp));
  CREATE TABLE suppression (
    patient_hash TEXT NOT NULL, episode_key TEXT NOT NULL, until INTEGER NOT NULL,
    PRIMARY KEY (patient_hash, episode_key));
`;

describe('SQLite schema upgrades', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tachywatch-sqlite-upgrade-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades a populated unversioned database without losing a row, the salt or a suppression', async () => {
    const path = join(dir, 'unversioned.sqlite');
    const salt = 'ab'.repeat(32);
    const patient = hashPatientId(Buffer.from(salt, 'hex'), 'https://fhir.example.org', 'p1');
    const legacy = new Database(path);
    legacy.exec(UNVERSIONED_SCHEMA);
    legacy.prepare("INSERT INTO meta (key, value) VALUES ('patient-salt', ?)").run(salt);
    legacy
      .prepare('INSERT INTO card_issuance VALUES (?, ?, ?, ?, ?, ?)')
      .run('card-open', 'svc', patient, 'episode-2', NOW - MINUTE, NOW + 30 * 24 * 60 * MINUTE);
    legacy.prepare('INSERT INTO suppression VALUES (?, ?, ?)').run(patient, 'episode-1', NOW + 60 * MINUTE);
    const insert = legacy.prepare(
      `INSERT INTO feedback (card_uuid, service_id, outcome, outcome_timestamp, accepted_suggestions, override_system,
         override_code, user_comment, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    );
    insert.run('card-1', 'svc', 'accepted', '2026-11-29T08:00:00Z', '["s-1","s-2"]', null, null, null, 11);
    insert.run('card-2', 'svc', 'overridden', '2026-11-29T09:00:00-05:00', null, 'https://x/reasons', 'r1', 'seen', 12);
    legacy.close();

    const store = openSqliteStore({ path, suppressionDays: 90 });
    expect(store.hashPatient('https://fhir.example.org', 'p1')).toBe(patient);
    expect(await store.isSuppressed(patient, 'episode-1', NOW)).toBe(true);
    expect(await store.getFeedback('card-2')).toEqual([
      { outcome: 'overridden', overrideCode: 'r1', userComment: 'seen' },
    ]);
    const later = await store.saveFeedback('svc', [overridden('card-open', '2026-11-30T10:00:00Z')], NOW);
    expect(later).toMatchObject({ stored: 1, suppressions: 1 });
    expect(await store.isSuppressed(patient, 'episode-2', NOW + MINUTE)).toBe(true);
    await store.close();

    const upgraded = new Database(path, { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    expect(
      upgraded
        .prepare(
          `SELECT card_uuid, outcome, outcome_timestamp, outcome_instant, accepted_suggestions, override_system,
             override_code, user_comment, received_at FROM feedback WHERE card_uuid IN ('card-1', 'card-2') ORDER BY id`
        )
        .all()
    ).toEqual([
      {
        card_uuid: 'card-1',
        outcome: 'accepted',
        outcome_timestamp: '2026-11-29T08:00:00Z',
        outcome_instant: '2026-11-29T08:00:00Z',
        accepted_suggestions: '["s-1","s-2"]',
        override_system: null,
        override_code: null,
        user_comment: null,
        received_at: 11,
      },
      {
        card_uuid: 'card-2',
        outcome: 'overridden',
        outcome_timestamp: '2026-11-29T09:00:00-05:00',
        outcome_instant: '2026-11-29T14:00:00Z',
        accepted_suggestions: null,
        override_system: 'https://x/reasons',
        override_code: 'r1',
        user_comment: 'seen',
        received_at: 12,
      },
    ]);
    upgraded.close();
  });

  it('reopening an up-to-date database applies nothing again', async () => {
    const path = join(dir, 'current.sqlite');
    const first = openSqliteStore({ path, suppressionDays: 90 });
    await first.saveFeedback('svc', [overridden('card-1', '2026-11-30T10:00:00Z')], NOW);
    await first.close();
    const second = openSqliteStore({ path, suppressionDays: 90 });
    expect(await second.countFeedback('card-1')).toBe(1);
    await second.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
    reopened.close();
  });

  it('refuses a database from a newer release and leaves it untouched', () => {
    const path = join(dir, 'newer.sqlite');
    const newer = new Database(path);
    newer.exec('CREATE TABLE future (x INTEGER)');
    newer.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    newer.close();
    expect(() => openSqliteStore({ path, suppressionDays: 90 })).toThrow(/newer than this release knows/);
    const after = new Database(path, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION + 1);
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all()).toEqual([
      'future',
    ]);
    after.close();
  });
});

describe('toCanonicalInstant', () => {
  it('maps every spelling of one instant to one UTC form and rejects impossible dates', () => {
    expect(toCanonicalInstant('2026-11-30T10:00:00Z')).toBe('2026-11-30T10:00:00Z');
    expect(toCanonicalInstant('2026-11-30T10:00:00+00:00')).toBe('2026-11-30T10:00:00Z');
    expect(toCanonicalInstant('2026-11-30T05:30:00.500-04:30')).toBe('2026-11-30T10:00:00.5Z');
    expect(toCanonicalInstant('2026-01-01T00:30:00+01:00')).toBe('2025-12-31T23:30:00Z');
    expect(toCanonicalInstant('2026-02-29T00:00:00Z')).toBeUndefined();
    expect(toCanonicalInstant('2026-11-30T24:00:00Z')).toBeUndefined();
    expect(toCanonicalInstant('2026-11-30T10:00:00')).toBeUndefined();
  });
});

describe.runIf(postgresAvailable)('PostgreSQL (a real server from Debian)', { timeout: 60_000 }, () => {
  let cluster: PostgresCluster;
  beforeAll(async () => {
    cluster = await startPostgresCluster(requirePostgresBinDir());
  }, 120_000);
  afterAll(async () => {
    await cluster?.destroy();
  });

  const openPostgres: OpenStore = (options) =>
    openPostgresStore({
      connectionString: cluster.url,
      suppressionDays: 90,
      poolSize: 4,
      statementTimeoutMs: 5000,
      ...options,
    });

  describeStoreContract('PostgreSQL', () => ({ open: openPostgres }));

  it('two replicas starting together migrate once and share the patient salt', async () => {
    const [a, b] = await Promise.all([openPostgres(), openPostgres()]);
    expect(a.hashPatient('s', 'p1')).toBe(b.hashPatient('s', 'p1'));
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a token id claimed concurrently through two replicas exactly once', async () => {
    const [a, b] = await Promise.all([openPostgres(), openPostgres()]);
    const jtis = Array.from({ length: 50 }, () => randomUUID());
    const verdicts = await Promise.all(
      jtis.flatMap((jti) => [
        a.claimJti('iss', jti, NOW + 5 * MINUTE, NOW),
        b.claimJti('iss', jti, NOW + 5 * MINUTE, NOW),
      ])
    );
    expect(verdicts.filter((verdict) => verdict === 'fresh')).toHaveLength(50);
    expect(verdicts.filter((verdict) => verdict === 'replay')).toHaveLength(50);
    await Promise.all([a.close(), b.close()]);
  });
});
