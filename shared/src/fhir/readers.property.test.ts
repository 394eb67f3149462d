import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectResources } from './bundle';
import { readDraftMedicationOrders } from './read-draft-orders';
import { readPatientRecord } from './read-patient-record';
import { buildDispense, buildPatient, buildRequest, buildStatement, observation, total } from './test-resources';

/**
 * The readers are total functions: whatever the input, they return a value and never throw. The generators mutate
 * realistic resources (every field replaced by anything) and also feed arbitrary JSON and Bundles of garbage.
 */

const RESOURCE_TYPES = [
  'Patient',
  'MedicationStatement',
  'MedicationRequest',
  'MedicationDispense',
  'Medication',
  'Observation',
  'QuestionnaireResponse',
  'Condition',
  'Procedure',
  'Bundle',
] as const;

const templates: readonly Record<string, unknown>[] = [
  buildPatient() as unknown as Record<string, unknown>,
  buildStatement() as unknown as Record<string, unknown>,
  buildRequest() as unknown as Record<string, unknown>,
  buildDispense() as unknown as Record<string, unknown>,
  total('t', 12, '2025-01-01') as unknown as Record<string, unknown>,
  observation('p', '44249-1', '2025-01-01', {
    component: [{ code: { coding: [{ system: 'http://loinc.org', code: '44260-8' }] }, valueInteger: 1 }],
    hasMember: [{ reference: 'Observation/t' }],
  }) as unknown as Record<string, unknown>,
  {
    resourceType: 'QuestionnaireResponse',
    id: 'q',
    status: 'completed',
    authored: '2025-01-01',
    questionnaire: 'phq-9',
    item: [{ linkId: '44260-8', answer: [{ valueInteger: 2 }] }],
  },
  {
    resourceType: 'Condition',
    id: 'c',
    code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'F33.1' }] },
  },
  {
    resourceType: 'Procedure',
    id: 'pr',
    status: 'completed',
    code: { coding: [{ system: 'http://www.ama-assn.org/go/cpt', code: '90868' }] },
    performedDateTime: '2025-01-01',
  },
];

const anyJson = fc.jsonValue({ maxDepth: 4 });
const anything = fc.oneof(anyJson, fc.constant(undefined), fc.constant(Number.NaN), fc.constant(Infinity));

/** A template with some fields (at any depth of the first level) replaced by arbitrary values. */
const mutatedResource = fc
  .tuple(fc.constantFrom(...templates), fc.array(fc.tuple(fc.string({ maxLength: 20 }), anything), { maxLength: 6 }))
  .map(([template, replacements]) => {
    const copy: Record<string, unknown> = { ...template };
    const keys = Object.keys(copy);
    for (const [key, value] of replacements) {
      const target = keys.length > 0 && key.length % 2 === 0 ? (keys[key.length % keys.length] as string) : key;
      copy[target] = value;
    }
    return copy;
  });

const randomResource = fc
  .record(
    { resourceType: fc.constantFrom(...RESOURCE_TYPES), id: fc.oneof(fc.string(), fc.integer()) },
    { requiredKeys: ['resourceType'] }
  )
  .chain((head) =>
    fc.dictionary(fc.string({ maxLength: 16 }), anything, { maxKeys: 8 }).map((rest) => ({ ...rest, ...head }))
  );

const resourceLike = fc.oneof(mutatedResource, randomResource, anything);

const garbageBundle = fc
  .array(fc.oneof(resourceLike, fc.record({ fullUrl: fc.string(), resource: resourceLike })), {
    maxLength: 8,
  })
  .map((entry) => ({ resourceType: 'Bundle', type: 'searchset', entry }));

const input = fc.array(fc.oneof(resourceLike, garbageBundle), { maxLength: 12 });

describe('readers never throw', () => {
  it('collectResources + readPatientRecord on arbitrary input', () => {
    fc.assert(
      fc.property(input, fc.option(fc.string(), { nil: undefined }), (resources, patientId) => {
        const flattened = collectResources(resources);
        expect(Array.isArray(flattened)).toBe(true);
        const record = readPatientRecord(resources, patientId === undefined ? {} : { patientId });
        expect(Array.isArray(record.medications)).toBe(true);
        // The guards, not the safety-net try/catch, must absorb malformed input.
        expect(record.issues.filter((issue) => issue.code === 'resource.unreadable')).toEqual([]);
        for (const score of record.phq9) {
          expect(score.total).toBeGreaterThanOrEqual(0);
          expect(score.total).toBeLessThanOrEqual(27);
        }
        for (const event of record.medications) {
          for (const agent of event.agents) {
            expect(agent.dailyDoseMg === undefined || Number.isFinite(agent.dailyDoseMg)).toBe(true);
          }
        }
      }),
      { numRuns: 400 }
    );
  });

  it('readDraftMedicationOrders on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(input, garbageBundle, anything), (draftOrders) => {
        expect(Array.isArray(readDraftMedicationOrders(draftOrders))).toBe(true);
      }),
      { numRuns: 300 }
    );
  });

  it('readPatientRecord on non-array input does not throw', () => {
    fc.assert(
      fc.property(anything, (value) => {
        expect(readPatientRecord(value as unknown as readonly unknown[]).issues).toBeDefined();
      })
    );
  });
});
