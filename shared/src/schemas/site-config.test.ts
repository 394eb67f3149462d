import { describe, expect, it } from 'vitest';
import { getPhq9Bands, PHQ9_SCORE_DOMAIN } from '../analysis/phq9-bands';
import { assessPatient } from '../analysis/assess-patient';
import { NOW, RecordClassicSertralineLoss } from '../analysis/test-records';
import { DEFAULT_SITE_CONFIG, parseSiteConfig, toAnalysisConfig } from './site-config';

const VALID = {
  schemaVersion: 1,
  version: '2026-12-01.1',
  description: 'Signed off by the depression care pathway group.',
  thresholds: { confirmationMinDays: 21, adherencePdcMin: 0.85 },
  flags: { emergingCards: false, residualDriftCard: true },
};

function problemsOf(input: unknown): string {
  try {
    parseSiteConfig(input);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return '';
}

describe('site-config.json', () => {
  it('parses a valid file and applies its thresholds over the cited defaults', () => {
    const site = parseSiteConfig(VALID);
    expect(site.flags).toEqual({ emergingCards: false, residualDriftCard: true, writeBack: false });
    const config = toAnalysisConfig(site);
    expect(config.thresholds.confirmationMinDays).toBe(21);
    expect(config.thresholds.adherencePdcMin).toBe(0.85);
    expect(config.thresholds.mcid).toBe(5);
    expect(config.flags?.residualDriftCard).toBe(true);
  });

  it('needs only the versions; the optional drift card is off by default', () => {
    const site = parseSiteConfig({ schemaVersion: 1, version: 'a' });
    expect(site.flags.residualDriftCard).toBe(false);
    expect(toAnalysisConfig(site)).toEqual(toAnalysisConfig(DEFAULT_SITE_CONFIG));
  });

  it.each<[string, object, RegExp]>([
    [
      'an unknown threshold',
      { thresholds: { confirmationDays: 21 } },
      /thresholds: Unrecognized key.*confirmationDays/,
    ],
    ['a fact of the instrument', { thresholds: { phq9Max: 30 } }, /phq9Max/],
    ['a ratio above 1', { thresholds: { adherencePdcMin: 80 } }, /thresholds\.adherencePdcMin/],
    ['a score above 27', { thresholds: { elevatedScore: 28 } }, /thresholds\.elevatedScore/],
    ['a text where a number belongs', { thresholds: { mcid: 'five' } }, /mcid must be a number/],
    [
      'bands out of order',
      { thresholds: { bandModerate: 16 } },
      /thresholds\.bandModeratelySevere: must be above bandModerate/,
    ],
    ['an unknown flag', { flags: { driftCard: true } }, /flags: Unrecognized key/],
    ['another schema version', { schemaVersion: 2 }, /schemaVersion: schemaVersion must be 1/],
  ])('rejects %s with the field named', (_name, change, message) => {
    expect(problemsOf({ ...VALID, ...change })).toMatch(message);
  });

  it('rejects a file without a version label', () => {
    expect(problemsOf({ schemaVersion: 1 })).toMatch(/site-config\.json is invalid: version/);
  });

  it('changes the assessment: a 60-day confirmation leaves the classic worsening (18 days apart) unconfirmed', () => {
    const site = parseSiteConfig({ schemaVersion: 1, version: 'x', thresholds: { confirmationMinDays: 60 } });
    expect(assessPatient(RecordClassicSertralineLoss, { now: NOW }).tachyphylaxis.status).toBe('possible');
    const tuned = assessPatient(RecordClassicSertralineLoss, { now: NOW, config: toAnalysisConfig(site) });
    expect(tuned.tachyphylaxis.status).toBe('emerging');
  });
});

describe('PHQ-9 bands for every display', () => {
  it('are Kroenke 2001 by default, covering 0–27 without gaps', () => {
    expect(PHQ9_SCORE_DOMAIN).toEqual([0, 27]);
    expect(getPhq9Bands().map((b) => [b.band, b.from, b.to])).toEqual([
      ['none-minimal', 0, 4],
      ['mild', 5, 9],
      ['moderate', 10, 14],
      ['moderately-severe', 15, 19],
      ['severe', 20, 27],
    ]);
  });

  it('follow a site that tunes a band, and the assessment carries the bands it used', () => {
    const site = parseSiteConfig({ schemaVersion: 1, version: 'x', thresholds: { bandSevere: 21 } });
    const assessment = assessPatient(RecordClassicSertralineLoss, { now: NOW, config: toAnalysisConfig(site) });
    expect(assessment.phq9Bands?.slice(-2)).toEqual([
      { band: 'moderately-severe', from: 15, to: 20 },
      { band: 'severe', from: 21, to: 27 },
    ]);
  });
});
