import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CARD_SUMMARY_MAX_LENGTH, CdsServiceResponseSchema, PATIENT_DATA_QUERIES } from '@tachywatch/shared';
import { callService } from './testing/harness';
import { startTestApp, type RunningApp } from './testing/start-app';

/**
 * Thousands of malformed and random request bodies and prefetch contents, through the real app and the real
 * engine: never a 5xx, never a crash, every 4xx with a JSON body, every 200 a valid CDS Hooks response.
 */

const PATHS = [
  '/cds-services/tachyphylaxis-patient-view',
  '/cds-services/tachyphylaxis-order-select',
  '/cds-services/tachyphylaxis-order-sign',
  '/cds-services/tachyphylaxis-patient-view/feedback',
];

const isoish = fc.oneof(
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((date) => date.toISOString()),
  fc
    .date({ min: new Date('1990-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 10)),
  fc.string()
);

const coding = fc.record(
  {
    system: fc.constantFrom(
      'http://loinc.org',
      'http://www.nlm.nih.gov/research/umls/rxnorm',
      'http://snomed.info/sct',
      'x'
    ),
    code: fc.constantFrom('44261-6', '44260-8', '44249-1', '312938', '310385', '35636', 'F31.9', ''),
    display: fc.string(),
  },
  { requiredKeys: [] }
);

const resource = fc.record(
  {
    resourceType: fc.constantFrom(
      'Patient',
      'Observation',
      'MedicationStatement',
      'MedicationRequest',
      'MedicationDispense',
      'Condition',
      'QuestionnaireResponse',
      'OperationOutcome',
      'Bundle',
      'Nope'
    ),
    id: fc.oneof(fc.string({ maxLength: 8 }), fc.constant('p1')),
    status: fc.constantFrom('active', 'completed', 'final', 'entered-in-error', 'stopped', 'x'),
    code: fc.record({ coding: fc.array(coding, { maxLength: 3 }), text: fc.string() }, { requiredKeys: [] }),
    medicationCodeableConcept: fc.record({ coding: fc.array(coding, { maxLength: 2 }) }, { requiredKeys: [] }),
    subject: fc.record({ reference: fc.constantFrom('Patient/p1', 'Patient/other', '') }),
    effectiveDateTime: isoish,
    effectivePeriod: fc.record({ start: isoish, end: isoish }, { requiredKeys: [] }),
    authoredOn: isoish,
    birthDate: isoish,
    valueInteger: fc.oneof(fc.integer({ min: -5, max: 40 }), fc.double()),
    valueQuantity: fc.record({ value: fc.oneof(fc.double(), fc.integer({ min: 0, max: 27 })) }, { requiredKeys: [] }),
    dosage: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 2 }),
  },
  { requiredKeys: ['resourceType'] }
);

const bundle = fc.record({
  resourceType: fc.constant('Bundle'),
  type: fc.constantFrom('searchset', 'collection', 'transaction'),
  entry: fc.array(fc.oneof(fc.record({ resource }), fc.jsonValue({ maxDepth: 2 })), { maxLength: 12 }),
});

/** A draft MedicationRequest as an EHR sends it, every field possibly odd. */
const draftOrder = fc.record(
  {
    resourceType: fc.constant('MedicationRequest'),
    id: fc.constantFrom('d1', 'd2', ''),
    status: fc.constantFrom('draft', 'active', 'x'),
    intent: fc.constantFrom('order', 'proposal'),
    subject: fc.record({ reference: fc.constantFrom('Patient/p1', 'Patient/other', 'patient/p1') }),
    medicationCodeableConcept: fc.record(
      {
        coding: fc.array(
          fc.record({
            system: fc.constant('http://www.nlm.nih.gov/research/umls/rxnorm'),
            code: fc.constantFrom('312938', '310385', '861064', '1190110', '197363', '0'),
          }),
          { maxLength: 2 }
        ),
        text: fc.oneof(fc.string(), fc.constantFrom('phenelzine 15 mg tablet', 'sertraline 100 mg', '1'.repeat(5000))),
      },
      { requiredKeys: [] }
    ),
    dosageInstruction: fc.array(
      fc.oneof(
        fc.record({
          text: fc.oneof(fc.string(), fc.constantFrom('take 2 tablets twice daily', `${'9'.repeat(20_000)} mg daily`)),
        }),
        fc.jsonValue({ maxDepth: 3 })
      ),
      { maxLength: 2 }
    ),
    authoredOn: isoish,
  },
  { requiredKeys: ['resourceType'] }
);

const prefetchValue = fc.oneof(fc.constant(null), resource, bundle, fc.jsonValue({ maxDepth: 3 }));
const prefetch = fc.dictionary(
  fc.oneof(fc.constantFrom(...PATIENT_DATA_QUERIES.map((query) => query.key)), fc.string({ maxLength: 6 })),
  prefetchValue,
  { maxKeys: 10 }
);

const context = fc.record(
  {
    userId: fc.constantFrom('Practitioner/1', ''),
    patientId: fc.oneof(fc.constant('p1'), fc.string({ maxLength: 70 })),
    selections: fc.oneof(fc.array(fc.constantFrom('MedicationRequest/d1', 'x'), { maxLength: 2 }), fc.string()),
    selection: fc.string(),
    draftOrders: fc.oneof(bundle, fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] }
);

const hookBody = fc.record(
  {
    hook: fc.oneof(fc.constantFrom('patient-view', 'order-select', 'order-sign'), fc.string()),
    hookInstance: fc.oneof(fc.uuid(), fc.string({ maxLength: 300 }), fc.integer()),
    fhirServer: fc.oneof(fc.webUrl(), fc.string()),
    fhirAuthorization: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record({ access_token: fc.string(), token_type: fc.constant('Bearer') })
    ),
    context: fc.oneof(context, fc.jsonValue({ maxDepth: 2 })),
    prefetch: fc.oneof(prefetch, fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: [] }
);

const feedbackBody = fc.record(
  {
    feedback: fc.array(
      fc.record(
        {
          card: fc.oneof(fc.uuid(), fc.string()),
          outcome: fc.constantFrom('accepted', 'overridden', 'rejected', ''),
          acceptedSuggestions: fc.array(fc.record({ id: fc.string() }), { maxLength: 2 }),
          overrideReason: fc.jsonValue({ maxDepth: 2 }),
          outcomeTimestamp: isoish,
        },
        { requiredKeys: [] }
      ),
      { maxLength: 3 }
    ),
  },
  { requiredKeys: [] }
);

let app: RunningApp;

beforeAll(async () => {
  // JWT off so the bodies reach validation and the engine; the JWT path is fuzzed separately below.
  app = await startTestApp({ CDS_REQUIRE_JWT: 'false', LOG_LEVEL: 'warn' });
});

afterAll(async () => {
  await app.stop();
});

/** Every error answer: a FHIR OperationOutcome whose issues say what was wrong (CDS Hooks 2.0 error responses). */
const ErrorBodySchema = z.strictObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(z.strictObject({ severity: z.literal('error'), code: z.string().min(1), diagnostics: z.string().min(1) }))
    .min(1),
});
/** What a malformed hook or feedback call may be answered with: never a 5xx, never a success code other than 200. */
const ERROR_STATUSES = [400, 404, 412, 413, 415];

async function expectWellFormed(path: string, rawBody: string): Promise<void> {
  const response = await callService(app.baseUrl, path, { rawBody, headers: { 'content-type': 'application/json' } });
  expect([200, ...ERROR_STATUSES], response.text).toContain(response.status);
  if (response.status !== 200) {
    expect(ErrorBodySchema.safeParse(response.json).success, response.text).toBe(true);
  } else if (path.endsWith('/feedback')) {
    expect(response.json).toEqual({});
  } else {
    const parsed = CdsServiceResponseSchema.safeParse(response.json);
    expect(parsed.success, response.text).toBe(true);
    for (const card of parsed.data?.cards ?? []) expect(card.summary.length).toBeLessThan(CARD_SUMMARY_MAX_LENGTH);
  }
}

describe('fuzz', () => {
  it('structured hook bodies with random prefetch contents', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS.slice(0, 3)), hookBody, async (path, body) => {
        await expectWellFormed(path, JSON.stringify(body));
      }),
      { numRuns: 2000 }
    );
  });

  it('valid-shaped patient-view requests with random prefetch resources', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uuid(),
        fc.dictionary(
          fc.constantFrom(...PATIENT_DATA_QUERIES.map((query) => query.key)),
          fc.oneof(fc.constant(null), resource, bundle)
        ),
        async (hookInstance, values) => {
          const body = {
            hook: 'patient-view',
            hookInstance,
            context: { userId: 'Practitioner/1', patientId: 'p1' },
            prefetch: values,
          };
          await expectWellFormed(PATHS[0] ?? '', JSON.stringify(body));
        }
      ),
      { numRuns: 1000 }
    );
  });

  it(
    'valid-shaped order-select and order-sign requests with random draft orders and prefetch',
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('order-select', 'order-sign'),
          fc.uuid(),
          fc.array(fc.oneof(draftOrder, resource), { maxLength: 4 }),
          fc.array(fc.constantFrom('MedicationRequest/d1', 'MedicationRequest/d2', 'x'), { maxLength: 2 }),
          fc.dictionary(
            fc.constantFrom(...PATIENT_DATA_QUERIES.map((query) => query.key)),
            fc.oneof(fc.constant(null), resource, bundle)
          ),
          async (hook, hookInstance, drafts, selections, values) => {
            const body = {
              hook,
              hookInstance,
              context: {
                userId: 'Practitioner/1',
                patientId: 'p1',
                ...(hook === 'order-select' ? { selections } : {}),
                draftOrders: {
                  resourceType: 'Bundle',
                  type: 'collection',
                  entry: drafts.map((draft) => ({ resource: draft })),
                },
              },
              prefetch: { patient: { resourceType: 'Patient', id: 'p1' }, ...values },
            };
            const path = `/cds-services/tachyphylaxis-${hook}`;
            const response = await callService(app.baseUrl, path, {
              rawBody: JSON.stringify(body),
              headers: { 'content-type': 'application/json' },
            });
            // Valid-shaped: the answer is 200 with cards, or 412 when the random prefetch left required data out.
            expect([200, 412], response.text).toContain(response.status);
            if (response.status === 200) {
              const parsed = CdsServiceResponseSchema.safeParse(response.json);
              expect(parsed.success, response.text).toBe(true);
              for (const card of parsed.data?.cards ?? []) {
                expect(card.summary.length).toBeLessThan(CARD_SUMMARY_MAX_LENGTH);
              }
            } else {
              expect(ErrorBodySchema.safeParse(response.json).success, response.text).toBe(true);
            }
          }
        ),
        { numRuns: 1000 }
      );
    }
  );

  it('feedback bodies and arbitrary JSON or text on every path', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...PATHS),
        fc.oneof(
          feedbackBody.map((body) => JSON.stringify(body)),
          fc.jsonValue().map((value) => JSON.stringify(value)),
          fc.string()
        ),
        async (path, rawBody) => {
          await expectWellFormed(path, rawBody);
        }
      ),
      { numRuns: 1000 }
    );
  });
});

describe('fuzz: authorization headers', () => {
  it(
    'any Authorization header on an authenticated app gives a 401 with a JSON body, never a 5xx',
    { timeout: 60_000 },
    async () => {
      const secured = await startTestApp({ CDS_TRUST_HOOKS_SANDBOX: 'true', LOG_LEVEL: 'warn' });
      try {
        const header = fc.oneof(
          fc.string(),
          fc.tuple(fc.base64String(), fc.base64String(), fc.base64String()).map((parts) => `Bearer ${parts.join('.')}`),
          fc
            .jsonValue()
            .map(
              (value) =>
                `Bearer ${Buffer.from(JSON.stringify({ alg: 'ES384', kid: '44823f3d-0b01-4a6c-a80e-b9d3e8a7226f' })).toString('base64url')}.${Buffer.from(JSON.stringify(value)).toString('base64url')}.c2ln`
            )
        );
        await fc.assert(
          fc.asyncProperty(header, async (authorization) => {
            const safe = authorization.replace(/[^\t\x20-\x7e]/g, '');
            const response = await callService(secured.baseUrl, PATHS[0] ?? '', {
              body: {},
              headers: { authorization: safe },
            });
            expect(response.status).toBe(401);
            expect(ErrorBodySchema.safeParse(response.json).success, response.text).toBe(true);
          }),
          { numRuns: 500 }
        );
      } finally {
        await secured.stop();
      }
    }
  );
});
