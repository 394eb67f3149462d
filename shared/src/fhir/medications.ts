import type { IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { AgentDose, MedicationEvent, MedicationSource } from '../domain/record';
import { getAgent } from '../knowledge/agents';
import { readDosage, toDoseAmount, type DoseLine } from './dosage';
import { getBoolean, getIsoDate, getNumber, getObject, getObjects, getString, getText, type JsonObject } from './json';
import { identifyProduct, type Product, type ProductIngredient } from './medication-product';
import { toRelativeReference, type ResourceIndex } from './references';

/**
 * MedicationStatement / MedicationRequest / MedicationDispense → MedicationEvent.
 *
 * Dropped without an issue: records whose product has no catalogue agent (irrelevant to the rules), and records with
 * status entered-in-error or cancelled (all three), declined or preparation (dispense, nothing handed over), draft
 * (request, unsigned: drafts reach the rules through `readDraftMedicationOrders`). A not-taken statement (R4 status,
 * or STU3 `taken: n`) is kept with status `not-taken`: it is evidence of non-adherence, never a period on the drug.
 * Requests with intent `proposal` or `option` are dropped (suggestions nobody acted on); `plan` is kept because
 * several EHRs record home medications as plans, and the event carries the intent so the rules can weigh it.
 */

export const MEDICATION_SOURCES: readonly MedicationSource[] = [
  'MedicationStatement',
  'MedicationRequest',
  'MedicationDispense',
];

const IGNORED_STATUSES: Readonly<Record<MedicationSource, readonly string[]>> = {
  MedicationStatement: ['entered-in-error', 'cancelled'],
  MedicationRequest: ['entered-in-error', 'cancelled', 'draft'],
  MedicationDispense: ['entered-in-error', 'cancelled', 'declined', 'preparation'],
};

const IGNORED_INTENTS = ['proposal', 'option'];

export interface MedicationReadOptions {
  /** Statuses to ignore instead of the defaults (draft orders keep `draft`). */
  readonly ignoredStatuses?: readonly string[];
  /** Keep requests of every intent (draft orders may be proposals). */
  readonly keepAllIntents?: boolean;
}

export interface MedicationReadResult {
  readonly event?: MedicationEvent;
  readonly issues: readonly DataIssue[];
}

function issue(code: string, severity: DataIssue['severity'], message: string, resourceRef: string): DataIssue {
  return { code, severity, message, resourceRef };
}

function resolveProduct(resource: JsonObject, index: ResourceIndex, ref: string, issues: DataIssue[]): Product {
  const concept = getObject(resource, 'medicationCodeableConcept');
  if (concept) {
    return identifyProduct({ concept });
  }
  const reference = getObject(resource, 'medicationReference');
  const target = getString(reference, 'reference');
  const referenceDisplay = getText(reference, 'display');
  const medication = target ? index.resolve(target, resource) : undefined;
  if (target && (!medication || medication.resourceType !== 'Medication')) {
    issues.push(
      issue(
        'medication.reference-unresolved',
        'warning',
        'The medication reference could not be resolved in the data provided; the product was read from its display text only.',
        ref
      )
    );
  }
  const isMedication = medication?.resourceType === 'Medication';
  const code = isMedication ? getObject(medication, 'code') : undefined;
  return identifyProduct({
    ...(code ? { concept: code } : {}),
    ...(isMedication ? { medication } : {}),
    ...(referenceDisplay ? { referenceDisplay } : {}),
  });
}

function getDosages(resource: JsonObject, source: MedicationSource): readonly JsonObject[] {
  return getObjects(resource, source === 'MedicationStatement' ? 'dosage' : 'dosageInstruction');
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** mg/day of one ingredient from dose lines, or a reason it cannot be known. */
function doseFromLines(
  lines: readonly DoseLine[],
  ingredient: ProductIngredient,
  ingredientCount: number
): number | string {
  let total = 0;
  for (const { amount, perDay } of lines) {
    switch (amount.kind) {
      case 'mg':
        if (ingredientCount > 1) {
          return 'a dose in mg cannot be split between the ingredients of a combination product';
        }
        total += amount.mg * perDay;
        break;
      case 'mg-per-day':
        if (ingredientCount > 1) {
          return 'a dose in mg cannot be split between the ingredients of a combination product';
        }
        total += amount.mg;
        break;
      case 'count': {
        const matches =
          ingredient.strengthMg !== undefined &&
          (amount.per === 'mL' ? ingredient.per === 'mL' : ingredient.per === 'unit' || ingredient.per === '24h');
        if (!matches || ingredient.strengthMg === undefined) {
          return amount.per === 'mL'
            ? 'the dose is in mL but the product concentration is unknown'
            : 'the dose is in units (tablets, capsules, patches) but the strength of one unit is unknown';
        }
        total += amount.count * ingredient.strengthMg * perDay;
        break;
      }
    }
  }
  return total;
}

/**
 * Built by assignment in the order the keys always had (agentId, strengthMg, formulation, dailyDoseMg, doseBasis)
 * instead of spreading conditional objects: this runs for every ingredient of every medication record.
 */
function toAgentDose(
  ingredient: ProductIngredient,
  product: Product,
  dailyDoseMg: number | undefined,
  doseBasis: AgentDose['doseBasis']
): AgentDose {
  const dose: { -readonly [Key in keyof AgentDose]?: AgentDose[Key] } = { agentId: ingredient.agentId };
  if (ingredient.strengthMg !== undefined) {
    dose.strengthMg = round(ingredient.strengthMg * (ingredient.doseFactor ?? 1));
  }
  if (product.formulation) dose.formulation = product.formulation;
  if (dailyDoseMg !== undefined) dose.dailyDoseMg = dailyDoseMg;
  dose.doseBasis = doseBasis;
  return dose as AgentDose;
}

function buildAgentDoses(
  product: Product,
  dosages: readonly JsonObject[],
  ref: string,
  issues: DataIssue[]
): { doses: AgentDose[]; unitsPerDay?: number } {
  const reading = readDosage(dosages);
  const count = product.ingredients.length;
  const unitsPerDay =
    reading.kind === 'lines' && reading.lines.every((line) => line.amount.kind === 'count')
      ? reading.lines.reduce(
          (sum, line) => sum + (line.amount.kind === 'count' ? line.amount.count * line.perDay : 0),
          0
        )
      : undefined;
  if (reading.kind === 'lines' && reading.lines.some((line) => line.frequencyAssumed)) {
    issues.push(
      issue(
        'medication.frequency-assumed',
        'info',
        'The dosage gives a dose but no timing; once daily was assumed.',
        ref
      )
    );
  }
  const amountAssumed = reading.kind === 'lines' && reading.lines.some((line) => line.amountAssumed === true);
  if (amountAssumed) {
    issues.push(
      issue(
        'medication.amount-assumed',
        'info',
        'The dosage gives only a frequency; one unit of the product per dose was assumed.',
        ref
      )
    );
  }
  const doses = product.ingredients.map((ingredient): AgentDose => {
    let daily: number | string;
    let basis: AgentDose['doseBasis'] = 'dosage';
    if (reading.kind === 'lines') {
      daily = doseFromLines(reading.lines, ingredient, count);
      basis = amountAssumed ? 'strength' : 'dosage';
    } else if (reading.kind === 'unreadable') {
      daily = reading.reason;
    } else if (ingredient.strengthMg !== undefined && ingredient.per !== 'mL' && !product.pack) {
      daily = ingredient.strengthMg;
      basis = 'strength';
    } else {
      daily =
        ingredient.per === 'mL'
          ? 'there is no dosage and the product is a liquid'
          : 'there is no dosage and the product strength is unknown';
    }
    if (typeof daily === 'number') {
      const mg = round(daily * (ingredient.doseFactor ?? 1));
      const max = getAgent(ingredient.agentId)?.dosesMg?.max;
      if (max !== undefined && mg > max * 4) {
        issues.push(
          issue(
            'medication.dose-implausible',
            'warning',
            `The computed daily dose of ${ingredient.agentId} is more than four times the usual maximum; it was treated as unknown.`,
            ref
          )
        );
        return toAgentDose(ingredient, product, undefined, 'unknown');
      }
      return toAgentDose(ingredient, product, mg, basis);
    }
    issues.push(
      issue('medication.dose-unknown', 'warning', `The daily dose of ${ingredient.agentId} is unknown: ${daily}.`, ref)
    );
    return toAgentDose(ingredient, product, undefined, 'unknown');
  });
  // The strength fallback means one unit (tablet, capsule, patch) a day.
  const perDay =
    unitsPerDay ??
    (doses.length > 0 && doses.every((dose) => dose.doseBasis === 'strength') && reading.kind === 'none'
      ? 1
      : undefined);
  return { doses, ...(perDay !== undefined && perDay > 0 ? { unitsPerDay: perDay } : {}) };
}

function toDays(quantity: JsonObject | undefined): number | undefined {
  const value = getNumber(quantity, 'value');
  if (value === undefined || value < 0) {
    return undefined;
  }
  const unit = (getString(quantity, 'code') ?? getString(quantity, 'unit') ?? 'd').toLowerCase();
  if (/^(d|day|days)$/.test(unit)) {
    return value;
  }
  if (/^(wk|week|weeks)$/.test(unit)) {
    return value * 7;
  }
  if (/^(mo|month|months)$/.test(unit)) {
    return value * 30;
  }
  return undefined;
}

/** Supply from a dispensed quantity and the units taken per day (tablets, capsules or mL). */
function supplyFromQuantity(quantity: JsonObject | undefined, unitsPerDay: number | undefined): number | undefined {
  const amount = toDoseAmount(quantity);
  if (!amount || amount.kind !== 'count' || unitsPerDay === undefined || unitsPerDay <= 0) {
    return undefined;
  }
  return Math.round(amount.count / unitsPerDay);
}

interface Timing {
  readonly start?: IsoDate;
  readonly end?: IsoDate;
  readonly daysSupply?: number;
  readonly refills?: number;
  readonly authorizingRef?: string;
}

function readTiming(
  resource: JsonObject,
  source: MedicationSource,
  unitsPerDay: number | undefined,
  ref: string,
  issues: DataIssue[]
): Timing {
  // Built by assignment in a fixed order (not by spreading conditional objects): this runs for every record.
  const timing: { -readonly [Key in keyof Timing]: Timing[Key] } = {};
  switch (source) {
    case 'MedicationStatement': {
      const period = getObject(resource, 'effectivePeriod');
      let start = getIsoDate(resource, 'effectiveDateTime') ?? getIsoDate(period, 'start');
      const end = getIsoDate(period, 'end');
      if (!start) {
        start = getIsoDate(resource, 'dateAsserted');
        if (start) {
          issues.push(
            issue(
              'medication.date-asserted-only',
              'info',
              'The statement has no effective date; the date it was recorded was used as its start.',
              ref
            )
          );
        }
      }
      if (start) timing.start = start;
      if (end) timing.end = end;
      return timing;
    }
    case 'MedicationRequest': {
      const dispenseRequest = getObject(resource, 'dispenseRequest');
      const validity = getObject(dispenseRequest, 'validityPeriod');
      const start = getIsoDate(resource, 'authoredOn') ?? getIsoDate(validity, 'start');
      const end = getIsoDate(validity, 'end');
      const daysSupply =
        toDays(getObject(dispenseRequest, 'expectedSupplyDuration')) ??
        supplyFromQuantity(getObject(dispenseRequest, 'quantity'), unitsPerDay);
      const refills = getNumber(dispenseRequest, 'numberOfRepeatsAllowed');
      if (start) timing.start = start;
      if (end) timing.end = end;
      if (daysSupply !== undefined) timing.daysSupply = daysSupply;
      if (refills !== undefined && refills >= 0) timing.refills = Math.floor(refills);
      return timing;
    }
    case 'MedicationDispense': {
      const start = getIsoDate(resource, 'whenHandedOver') ?? getIsoDate(resource, 'whenPrepared');
      const daysSupply =
        toDays(getObject(resource, 'daysSupply')) ?? supplyFromQuantity(getObject(resource, 'quantity'), unitsPerDay);
      const authorizing = getObjects(resource, 'authorizingPrescription')
        .map((reference) => getString(reference, 'reference'))
        .find((reference) => reference !== undefined);
      const authorizingRef = authorizing ? (toRelativeReference(authorizing) ?? authorizing) : undefined;
      if (start) timing.start = start;
      if (daysSupply !== undefined) timing.daysSupply = daysSupply;
      if (authorizingRef) timing.authorizingRef = authorizingRef;
      return timing;
    }
  }
}

export function isMedicationSource(resourceType: string): resourceType is MedicationSource {
  return (MEDICATION_SOURCES as readonly string[]).includes(resourceType);
}

/** Reads one medication record; `event` is absent when the record is ignored or names no catalogue agent. */
export function readMedicationEvent(
  resource: JsonObject & { readonly resourceType: MedicationSource },
  ref: string,
  index: ResourceIndex,
  options: MedicationReadOptions = {}
): MedicationReadResult {
  const source = resource.resourceType;
  // STU3 statements carry `taken: n` for not taken.
  const notTaken =
    source === 'MedicationStatement' && (resource.taken === 'n' || getBoolean(resource, 'notTaken') === true);
  const status = notTaken ? 'not-taken' : (getString(resource, 'status') ?? 'unknown');
  const ignored = options.ignoredStatuses ?? IGNORED_STATUSES[source];
  if (ignored.includes(status)) {
    return { issues: [] };
  }
  const intent = source === 'MedicationRequest' ? getString(resource, 'intent') : undefined;
  if (intent && !options.keepAllIntents && IGNORED_INTENTS.includes(intent)) {
    return { issues: [] };
  }
  const issues: DataIssue[] = [];
  const product = resolveProduct(resource, index, ref, issues);
  if (product.ingredients.length === 0) {
    if (product.unrecognisedAntidepressantCode) {
      return {
        issues: [
          issue(
            'medication.unrecognised-code',
            'warning',
            `An antidepressant (ATC ${product.unrecognisedAntidepressantCode}) is not in the knowledge catalogue; it was not analysed.`,
            ref
          ),
        ],
      };
    }
    return { issues: [] };
  }
  const { doses, unitsPerDay } = buildAgentDoses(product, getDosages(resource, source), ref, issues);
  const timing = readTiming(resource, source, unitsPerDay, ref, issues);
  if (!timing.start) {
    issues.push(issue('medication.date-missing', 'warning', 'The medication record has no usable date.', ref));
  }
  const event: MedicationEvent = {
    ref,
    source,
    status,
    ...(intent ? { intent } : {}),
    text: product.text,
    agents: doses,
    ...timing,
  };
  return { event, issues };
}
