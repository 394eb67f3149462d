import { describe, expect, it } from 'vitest';
import { getIdFromLocation, UnlocatedWriteError } from './review-writer';
import { describeWriteFailure } from './write-failure';

const httpError = (status: number, body: unknown): Error =>
  Object.assign(new Error(`${status} x\nURL: http://ehr/fhir/QuestionnaireResponse\n\n${JSON.stringify(body)}`), {
    status,
  });

describe('describeWriteFailure', () => {
  it('names the cause the clinician can act on, with the OperationOutcome as the technical detail', () => {
    const outcome = {
      resourceType: 'OperationOutcome',
      issue: [{ severity: 'error', code: 'forbidden', diagnostics: 'no scope' }],
    };
    expect(describeWriteFailure(httpError(403, outcome))).toMatchObject({
      kind: 'forbidden',
      detail: 'HTTP 403: no scope',
    });
    expect(describeWriteFailure(httpError(401, {})).kind).toBe('unauthorized');
    expect(describeWriteFailure(httpError(422, outcome)).kind).toBe('rejected');
    expect(describeWriteFailure(httpError(503, 'down')).kind).toBe('server');
    expect(describeWriteFailure(new TypeError('Failed to fetch')).kind).toBe('network');
    expect(describeWriteFailure(new UnlocatedWriteError('no id')).kind).toBe('unconfirmed');
  });

  it('never shows a bearer token and keeps the detail short', () => {
    const failure = describeWriteFailure(new Error(`Bearer abc.def.ghi ${'x'.repeat(500)}`));
    expect(failure.detail).not.toContain('abc.def.ghi');
    expect(failure.detail?.length).toBeLessThanOrEqual(240);
  });
});

describe('getIdFromLocation', () => {
  it('reads the id after the resource type, with or without history, absolute or relative', () => {
    expect(getIdFromLocation('https://ehr/fhir/QuestionnaireResponse/abc/_history/2', 'QuestionnaireResponse')).toBe(
      'abc'
    );
    expect(getIdFromLocation('QuestionnaireResponse/x.1', 'QuestionnaireResponse')).toBe('x.1');
    expect(getIdFromLocation('https://ehr/fhir/ServiceRequest/abc', 'QuestionnaireResponse')).toBeUndefined();
    expect(getIdFromLocation(null, 'QuestionnaireResponse')).toBeUndefined();
  });
});
