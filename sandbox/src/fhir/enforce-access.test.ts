import { describe, expect, it } from 'vitest';
import { FhirError, type FhirRequest } from '@tachywatch/fhir-core';
import type { AccessContext } from './access';
import { authorizeTokenWrite, checkRequestAccess, keepClientMeta } from './enforce-access';

function grantFor(patientId: string | undefined, writable: readonly string[]): AccessContext {
  return {
    patientId,
    canRead: () => true,
    canWrite: (type, interaction) => writable.includes(`${type}.${interaction}`),
  };
}

function request(method: string, path: string, body?: unknown): FhirRequest {
  return { method, path, query: '', headers: {}, body, baseUrl: 'http://fhir.test' };
}

/** The status and diagnostics of the FhirError `run` throws, or undefined when it does not throw. */
function refusal(run: () => void): [number, string] | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof FhirError)) throw error;
    return [error.status, error.message];
  }
}

const review = (patient: string, id = 'r1'): fhir4.QuestionnaireResponse & { id: string } => ({
  resourceType: 'QuestionnaireResponse',
  id,
  status: 'completed',
  subject: { reference: `Patient/${patient}` },
});

describe('checkRequestAccess for writes', () => {
  const grant = grantFor('a', ['QuestionnaireResponse.create']);

  it('lets a create with a create scope through to the core, and refuses an update without an update scope', () => {
    expect(refusal(() => checkRequestAccess(grant, request('POST', '/QuestionnaireResponse')))).toBeUndefined();
    expect(refusal(() => checkRequestAccess(grant, request('PUT', '/QuestionnaireResponse/r1')))).toEqual([
      403,
      'The access token has no update scope for QuestionnaireResponse',
    ]);
  });

  it('answers 405 for types tokens cannot write, and 403 for every other kind of write', () => {
    expect(refusal(() => checkRequestAccess(grant, request('POST', '/Observation')))?.[0]).toBe(405);
    for (const [method, path] of [
      ['DELETE', '/QuestionnaireResponse/r1'],
      ['POST', '/'],
      ['PATCH', '/QuestionnaireResponse/r1'],
      ['POST', '/QuestionnaireResponse/r1/$validate'],
    ] as const) {
      expect(refusal(() => checkRequestAccess(grant, request(method, path)))?.[0], `${method} ${path}`).toBe(403);
    }
  });
});

describe('authorizeTokenWrite', () => {
  it("keeps a patient-limited token's writes in its patient's compartment", () => {
    const authorize = authorizeTokenWrite(grantFor('a', []));
    expect(refusal(() => authorize({ interaction: 'create', resource: review('a') }))).toBeUndefined();
    expect(refusal(() => authorize({ interaction: 'create', resource: review('b') }))?.[0]).toBe(403);
    expect(
      refusal(() => authorize({ interaction: 'update', resource: review('a'), previous: review('a') }))
    ).toBeUndefined();
    expect(refusal(() => authorize({ interaction: 'update', resource: review('a'), previous: review('b') }))?.[0]).toBe(
      403
    );
  });

  it('refuses a resource outside any patient compartment and creation by PUT, whatever the token', () => {
    for (const grant of [grantFor('a', []), grantFor(undefined, [])]) {
      const authorize = authorizeTokenWrite(grant);
      const noSubject = { ...review('a'), subject: { reference: 'Group/g1' } };
      expect(refusal(() => authorize({ interaction: 'create', resource: noSubject }))).toEqual([
        400,
        'The QuestionnaireResponse has no Patient subject',
      ]);
      expect(refusal(() => authorize({ interaction: 'update', resource: review('a', 'new') }))).toEqual([
        404,
        'QuestionnaireResponse/new is not known; create it with POST',
      ]);
    }
  });

  it('lets a token without a patient in context write for any patient', () => {
    const authorize = authorizeTokenWrite(grantFor(undefined, []));
    expect(
      refusal(() => authorize({ interaction: 'update', resource: review('b'), previous: review('a') }))
    ).toBeUndefined();
  });
});

describe('keepClientMeta', () => {
  it("keeps only profiles and tags of a write's meta, and leaves other requests alone", () => {
    const meta = { versionId: '7', source: 'urn:x', profile: ['urn:p'], tag: [{ code: 't' }] };
    const kept = keepClientMeta(request('POST', '/QuestionnaireResponse', { ...review('a'), meta }));
    expect((kept.body as fhir4.Resource).meta).toEqual({ profile: ['urn:p'], tag: [{ code: 't' }] });
    const bare = keepClientMeta(
      request('PUT', '/QuestionnaireResponse/r1', { ...review('a'), meta: { source: 'urn:x' } })
    );
    expect(bare.body).toEqual(review('a'));
    const search = request('POST', '/QuestionnaireResponse/_search', 'patient=a');
    expect(keepClientMeta(search)).toBe(search);
  });
});
