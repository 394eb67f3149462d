import type { DataIssue } from '../domain/issues';
import type { ProcedureFact, ProcedureKind } from '../domain/record';
import { PROCEDURE_CODES, SYSTEMS } from '../knowledge/codes';
import { getCodes } from './codings';
import { getIsoDate, getObject, getString, type JsonObject } from './json';

/** Procedure → ProcedureFact for TMS, ECT, psychotherapy and esketamine administration (CPT, HCPCS, SNOMED). */

const IGNORED_STATUSES = ['entered-in-error', 'not-done', 'preparation'];

const PROCEDURE_KINDS: ReadonlyMap<string, ProcedureKind> = new Map<string, ProcedureKind>([
  ...PROCEDURE_CODES.tms.map((code) => [`${SYSTEMS.cpt}|${code}`, 'tms'] as const),
  ...PROCEDURE_CODES.ect.map((code) => [`${SYSTEMS.cpt}|${code}`, 'ect'] as const),
  ...PROCEDURE_CODES.psychotherapy.map((code) => [`${SYSTEMS.cpt}|${code}`, 'psychotherapy'] as const),
  ...PROCEDURE_CODES.esketamine.map((code) => [`${SYSTEMS.hcpcs}|${code}`, 'esketamine'] as const),
  ...PROCEDURE_CODES.ectSnomed.map((code) => [`${SYSTEMS.snomed}|${code}`, 'ect'] as const),
]);

export interface ProcedureReadResult {
  readonly procedure?: ProcedureFact;
  readonly issue?: DataIssue;
}

export function readProcedure(resource: JsonObject, ref: string): ProcedureReadResult {
  const status = getString(resource, 'status');
  if (status && IGNORED_STATUSES.includes(status)) {
    return {};
  }
  const match = getCodes(getObject(resource, 'code'))
    .map((code) => ({ code, kind: PROCEDURE_KINDS.get(`${code.system ?? ''}|${code.code.toUpperCase()}`) }))
    .find((candidate) => candidate.kind !== undefined);
  if (!match?.kind) {
    return {};
  }
  const period = getObject(resource, 'performedPeriod');
  const start = getIsoDate(resource, 'performedDateTime') ?? getIsoDate(period, 'start');
  const end = getIsoDate(period, 'end');
  if (!start) {
    return {
      issue: {
        code: 'procedure.date-missing',
        severity: 'warning',
        message: 'A TMS, ECT, psychotherapy or esketamine procedure has no performed date and was not used.',
        resourceRef: ref,
      },
    };
  }
  return {
    procedure: {
      ref,
      kind: match.kind,
      system: match.code.system ?? '',
      code: match.code.code,
      start,
      ...(end ? { end } : {}),
    },
  };
}
