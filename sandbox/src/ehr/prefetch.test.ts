import { describe, expect, it } from 'vitest';
import { resolvePrefetchTemplate } from './prefetch';

describe('resolvePrefetchTemplate', () => {
  const context = { patientId: 'p-1', userId: 'Practitioner/u 1' };

  it('fills context and user tokens, percent-encoded', () => {
    expect(resolvePrefetchTemplate('Patient/{{context.patientId}}', context)).toBe('Patient/p-1');
    expect(
      resolvePrefetchTemplate('Observation?patient={{context.patientId}}&performer={{userPractitionerId}}', context)
    ).toBe('Observation?patient=p-1&performer=u%201');
  });

  it('returns undefined when a token cannot be resolved, so the key is left out', () => {
    expect(resolvePrefetchTemplate('Encounter/{{context.encounterId}}', context)).toBeUndefined();
    expect(resolvePrefetchTemplate('Patient/{{userPatientId}}', context)).toBeUndefined();
  });
});
