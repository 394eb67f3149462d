import { describe, expect, it } from 'vitest';
import type { MedicationEvent, PatientRecord } from '../domain/record';
import { readPatientRecord } from './read-patient-record';
import {
  ATC,
  buildDispense,
  buildRequest,
  buildStatement,
  bundle,
  dailyDose,
  RXNORM,
  rxnorm,
  SUBJECT,
} from './test-resources';

function read(...resources: unknown[]): PatientRecord {
  return readPatientRecord(resources);
}

function only(record: PatientRecord): MedicationEvent {
  expect(record.medications).toHaveLength(1);
  return record.medications[0] as MedicationEvent;
}

function issueCodes(record: PatientRecord): string[] {
  return record.issues.map((issue) => issue.code);
}

describe('medication identification', () => {
  it.each<[string, fhir4.CodeableConcept, string[]]>([
    ['an RxNorm SCD in the value-set table', rxnorm('312941'), ['sertraline']],
    ['an RxNorm ingredient code', rxnorm('36437', 'sertraline'), ['sertraline']],
    ['an ATC code only', { coding: [{ system: ATC, code: 'N06AB10' }] }, ['escitalopram']],
    ['the generic name as text only', { text: 'Escitalopram oxalate 10 mg tab' }, ['escitalopram']],
    ['a brand name only', { text: 'ZOLOFT' }, ['sertraline']],
    ['a brand name in a coding display', { coding: [{ display: 'Wellbutrin XL 300 mg' }] }, ['bupropion']],
    [
      'an unknown RxNorm code with a parsable display',
      rxnorm('99999999', 'fluoxetine 20 MG Oral Capsule'),
      ['fluoxetine'],
    ],
    ['the olanzapine/fluoxetine SCD', rxnorm('403969'), ['fluoxetine', 'olanzapine']],
    ['a combination brand (Auvelity)', { text: 'Auvelity 45-105 mg ER tablet' }, ['dextromethorphan', 'bupropion']],
    [
      'the OID form of the RxNorm system',
      { coding: [{ system: 'urn:oid:2.16.840.1.113883.6.88', code: '36437' }] },
      ['sertraline'],
    ],
  ])('identifies %s', (_name, concept, agents) => {
    const event = only(read(buildStatement({ medicationCodeableConcept: concept, dosage: [] })));
    expect(event.agents.map((agent) => agent.agentId)).toEqual(agents);
  });

  it.each<[string, fhir4.CodeableConcept]>([
    ['an unrelated drug', rxnorm('197361', 'amlodipine 5 MG Oral Tablet')],
    ['a concept with no codes or text', {}],
    ['a name inside another word', { text: 'Paroxetinex 10 mg' }],
  ])('drops %s without an issue', (_name, concept) => {
    const record = read(buildStatement({ medicationCodeableConcept: concept }));
    expect(record.medications).toEqual([]);
    expect(record.issues).toEqual([]);
  });

  it('keeps an issue for an ATC N06A antidepressant the catalogue does not know', () => {
    const record = read(buildStatement({ medicationCodeableConcept: { coding: [{ system: ATC, code: 'N06AX22' }] } }));
    expect(record.medications).toEqual([]);
    expect(issueCodes(record)).toEqual(['medication.unrecognised-code']);
  });

  it('reads a contained Medication with ingredient strengths', () => {
    const event = only(
      read(
        buildRequest({
          contained: [
            {
              resourceType: 'Medication',
              id: 'med',
              code: { text: 'Sertraline tablet' },
              ingredient: [
                {
                  itemCodeableConcept: rxnorm('36437', 'sertraline'),
                  strength: { numerator: { value: 100, unit: 'mg' }, denominator: { value: 1, unit: 'tablet' } },
                },
              ],
            },
          ],
          medicationCodeableConcept: undefined,
          medicationReference: { reference: '#med' },
          dosageInstruction: [dailyDose(1.5, 'tablet')],
        })
      )
    );
    expect(event.agents).toEqual([
      expect.objectContaining({ agentId: 'sertraline', strengthMg: 100, dailyDoseMg: 150, doseBasis: 'dosage' }),
    ]);
  });

  it.each<[string, string, string | undefined]>([
    ['a relative reference', 'Medication/m1', undefined],
    ['an absolute reference', 'https://ehr.example/fhir/Medication/m1', undefined],
    ['a urn:uuid fullUrl', 'urn:uuid:5b0a', 'urn:uuid:5b0a'],
  ])('resolves a Medication referenced by %s', (_name, reference, fullUrl) => {
    const medication: fhir4.Medication = { resourceType: 'Medication', id: 'm1', code: rxnorm('349332') };
    const request = buildRequest({ medicationCodeableConcept: undefined, medicationReference: { reference } });
    const input = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [{ resource: request }, { resource: medication, ...(fullUrl ? { fullUrl } : {}) }],
    };
    const event = only(readPatientRecord([input]));
    expect(event.agents.map((agent) => [agent.agentId, agent.strengthMg])).toEqual([['escitalopram', 10]]);
  });

  it('flags an unresolvable Medication reference and falls back to its display', () => {
    const record = read(
      buildRequest({
        medicationCodeableConcept: undefined,
        medicationReference: { reference: 'Medication/missing', display: 'Lexapro 10 mg tablet' },
      })
    );
    expect(only(record).agents.map((agent) => agent.agentId)).toEqual(['escitalopram']);
    expect(issueCodes(record)).toContain('medication.reference-unresolved');
  });
});

describe('daily dose', () => {
  const sertralineStatement = (dosage: fhir4.Dosage[], concept = rxnorm('312941')): MedicationEvent =>
    only(read(buildStatement({ medicationCodeableConcept: concept, dosage })));

  it.each<[string, fhir4.Dosage[], fhir4.CodeableConcept | undefined, number]>([
    [
      '50 mg BID (timing code)',
      [{ timing: { code: { coding: [{ code: 'BID' }] } }, doseAndRate: [{ doseQuantity: { value: 50, unit: 'mg' } }] }],
      undefined,
      100,
    ],
    ['2 tablets of 20 mg once daily', [dailyDose(2, '{tbl}')], rxnorm('248642'), 40],
    [
      'Q12H 50 mg',
      [{ timing: { code: { text: 'Q12H' } }, doseAndRate: [{ doseQuantity: { value: 50, unit: 'mg' } }] }],
      undefined,
      100,
    ],
    [
      'frequency 2 per 1 d',
      [dailyDose(25, 'mg', { repeat: { frequency: 2, period: 1, periodUnit: 'd' } })],
      undefined,
      50,
    ],
    [
      'every 12 h as period',
      [dailyDose(50, 'mg', { repeat: { frequency: 1, period: 12, periodUnit: 'h' } })],
      undefined,
      100,
    ],
    [
      'weekly fluoxetine 90 mg',
      [dailyDose(90, 'mg', { repeat: { frequency: 1, period: 1, periodUnit: 'wk' } })],
      rxnorm('4493', 'fluoxetine'),
      12.857,
    ],
    ['10 mL of a 4 mg/mL solution', [dailyDose(10, 'mL')], rxnorm('99999998', 'fluoxetine 4 MG/ML Oral Solution'), 40],
    ['two dosage lines (morning 50 mg, night 100 mg)', [dailyDose(50, 'mg'), dailyDose(100, 'mg')], undefined, 150],
    [
      'timeOfDay without frequency',
      [dailyDose(50, 'mg', { repeat: { timeOfDay: ['08:00:00', '20:00:00'] } })],
      undefined,
      100,
    ],
    [
      'a titration: the last sequence counts',
      [
        { ...dailyDose(25, 'mg'), sequence: 1 },
        { ...dailyDose(50, 'mg'), sequence: 2 },
      ],
      undefined,
      50,
    ],
    ['text only: take 2 tablets twice daily', [{ text: 'Take 2 tablets by mouth twice daily' }], undefined, 200],
    ['grams converted', [dailyDose(0.1, 'g')], undefined, 100],
    [
      'a selegiline patch, one a day',
      [dailyDose(1, 'patch')],
      rxnorm('99999997', 'selegiline 6 MG/24HR Transdermal System'),
      6,
    ],
    [
      'a patch dose in mg/24h',
      [{ doseAndRate: [{ doseQuantity: { value: 9, unit: 'mg/24h' } }] }],
      rxnorm('9639', 'selegiline'),
      9,
    ],
  ])('%s', (_name, dosage, concept, expected) => {
    const event = sertralineStatement(dosage, concept);
    expect(event.agents[0]?.dailyDoseMg).toBeCloseTo(expected, 3);
    expect(event.agents[0]?.doseBasis).toBe('dosage');
  });

  it('falls back to the product strength once daily only when there is no dosage', () => {
    const event = sertralineStatement([]);
    expect(event.agents[0]).toMatchObject({ dailyDoseMg: 50, doseBasis: 'strength', strengthMg: 50 });
  });

  it('assumes one unit per dose when the dosage text gives only a frequency', () => {
    const record = read(
      buildStatement({ medicationCodeableConcept: { text: 'Lexapro 10mg daily' }, dosage: [{ text: 'once daily' }] })
    );
    expect(only(record).agents[0]).toMatchObject({ agentId: 'escitalopram', dailyDoseMg: 10, doseBasis: 'strength' });
    expect(issueCodes(record)).toEqual(['medication.amount-assumed']);
  });

  it('converts bupropion hydrobromide to the hydrochloride reference dose', () => {
    const event = sertralineStatement([], rxnorm('993567'));
    expect(event.agents[0]?.agentId).toBe('bupropion');
    expect(event.agents[0]?.dailyDoseMg).toBeCloseTo(300, 3);
  });

  it('computes each ingredient of a combination capsule', () => {
    const event = sertralineStatement(
      [dailyDose(1, '{capsule}')],
      rxnorm('99999996', 'fluoxetine 25 MG / olanzapine 6 MG Oral Capsule')
    );
    expect(event.agents.map((agent) => [agent.agentId, agent.dailyDoseMg])).toEqual([
      ['fluoxetine', 25],
      ['olanzapine', 6],
    ]);
  });

  it.each<[string, fhir4.Dosage[], fhir4.CodeableConcept | undefined]>([
    ['tablets of an unknown strength', [dailyDose(1, 'tablet')], { text: 'sertraline tablets' }],
    ['no dosage and no strength', [], rxnorm('36437', 'sertraline')],
    [
      'a dose range',
      [{ doseAndRate: [{ doseRange: { low: { value: 50, unit: 'mg' }, high: { value: 100, unit: 'mg' } } }] }],
      undefined,
    ],
    ['an unconvertible unit', [dailyDose(2, 'puff')], undefined],
    [
      'unreadable timing',
      [dailyDose(50, 'mg', { repeat: { frequency: 1, period: 1, periodUnit: 'fortnight' as 'd' } })],
      undefined,
    ],
    ['text without a frequency', [{ text: 'As directed' }], undefined],
    [
      'mg of a combination product',
      [dailyDose(25, 'mg')],
      rxnorm('99999996', 'fluoxetine 25 MG / olanzapine 6 MG Oral Capsule'),
    ],
    ['a solution without dosage', [], rxnorm('99999998', 'fluoxetine 4 MG/ML Oral Solution')],
  ])('reports an unknown dose for %s', (_name, dosage, concept) => {
    const record = read(buildStatement({ medicationCodeableConcept: concept ?? rxnorm('312941'), dosage }));
    for (const agent of only(record).agents) {
      expect(agent.doseBasis).toBe('unknown');
      expect(agent.dailyDoseMg).toBeUndefined();
    }
    expect(issueCodes(record)).toContain('medication.dose-unknown');
  });

  it('treats an implausible dose (more than 4 × the usual maximum) as unknown', () => {
    const record = read(buildStatement({ dosage: [dailyDose(50, '1')] }));
    expect(only(record).agents[0]?.doseBasis).toBe('unknown');
    expect(issueCodes(record)).toContain('medication.dose-implausible');
  });

  it('assumes once daily with an info issue when a dose has no timing', () => {
    const record = read(buildStatement({ dosage: [{ doseAndRate: [{ doseQuantity: { value: 100, unit: 'mg' } }] }] }));
    expect(only(record).agents[0]?.dailyDoseMg).toBe(100);
    expect(issueCodes(record)).toEqual(['medication.frequency-assumed']);
  });
});

describe('medication status, intent and dates', () => {
  it.each<[string, unknown]>([
    ['an entered-in-error statement', buildStatement({ status: 'entered-in-error' })],
    ['a cancelled request', buildRequest({ status: 'cancelled' })],
    ['a draft request', buildRequest({ status: 'draft' })],
    ['a proposal', buildRequest({ intent: 'proposal' })],
    ['a declined dispense', buildDispense({ status: 'declined' })],
    ['an entered-in-error dispense', buildDispense({ status: 'entered-in-error' })],
  ])('ignores %s', (_name, resource) => {
    expect(read(resource).medications).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['an R4 not-taken statement', buildStatement({ status: 'not-taken' })],
    ['an STU3 statement with taken = n', { ...buildStatement({ status: 'completed' }), taken: 'n' }],
  ])('keeps %s as status not-taken (evidence of non-adherence, never a trial)', (_name, resource) => {
    expect(only(read(resource)).status).toBe('not-taken');
  });

  it('keeps a plan-intent request and records the intent', () => {
    expect(only(read(buildRequest({ intent: 'plan' }))).intent).toBe('plan');
  });

  it('reads a request: authoredOn, validity end, supply and refills', () => {
    const event = only(
      read(
        buildRequest({
          dispenseRequest: {
            validityPeriod: { start: '2025-01-12', end: '2025-07-10' },
            expectedSupplyDuration: { value: 4, unit: 'weeks', code: 'wk' },
            numberOfRepeatsAllowed: 5,
          },
        })
      )
    );
    expect(event).toMatchObject({
      ref: 'MedicationRequest/mr1',
      source: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      start: '2025-01-10',
      end: '2025-07-10',
      daysSupply: 28,
      refills: 5,
    });
  });

  it('derives a request supply from quantity ÷ tablets per day', () => {
    const event = only(
      read(
        buildRequest({
          dosageInstruction: [dailyDose(2, '{tbl}')],
          dispenseRequest: { quantity: { value: 60, unit: 'tablet' } },
        })
      )
    );
    expect(event.daysSupply).toBe(30);
  });

  it('falls back to the validity start when authoredOn is missing', () => {
    const event = only(
      read(buildRequest({ authoredOn: undefined, dispenseRequest: { validityPeriod: { start: '2025-02-01' } } }))
    );
    expect(event.start).toBe('2025-02-01');
  });

  it('reads a dispense: handed over, days supply and the authorising request', () => {
    const event = only(
      read(
        buildDispense({
          daysSupply: { value: 2, unit: 'wk' },
          authorizingPrescription: [{ reference: 'https://ehr.example/fhir/MedicationRequest/abc' }],
        })
      )
    );
    expect(event).toMatchObject({ start: '2025-01-11', daysSupply: 14, authorizingRef: 'MedicationRequest/abc' });
  });

  it('falls back to whenPrepared and computes supply from quantity when daysSupply is absent', () => {
    const event = only(
      read(buildDispense({ whenHandedOver: undefined, whenPrepared: '2025-03-01', daysSupply: undefined }))
    );
    expect(event).toMatchObject({ start: '2025-03-01', daysSupply: 30 });
  });

  it('reads statement periods and uses dateAsserted only as a last resort', () => {
    expect(only(read(buildStatement({ effectivePeriod: { start: '2024-05-01', end: '2024-09-30' } })))).toMatchObject({
      start: '2024-05-01',
      end: '2024-09-30',
    });
    const asserted = read(buildStatement({ effectivePeriod: undefined, dateAsserted: '2024-06-15T10:00:00Z' }));
    expect(only(asserted).start).toBe('2024-06-15');
    expect(issueCodes(asserted)).toContain('medication.date-asserted-only');
  });

  it('keeps a record without any date, with an issue', () => {
    const record = read(buildStatement({ effectivePeriod: undefined }));
    expect(only(record).start).toBeUndefined();
    expect(issueCodes(record)).toContain('medication.date-missing');
  });

  it('tolerates malformed fields without throwing', () => {
    const record = read({
      resourceType: 'MedicationRequest',
      id: 'bad',
      status: 42,
      subject: SUBJECT,
      medicationCodeableConcept: { coding: { system: RXNORM, code: '312941' } },
      authoredOn: 'yesterday',
      dosageInstruction: 'twice',
      dispenseRequest: { numberOfRepeatsAllowed: 'many', expectedSupplyDuration: { value: -3 } },
    });
    const event = only(record);
    expect(event.agents[0]).toMatchObject({ agentId: 'sertraline', dailyDoseMg: 50, doseBasis: 'strength' });
    expect(event.start).toBeUndefined();
    expect(event.refills).toBeUndefined();
  });

  it('reads every record of a bundle and sorts by start date', () => {
    const record = readPatientRecord([
      bundle([
        buildDispense({ id: 'd2', whenHandedOver: '2025-02-10' }),
        buildRequest(),
        buildDispense({ id: 'd1', whenHandedOver: '2025-01-11' }),
      ]),
    ]);
    expect(record.medications.map((event) => event.ref)).toEqual([
      'MedicationRequest/mr1',
      'MedicationDispense/d1',
      'MedicationDispense/d2',
    ]);
  });
});
