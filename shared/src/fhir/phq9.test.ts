import { describe, expect, it } from 'vitest';
import type { PatientRecord, Phq9Score } from '../domain/record';
import { readPatientRecord } from './read-patient-record';
import {
  ANSWER_CODES,
  LOINC,
  observation,
  PHQ9_ITEM_CODES,
  SNOMED,
  SUBJECT,
  total as buildTotal,
} from './test-resources';

const DAY = '2025-03-04T10:15:00-05:00';
const ITEMS = [2, 2, 1, 2, 1, 1, 2, 0, 1] as const; // total 12, item 9 positive

function itemObservations(values: readonly number[], date = DAY, prefix = 'i'): fhir4.Observation[] {
  return values.map((value, index) =>
    observation(`${prefix}${index + 1}`, PHQ9_ITEM_CODES[index] as string, date, {
      valueCodeableConcept: { coding: [{ system: LOINC, code: ANSWER_CODES[value] }] },
    })
  );
}

function total(id: string, value: number, date = DAY, extra: Partial<fhir4.Observation> = {}): fhir4.Observation {
  return buildTotal(id, value, date, extra);
}

function read(...resources: unknown[]): PatientRecord {
  return readPatientRecord(resources);
}

function single(record: PatientRecord): Phq9Score {
  expect(record.phq9).toHaveLength(1);
  return record.phq9[0] as Phq9Score;
}

function issueCodes(record: PatientRecord): string[] {
  return record.issues.map((issue) => issue.code);
}

function questionnaireResponse(
  items: fhir4.QuestionnaireResponseItem[],
  questionnaire?: string
): fhir4.QuestionnaireResponse {
  return {
    resourceType: 'QuestionnaireResponse',
    id: 'qr1',
    status: 'completed',
    subject: SUBJECT,
    authored: DAY,
    ...(questionnaire ? { questionnaire } : {}),
    item: items,
  };
}

describe('PHQ-9 from Observations', () => {
  it('reads a total only', () => {
    expect(single(read(total('t1', 14)))).toEqual({
      refs: ['Observation/t1'],
      date: '2025-03-04',
      total: 14,
      instrument: 'PHQ-9',
      totalSource: 'recorded',
    });
  });

  it.each<[string, Partial<fhir4.Observation>]>([
    ['valueInteger', { valueInteger: 9 }],
    ['valueQuantity', { valueQuantity: { value: 9 } }],
    ['a numeric valueString', { valueString: '9' }],
  ])('reads a total given as %s', (_name, value) => {
    expect(single(read(observation('t1', '44261-6', DAY, value))).total).toBe(9);
  });

  it('reads the teen total (89204-2) as PHQ-9M and SNOMED 720433000 as a PHQ-9 total', () => {
    expect(single(read(observation('t', '89204-2', DAY, { valueInteger: 11 }))).instrument).toBe('PHQ-9M');
    const snomed: fhir4.Observation = {
      ...observation('s', 'x', DAY, { valueInteger: 8 }),
      code: { coding: [{ system: SNOMED, code: '720433000' }] },
    };
    expect(single(read(snomed))).toMatchObject({ total: 8, instrument: 'PHQ-9' });
  });

  it('computes the total from nine item Observations and extracts item 9', () => {
    const score = single(read(...itemObservations(ITEMS)));
    expect(score).toMatchObject({ total: 12, totalSource: 'computed', item9: 1, items: [...ITEMS] });
    expect(score.refs).toHaveLength(9);
  });

  it('groups same-day items and an unlinked total into one score with the recorded total', () => {
    const score = single(read(...itemObservations(ITEMS), total('t1', 12)));
    expect(score).toMatchObject({ total: 12, totalSource: 'recorded', item9: 1 });
    expect(score.refs[0]).toBe('Observation/t1');
  });

  it('keeps the recorded total and flags a mismatch with the items', () => {
    const record = read(...itemObservations(ITEMS), total('t1', 15));
    expect(single(record)).toMatchObject({ total: 15, totalSource: 'recorded' });
    expect(issueCodes(record)).toEqual(['phq9.total-mismatch']);
  });

  it('reads a panel with item components and a total component', () => {
    const panel = observation('panel', '44249-1', DAY, {
      component: [
        ...ITEMS.map((value, index) => ({
          code: { coding: [{ system: LOINC, code: PHQ9_ITEM_CODES[index] as string }] },
          valueInteger: value,
        })),
        { code: { coding: [{ system: LOINC, code: '44261-6' }] }, valueInteger: 12 },
      ],
    });
    expect(single(read(panel))).toMatchObject({
      total: 12,
      totalSource: 'recorded',
      item9: 1,
      refs: ['Observation/panel'],
    });
  });

  it('reads a panel whose hasMember points to items and a total on another day', () => {
    const items = itemObservations(ITEMS, '2025-03-05');
    const panel = observation('panel', '44249-1', DAY, {
      hasMember: [...items.map((item) => ({ reference: `Observation/${item.id}` })), { reference: 'Observation/t1' }],
    });
    const score = single(read(panel, ...items, total('t1', 12, '2025-03-05')));
    expect(score).toMatchObject({ date: '2025-03-04', total: 12, item9: 1 });
    expect(score.refs).toHaveLength(11);
  });

  it('uses the panel value as the total when it has no total member', () => {
    expect(single(read(observation('panel', '44249-1', DAY, { valueInteger: 7 })))).toMatchObject({ total: 7 });
  });

  it.each<[string, Partial<fhir4.Observation>, string]>([
    ['an item above 3', { valueInteger: 4 }, 'phq9.item-out-of-range'],
    ['a negative item', { valueInteger: -1 }, 'phq9.item-out-of-range'],
    ['a fractional item', { valueQuantity: { value: 1.5 } }, 'phq9.item-out-of-range'],
  ])('rejects %s with an issue', (_name, value, code) => {
    const items = itemObservations(ITEMS);
    items[2] = observation('bad', PHQ9_ITEM_CODES[2], DAY, value);
    const record = read(...items);
    expect(issueCodes(record)).toContain(code);
    expect(record.phq9).toEqual([]);
  });

  it.each([28, -1, 3.5])('rejects a total of %s', (value) => {
    const record = read(total('t1', value));
    expect(record.phq9).toEqual([]);
    expect(issueCodes(record)).toEqual(['phq9.total-out-of-range']);
  });

  it.each(['entered-in-error', 'cancelled'])('ignores %s observations', (status) => {
    expect(read(total('t1', 14, DAY, { status: status as 'cancelled' })).phq9).toEqual([]);
  });

  it('keeps preliminary (patient-entered) observations', () => {
    expect(single(read(total('t1', 14, DAY, { status: 'preliminary' }))).total).toBe(14);
  });

  it('flags a PHQ-9 without a date and one without a value', () => {
    const noDate = total('t1', 14, DAY, { effectiveDateTime: undefined });
    const noValue = observation('t2', '44261-6', DAY, {});
    const record = read(noDate, noValue);
    expect(record.phq9).toEqual([]);
    expect(issueCodes(record).sort()).toEqual(['phq9.date-missing', 'phq9.value-missing']);
  });

  it('does not score eight items without a total, and escalates a positive item 9', () => {
    const withoutItem9 = read(...itemObservations(ITEMS).slice(0, 8));
    expect(withoutItem9.phq9).toEqual([]);
    expect(issueCodes(withoutItem9)).toEqual(['phq9.incomplete']);
    const onlyItem9 = read(...itemObservations(ITEMS).slice(8));
    expect(onlyItem9.phq9).toEqual([]);
    expect(onlyItem9.issues).toEqual([
      expect.objectContaining({ code: 'phq9.item9-positive-incomplete', severity: 'error' }),
    ]);
    expect(onlyItem9.unscoredItem9).toEqual([{ refs: ['Observation/i9'], date: '2025-03-04', value: 1 }]);
    expect(withoutItem9.unscoredItem9).toBeUndefined();
  });

  it('keeps two administrations on different days apart and sorts them by date', () => {
    const record = read(
      total('late', 6, '2025-05-01'),
      total('early', 18, '2025-01-02'),
      ...itemObservations(ITEMS, '2025-03-04')
    );
    expect(record.phq9.map((score) => [score.date, score.total])).toEqual([
      ['2025-01-02', 18],
      ['2025-03-04', 12],
      ['2025-05-01', 6],
    ]);
  });

  it('keeps two different same-day totals as two scores', () => {
    expect(read(total('a', 10), total('b', 14)).phq9.map((score) => score.total)).toEqual([10, 14]);
  });
});

describe('PHQ-9 from QuestionnaireResponses', () => {
  it('reads items whose linkIds are the LOINC codes, with LOINC answer codings', () => {
    const response = questionnaireResponse(
      ITEMS.map((value, index) => ({
        linkId: PHQ9_ITEM_CODES[index] as string,
        answer: [{ valueCoding: { system: LOINC, code: ANSWER_CODES[value] } }],
      }))
    );
    expect(single(read(response))).toMatchObject({
      refs: ['QuestionnaireResponse/qr1'],
      total: 12,
      totalSource: 'computed',
      item9: 1,
    });
  });

  it('reads a PHQ-9 questionnaire with numbered linkIds, nested groups, ordinal values and a total item', () => {
    const response = questionnaireResponse(
      [
        {
          linkId: 'group',
          item: ITEMS.map((value, index) => ({
            linkId: `phq9-q${index + 1}`,
            answer: [
              {
                valueCoding: {
                  code: `answer-${value}`,
                  extension: [{ url: 'http://hl7.org/fhir/StructureDefinition/ordinalValue', valueDecimal: value }],
                },
              },
            ],
          })),
        },
        { linkId: 'phq9-total', answer: [{ valueInteger: 12 }] },
      ],
      'http://example.org/Questionnaire/phq-9|1.0'
    );
    expect(single(read(response))).toMatchObject({ total: 12, totalSource: 'recorded', item9: 1 });
  });

  it('merges a total Observation derived from the response into one score', () => {
    const response = questionnaireResponse(
      ITEMS.map((value, index) => ({
        linkId: `/${PHQ9_ITEM_CODES[index] as string}`,
        answer: [{ valueInteger: value }],
      }))
    );
    const derived = total('t1', 12, '2025-03-06', { derivedFrom: [{ reference: 'QuestionnaireResponse/qr1' }] });
    const score = single(read(response, derived));
    expect([...score.refs].sort()).toEqual(['Observation/t1', 'QuestionnaireResponse/qr1']);
    expect(score.totalSource).toBe('recorded');
  });

  it('ignores questionnaires that are not the PHQ-9 and entered-in-error responses', () => {
    const gad7 = questionnaireResponse(
      [{ linkId: '1', answer: [{ valueInteger: 3 }] }],
      'http://example.org/Questionnaire/gad-7'
    );
    const retracted = {
      ...questionnaireResponse(
        ITEMS.map((value, index) => ({ linkId: PHQ9_ITEM_CODES[index] as string, answer: [{ valueInteger: value }] }))
      ),
      status: 'entered-in-error' as const,
    };
    expect(read(gad7, retracted).phq9).toEqual([]);
  });

  it('reads the PHQ-9M questionnaire as the teen instrument', () => {
    const response = questionnaireResponse(
      ITEMS.map((value, index) => ({ linkId: String(index + 1), answer: [{ valueInteger: value }] })),
      'http://loinc.org/q/89206-7'
    );
    expect(single(read(response)).instrument).toBe('PHQ-9M');
  });
});
