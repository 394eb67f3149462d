import { describe, expect, it } from 'vitest';
import type { Assessment, TreatmentOption } from '../domain/assessment';
import type { MedicationEvent, PatientRecord } from '../domain/record';
import { assessOrder } from './assess-order';
import { assessPatient } from './assess-patient';
import {
  CLASSIC_PHQ9,
  NOW,
  RecordClassicSertralineLoss,
  buildRecord,
  condition,
  dispenses,
  pgx,
  phq,
  request,
  statement,
} from './test-records';

/**
 * One scenario per option safety rule, through `assessPatient` (and `assessOrder` for order checks). Each expectation
 * is written by hand with the clinical reason beside it.
 */

function assess(record: PatientRecord): Assessment {
  return assessPatient(record, { now: NOW });
}

function option(assessment: Assessment, kind: TreatmentOption['kind']): TreatmentOption | undefined {
  return assessment.options.find((o) => o.kind === kind);
}

function candidateIds(assessment: Assessment, kind: TreatmentOption['kind']): string[] {
  return option(assessment, kind)?.candidates.map((c) => c.agentId) ?? [];
}

function allCandidateIds(assessment: Assessment): string[] {
  return assessment.options.flatMap((o) => o.candidates.map((c) => c.agentId));
}

function allNotes(assessment: Assessment): string {
  return assessment.options.flatMap((o) => [...o.safetyNotes, ...o.candidates.map((c) => c.note)]).join('\n');
}

/** The classic loss-of-response story on `agentId` at `dose`, for a patient born on `birthDate`. */
function lossOn(agentId: string, dose: number, birthDate = '1980-05-01', extra: Partial<PatientRecord> = {}) {
  return buildRecord({
    patient: { birthDate },
    medications: [
      statement('current', agentId, '2024-01-08', { dose }),
      ...dispenses('current-fill', agentId, '2024-01-08', 13, { dose, daysSupply: 30 }),
    ],
    phq9: CLASSIC_PHQ9,
    ...extra,
  });
}

describe('MAOI rules', () => {
  it('never adds bupropion or mirtazapine to phenelzine (labels contraindicate any antidepressant with an MAOI)', () => {
    const assessment = assess(lossOn('phenelzine', 45));
    expect(assessment.tachyphylaxis.status).toBe('possible');
    expect(option(assessment, 'combination')).toBeUndefined();
    const augmentation = option(assessment, 'augmentation');
    expect(augmentation?.candidates.map((c) => c.agentId)).not.toContain('bupropion');
    expect(augmentation?.candidates.map((c) => c.agentId)).toContain('aripiprazole');
    expect(augmentation?.safetyNotes[0]).toMatch(/phenelzine is an MAOI: no other antidepressant/);
  });

  it('gives the 14-day washout when switching off an MAOI (phenelzine label)', () => {
    const notes = option(assess(lossOn('phenelzine', 45)), 'switch')?.safetyNotes.join('\n') ?? '';
    expect(notes).toMatch(/After stopping phenelzine \(an MAOI\), wait at least 14 days before starting sertraline/);
  });

  it('gives the 5-week washout when fluoxetine would be followed by an MAOI (fluoxetine label)', () => {
    const record = lossOn('fluoxetine', 20, '1980-05-01', {
      // Every other mechanism already tried, so the MAOI is among the switch candidates.
      medications: [
        ...['bupropion', 'venlafaxine', 'mirtazapine', 'trazodone', 'vilazodone', 'vortioxetine', 'nortriptyline'].map(
          (id, i) =>
            statement(`old-${id}`, id, `2019-0${i + 1}-01`, { dose: 1, status: 'completed', end: `2019-0${i + 1}-20` })
        ),
        statement('current', 'fluoxetine', '2024-01-08', { dose: 20 }),
        ...dispenses('current-fill', 'fluoxetine', '2024-01-08', 13, { dose: 20, daysSupply: 30 }),
      ],
    });
    const assessment = assess(record);
    expect(candidateIds(assessment, 'switch')).toContain('phenelzine');
    expect(option(assessment, 'switch')?.safetyNotes.join('\n')).toMatch(
      /phenelzine is an MAOI: stop fluoxetine at least 35 days before starting phenelzine/
    );
  });
});

describe('order checks around an MAOI', () => {
  function draft(agentId: string): MedicationEvent {
    return request('draft', agentId, NOW, { dose: 45, status: 'draft', intent: 'proposal' });
  }

  it('flags phenelzine ordered with bupropion as critical although bupropion is not serotonergic (label)', () => {
    const record = lossOn('bupropion', 300);
    const findings = assessOrder(record, assess(record), [draft('phenelzine')], { now: NOW });
    const combination = findings.find((f) => f.kind === 'serotonergic-combination');
    expect(combination?.severity).toBe('critical');
    expect(combination?.summary).toMatch(/bupropion/);
  });

  it('says how many washout days remain and the total (fluoxetine stopped 10 days ago: 25 of 35 remain)', () => {
    const record = buildRecord({
      medications: [statement('flx', 'fluoxetine', '2024-01-08', { dose: 20, status: 'completed', end: '2024-12-31' })],
      phq9: CLASSIC_PHQ9,
    });
    const findings = assessOrder(record, assess(record), [draft('phenelzine')], { now: NOW });
    const washout = findings.find((f) => f.kind === 'maoi-washout');
    expect(washout?.summary).toBe(
      'phenelzine: 25 more days of the 35-day washout after fluoxetine (stopped 10 days ago).'
    );
    expect(washout?.detail).toMatch(/wait 25 more days \(35-day washout after fluoxetine before phenelzine\)/);
  });
});

describe('order checks apply the same rules', () => {
  function ordered(record: PatientRecord, agentId: string, dose: number) {
    const draft = request('draft', agentId, NOW, { dose, status: 'draft', intent: 'proposal' });
    return assessOrder(record, assess(record), [draft], { now: NOW });
  }

  it('warns when venlafaxine is ordered for a 15-year-old (not in the paediatric table)', () => {
    const finding = ordered(lossOn('fluoxetine', 20, '2009-06-01'), 'venlafaxine', 75).find(
      (f) => f.kind === 'age-not-approved'
    );
    expect(finding?.summary).toBe(
      'venlafaxine at age 15: not among the agents with paediatric evidence for depression.'
    );
    expect(finding?.detail).toMatch(/^Venlafaxine carried the highest suicidality signal/);
    expect(ordered(lossOn('fluoxetine', 20, '2009-06-01'), 'escitalopram', 10).map((f) => f.kind)).not.toContain(
      'age-not-approved'
    );
  });

  it('warns when citalopram 40 mg is ordered for a 78-year-old, not 20 mg', () => {
    const record = lossOn('sertraline', 100, '1946-03-01');
    expect(ordered(record, 'citalopram', 40).find((f) => f.kind === 'dose-above-cap')?.summary).toBe(
      'citalopram 40 mg/day ordered: maximum 20 mg/day over age 60 (QT prolongation).'
    );
    expect(ordered(record, 'citalopram', 20).map((f) => f.kind)).not.toContain('dose-above-cap');
  });

  it('caps citalopram at 20 mg/day for a CYP2C19 poor metaboliser at any age (label)', () => {
    const record = lossOn('citalopram', 20, '1980-05-01', { pharmacogenomics: [pgx('g', 'CYP2C19', 'poor')] });
    expect(option(assess(record), 'dose-optimisation')).toBeUndefined();
    const withForty = lossOn('citalopram', 40, '1980-05-01', { pharmacogenomics: [pgx('g', 'CYP2C19', 'poor')] });
    expect(assess(withForty).safety.find((f) => f.id === 'citalopram-qt-dose')?.message).toBe(
      'citalopram 40 mg/day is above the QT-related maximum of 20 mg/day for a CYP2C19 poor metaboliser.'
    );
  });

  it('cautions about paroxetine ordered postpartum, without advising to stop anything', () => {
    const postpartum = condition('pp', 'postpartum', { code: 'Z39.2', onset: '2024-11-01' });
    const finding = ordered(
      lossOn('sertraline', 100, '1992-02-01', { conditions: [postpartum] }),
      'paroxetine',
      20
    ).find((f) => f.kind === 'perinatal-caution');
    expect(finding?.summary).toBe('paroxetine: postpartum period recorded — see the caution.');
    expect(finding?.detail).toMatch(/do not stop an effective antidepressant/);
  });
});

describe('under 18', () => {
  const fifteen = '2009-06-01';

  it('offers only the rule table: FDA-approved escitalopram first, no venlafaxine, TCAs or esketamine (AACAP, labels)', () => {
    const assessment = assess(lossOn('fluoxetine', 20, fifteen));
    expect(assessment.patient.ageYears).toBe(15);
    expect(candidateIds(assessment, 'switch')[0]).toBe('escitalopram');
    expect(
      allCandidateIds(assessment).every((id) => ['fluoxetine', 'escitalopram', 'sertraline', 'citalopram'].includes(id))
    ).toBe(true);
    expect(option(assessment, 'esketamine')).toBeUndefined();
  });

  it('states that add-on evidence is adult-only and names no add-on agent', () => {
    const augmentation = option(assess(lossOn('fluoxetine', 20, fifteen)), 'augmentation');
    expect(augmentation?.candidates).toEqual([]);
    expect(augmentation?.safetyNotes.join(' ')).toMatch(/adult trials/);
  });

  it('offers TMS from 15 as an adjunct (NeuroStar 2024 clearance, 15–21) and not at 13', () => {
    const tms = option(assess(lossOn('fluoxetine', 20, fifteen)), 'tms');
    expect(tms?.safetyNotes.join(' ')).toMatch(/15–21/);
    expect(option(assess(lossOn('fluoxetine', 20, '2011-06-01')), 'tms')).toBeUndefined();
  });

  it('caps a fluoxetine dose option at the labelled paediatric 20 mg/day, never the adult 80 mg/day', () => {
    const dose = option(assess(lossOn('fluoxetine', 10, fifteen)), 'dose-optimisation');
    expect(dose?.candidates[0]?.note).toBe(
      'Current 10 mg/day; maximum 20 mg/day under 18 (paediatric MDD dosing in the label).'
    );
    expect(dose?.candidates[0]?.note).not.toContain('80');
    // Already at the paediatric ceiling: no dose increase is suggested.
    expect(option(assess(lossOn('fluoxetine', 20, fifteen)), 'dose-optimisation')).toBeUndefined();
    // At 18 the adult label applies again.
    expect(option(assess(lossOn('fluoxetine', 20, '2006-06-01')), 'dose-optimisation')?.candidates[0]?.note).toBe(
      'Current 20 mg/day; usual maximum 80 mg/day.'
    );
  });

  it('does not suggest raising sertraline under 18 (no labelled paediatric MDD dose to cap it)', () => {
    expect(option(assess(lossOn('sertraline', 50, fifteen)), 'dose-optimisation')).toBeUndefined();
  });

  it('names the paediatric ceiling beside a switch to escitalopram and warns on an order above it', () => {
    const escitalopram = option(assess(lossOn('fluoxetine', 20, fifteen)), 'switch')?.candidates.find(
      (c) => c.agentId === 'escitalopram'
    );
    expect(escitalopram?.note).toContain('maximum 20 mg/day under 18');
    const draft = request('draft', 'fluoxetine', NOW, { dose: 40, status: 'draft', intent: 'proposal' });
    const record = lossOn('fluoxetine', 20, fifteen);
    const finding = assessOrder(record, assess(record), [draft], { now: NOW }).find((f) => f.kind === 'dose-above-cap');
    expect(finding?.summary).toBe(
      'fluoxetine 40 mg/day ordered: maximum 20 mg/day under 18 (paediatric MDD dosing in the label).'
    );
    expect(finding?.citationIds).toContain('fluoxetine-paediatric-dosing');
  });

  it('does not suggest raising venlafaxine a 15-year-old already takes (outside the table)', () => {
    const assessment = assess(lossOn('venlafaxine', 150, fifteen));
    expect(option(assessment, 'dose-optimisation')).toBeUndefined();
    expect(allCandidateIds(assessment)).not.toContain('venlafaxine');
  });
});

describe('60 and over', () => {
  const seventyEight = '1946-03-01';

  it('never proposes citalopram above 20 mg/day over 60 (label QT cap)', () => {
    const atCap = assess(lossOn('citalopram', 20, seventyEight));
    expect(option(atCap, 'dose-optimisation')).toBeUndefined();
    const below = option(assess(lossOn('citalopram', 10, seventyEight)), 'dose-optimisation');
    expect(below?.candidates[0]?.note).toBe('Current 10 mg/day; maximum 20 mg/day over age 60 (QT prolongation).');
  });

  it('keeps 40 mg/day as the limit at 45 (cap applies only over 60)', () => {
    const note = option(assess(lossOn('citalopram', 20)), 'dose-optimisation')?.candidates[0]?.note;
    expect(note).toBe('Current 20 mg/day; usual maximum 40 mg/day.');
  });

  it('adds hyponatraemia and falls notes (Beers 2023)', () => {
    const notes = allNotes(assess(lossOn('sertraline', 100, seventyEight)));
    expect(notes).toMatch(/hyponatraemia/);
    expect(notes).toMatch(/falls/);
  });
});

describe('pregnancy and postpartum', () => {
  const pregnant = condition('preg', 'pregnancy', { code: 'O99.341', onset: '2024-10-15' });

  it('marks the perinatal confounder present and cautions without advising to stop (ACOG 2023)', () => {
    const assessment = assess(lossOn('sertraline', 100, '1992-02-01', { conditions: [pregnant] }));
    const perinatal = assessment.tachyphylaxis.confounders.find((c) => c.id === 'perinatal');
    expect(perinatal?.state).toBe('present');
    expect(perinatal?.refs).toEqual(['Condition/preg']);
    const notes = allNotes(assessment);
    expect(notes).toMatch(/do not stop an effective antidepressant/);
    expect(notes).not.toMatch(/\b(stop|discontinue) (sertraline|the antidepressant)\b/i);
    expect(allCandidateIds(assessment)).not.toContain('paroxetine');
  });

  it('adds the lithium caution to the lithium candidate', () => {
    const assessment = assess(lossOn('sertraline', 100, '1992-02-01', { conditions: [pregnant] }));
    const lithium = option(assessment, 'augmentation')?.candidates.find((c) => c.agentId === 'lithium');
    expect(lithium?.note).toMatch(/levels change through pregnancy/);
  });

  it('reads a postpartum record within the first year as the confounder, not one from two years ago', () => {
    const recent = condition('pp', 'postpartum', { code: 'Z39.2', onset: '2024-09-01' });
    const old = condition('pp-old', 'postpartum', { code: 'Z39.2', onset: '2022-06-01' });
    const state = (c: typeof recent) =>
      assess(lossOn('sertraline', 100, '1992-02-01', { conditions: [c] })).tachyphylaxis.confounders.find(
        (x) => x.id === 'perinatal'
      )?.state;
    expect(state(recent)).toBe('present');
    expect(state(old)).toBe('absent');
  });

  it('treats a later "not pregnant" observation as the end of the pregnancy', () => {
    const record = lossOn('sertraline', 100, '1992-02-01', {
      pregnancyStatus: [
        { ref: 'Observation/p1', date: '2024-05-01', pregnant: true },
        { ref: 'Observation/p2', date: '2024-09-01', pregnant: false },
      ],
    });
    expect(assess(record).tachyphylaxis.confounders.find((c) => c.id === 'perinatal')?.state).toBe('absent');
  });
});

describe('suicide risk', () => {
  it('lists TCAs and MAOIs last with the overdose and limited-quantity notes after a positive item 9', () => {
    const scores = [...CLASSIC_PHQ9.slice(0, -1), phq('2024-12-20', 17, 2)];
    const assessment = assess({ ...RecordClassicSertralineLoss, phq9: scores });
    const ids = candidateIds(assessment, 'switch');
    const firstDangerous = ids.findIndex((id) => ['nortriptyline', 'amitriptyline', 'phenelzine'].includes(id));
    const safer = ids.filter((id) => !['nortriptyline', 'amitriptyline', 'phenelzine', 'imipramine'].includes(id));
    expect(firstDangerous === -1 || firstDangerous >= safer.length).toBe(true);
    expect(allNotes(assessment)).toMatch(/smallest quantity/);
  });

  it('counts a recorded suicide attempt (T14.91) as suicide risk', () => {
    const attempt = condition('sa', 'suicide-risk', { code: 'T14.91XA', onset: '2023-03-01' });
    expect(allNotes(assess({ ...RecordClassicSertralineLoss, conditions: [attempt] }))).toMatch(/smallest quantity/);
  });
});

describe('serotonergic warnings only where informative', () => {
  it('does not warn for lithium added to sertraline (a usual, monitored augmentation)', () => {
    const notes = option(assess(RecordClassicSertralineLoss), 'augmentation')?.safetyNotes ?? [];
    expect(notes.some((n) => n.includes('serotonergic'))).toBe(false);
  });

  it('does not flag trazodone 50 mg at night with sertraline, but flags trazodone 300 mg/day', () => {
    const withTrazodone = (dose: number) =>
      assess({
        ...RecordClassicSertralineLoss,
        medications: [...RecordClassicSertralineLoss.medications, statement('tz', 'trazodone', '2024-06-01', { dose })],
      }).safety.some((f) => f.id === 'serotonergic-combination');
    expect(withTrazodone(50)).toBe(false);
    expect(withTrazodone(300)).toBe(true);
  });

  it('does not warn when trazodone 50 mg at night is ordered with sertraline, but does at 300 mg/day', () => {
    const kinds = (dose: number) =>
      assessOrder(
        RecordClassicSertralineLoss,
        assess(RecordClassicSertralineLoss),
        [request('draft', 'trazodone', NOW, { dose, status: 'draft' })],
        { now: NOW }
      ).map((f) => f.kind);
    expect(kinds(50)).not.toContain('serotonergic-combination');
    expect(kinds(300)).toContain('serotonergic-combination');
  });

  it('counts modafinil as a CYP confounder for vilazodone (CYP3A4) but not for escitalopram', () => {
    const withModafinil = (agentId: string, dose: number) => {
      const base = lossOn(agentId, dose);
      return assess({
        ...base,
        medications: [...base.medications, statement('mod', 'modafinil', '2024-10-15', { dose: 200 })],
      }).tachyphylaxis.confounders.find((c) => c.id === 'cyp-inducer')?.state;
    };
    expect(withModafinil('vilazodone', 20)).toBe('present');
    expect(withModafinil('escitalopram', 10)).not.toBe('present');
  });
});
