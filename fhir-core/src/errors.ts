/** An HTTP error that renders itself as a FHIR OperationOutcome (medplum `OperationOutcomeError` style). */
export class FhirError extends Error {
  constructor(
    readonly status: number,
    readonly issueCode: fhir4.OperationOutcomeIssue['code'],
    message: string
  ) {
    super(message);
    this.name = 'FhirError';
  }

  toOperationOutcome(): fhir4.OperationOutcome {
    return buildOperationOutcome(this.issueCode, this.message, this.status >= 500 ? 'fatal' : 'error');
  }
}

export function buildOperationOutcome(
  code: fhir4.OperationOutcomeIssue['code'],
  diagnostics: string,
  severity: fhir4.OperationOutcomeIssue['severity'] = 'error'
): fhir4.OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, diagnostics }] };
}

export const badRequest = (message: string): FhirError => new FhirError(400, 'invalid', message);
export const notSupported = (message: string): FhirError => new FhirError(400, 'not-supported', message);
export const notFound = (message: string): FhirError => new FhirError(404, 'not-found', message);
export const forbidden = (message: string): FhirError => new FhirError(403, 'forbidden', message);
