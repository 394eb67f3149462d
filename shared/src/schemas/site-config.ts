import { z } from 'zod';
import { buildAnalysisConfig, type AnalysisConfig, type ThresholdValues } from '../analysis/config';
import { THRESHOLDS, type ThresholdId } from '../knowledge/thresholds';

/**
 * The site configuration file (`site-config.json`): the thresholds a site tunes and its feature flags, versioned.
 * The CDS service reads it at start (path in `TACHYWATCH_SITE_CONFIG`) and the SMART app fetches the same file next
 * to its `smart-config.json`, so a card and the app always judge with the same numbers. Every field is optional
 * except the versions; a missing threshold keeps the knowledge pack's cited default.
 */

export const SITE_CONFIG_SCHEMA_VERSION = 1;

/** Facts of the instrument, not settings: a site cannot change them. */
const FIXED_THRESHOLDS: readonly ThresholdId[] = ['phq9Max', 'phq9ItemMax'];

const TUNABLE_THRESHOLD_IDS = (Object.keys(THRESHOLDS) as ThresholdId[]).filter((id) => !FIXED_THRESHOLDS.includes(id));

function thresholdSchema(id: ThresholdId): z.ZodType<number | undefined> {
  const { unit } = THRESHOLDS[id];
  const base = z.number({ error: `${id} must be a number (${unit})` });
  switch (unit) {
    case 'ratio':
      return base.gt(0).max(1).optional();
    case 'points':
      return base.int().min(0).max(THRESHOLDS.phq9Max.value).optional();
    case 'days':
    case 'weeks':
    case 'years':
    case 'count':
    case 'mg/day':
      return base.int().min(0).max(3650).optional();
    case 'mIU/L':
      return base.gt(0).max(100).optional();
  }
}

const ThresholdOverridesSchema = z
  .strictObject(
    Object.fromEntries(TUNABLE_THRESHOLD_IDS.map((id) => [id, thresholdSchema(id)])) as Record<
      ThresholdId,
      z.ZodType<number | undefined>
    >
  )
  .default({} as Record<ThresholdId, number | undefined>);

export const SiteFlagsSchema = z
  .strictObject({
    /** Cards for a worsening not yet confirmed by a second score (patient-view). */
    emergingCards: z.boolean().optional(),
    /** An info card for residual-symptom drift (PHQ-9 items rising while the total stays low). Off by default. */
    residualDriftCard: z.boolean().default(false),
    /**
     * The SMART app may write the clinician's review (QuestionnaireResponse) and draft ServiceRequests back to the
     * EHR, and asks for the write scopes only then. Off by default: a read-only site never asks for them.
     */
    writeBack: z.boolean().default(false),
  })
  .default({ residualDriftCard: false, writeBack: false });

export const SiteConfigSchema = z
  .strictObject({
    schemaVersion: z.literal(SITE_CONFIG_SCHEMA_VERSION, {
      error: `schemaVersion must be ${SITE_CONFIG_SCHEMA_VERSION}`,
    }),
    /** The site's own version label for this file, e.g. `2026-12-01.1`; shown in logs and the app. */
    version: z.string().trim().min(1).max(64),
    /** Free text for the people who maintain the file (who signed off, why a value differs). */
    description: z.string().max(2000).optional(),
    thresholds: ThresholdOverridesSchema,
    flags: SiteFlagsSchema,
  })
  .superRefine((config, context) => {
    const t = { ...buildAnalysisConfig().thresholds, ...definedOnly(config.thresholds) };
    const bands: ThresholdId[] = ['bandMild', 'bandModerate', 'bandModeratelySevere', 'bandSevere'];
    for (let i = 1; i < bands.length; i += 1) {
      const lower = bands[i - 1] as ThresholdId;
      const upper = bands[i] as ThresholdId;
      if (!(t[lower] < t[upper])) {
        context.addIssue({ code: 'custom', path: ['thresholds', upper], message: `must be above ${lower}` });
      }
    }
    if (t.partialResponseRatio <= t.responseRatio) {
      context.addIssue({
        code: 'custom',
        path: ['thresholds', 'partialResponseRatio'],
        message: 'must be above responseRatio',
      });
    }
    if (t.borderlineTrialWeeks > t.adequateTrialWeeks) {
      context.addIssue({
        code: 'custom',
        path: ['thresholds', 'borderlineTrialWeeks'],
        message: 'must not be above adequateTrialWeeks',
      });
    }
  });

export type SiteConfig = z.infer<typeof SiteConfigSchema>;
export type SiteFlags = z.infer<typeof SiteFlagsSchema>;

function definedOnly(overrides: Partial<Record<ThresholdId, number | undefined>>): Partial<ThresholdValues> {
  const defined: Partial<Record<ThresholdId, number>> = {};
  for (const [id, value] of Object.entries(overrides) as [ThresholdId, number | undefined][]) {
    if (value !== undefined) {
      defined[id] = value;
    }
  }
  return defined;
}

/** The configuration every site gets without a file: the knowledge pack's defaults, no optional card. */
export const DEFAULT_SITE_CONFIG: SiteConfig = Object.freeze({
  schemaVersion: SITE_CONFIG_SCHEMA_VERSION,
  version: 'default',
  thresholds: {},
  flags: { residualDriftCard: false, writeBack: false },
}) as SiteConfig;

/** Parses a site configuration; throws an Error naming every invalid field. */
export function parseSiteConfig(input: unknown, source = 'site-config.json'): SiteConfig {
  const result = SiteConfigSchema.safeParse(input);
  if (!result.success) {
    const where = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new Error(`${source} is invalid: ${where.join('; ')}`);
  }
  return result.data;
}

/** The analysis configuration a site file gives (what `assessPatient`/`assessOrder` take as `config`). */
export function toAnalysisConfig(site: SiteConfig): AnalysisConfig {
  return buildAnalysisConfig(definedOnly(site.thresholds), { residualDriftCard: site.flags.residualDriftCard });
}
