import {
  FIXTURE_ANCHOR,
  createPrng,
  listFixtures,
  loadFixtureResources,
  shiftDates,
  type Prng,
} from '@tachywatch/fixtures';
import { NdjsonExportWriter } from './ndjson-export-writer';

export interface GeneratePopulationOptions {
  readonly outDir: string;
  readonly patients: number;
  readonly seed?: number;
  /** The day the histories end on (the scenarios' "today"); defaults to the fixtures' anchor. */
  readonly anchor?: string;
  /** Latest day a history may be moved back by, at random per patient (0 keeps every scenario's dates). */
  readonly maxShiftDays?: number;
  /** Unrelated resources added per patient (vital signs, encounters), as real exports carry. */
  readonly noisePerPatient?: number;
  /** Probability that a patient also gets a malformed line, a duplicate and a resource for an unknown patient. */
  readonly hostileRate?: number;
}

export interface GeneratedPopulation {
  readonly patients: number;
  readonly lines: number;
  /** Scenario name per generated patient index → how many patients were drawn from it. */
  readonly byScenario: ReadonlyMap<string, number>;
}

interface Template {
  readonly name: string;
  readonly patientId: string;
  /** The scenario's resources serialized once; ids are rewritten per patient on the text. */
  readonly texts: readonly { readonly type: string; readonly json: string }[];
}

function loadTemplates(anchor: string): Template[] {
  return listFixtures().map((fixture) => ({
    name: fixture.name,
    patientId: fixture.patientId,
    texts: loadFixtureResources(fixture.name, { anchor }).map((resource) => ({
      type: resource.resourceType,
      json: JSON.stringify(resource),
    })),
  }));
}

function newPatientId(prng: Prng, index: number): string {
  const random = Math.floor(prng.next() * 0xffffffff).toString(36);
  return `syn-${index.toString(36)}-${random}`;
}

function noiseResources(patientId: string, prng: Prng, count: number, anchor: string): object[] {
  const base = Date.parse(`${anchor}T00:00:00Z`);
  return Array.from({ length: count }, (_, index) => {
    const day = new Date(base - prng.int(0, 900) * 86_400_000).toISOString().slice(0, 10);
    if (index % 2 === 1) {
      return {
        resourceType: 'Encounter',
        id: `${patientId}-enc-${index}`,
        status: 'finished',
        class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
        subject: { reference: `Patient/${patientId}` },
        period: { start: day, end: day },
      };
    }
    return {
      resourceType: 'Observation',
      id: `${patientId}-bp-${index}`,
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '8480-6', display: 'Systolic blood pressure' }] },
      subject: { reference: `Patient/${patientId}` },
      effectiveDateTime: day,
      valueQuantity: { value: prng.int(100, 160), unit: 'mm[Hg]', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
    };
  });
}

/**
 * A synthetic Bulk Data export for scale tests: patients drawn from the fixture scenarios with fresh random ids,
 * histories moved by a random number of days, unrelated noise resources and (optionally) hostile lines. Streams to
 * disk: memory does not grow with the population.
 */
export async function generatePopulation(options: GeneratePopulationOptions): Promise<GeneratedPopulation> {
  const anchor = options.anchor ?? FIXTURE_ANCHOR;
  const prng = createPrng(options.seed ?? 1);
  const templates = loadTemplates(anchor);
  const writer = new NdjsonExportWriter(options.outDir);
  const byScenario = new Map<string, number>();
  const maxShift = options.maxShiftDays ?? 60;
  const noise = options.noisePerPatient ?? 4;
  let lines = 0;
  try {
    for (let index = 0; index < options.patients; index += 1) {
      const template = prng.pick(templates);
      byScenario.set(template.name, (byScenario.get(template.name) ?? 0) + 1);
      const patientId = newPatientId(prng, index);
      const shift = -prng.int(0, maxShift);
      const prefix = new RegExp(`"${template.patientId}(?=["-])`, 'g');
      const slashPrefix = new RegExp(`/${template.patientId}(?=["-])`, 'g');
      for (const { type, json } of template.texts) {
        const text = json.replace(prefix, `"${patientId}`).replace(slashPrefix, `/${patientId}`);
        const resource = (shift === 0 ? JSON.parse(text) : shiftDates(JSON.parse(text), shift)) as {
          resourceType: string;
        };
        await writer.writeLine(type, JSON.stringify(resource));
        lines += 1;
      }
      for (const resource of noiseResources(patientId, prng, noise, anchor)) {
        await writer.write(resource as { resourceType: string });
        lines += 1;
      }
      if (options.hostileRate !== undefined && prng.chance(options.hostileRate)) {
        await writer.writeLine('Observation', '{"resourceType":"Observation","id":');
        await writer.writeLine('Observation', JSON.stringify(noiseResources(patientId, prng, 1, anchor)[0]));
        await writer.writeLine('Observation', JSON.stringify(noiseResources(patientId, prng, 1, anchor)[0]));
        await writer.writeLine(
          'Condition',
          JSON.stringify({
            resourceType: 'Condition',
            id: `${patientId}-orphan`,
            subject: { reference: 'Patient/nobody' },
          })
        );
        lines += 4;
      }
    }
  } finally {
    await writer.close();
  }
  return { patients: options.patients, lines, byScenario };
}
