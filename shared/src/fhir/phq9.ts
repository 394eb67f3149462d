import { compareIsoDates, type IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { Phq9Instrument, Phq9Score, UnscoredItem9 } from '../domain/record';
import { PHQ9_ANSWER_SCORES, PHQ9_CODES, SYSTEMS } from '../knowledge/codes';
import { THRESHOLDS } from '../knowledge/thresholds';
import { toCanonicalSystem } from './codings';
import { getIsoDate, getNumber, getObject, getObjects, getString, isJsonObject, type JsonObject } from './json';
import type { ResourceIndex } from './references';

/**
 * PHQ-9 / PHQ-9M from Observations (total, panel with components and/or hasMember, item Observations, SNOMED
 * 720433000 totals) and QuestionnaireResponses. Parts of one administration are grouped into one Phq9Score: first by
 * their links (hasMember, derivedFrom), then by calendar day. A total is computed from nine items when none was
 * recorded; a recorded total that disagrees with its nine items is kept, with `phq9.total-mismatch`.
 *
 * Status: entered-in-error and cancelled are ignored. `preliminary` is kept: patient-entered questionnaires (portals,
 * tablets) are often preliminary until a clinician reviews them, and a positive item 9 must never be hidden.
 */

const IGNORED_STATUSES = ['entered-in-error', 'cancelled'];
const LINK_KEYS = ['hasMember', 'derivedFrom'] as const;
const ITEM_MAX = THRESHOLDS.phq9ItemMax.value;
const TOTAL_MAX = THRESHOLDS.phq9Max.value;
const ITEM_CODES: readonly string[] = PHQ9_CODES.items;
const LOINC_IN_TEXT = /\b(\d{4,5}-\d)\b/g;
const ORDINAL_EXTENSIONS = [
  'http://hl7.org/fhir/StructureDefinition/ordinalValue',
  'http://hl7.org/fhir/StructureDefinition/itemWeight',
  'http://hl7.org/fhir/StructureDefinition/iso21090-CO-value',
];

type PartKind = 'panel' | 'questionnaire' | 'total' | 'item';

interface Part {
  readonly ref: string;
  readonly kind: PartKind;
  readonly date: IsoDate;
  readonly teen: boolean;
  readonly total: number | undefined;
  /** Item answers by index (0 = item 1); absent when the part carries no item. */
  readonly items: readonly (number | undefined)[] | undefined;
  readonly order: number;
}

export type CodeRole =
  { readonly role: 'total' | 'panel'; readonly teen: boolean } | { readonly role: 'item'; readonly index: number };

const LOINC_PATTERN = /^\d{4,5}-\d$/;

/**
 * Role of each PHQ-9 LOINC code, built once: the lookup runs for every coding of every Observation. The role objects
 * are shared (read-only).
 */
const LOINC_ROLES: ReadonlyMap<string, CodeRole> = new Map<string, CodeRole>([
  ...ITEM_CODES.map((code, index): [string, CodeRole] => [code, { role: 'item', index }]),
  // Set after the items so that, as in a switch tested first, a total or panel code wins over an item code.
  [PHQ9_CODES.total, { role: 'total', teen: false }],
  [PHQ9_CODES.teenTotal, { role: 'total', teen: true }],
  [PHQ9_CODES.panel, { role: 'panel', teen: false }],
  [PHQ9_CODES.teenPanel, { role: 'panel', teen: true }],
]);
const SNOMED_TOTAL_ROLE: CodeRole = LOINC_ROLES.get(PHQ9_CODES.total) as CodeRole;

function isLoinc(system: string | undefined, code: string): boolean {
  return system === SYSTEMS.loinc || (system === undefined && LOINC_PATTERN.test(code));
}

function toCodeRole(system: string | undefined, code: string): CodeRole | undefined {
  if (system === SYSTEMS.snomed && code === PHQ9_CODES.snomedTotal) {
    return SNOMED_TOTAL_ROLE;
  }
  if (!isLoinc(system, code)) {
    return undefined;
  }
  return toLoincRole(code);
}

function toLoincRole(loinc: string): CodeRole | undefined {
  return LOINC_ROLES.get(loinc);
}

/** Hot path (every Observation): walks the codings without building Code objects. */
function getConceptRole(concept: JsonObject | undefined): CodeRole | undefined {
  const codings = concept?.coding;
  const list: readonly unknown[] = Array.isArray(codings) ? codings : isJsonObject(codings) ? [codings] : [];
  for (const coding of list) {
    if (!isJsonObject(coding) || typeof coding.code !== 'string') {
      continue;
    }
    const system = typeof coding.system === 'string' ? toCanonicalSystem(coding.system) : undefined;
    const role = toCodeRole(system, coding.code.trim());
    if (role) {
      return role;
    }
  }
  return undefined;
}

function ordinalOf(element: JsonObject | undefined): number | undefined {
  for (const extension of getObjects(element, 'extension')) {
    const url = getString(extension, 'url');
    if (url && ORDINAL_EXTENSIONS.includes(url)) {
      const value = getNumber(extension, 'valueDecimal') ?? getNumber(extension, 'valueInteger');
      if (value !== undefined) {
        return value;
      }
    }
  }
  return undefined;
}

/** Score of a coded answer: LL358-3 answer code, else an ordinal-value extension on the coding or the concept. */
function scoreOfConcept(concept: JsonObject | undefined): number | undefined {
  // Walks the codings as `getCodes` would (codings with a non-blank code) without building Code objects: this runs
  // for every item answer.
  const codings = concept?.coding;
  const list: readonly unknown[] = Array.isArray(codings) ? codings : isJsonObject(codings) ? [codings] : [];
  for (const coding of list) {
    if (!isJsonObject(coding) || typeof coding.code !== 'string') {
      continue;
    }
    const code = coding.code.trim();
    if (code.length === 0) {
      continue;
    }
    const score = PHQ9_ANSWER_SCORES[code] ?? ordinalOf(coding);
    if (score !== undefined) {
      return score;
    }
  }
  return ordinalOf(concept);
}

/** The numeric value of an Observation, component or answer (value[x] of the kinds PHQ-9 data uses). */
function getValue(element: JsonObject): number | undefined {
  const quantity = getObject(element, 'valueQuantity');
  if (quantity) {
    return getNumber(quantity, 'value');
  }
  const direct = getNumber(element, 'valueInteger') ?? getNumber(element, 'valueDecimal');
  if (direct !== undefined) {
    return direct;
  }
  const coding = getObject(element, 'valueCoding');
  if (coding) {
    return scoreOfConcept({ coding: [coding] });
  }
  const concept = getObject(element, 'valueCodeableConcept');
  if (concept) {
    return scoreOfConcept(concept);
  }
  const text = getString(element, 'valueString');
  return text && /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

function hasValue(element: JsonObject): boolean {
  return Object.keys(element).some((key) => key.startsWith('value'));
}

interface PartBuilder {
  total?: number;
  items: (number | undefined)[] | undefined;
  teen: boolean;
}

function addValue(
  builder: PartBuilder,
  role: CodeRole,
  value: number | undefined,
  ref: string,
  issues: DataIssue[]
): void {
  if (value === undefined) {
    return;
  }
  if (role.role !== 'item') {
    builder.teen ||= role.teen;
    if (!Number.isInteger(value) || value < 0 || value > TOTAL_MAX) {
      issues.push({
        code: 'phq9.total-out-of-range',
        severity: 'warning',
        message: `A PHQ-9 total outside 0–${TOTAL_MAX} (or not a whole number) was ignored.`,
        resourceRef: ref,
      });
      return;
    }
    builder.total ??= value;
    return;
  }
  if (!Number.isInteger(value) || value < 0 || value > ITEM_MAX) {
    issues.push({
      code: 'phq9.item-out-of-range',
      severity: 'warning',
      message: `A PHQ-9 item answer outside 0–${ITEM_MAX} (item ${role.index + 1}) was ignored.`,
      resourceRef: ref,
    });
    return;
  }
  builder.items ??= new Array<number | undefined>(ITEM_CODES.length).fill(undefined);
  builder.items[role.index] ??= value;
}

function getEffectiveDate(resource: JsonObject): IsoDate | undefined {
  return (
    getIsoDate(resource, 'effectiveDateTime') ??
    getIsoDate(getObject(resource, 'effectivePeriod'), 'start') ??
    getIsoDate(resource, 'effectiveInstant') ??
    getIsoDate(resource, 'issued')
  );
}

export class Phq9Collector {
  private readonly parts: Part[] = [];
  private readonly issues: DataIssue[] = [];
  private readonly unscoredItem9: UnscoredItem9[] = [];
  private readonly partByResource = new Map<JsonObject, number>();
  private readonly pendingLinks: {
    readonly from: number;
    readonly reference: string;
    readonly container: JsonObject;
  }[] = [];

  /** The PHQ-9 role of an Observation's code (total, panel, item), or undefined when it is not a PHQ-9 code. */
  static getObservationRole(resource: JsonObject): CodeRole | undefined {
    return getConceptRole(getObject(resource, 'code'));
  }

  addObservation(resource: JsonObject, ref: string, knownRole?: CodeRole): void {
    const role = knownRole ?? getConceptRole(getObject(resource, 'code'));
    const status = getString(resource, 'status');
    if (!role || (status && IGNORED_STATUSES.includes(status))) {
      return;
    }
    const date = getEffectiveDate(resource);
    if (!date) {
      this.issues.push({
        code: 'phq9.date-missing',
        severity: 'warning',
        message: 'A PHQ-9 observation has no effective date and was not used.',
        resourceRef: ref,
      });
      return;
    }
    const builder: PartBuilder = { items: undefined, teen: role.role !== 'item' && role.teen };
    addValue(builder, role, getValue(resource), ref, this.issues);
    for (const component of getObjects(resource, 'component')) {
      const componentRole = getConceptRole(getObject(component, 'code'));
      if (componentRole) {
        addValue(builder, componentRole, getValue(component), ref, this.issues);
      }
    }
    if (role.role !== 'panel' && builder.total === undefined && builder.items === undefined) {
      if (!hasValue(resource)) {
        this.issues.push({
          code: 'phq9.value-missing',
          severity: 'info',
          message: 'A PHQ-9 observation has no usable value.',
          resourceRef: ref,
        });
      }
      return;
    }
    for (const key of LINK_KEYS) {
      for (const reference of getObjects(resource, key)) {
        const target = getString(reference, 'reference');
        if (target) {
          this.pendingLinks.push({ from: this.parts.length, reference: target, container: resource });
        }
      }
    }
    this.partByResource.set(resource, this.parts.length);
    this.parts.push({
      ref,
      kind: role.role,
      date,
      teen: builder.teen,
      total: builder.total,
      items: builder.items,
      order: this.parts.length,
    });
  }

  addQuestionnaireResponse(resource: JsonObject, ref: string): void {
    const status = getString(resource, 'status');
    if (status && IGNORED_STATUSES.includes(status)) {
      return;
    }
    const questionnaireField = resource.questionnaire;
    const questionnaire = (
      typeof questionnaireField === 'string'
        ? questionnaireField
        : isJsonObject(questionnaireField)
          ? (getString(questionnaireField, 'reference') ?? '')
          : ''
    ).toLowerCase();
    const named = /phq-?9|44249-1|89206-7/.test(questionnaire);
    const builder: PartBuilder = { items: undefined, teen: /89206-7|phq-?9-?m|phq-?a\b|teen/.test(questionnaire) };
    const localIssues: DataIssue[] = [];
    let coded = false;
    const stack: JsonObject[] = [...getObjects(resource, 'item')];
    while (stack.length > 0) {
      const item = stack.pop() as JsonObject;
      const answers = getObjects(item, 'answer');
      for (const answer of answers) {
        stack.push(...getObjects(answer, 'item'));
      }
      stack.push(...getObjects(item, 'item'));
      const role = this.getItemRole(item, named);
      if (!role) {
        continue;
      }
      coded ||= role.coded;
      const answer = answers[0];
      if (answer) {
        addValue(builder, role.role, getValue(answer), ref, localIssues);
      }
    }
    if (!named && !coded) {
      return;
    }
    const date = getIsoDate(resource, 'authored');
    if (!date) {
      this.issues.push({
        code: 'phq9.date-missing',
        severity: 'warning',
        message: 'A PHQ-9 questionnaire response has no authored date and was not used.',
        resourceRef: ref,
      });
      return;
    }
    this.issues.push(...localIssues);
    this.partByResource.set(resource, this.parts.length);
    this.parts.push({
      ref,
      kind: 'questionnaire',
      date,
      teen: builder.teen,
      total: builder.total,
      items: builder.items,
      order: this.parts.length,
    });
  }

  private getItemRole(item: JsonObject, named: boolean): { role: CodeRole; coded: boolean } | undefined {
    const linkId = getString(item, 'linkId') ?? '';
    for (const code of getObjects(item, 'code')) {
      const role = getConceptRole({ coding: [code] });
      if (role) {
        return { role, coded: true };
      }
    }
    for (const match of linkId.matchAll(LOINC_IN_TEXT)) {
      const role = toLoincRole(match[1] ?? '');
      if (role) {
        return { role, coded: true };
      }
    }
    if (!named) {
      return undefined;
    }
    if (/total|score/i.test(linkId)) {
      return { role: { role: 'total', teen: false }, coded: false };
    }
    const numbered = /^(?:phq-?9m?[-_.]?)?(?:q|item|question)?[-_.]?0?([1-9])$/i.exec(linkId);
    return numbered ? { role: { role: 'item', index: Number(numbered[1]) - 1 }, coded: false } : undefined;
  }

  /** Groups the parts into scores, sorted by date: linked parts first (union-find), then loose parts by day. */
  build(index: ResourceIndex): { scores: Phq9Score[]; unscoredItem9: UnscoredItem9[]; issues: DataIssue[] } {
    const parts = this.parts;
    const parent = new Int32Array(parts.length);
    for (let i = 0; i < parts.length; i += 1) {
      parent[i] = i;
    }
    const find = (start: number): number => {
      let root = start;
      while (parent[root] !== root) {
        root = parent[root] as number;
      }
      parent[start] = root;
      return root;
    };
    const linked = new Uint8Array(parts.length);
    for (const { from, reference, container } of this.pendingLinks) {
      const target = index.resolve(reference, container);
      const to = target ? this.partByResource.get(target) : undefined;
      if (to !== undefined && to !== from) {
        parent[find(to)] = find(from);
        linked[to] = 1;
        linked[from] = 1;
      }
    }
    const groupsByRoot = new Map<number, Part[]>();
    const grouped: Part[][] = [];
    const byDate = new Map<IsoDate, Part[][]>();
    const loose: Part[] = [];
    for (let i = 0; i < parts.length; i += 1) {
      const part = parts[i] as Part;
      if (linked[i] === 1 || part.kind === 'panel' || part.kind === 'questionnaire') {
        const root = find(i);
        const group = groupsByRoot.get(root);
        if (group) {
          group.push(part);
        } else {
          const created = [part];
          groupsByRoot.set(root, created);
          grouped.push(created);
          addToDay(byDate, part.date, created);
        }
      } else {
        loose.push(part);
      }
    }
    for (const part of loose) {
      const candidates = byDate.get(part.date);
      const home = candidates?.find((group) => fits(group, part));
      if (home) {
        home.push(part);
      } else {
        const created = [part];
        grouped.push(created);
        addToDay(byDate, part.date, created);
      }
    }
    const scores: Phq9Score[] = [];
    for (const group of grouped) {
      const score = this.toScore(group);
      if (score) {
        scores.push(score);
      }
    }
    scores.sort((a, b) => compareIsoDates(a.date, b.date));
    return { scores, unscoredItem9: this.unscoredItem9, issues: this.issues };
  }

  private toScore(group: readonly Part[]): Phq9Score | undefined {
    const parts =
      group.length === 1 ? group : [...group].sort((a, b) => partRank(a) - partRank(b) || a.order - b.order);
    const items = new Array<number | undefined>(ITEM_CODES.length).fill(undefined);
    let recorded: number | undefined;
    for (const part of parts) {
      recorded ??= part.total;
      if (part.items) {
        for (let itemIndex = 0; itemIndex < ITEM_CODES.length; itemIndex += 1) {
          items[itemIndex] ??= part.items[itemIndex];
        }
      }
    }
    const refs = parts.map((part) => part.ref);
    const first = parts[0] as Part;
    let date = first.date;
    for (const part of parts) {
      if (part.date < date) {
        date = part.date;
      }
    }
    const instrument: Phq9Instrument = parts.some((part) => part.teen) ? 'PHQ-9M' : 'PHQ-9';
    const known = items.filter((value): value is number => value !== undefined);
    const computed = known.length === ITEM_CODES.length ? known.reduce((sum, value) => sum + value, 0) : undefined;
    const item9 = items[ITEM_CODES.length - 1];
    if (recorded === undefined && computed === undefined) {
      const positive = item9 !== undefined && item9 >= THRESHOLDS.item9Positive.value;
      this.issues.push({
        code: positive ? 'phq9.item9-positive-incomplete' : 'phq9.incomplete',
        severity: positive ? 'error' : 'warning',
        message: positive
          ? 'A PHQ-9 with a positive item 9 (thoughts of self-harm) has no total and fewer than nine answered items: review it directly.'
          : 'A PHQ-9 has no total and fewer than nine answered items; it was not scored.',
        resourceRef: first.ref,
      });
      if (item9 !== undefined) {
        this.unscoredItem9.push({ refs, date, value: item9 });
      }
      return undefined;
    }
    if (recorded !== undefined && computed !== undefined && recorded !== computed) {
      this.issues.push({
        code: 'phq9.total-mismatch',
        severity: 'warning',
        message: 'The recorded PHQ-9 total differs from the sum of its nine items; the recorded total was kept.',
        resourceRef: first.ref,
      });
    }
    const score: { -readonly [Key in keyof Phq9Score]: Phq9Score[Key] } = {
      refs,
      date,
      total: recorded ?? (computed as number),
      instrument,
      totalSource: recorded !== undefined ? 'recorded' : 'computed',
    };
    // Assigned (not spread from conditional objects): this runs for every PHQ-9; the key order is unchanged.
    if (known.length > 0) score.items = items;
    if (item9 !== undefined) score.item9 = item9;
    return score;
  }
}

function partRank(part: Part): number {
  switch (part.kind) {
    case 'panel':
    case 'questionnaire':
      return 0;
    case 'total':
      return 1;
    case 'item':
      return 2;
  }
}

/** Whether a loose total or item can join a same-day group without overwriting a different value. */
function fits(group: readonly Part[], part: Part): boolean {
  if (part.total !== undefined) {
    const total = group.find((member) => member.total !== undefined)?.total;
    if (total !== undefined) {
      return false;
    }
  }
  if (part.items) {
    for (let itemIndex = 0; itemIndex < ITEM_CODES.length; itemIndex += 1) {
      if (part.items[itemIndex] !== undefined && group.some((member) => member.items?.[itemIndex] !== undefined)) {
        return false;
      }
    }
  }
  return true;
}

function addToDay(byDate: Map<IsoDate, Part[][]>, date: IsoDate, group: Part[]): void {
  const sameDay = byDate.get(date);
  if (sameDay) {
    sameDay.push(group);
  } else {
    byDate.set(date, [group]);
  }
}
