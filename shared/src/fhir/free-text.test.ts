import { describe, expect, it } from 'vitest';
import { parseDosageText } from './dosage';
import { MAX_FREE_TEXT_LENGTH, getText } from './json';
import { readPatientRecord } from './read-patient-record';
import { PATIENT_ID, buildStatement } from './test-resources';

/** Generous: these inputs took seconds to minutes (quadratic backtracking) before the fix; now microseconds. */
const TIME_BOUND_MS = 1000;

function timed<T>(run: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = run();
  return { value, ms: performance.now() - started };
}

describe('free text is read in linear time with a cap', () => {
  it('the dose pattern tries a run of digits once, not once per digit (100,000 digits)', () => {
    const { value, ms } = timed(() => parseDosageText(`${'1'.repeat(100_000)}x mg daily`));
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    expect(value).toMatchObject({ amountAssumed: true, perDay: 1 });
    expect(parseDosageText('take 2 tablets twice daily')).toMatchObject({ amount: { count: 2 }, perDay: 2 });
    expect(parseDosageText('take 12.5 mg daily')).toMatchObject({ amount: { kind: 'mg', mg: 12.5 } });
  });

  it('free text fields are cut to their first MAX_FREE_TEXT_LENGTH characters', () => {
    expect(getText({ text: `  ${'a'.repeat(5000)}  ` }, 'text')).toHaveLength(MAX_FREE_TEXT_LENGTH);
    expect(getText({ text: ' sertraline ' }, 'text')).toBe('sertraline');
  });

  it.each([
    ['digits', '9'.repeat(200_000)],
    ['spaces before a slash', `${' '.repeat(200_000)}x`],
    ['brackets', '['.repeat(200_000)],
    ['digit-space-paren runs', '1 ('.repeat(70_000)],
  ])('a medication record whose every text is 200,000 %s is read quickly', (_name, text) => {
    const statement = buildStatement({
      medicationCodeableConcept: { text, coding: [{ display: text }] },
      dosage: [{ text, patientInstruction: text }],
    });
    const { value, ms } = timed(() => readPatientRecord([statement], { patientId: PATIENT_ID }));
    expect(ms).toBeLessThan(TIME_BOUND_MS);
    expect(value.medications).toEqual([]);
  });
});
