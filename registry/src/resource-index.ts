import Database from 'better-sqlite3';
import { touchPrivateFile } from './private-files';

type Db = InstanceType<typeof Database>;

export type StoreOutcome = 'stored' | 'duplicate';

/** One assessed patient, as stored for the outputs: the sort key and the serialized registry row. */
export interface StoredResult {
  readonly patientId: string;
  readonly urgencyKey: string;
  readonly status: string;
  readonly drugClass: string;
  readonly flagged: boolean;
  readonly rowJson: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS resources (
  type TEXT NOT NULL,
  id TEXT NOT NULL,
  patient TEXT,
  run INTEGER NOT NULL,
  json TEXT NOT NULL,
  PRIMARY KEY (type, id)
);
CREATE INDEX IF NOT EXISTS resources_by_patient ON resources (patient);
CREATE TABLE IF NOT EXISTS touched (patient TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS results (
  patient TEXT PRIMARY KEY,
  urgency_key TEXT NOT NULL,
  status TEXT NOT NULL,
  drug_class TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  row_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS results_by_urgency ON results (urgency_key);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
`;

const BATCH = 2000;

/**
 * The on-disk index of an export: every resource by (type, id) with the patient it provably belongs to, the
 * patients touched by the current run, and the assessed registry rows. SQLite keeps memory flat (a bounded page
 * cache) however large the population; writes are batched in transactions.
 */
export class ResourceIndex {
  private readonly db: Db;
  private readonly run: number;
  private pendingWrites = 0;
  private readonly insertResource;
  private readonly selectOwner;
  private readonly touch;
  private readonly selectPatientResources;
  private readonly upsertResult;

  constructor(path: string) {
    if (path !== ':memory:') touchPrivateFile(path);
    this.db = new Database(path);
    this.db.pragma('journal_mode = DELETE');
    this.db.pragma('synchronous = OFF');
    this.db.pragma('cache_size = -16000');
    this.db.pragma('temp_store = FILE');
    this.db.exec(SCHEMA);
    const previous = this.db.prepare("SELECT value FROM meta WHERE key = 'run'").pluck().get() as string | undefined;
    this.run = Number(previous ?? 0) + 1;
    this.db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('run', ?)").run(String(this.run));
    this.db.exec('DELETE FROM touched');
    this.insertResource = this.db.prepare(
      `INSERT INTO resources (type, id, patient, run, json) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (type, id) DO UPDATE SET patient = excluded.patient, run = excluded.run, json = excluded.json
       WHERE resources.run <> excluded.run`
    );
    this.touch = this.db.prepare('INSERT OR IGNORE INTO touched (patient) VALUES (?)');
    this.selectOwner = this.db.prepare('SELECT patient FROM resources WHERE type = ? AND id = ? AND run <> ?').pluck();
    this.selectPatientResources = this.db.prepare('SELECT json FROM resources WHERE patient = ? LIMIT ?').pluck();
    this.upsertResult = this.db.prepare(
      `INSERT OR REPLACE INTO results (patient, urgency_key, status, drug_class, flagged, row_json)
       VALUES (?, ?, ?, ?, ?, ?)`
    );
    this.db.exec('BEGIN');
  }

  /**
   * Stores a resource; the second copy of a (type, id) within one run is a duplicate and is not stored. A copy from a
   * later run (an incremental export) replaces the earlier one.
   */
  store(type: string, id: string, patientId: string | undefined, json: string): StoreOutcome {
    // On a run over an existing index, a resource that moved to another patient leaves that patient to re-assess.
    const previousOwner =
      this.run > 1 ? (this.selectOwner.get(type, id, this.run) as string | null | undefined) : undefined;
    const { changes } = this.insertResource.run(type, id, patientId ?? null, this.run, json);
    if (changes === 0) return 'duplicate';
    if (patientId !== undefined) this.touch.run(patientId);
    if (previousOwner && previousOwner !== patientId) this.touch.run(previousOwner);
    this.countWrite();
    return 'stored';
  }

  private countWrite(): void {
    this.pendingWrites += 1;
    if (this.pendingWrites >= BATCH) this.commit();
  }

  /**
   * Removes a resource deleted at the source (an incremental export's deletion Bundles); its patient is re-assessed,
   * and a deleted Patient leaves the registry. Returns whether the index held it.
   */
  remove(type: string, id: string): boolean {
    const owner = this.db.prepare('SELECT patient FROM resources WHERE type = ? AND id = ?').pluck().get(type, id) as
      string | null | undefined;
    if (owner === undefined) return false;
    this.db.prepare('DELETE FROM resources WHERE type = ? AND id = ?').run(type, id);
    if (type === 'Patient') this.db.prepare('DELETE FROM results WHERE patient = ?').run(id);
    else if (owner !== null) this.touch.run(owner);
    this.countWrite();
    return true;
  }

  /** Ends the open write transaction and starts a new one. */
  commit(): void {
    this.db.exec('COMMIT');
    this.db.exec('BEGIN');
    this.pendingWrites = 0;
  }

  /** Resources that name a patient for whom the export holds no Patient resource. */
  countUnknownPatientResources(): number {
    return this.db
      .prepare(
        `SELECT COUNT(*) FROM resources r WHERE r.type <> 'Patient' AND r.patient IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM resources p WHERE p.type = 'Patient' AND p.id = r.patient)`
      )
      .pluck()
      .get() as number;
  }

  /**
   * The patients to assess: every Patient, or (incremental) only those the current run touched, in id order. Pages
   * through the index by key, so memory stays flat however many patients there are.
   */
  *listPatients(onlyTouched: boolean, pageSize = 1000): Generator<string> {
    const page = this.db
      .prepare(
        onlyTouched
          ? `SELECT p.id FROM resources p JOIN touched t ON t.patient = p.id
             WHERE p.type = 'Patient' AND p.id > ? ORDER BY p.id LIMIT ?`
          : `SELECT id FROM resources WHERE type = 'Patient' AND id > ? ORDER BY id LIMIT ?`
      )
      .pluck();
    let after = '';
    for (;;) {
      const ids = page.all(after, pageSize) as string[];
      yield* ids;
      if (ids.length < pageSize) return;
      after = ids[ids.length - 1] as string;
    }
  }

  countPatients(onlyTouched: boolean): number {
    const sql = onlyTouched
      ? `SELECT COUNT(*) FROM resources p JOIN touched t ON t.patient = p.id WHERE p.type = 'Patient'`
      : `SELECT COUNT(*) FROM resources WHERE type = 'Patient'`;
    return this.db.prepare(sql).pluck().get() as number;
  }

  /**
   * The patient's resources (as stored JSON text) and the Medication resources they reference; `undefined` when the
   * patient has more than `maxResources` (memory stays bounded whatever one record holds).
   */
  readPatientResources(patientId: string, maxResources: number): string[] | undefined {
    const rows = this.selectPatientResources.all(patientId, maxResources + 1) as string[];
    if (rows.length > maxResources) return undefined;
    const medicationIds = new Set<string>();
    for (const row of rows) {
      for (const match of row.matchAll(
        /"medicationReference"\s*:\s*\{[^{}]*?"reference"\s*:\s*"Medication\/([A-Za-z0-9\-.]{1,64})"/g
      )) {
        medicationIds.add(match[1] as string);
      }
    }
    if (medicationIds.size === 0) return rows;
    const medication = this.db.prepare("SELECT json FROM resources WHERE type = 'Medication' AND id = ?").pluck();
    for (const id of medicationIds) {
      const json = medication.get(id) as string | undefined;
      if (json !== undefined) rows.push(json);
    }
    return rows;
  }

  saveResult(result: StoredResult): void {
    this.upsertResult.run(
      result.patientId,
      result.urgencyKey,
      result.status,
      result.drugClass,
      result.flagged ? 1 : 0,
      result.rowJson
    );
    this.countWrite();
  }

  /** Every registry row, most urgent first. */
  *iterateResults(onlyFlagged = false): Generator<string> {
    this.commit();
    const sql = `SELECT row_json FROM results ${onlyFlagged ? 'WHERE flagged = 1' : ''} ORDER BY urgency_key, patient`;
    yield* this.db.prepare(sql).pluck().iterate() as IterableIterator<string>;
  }

  countResultsBy(column: 'status' | 'drug_class'): { readonly key: string; readonly count: number }[] {
    return this.db
      .prepare(`SELECT ${column} AS key, COUNT(*) AS count FROM results GROUP BY ${column} ORDER BY count DESC, key`)
      .all() as { key: string; count: number }[];
  }

  countResults(onlyFlagged = false): number {
    return this.db
      .prepare(`SELECT COUNT(*) FROM results ${onlyFlagged ? 'WHERE flagged = 1' : ''}`)
      .pluck()
      .get() as number;
  }

  getMeta(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  close(): void {
    this.db.exec('COMMIT');
    this.db.close();
  }
}
