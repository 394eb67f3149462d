import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPatientViewCards } from '../cards/patient-view-cards';
import { addDays, daysBetween } from '../domain/dates';
import type { PatientRecord, Phq9Score } from '../domain/record';
import { getCitation } from '../knowledge/citations';
import { assessPatient } from './assess-patient';
import { NOW, buildRecord, dispense, dispenses, phq, statement } from './test-records';

/**
 * Properties of the clinical-specificity rules, with oracles that do not reuse the implementation: the number of days
 * covered can never exceed the days of supply handed out, and a positive item 9 is a plain fact about the input.
 */

/** Adherence is measured over the 90 days before the worsening. */
const WINDOW_DAYS = 90;
/** 80 % of 90 days is 72: at most 71 days of supply can never reach it. */
const MAX_SUPPLY_BELOW_THRESHOLD = 71;

function cardOptions() {
  let counter = 0;
  return { includeEmerging: true, newId: () => `card-${(counter += 1)}`, getCitation };
}

describe('adherence before the worsening', () => {
  const START = '2023-01-09';
  /** A story: baseline, a sustained response, low maintenance scores, then a worsening on a random day. */
  const story = fc.record({
    baseline: fc.integer({ min: 12, max: 27 }),
    maintenance: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 8 }),
    worseningDay: fc.integer({ min: 400, max: 600 }),
    worsening: fc.integer({ min: 10, max: 27 }),
    after: fc.array(fc.record({ day: fc.integer({ min: 1, max: 60 }), total: fc.integer({ min: 0, max: 27 }) }), {
      maxLength: 3,
    }),
  });
  const fill = fc.record({
    offset: fc.integer({ min: 0, max: WINDOW_DAYS - 1 }),
    daysSupply: fc.integer({ min: 1, max: 30 }),
  });
  const fills = fc
    .array(fill, { maxLength: 6 })
    .filter((list) => list.reduce((sum, item) => sum + item.daysSupply, 0) <= MAX_SUPPLY_BELOW_THRESHOLD);

  it('PDC below 80 % in the window before the worsening never yields the plain tachyphylaxis headline', () => {
    fc.assert(
      fc.property(story, fills, (s, windowFills) => {
        const worseningDate = addDays(START, s.worseningDay);
        const windowStart = addDays(worseningDate, -WINDOW_DAYS);
        const nadir = Math.min(...s.maintenance);
        const scores: Phq9Score[] = [
          phq(addDays(START, -2), s.baseline),
          phq(addDays(START, 56), Math.floor(s.baseline / 2)),
          phq(addDays(START, 84), Math.floor(s.baseline / 2)),
          ...s.maintenance.map((total, i) => phq(addDays(START, 120 + i * 30), total)),
          phq(worseningDate, Math.max(s.worsening, nadir + 5)),
          ...s.after.map((item) => phq(addDays(worseningDate, item.day), item.total)),
        ];
        // Monthly fills that all run out before the window, then only the random ones inside it.
        const earlyCount = Math.floor((daysBetween(START, windowStart) - 30) / 30);
        const record: PatientRecord = buildRecord({
          medications: [
            statement('sert', 'sertraline', START, { dose: 100 }),
            ...dispenses('early', 'sertraline', START, earlyCount, { dose: 100, daysSupply: 30 }),
            ...windowFills.map((item, i) =>
              dispense(`late-${i}`, 'sertraline', addDays(windowStart, item.offset), {
                dose: 100,
                daysSupply: item.daysSupply,
              })
            ),
          ],
          phq9: scores,
        });
        const now = addDays(worseningDate, 61);
        const assessment = assessPatient(record, { now });
        const finding = assessment.tachyphylaxis;
        expect(finding.status).not.toBe('possible');
        expect(finding.status).not.toBe('emerging');
        for (const card of buildPatientViewCards(assessment, cardOptions())) {
          expect(card.card.summary).not.toMatch(/^(Possible|Emerging) loss of response/);
        }
        if (finding.worsening?.date === worseningDate && finding.status === 'explained') {
          expect(finding.adherenceBeforeWorsening?.windowStart).toBe(windowStart);
        }
      }),
      { numRuns: 200, seed: 20261201 }
    );
  });
});

describe('PHQ-9 item 9', () => {
  const answer = fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined });
  const later = fc.record({ after: fc.integer({ min: 0, max: 40 }), total: fc.integer({ min: 0, max: 27 }), answer });

  it('every positive item 9 in the last 30 days raises the critical flag, whatever follows it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(later, { maxLength: 8 }),
        fc.array(later, { maxLength: 4 }),
        (daysAgo, positive, after, before) => {
          const date = addDays(NOW, -daysAgo);
          const scores: Phq9Score[] = [
            ...before.map((item) => phq(addDays(date, -1 - item.after), item.total, item.answer)),
            phq(date, 14, positive),
            // Later administrations, up to today: with item 9 missing, 0 or anything else.
            ...after.map((item) => phq(addDays(date, Math.min(item.after, daysAgo)), item.total, item.answer)),
          ];
          const assessment = assessPatient(buildRecord({ phq9: scores }), { now: NOW });
          const flag = assessment.safety.find((candidate) => candidate.id === 'phq9-item9-positive');
          expect(flag?.severity).toBe('critical');
          const cards = buildPatientViewCards(assessment, cardOptions());
          expect(cards[0]?.kind).toBe('safety-phq9-item9-positive');
          expect(cards[0]?.card.indicator).toBe('critical');
        }
      ),
      { numRuns: 300, seed: 20261202 }
    );
  });
});
