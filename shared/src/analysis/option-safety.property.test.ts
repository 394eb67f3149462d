import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Assessment } from '../domain/assessment';
import type { ConditionFact, MedicationEvent, PatientRecord } from '../domain/record';
import { assessPatient } from './assess-patient';
import { CLASSIC_PHQ9, NOW, buildRecord, condition, phq, statement } from './test-records';

/**
 * Properties of the option safety rules over generated patients. The oracles are hand-written lists from the labels
 * and guidelines, independent of the rule tables the implementation reads.
 */

const MAOIS = ['phenelzine', 'tranylcypromine', 'isocarboxazid', 'selegiline'];

/** Labels of the MAOIs contraindicate every one of these with an MAOI (serotonergic or noradrenergic). */
const NEVER_WITH_AN_MAOI = new Set([
  ...MAOIS,
  'sertraline',
  'fluoxetine',
  'paroxetine',
  'citalopram',
  'escitalopram',
  'fluvoxamine',
  'venlafaxine',
  'desvenlafaxine',
  'duloxetine',
  'levomilnacipran',
  'milnacipran',
  'bupropion',
  'mirtazapine',
  'trazodone',
  'nefazodone',
  'vilazodone',
  'vortioxetine',
  'amitriptyline',
  'nortriptyline',
  'imipramine',
  'desipramine',
  'clomipramine',
  'doxepin',
  'trimipramine',
  'protriptyline',
  'amoxapine',
  'maprotiline',
  'buspirone',
  'methylphenidate',
  'amphetamine',
  'lisdexamfetamine',
  'atomoxetine',
  'st-johns-wort',
  'tryptophan',
]);

/** Agents a patient under 18 may be offered, with the youngest age (FDA labels for MDD; AACAP 2023 for the rest). */
const UNDER_18_ALLOWED: Readonly<Record<string, number>> = {
  fluoxetine: 8,
  escitalopram: 12,
  sertraline: 12,
  citalopram: 12,
};

/** Label maximum daily doses (US prescribing information) of the agents a patient may be on here. */
const LABEL_MAX_MG: Readonly<Record<string, number>> = {
  sertraline: 200,
  fluoxetine: 80,
  citalopram: 40,
  escitalopram: 20,
  venlafaxine: 375,
  duloxetine: 120,
  bupropion: 450,
  mirtazapine: 45,
  trazodone: 600,
  vortioxetine: 20,
  nortriptyline: 150,
  amitriptyline: 300,
  phenelzine: 90,
  tranylcypromine: 60,
  isocarboxazid: 60,
  selegiline: 12,
};

/**
 * Under 18: the labelled paediatric MDD dose ceilings (fluoxetine 20 mg/day, ages 8–17; escitalopram 20 mg/day,
 * 12–17). Nothing else has a labelled paediatric MDD dose, so no other dose may be named.
 */
const UNDER_18_DOSE_CEILING_MG: Readonly<Record<string, { minAge: number; max: number }>> = {
  fluoxetine: { minAge: 8, max: 20 },
  escitalopram: { minAge: 12, max: 20 },
};

/** Every "maximum N mg/day" a note names, with the agent it is about. */
function namedMaxima(assessment: Assessment): { agentId: string; kind: string; max: number }[] {
  return assessment.options.flatMap((option) =>
    option.candidates.flatMap((candidate) =>
      [...candidate.note.matchAll(/maximum (\d+) mg\/day/g)].map((m) => ({
        agentId: candidate.agentId,
        kind: option.kind,
        max: Number(m[1]),
      }))
    )
  );
}

/** Citalopram label: 40 mg/day, 20 mg/day for patients older than 60. */
function citalopramCap(age: number): number {
  return age > 60 ? 20 : 40;
}

const CURRENT = [
  'sertraline',
  'fluoxetine',
  'citalopram',
  'escitalopram',
  'venlafaxine',
  'duloxetine',
  'bupropion',
  'mirtazapine',
  'trazodone',
  'vortioxetine',
  'nortriptyline',
  'amitriptyline',
  ...MAOIS,
];
const SECOND = ['aripiprazole', 'lithium', 'bupropion', 'mirtazapine', 'liothyronine', ...MAOIS];
const PAST = ['sertraline', 'escitalopram', 'venlafaxine', 'bupropion', 'mirtazapine', 'nortriptyline', 'phenelzine'];

interface Patient {
  readonly age: number;
  readonly current: string;
  readonly dose: number;
  readonly second?: string;
  readonly past: readonly string[];
  readonly lossPattern: boolean;
  readonly item9: boolean;
  readonly pregnant: boolean;
}

const patientArb: fc.Arbitrary<Patient> = fc.record(
  {
    age: fc.integer({ min: 6, max: 95 }),
    current: fc.constantFrom(...CURRENT),
    dose: fc.constantFrom(5, 10, 15, 20, 30, 40, 45, 60, 100, 150, 300),
    second: fc.constantFrom(...SECOND),
    past: fc.uniqueArray(fc.constantFrom(...PAST), { maxLength: 4 }),
    lossPattern: fc.boolean(),
    item9: fc.boolean(),
    pregnant: fc.boolean(),
  },
  { requiredKeys: ['age', 'current', 'dose', 'past', 'lossPattern', 'item9', 'pregnant'] }
);

function toRecord(p: Patient): PatientRecord {
  const medications: MedicationEvent[] = [
    ...p.past.map((id, i) =>
      statement(`past-${id}`, id, `2019-0${i + 1}-01`, { dose: 50, status: 'completed', end: `2019-0${i + 1}-28` })
    ),
    statement('current', p.current, '2024-01-08', { dose: p.dose }),
    ...(p.second ? [statement('second', p.second, '2024-06-01', { dose: 5 })] : []),
  ];
  const scores = p.lossPattern ? [...CLASSIC_PHQ9] : [phq('2024-01-05', 20), phq('2024-04-01', 18)];
  if (p.item9) {
    scores.push(phq('2025-01-05', 18, 1));
  }
  const conditions: ConditionFact[] = p.pregnant ? [condition('preg', 'pregnancy', { onset: '2024-11-01' })] : [];
  return buildRecord({ patient: { birthDate: `${2024 - p.age}-06-01` }, medications, phq9: scores, conditions });
}

function candidates(assessment: Assessment, kinds?: readonly string[]): string[] {
  return assessment.options
    .filter((o) => kinds === undefined || kinds.includes(o.kind))
    .flatMap((o) => o.candidates.map((c) => c.agentId));
}

describe('option safety properties', () => {
  it('never pairs an MAOI with an agent its labels contraindicate (add-on or combination)', () => {
    fc.assert(
      fc.property(patientArb, (p) => {
        const assessment = assessPatient(toRecord(p), { now: NOW });
        const regimen = [p.current, ...(p.second ? [p.second] : [])];
        const addOns = candidates(assessment, ['augmentation', 'combination']);
        if (regimen.some((id) => MAOIS.includes(id))) {
          expect(addOns.filter((id) => NEVER_WITH_AN_MAOI.has(id))).toEqual([]);
        }
        if (regimen.some((id) => NEVER_WITH_AN_MAOI.has(id))) {
          expect(addOns.filter((id) => MAOIS.includes(id))).toEqual([]);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('offers a patient under 18 only agents of the paediatric table, no esketamine, and TMS only from 15', () => {
    fc.assert(
      fc.property(
        patientArb.filter((p) => p.age < 18),
        (p) => {
          const assessment = assessPatient(toRecord(p), { now: NOW });
          expect(assessment.patient.ageYears).toBe(p.age);
          for (const id of candidates(assessment)) {
            expect(UNDER_18_ALLOWED[id], id).toBeDefined();
            expect(p.age).toBeGreaterThanOrEqual(UNDER_18_ALLOWED[id] ?? Infinity);
          }
          const kinds = assessment.options.map((o) => o.kind);
          expect(kinds).not.toContain('esketamine');
          if (p.age < 15) {
            expect(kinds).not.toContain('tms');
          }
        }
      ),
      { numRuns: 200 }
    );
  });

  it('never names a dose above the label maximum, at any age', () => {
    fc.assert(
      fc.property(patientArb, (p) => {
        const assessment = assessPatient(toRecord(p), { now: NOW });
        for (const named of namedMaxima(assessment)) {
          const labelMax = LABEL_MAX_MG[named.agentId];
          if (labelMax !== undefined) {
            expect(named.max, `${named.agentId} in ${named.kind}`).toBeLessThanOrEqual(labelMax);
          }
        }
        for (const candidate of assessment.options.find((o) => o.kind === 'dose-optimisation')?.candidates ?? []) {
          const current = Number(/Current (\d+) mg\/day/.exec(candidate.note)?.[1]);
          expect(current, candidate.note).toBeLessThan(LABEL_MAX_MG[candidate.agentId] ?? Infinity);
        }
      }),
      { numRuns: 300 }
    );
  });

  it('under 18, names a dose only within the labelled paediatric ceiling, and no dose increase without one', () => {
    fc.assert(
      fc.property(
        patientArb.filter((p) => p.age < 18),
        (p) => {
          const assessment = assessPatient(toRecord(p), { now: NOW });
          for (const named of namedMaxima(assessment)) {
            const ceiling = UNDER_18_DOSE_CEILING_MG[named.agentId];
            expect(ceiling, `${named.agentId} named with a maximum at age ${p.age}`).toBeDefined();
            expect(named.max).toBeLessThanOrEqual(ceiling?.max ?? 0);
          }
          for (const candidate of assessment.options.find((o) => o.kind === 'dose-optimisation')?.candidates ?? []) {
            const ceiling = UNDER_18_DOSE_CEILING_MG[candidate.agentId];
            expect(ceiling, `dose option for ${candidate.agentId} at age ${p.age}`).toBeDefined();
            expect(p.age).toBeGreaterThanOrEqual(ceiling?.minAge ?? Infinity);
            const current = Number(/Current (\d+) mg\/day/.exec(candidate.note)?.[1]);
            expect(current, candidate.note).toBeLessThan(ceiling?.max ?? 0);
          }
        }
      ),
      { numRuns: 300 }
    );
  });

  it('never names a citalopram dose above the QT cap for age', () => {
    fc.assert(
      fc.property(
        patientArb.map((p) => ({ ...p, current: 'citalopram' })),
        (p) => {
          const assessment = assessPatient(toRecord(p), { now: NOW });
          const cap = citalopramCap(p.age);
          for (const option of assessment.options) {
            for (const candidate of option.candidates.filter((c) => c.agentId === 'citalopram')) {
              const maxima = [...candidate.note.matchAll(/maximum (\d+) mg\/day/g)].map((m) => Number(m[1]));
              expect(
                maxima.every((max) => max <= cap),
                candidate.note
              ).toBe(true);
              if (option.kind === 'dose-optimisation') {
                expect(p.dose).toBeLessThan(cap);
                expect(maxima).toEqual([cap]);
              }
            }
          }
        }
      ),
      { numRuns: 300 }
    );
  });
});
