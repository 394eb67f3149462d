import { randomBytes } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AccessContext } from './access';
import { getFhirBase } from './express-adapter';
import {
  badRequest,
  buildOperationOutcome,
  FhirError,
  forbidden,
  getCompartmentPatientIds,
  notFound,
  RESOURCE_TYPES,
  type ResourceStore,
} from '@tachywatch/fhir-core';

/**
 * FHIR Bulk Data Access (v2) `$export` for the sandbox: system, Patient and Group level kick-off (GET or POST with
 * Parameters), status polling with `Retry-After` and `X-Progress`, a manifest, NDJSON file downloads and DELETE to
 * cancel. The export is taken as a snapshot at kick-off (the sandbox store is in memory and small).
 */
export interface BulkExportOptions {
  readonly store: ResourceStore;
  readonly now?: () => number;
  /** Status checks answered "in progress" before the manifest (default 1), to exercise client polling. */
  readonly pollsBeforeReady?: number;
  readonly retryAfterSeconds?: number;
  /** How long a finished export stays downloadable (default 1 hour). */
  readonly jobSeconds?: number;
  /** Exports holding more resources than this fail at the status check with an OperationOutcome. */
  readonly maxExportResources?: number;
  /** Resources per output file (the last file of a type holds the rest). */
  readonly resourcesPerFile?: number;
}

interface OutputFile {
  readonly name: string;
  readonly type: string;
  readonly lines: readonly string[];
}

interface ExportJob {
  readonly id: string;
  /** `_since` exports: NDJSON of transaction Bundles with a DELETE entry per resource deleted since. */
  readonly deleted: readonly OutputFile[];
  readonly request: string;
  readonly transactionTime: string;
  readonly requiresAccessToken: boolean;
  readonly files: readonly OutputFile[];
  readonly failure?: string;
  readonly expiresAt: number;
  polls: number;
}

const OUTPUT_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);
const SUPPORTED_PARAMS = new Set(['_outputFormat', '_since', '_type']);
const FHIR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const MAX_JOBS = 32;
const KICK_OFF = /^\/(?:(Patient)|Group\/([A-Za-z0-9\-.]{1,64}))?\/?\$export$/;
const STATUS = /^\/\$export-status\/([A-Za-z0-9_-]{16,64})$/;
const FILE = /^\/\$export-file\/([A-Za-z0-9_-]{16,64})\/([A-Za-z]+-\d+\.ndjson)$/;
const EXPORTABLE_TYPES = RESOURCE_TYPES.filter((def) => def.inPatientCompartment).map((def) => def.type);

function sendOutcome(res: Response, status: number, code: fhir4.OperationOutcomeIssue['code'], text: string): void {
  res
    .status(status)
    .type('application/fhir+json')
    .send(JSON.stringify(buildOperationOutcome(code, text)));
}

function readParams(req: Request): [string, string][] {
  const pairs: [string, string][] = [...new URLSearchParams(req.originalUrl.split('?')[1] ?? '')];
  const body = req.body as { resourceType?: unknown; parameter?: unknown } | undefined;
  if (req.method === 'POST' && body?.resourceType === 'Parameters' && Array.isArray(body.parameter)) {
    for (const parameter of body.parameter as { name?: unknown; valueString?: unknown; valueInstant?: unknown }[]) {
      const value = parameter.valueString ?? parameter.valueInstant;
      if (typeof parameter.name === 'string' && typeof value === 'string') pairs.push([parameter.name, value]);
    }
  }
  return pairs;
}

export function createBulkExport(options: BulkExportOptions): RequestHandler {
  const { store } = options;
  const now = options.now ?? ((): number => Date.now());
  const jobs = new Map<string, ExportJob>();
  const perFile = options.resourcesPerFile ?? 10_000;

  function sweep(): void {
    const time = now();
    for (const [id, job] of jobs) if (job.expiresAt <= time) jobs.delete(id);
  }

  function selectPatients(level: 'system' | 'patient' | 'group', groupId: string | undefined): Set<string> | undefined {
    if (level === 'system') return undefined;
    if (level === 'patient') return new Set([...store.listType('Patient')].flatMap((patient) => patient.id ?? []));
    const group = store.get('Group', groupId ?? '') as fhir4.Group | undefined;
    if (!group) throw notFound(`Group/${groupId ?? ''} is not known`);
    return new Set(
      (group.member ?? []).flatMap((member) => {
        const reference = member.entity.reference ?? '';
        return reference.startsWith('Patient/') && member.inactive !== true ? [reference.slice(8)] : [];
      })
    );
  }

  function parseKickOff(req: Request, access: AccessContext | undefined): { types: string[]; since?: number } {
    if (!(req.get('accept') ?? '').includes('application/fhir+json')) {
      throw badRequest('Accept: application/fhir+json is required on the $export kick-off');
    }
    if (!/respond-async/.test(req.get('prefer') ?? '')) throw badRequest('Prefer: respond-async is required');
    const lenient = /handling=lenient/.test(req.get('prefer') ?? '');
    let types = EXPORTABLE_TYPES;
    let since: number | undefined;
    for (const [name, value] of readParams(req)) {
      if (!SUPPORTED_PARAMS.has(name)) {
        if (lenient) continue;
        throw new FhirError(400, 'not-supported', `The $export parameter ${name} is not supported`);
      }
      if (name === '_outputFormat' && !OUTPUT_FORMATS.has(value)) {
        throw badRequest(`_outputFormat ${value} is not supported (use application/fhir+ndjson)`);
      }
      if (name === '_since') {
        since = FHIR_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
        if (Number.isNaN(since)) throw badRequest('_since must be a FHIR instant');
      }
      if (name === '_type') {
        const requested = value.split(',').map((type) => type.trim());
        const unknown = requested.filter((type) => !EXPORTABLE_TYPES.includes(type));
        if (unknown.length > 0 && !lenient)
          throw badRequest(`_type lists types this server does not export: ${unknown.join(', ')}`);
        types = requested.filter((type) => EXPORTABLE_TYPES.includes(type));
      }
    }
    if (access) {
      if (access.patientId !== undefined)
        throw forbidden('$export needs a system-level token (SMART Backend Services)');
      const refused = types.filter((type) => !access.canRead(type));
      if (refused.length > 0) throw forbidden(`The access token has no read scope for ${refused.join(', ')}`);
    }
    return { types, ...(since !== undefined ? { since } : {}) };
  }

  function snapshot(
    types: readonly string[],
    patients: Set<string> | undefined,
    since: number | undefined
  ): OutputFile[] {
    const files: OutputFile[] = [];
    const medications = new Set<string>();
    const changed = (resource: fhir4.Resource): boolean =>
      since === undefined || Date.parse(resource.meta?.lastUpdated ?? '') > since;
    const inScope = (resource: fhir4.Resource): boolean =>
      patients === undefined || getCompartmentPatientIds(resource).some((id) => patients.has(id));
    const addFiles = (type: string, resources: readonly fhir4.Resource[]): void => {
      for (let start = 0, part = 1; start < resources.length; start += perFile, part += 1) {
        const lines = resources.slice(start, start + perFile).map((resource) => JSON.stringify(resource));
        files.push({ name: `${type}-${part}.ndjson`, type, lines });
      }
    };
    for (const type of types) {
      const selected = [...store.listType(type)].filter((resource) => inScope(resource) && changed(resource));
      for (const resource of selected) {
        const reference = (resource as { medicationReference?: { reference?: string } }).medicationReference?.reference;
        if (reference?.startsWith('Medication/')) medications.add(reference.slice('Medication/'.length));
      }
      addFiles(type, selected);
    }
    addFiles(
      'Medication',
      [...medications].flatMap((id) => store.get('Medication', id) ?? [])
    );
    return files;
  }

  /**
   * Deletions since `_since` of the exported types. The sandbox does not remember whose a deleted resource was, so a
   * Group export lists every deletion of those types (a client removes only what it holds).
   */
  function listDeleted(types: readonly string[], since: number): OutputFile[] {
    const deletions = store.listDeletionsSince(since).filter((deletion) => types.includes(deletion.type));
    if (deletions.length === 0) return [];
    const bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: deletions.map((deletion) => ({ request: { method: 'DELETE', url: `${deletion.type}/${deletion.id}` } })),
    };
    return [{ name: 'Deleted-1.ndjson', type: 'Bundle', lines: [JSON.stringify(bundle)] }];
  }

  function kickOff(req: Request, res: Response, level: 'system' | 'patient' | 'group', groupId?: string): void {
    const access = res.locals.access as AccessContext | undefined;
    const { types, since } = parseKickOff(req, access);
    sweep();
    if (jobs.size >= MAX_JOBS) {
      res.set('Retry-After', '60');
      sendOutcome(res, 429, 'throttled', 'Too many exports in progress; try again later');
      return;
    }
    const transactionTime = new Date(now()).toISOString();
    const files = snapshot(types, selectPatients(level, groupId), since);
    const deleted = since === undefined ? [] : listDeleted(types, since);
    const total = files.reduce((sum, file) => sum + file.lines.length, 0);
    const id = randomBytes(16).toString('base64url');
    const tooLarge = options.maxExportResources !== undefined && total > options.maxExportResources;
    jobs.set(id, {
      id,
      request: `${getFhirBase(req)}${req.originalUrl.slice(req.baseUrl.length)}`,
      transactionTime,
      requiresAccessToken: access !== undefined,
      files: tooLarge ? [] : files,
      deleted,
      ...(tooLarge ? { failure: `The export holds ${total} resources, over this server's limit` } : {}),
      expiresAt: now() + (options.jobSeconds ?? 3600) * 1000,
      polls: 0,
    });
    res.set('Content-Location', `${getFhirBase(req)}/$export-status/${id}`);
    sendOutcome(res, 202, 'informational', 'Export accepted; poll the Content-Location URL');
  }

  function status(req: Request, res: Response, id: string): void {
    sweep();
    const job = jobs.get(id);
    if (!job) throw notFound('Unknown, expired or cancelled export');
    if (req.method === 'DELETE') {
      jobs.delete(id);
      sendOutcome(res, 202, 'informational', 'Export cancelled');
      return;
    }
    job.polls += 1;
    const before = options.pollsBeforeReady ?? 1;
    if (job.polls <= before) {
      res.set('X-Progress', `Preparing files (check ${job.polls} of ${before + 1})`);
      res.set('Retry-After', String(options.retryAfterSeconds ?? 1));
      res.status(202).end();
      return;
    }
    if (job.failure) {
      sendOutcome(res, 500, 'too-costly', job.failure);
      return;
    }
    res.set('Expires', new Date(job.expiresAt).toUTCString());
    res.status(200).json({
      transactionTime: job.transactionTime,
      request: job.request,
      requiresAccessToken: job.requiresAccessToken,
      output: job.files.map((file) => ({
        type: file.type,
        url: `${getFhirBase(req)}/$export-file/${job.id}/${file.name}`,
        count: file.lines.length,
      })),
      deleted: job.deleted.map((file) => ({
        type: 'Bundle',
        url: `${getFhirBase(req)}/$export-file/${job.id}/${file.name}`,
      })),
      error: [],
    });
  }

  function download(res: Response, id: string, name: string): void {
    sweep();
    const job = jobs.get(id);
    const file = [...(job?.files ?? []), ...(job?.deleted ?? [])].find((candidate) => candidate.name === name);
    if (!file) throw notFound('Unknown or expired export file');
    res.status(200).type('application/fhir+ndjson');
    for (const line of file.lines) res.write(`${line}\n`);
    res.end();
  }

  /** Express middleware: answers the $export paths and passes every other request on. */
  return function handleBulkExport(req: Request, res: Response, next: NextFunction): void {
    let match = KICK_OFF.exec(req.path);
    if (match && (req.method === 'GET' || req.method === 'POST')) {
      kickOff(req, res, match[1] ? 'patient' : match[2] ? 'group' : 'system', match[2]);
      return;
    }
    match = STATUS.exec(req.path);
    if (match && (req.method === 'GET' || req.method === 'DELETE')) {
      status(req, res, match[1] as string);
      return;
    }
    match = FILE.exec(req.path);
    if (match && req.method === 'GET') {
      download(res, match[1] as string, match[2] as string);
      return;
    }
    next();
  };
}

/** The sandbox's panel: a Group of every patient, so `Group/{id}/$export` has a real group to export. */
export const PANEL_GROUP_ID = 'tachywatch-panel';

export function buildPanelGroup(patientIds: readonly string[]): fhir4.Group & { id: string } {
  return {
    resourceType: 'Group',
    id: PANEL_GROUP_ID,
    type: 'person',
    actual: true,
    name: 'Tachywatch sandbox panel',
    quantity: patientIds.length,
    member: patientIds.map((id) => ({ entity: { reference: `Patient/${id}` } })),
  };
}
