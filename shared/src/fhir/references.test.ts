import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toRelativeReference } from './references';

describe('toRelativeReference', () => {
  it.each([
    ['Medication/1', 'Medication/1'],
    ['https://x/fhir/Patient/1/_history/3', 'Patient/1'],
    ['Observation/a.b-C/_history/2', 'Observation/a.b-C'],
    ['urn:uuid:7c0e4b1e-0000-4000-8000-000000000000', undefined],
    ['#med', undefined],
    ['Patient/', undefined],
    ['/_history/3', undefined],
    ['patient/1', undefined],
    ['P/1', undefined],
    ['Patient/has_underscore', undefined],
    [`Patient/${'x'.repeat(65)}`, undefined],
    [`Patient/${'x'.repeat(64)}`, `Patient/${'x'.repeat(64)}`],
    ['Patient/1/_history/', undefined],
    ['a/Patient/1/_history/x/_history/y', undefined],
  ])('%s → %s', (reference, expected) => {
    expect(toRelativeReference(reference)).toBe(expected);
  });

  const typeName = fc.stringMatching(/^[A-Z][A-Za-z]{1,30}$/);
  const id = fc.stringMatching(/^[A-Za-z0-9\-.]{1,64}$/);
  const base = fc.constantFrom('', 'https://fhir.example.org/R4/', 'http://x/api/FHIR/R4/', 'a/b/');

  it('reads Type/id out of any base URL, with or without a version', () => {
    fc.assert(
      fc.property(base, typeName, id, fc.option(id, { nil: undefined }), (prefix, type, resourceId, version) => {
        const reference = `${prefix}${type}/${resourceId}${version === undefined ? '' : `/_history/${version}`}`;
        expect(toRelativeReference(reference)).toBe(`${type}/${resourceId}`);
      }),
      { numRuns: 2000 }
    );
  });

  it('refuses a type that is not capitalised letters and an id that is not a FHIR id', () => {
    const badType = fc.oneof(fc.stringMatching(/^[a-z][A-Za-z]{1,20}$/), fc.stringMatching(/^[A-Z][A-Za-z]*[0-9_]$/));
    const badId = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9]{0,10}[_:# ][A-Za-z0-9]{0,10}$/),
      id.map((x) => x.padEnd(65, 'x'))
    );
    fc.assert(
      fc.property(base, badType, id, (prefix, type, resourceId) => {
        expect(toRelativeReference(`${prefix}${type}/${resourceId}`)).toBeUndefined();
      })
    );
    fc.assert(
      fc.property(base, typeName, badId, (prefix, type, resourceId) => {
        expect(toRelativeReference(`${prefix}${type}/${resourceId}`)).toBeUndefined();
      })
    );
  });
});
