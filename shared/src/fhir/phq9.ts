import { compareIsoDates } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import type { Phq9Score, UnscoredItem9 } from '../domain/record';
import { getObject, getObjects, getString, type JsonObject } from './json';
import { getConceptRole, type CodeRole } from './phq9-code-roles';
import { groupParts } from './phq9-grouping';
import {
  addValue,
  getEffectiveDate,
  getValue,
  hasValue,
  IGNORED_STATUSES,
  type Part,
  type PartBuilder,
} from './phq9-parts';
import { readQuestionnaireResponse } from './phq9-questionnaire-response';
import { scoreGroup } from './phq9-scoring';
import type { ResourceIndex } from './references';

export type { CodeRole } from './phq9-code-roles';

/**
 * PHQ-9 / PHQ-9M from Observations (total, panel with components and/or hasMember, item Observations, SNOMED
 * 720433000 totals) and QuestionnaireResponses. Parts of one administration are grouped into one Phq9Score: first by
 * their links (hasMember, derivedFrom), then by calendar day. A total is computed from nine items when none was
 * recorded; a recorded total that disagrees with its nine items is kept, with `phq9.total-mismatch`.
 *
 * Modules: code roles (`phq9-code-roles.ts`), values and parts (`phq9-parts.ts`), QuestionnaireResponse reading
 * (`phq9-questionnaire-response.ts`), grouping (`phq9-grouping.ts`), scoring (`phq9-scoring.ts`); this collector reads
 * Observations and runs the rest.
 *
 * Status: entered-in-error and cancelled are ignored. `preliminary` is kept: patient-entered questionnaires (portals,
 * tablets) are often preliminary until a clinician reviews them, and a positive item 9 must never be hidden.
 */

const LINK_KEYS = ['hasMember', 'derivedFrom'] as const;

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
    const reading = readQuestionnaireResponse(resource, ref);
    if (!reading) {
      return;
    }
    this.issues.push(...reading.issues);
    if (reading.part) {
      this.partByResource.set(resource, this.parts.length);
      this.parts.push({ ...reading.part, order: this.parts.length });
    }
  }

  /** Groups the parts into scores, sorted by date: linked parts first (union-find), then loose parts by day. */
  build(index: ResourceIndex): { scores: Phq9Score[]; unscoredItem9: UnscoredItem9[]; issues: DataIssue[] } {
    const links: (readonly [number, number])[] = [];
    for (const { from, reference, container } of this.pendingLinks) {
      const target = index.resolve(reference, container);
      const to = target ? this.partByResource.get(target) : undefined;
      if (to !== undefined) {
        links.push([from, to]);
      }
    }
    const sink = { issues: this.issues, unscoredItem9: this.unscoredItem9 };
    const scores: Phq9Score[] = [];
    for (const group of groupParts(this.parts, links)) {
      const score = scoreGroup(group, sink);
      if (score) {
        scores.push(score);
      }
    }
    scores.sort((a, b) => compareIsoDates(a.date, b.date));
    return { scores, unscoredItem9: this.unscoredItem9, issues: this.issues };
  }
}
