import { describe, expect, it } from 'vitest';
import type { PatientRecord } from '../domain/record';
import { assessPatient } from './assess-patient';
import { NOW, RecordClassicSertralineLoss, buildRecord, condition, phq, statement } from './test-records';

function flagsOf(record: PatientRecord) {
  return assessPatient(record, { now: NOW }).safety;
}

describe('analyzeSafety: PHQ-9 item 9', () => {
  it.each([
    {
      name: 'a total-only latest PHQ-9 → an info issue',
      scores: [phq('2025-01-03', 6, 0), phq('2025-01-06', 5)],
      issue: true,
    },
    { name: 'item 9 recorded on the latest PHQ-9 → none', scores: [phq('2025-01-06', 5, 0)], issue: false },
  ])('item 9 on the latest PHQ-9: $name', ({ scores, issue }) => {
    const issues = assessPatient(buildRecord({ phq9: scores }), { now: NOW }).issues;
    expect(issues.some((i) => i.code === 'phq9.item9-not-recorded')).toBe(issue);
  });

  it('says when item 9 was not recorded on the latest PHQ-9', () => {
    const flag = flagsOf(buildRecord({ phq9: [phq('2025-01-03', 16, 2), phq('2025-01-06', 15)] })).find(
      (f) => f.id === 'phq9-item9-positive'
    );
    expect(flag?.date).toBe('2025-01-03');
    expect(flag?.detail).toContain('Item 9 not recorded on the latest PHQ-9 (2025-01-06).');
    expect(flag?.detail).toContain('Item 9 was answered 2 on the PHQ-9 of 2025-01-03.');
  });

  it.each([
    {
      name: 'positive on the latest score → critical',
      scores: [phq('2024-01-01', 10, 0), phq('2024-12-01', 14, 1)],
      fires: true,
    },
    {
      name: 'positive earlier, 0 on the latest → no flag',
      scores: [phq('2024-01-01', 20, 2), phq('2024-12-01', 8, 0)],
      fires: false,
    },
    { name: 'latest score without item 9 → no flag', scores: [phq('2024-12-01', 20)], fires: false },
    {
      name: 'one of two same-day latest scores positive → critical',
      scores: [phq('2024-12-01', 9, 0), phq('2024-12-01', 9, 2)],
      fires: true,
    },
    {
      name: 'latest score with an out-of-range total still flags item 9',
      scores: [phq('2024-12-01', 40, 3)],
      fires: true,
    },
    { name: 'item 9 answer of 0 → no flag', scores: [phq('2024-12-01', 3, 0)], fires: false },
    {
      // NOW is 2025-01-10: a positive answer 3 days before a total-only PHQ-9 is 7 days old.
      name: 'positive 7 days ago, the latest PHQ-9 recorded only the total → critical',
      scores: [phq('2025-01-03', 16, 2), phq('2025-01-06', 15)],
      fires: true,
    },
    {
      name: 'positive 30 days ago, item 9 = 0 since → still critical (window of 30 days)',
      scores: [phq('2024-12-11', 16, 1), phq('2025-01-06', 9, 0)],
      fires: true,
    },
    {
      name: 'positive 31 days ago, item 9 = 0 since → outside the window, no flag',
      scores: [phq('2024-12-10', 16, 1), phq('2025-01-06', 9, 0)],
      fires: false,
    },
  ])('$name', ({ scores, fires }) => {
    const flag = flagsOf(buildRecord({ phq9: scores })).find((f) => f.id === 'phq9-item9-positive');
    expect(flag?.severity).toBe(fires ? 'critical' : undefined);
  });

  it.each([
    {
      name: 'an unscored administration with item 9 = 2 is the latest → critical',
      unscored: 2,
      day: '2024-12-10',
      fires: true,
    },
    {
      name: 'an unscored positive item 9 older than the latest scored PHQ-9 → no flag',
      unscored: 3,
      day: '2024-11-01',
      fires: false,
    },
    { name: 'an unscored item 9 of 0 → no flag', unscored: 0, day: '2024-12-10', fires: false },
  ])('$name', ({ unscored, day, fires }) => {
    const record: PatientRecord = {
      ...buildRecord({ phq9: [phq('2024-12-01', 8, 0)] }),
      unscoredItem9: [{ refs: ['Observation/item9'], date: day, value: unscored }],
    };
    const flag = flagsOf(record).find((f) => f.id === 'phq9-item9-positive');
    expect(flag?.severity).toBe(fires ? 'critical' : undefined);
    if (fires) {
      expect(flag?.date).toBe(day);
      expect(flag?.refs).toContain('Observation/item9');
    }
  });

  it('flags item 9 even when a tachyphylaxis finding exists', () => {
    const record: PatientRecord = {
      ...RecordClassicSertralineLoss,
      phq9: [...RecordClassicSertralineLoss.phq9, phq('2025-01-05', 18, 1)],
    };
    const result = assessPatient(record, { now: NOW });
    expect(result.safety[0]).toMatchObject({ id: 'phq9-item9-positive', severity: 'critical', date: '2025-01-05' });
    expect(result.tachyphylaxis.status).toBe('possible');
  });
});

describe('analyzeSafety: other flags', () => {
  it.each([
    {
      name: 'age 24 on an antidepressant → boxed warning',
      birthDate: '2000-06-01',
      id: 'boxed-warning-young-adult',
      severity: 'warning',
    },
    {
      name: 'age 25 → no boxed warning',
      birthDate: '1999-06-01',
      id: 'boxed-warning-young-adult',
      severity: undefined,
    },
  ])('$name', ({ birthDate, id, severity }) => {
    const record: PatientRecord = { ...RecordClassicSertralineLoss, patient: { birthDate } };
    expect(flagsOf(record).find((f) => f.id === id)?.severity).toBe(severity);
  });

  it.each([
    {
      name: 'sertraline + tramadol now → warning',
      meds: [
        statement('s', 'sertraline', '2024-01-01', { dose: 100 }),
        statement('t', 'tramadol', '2024-12-01', { dose: 100 }),
      ],
      severity: 'warning',
    },
    {
      name: 'sertraline + phenelzine now → critical',
      meds: [
        statement('s', 'sertraline', '2024-01-01', { dose: 100 }),
        statement('p', 'phenelzine', '2024-12-01', { dose: 45 }),
      ],
      severity: 'critical',
    },
    {
      name: 'tramadol stopped before sertraline → no flag',
      meds: [
        statement('t', 'tramadol', '2023-01-01', { dose: 100, status: 'completed', end: '2023-02-01' }),
        statement('s', 'sertraline', '2024-01-01', { dose: 100 }),
      ],
      severity: undefined,
    },
  ])('serotonergic combination: $name', ({ meds, severity }) => {
    expect(flagsOf(buildRecord({ medications: meds })).find((f) => f.id === 'serotonergic-combination')?.severity).toBe(
      severity
    );
  });

  it.each([
    { name: 'phenelzine 20 days after fluoxetine → washout flag', stop: '2024-11-11', fires: true },
    { name: 'phenelzine exactly 35 days after fluoxetine → no flag', stop: '2024-10-27', fires: false },
  ])('MAOI washout: $name', ({ stop, fires }) => {
    const meds = [
      statement('f', 'fluoxetine', '2024-01-01', { dose: 20, status: 'completed', end: stop }),
      statement('p', 'phenelzine', '2024-12-01', { dose: 45 }),
    ];
    expect(flagsOf(buildRecord({ medications: meds })).some((f) => f.id === 'maoi-washout')).toBe(fires);
  });

  it.each([
    { name: 'citalopram 60 mg at 44 → flag', dose: 60, birthDate: '1980-05-01', fires: true },
    { name: 'citalopram 40 mg at 44 → no flag', dose: 40, birthDate: '1980-05-01', fires: false },
    { name: 'citalopram 30 mg at 65 → flag', dose: 30, birthDate: '1959-01-01', fires: true },
    { name: 'citalopram 20 mg at 65 → no flag', dose: 20, birthDate: '1959-01-01', fires: false },
  ])('QT dose: $name', ({ dose, birthDate, fires }) => {
    const record = buildRecord({
      patient: { birthDate },
      medications: [statement('c', 'citalopram', '2024-01-01', { dose })],
    });
    expect(flagsOf(record).some((f) => f.id === 'citalopram-qt-dose')).toBe(fires);
  });

  it('cautions about an antidepressant with bipolar disorder recorded', () => {
    const record: PatientRecord = { ...RecordClassicSertralineLoss, conditions: [condition('bp', 'bipolar')] };
    expect(flagsOf(record).map((f) => f.id)).toContain('bipolar-antidepressant-caution');
  });

  it('returns no flags for an empty record', () => {
    expect(flagsOf(buildRecord({}))).toEqual([]);
  });
});
