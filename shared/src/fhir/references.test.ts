import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toRelativeReference } from './references';

/** The original regex definition; the hand-written scan must agree with it on every input. */
function toRelativeReferenceByRegex(reference: string): string | undefined {
  const withoutHistory = reference.replace(/\/_history\/[^/]+$/, '');
  const match = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(withoutHistory);
  return match ? `${match[1]}/${match[2]}` : undefined;
}

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
    expect(toRelativeReferenceByRegex(reference)).toBe(expected);
  });

  it('agrees with the regex definition on generated references', () => {
    const segment = fc.oneof(
      fc.constantFrom('Patient', 'Observation', 'P', 'pat', '_history', '', 'Med1', 'A-b', 'x.y'),
      fc.string({ unit: fc.constantFrom('A', 'z', '1', '-', '.', '_', ':', ' ', 'é'), maxLength: 70 })
    );
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 6 }), (segments) => {
        const reference = segments.join('/');
        expect(toRelativeReference(reference)).toBe(toRelativeReferenceByRegex(reference));
      }),
      { numRuns: 5000 }
    );
  });
});
