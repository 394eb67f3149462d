import { compareIsoDates, type IsoDate } from '../domain/dates';
import type { DataIssue } from '../domain/issues';
import { EMPTY_PATIENT_RECORD } from '../domain/record';
import type {
  ConditionFact,
  LabResult,
  MedicationEvent,
  PatientInfo,
  PatientRecord,
  PgxPhenotype,
  PregnancyStatus,
  ProcedureFact,
  TobaccoStatus,
} from '../domain/record';
import { collectEntries, type ResourceEntry } from './bundle';
import { readCondition } from './conditions';
import { getString, type JsonObject } from './json';
import { isMedicationSource, MEDICATION_SOURCES, readMedicationEvent } from './medications';
import { readPatient } from './patient';
import { readProcedure } from './procedures';
import { Phq9Collector } from './phq9';
import { PatientIdentity } from './patient-identity';
import { ResourceIndex, toResourceRef } from './references';
import {
  isPregnancyStatusObservation,
  isTobaccoObservation,
  readPgxPhenotype,
  readPregnancyStatus,
  readTobaccoStatus,
} from './social-and-pgx';
import { getThyroidLabKind, readThyroidLab } from './thyroid-labs';
import { isReviewQuestionnaireResponse, readDocumentedReview, sortReviews } from '../review/read-reviews';
import type { DocumentedReview } from '../review/types';

export interface ReadPatientRecordOptions {
  /**
   * When given, only resources whose subject provably points to this patient are read (see `PatientIdentity`);
   * the others are dropped with a `resource.other-patient` or `resource.subject-unverified` issue.
   */
  readonly patientId?: string;
  /** The FHIR server base the data came from: absolute subject references on it count as the patient's. */
  readonly fhirServer?: string;
}

function byOptionalDate<T>(getDate: (item: T) => IsoDate | undefined): (a: T, b: T) => number {
  return (a, b) => {
    const dateA = getDate(a);
    const dateB = getDate(b);
    if (dateA === undefined || dateB === undefined) {
      return dateA === dateB ? 0 : dateA === undefined ? 1 : -1;
    }
    return compareIsoDates(dateA, dateB);
  };
}

/** The resource types read into the record (besides Patient); everything else is only a reference target. */
const READ_TYPES: ReadonlySet<string> = new Set([
  ...MEDICATION_SOURCES,
  'Observation',
  'QuestionnaireResponse',
  'Condition',
  'Procedure',
]);

class RecordBuilder {
  patient?: PatientInfo;
  readonly medications: MedicationEvent[] = [];
  readonly conditions: ConditionFact[] = [];
  readonly procedures: ProcedureFact[] = [];
  readonly tobacco: TobaccoStatus[] = [];
  readonly pharmacogenomics: PgxPhenotype[] = [];
  readonly pregnancyStatus: PregnancyStatus[] = [];
  readonly labs: LabResult[] = [];
  readonly reviews: DocumentedReview[] = [];
  readonly issues: DataIssue[] = [];
  readonly phq9 = new Phq9Collector();

  private readonly identity: PatientIdentity | undefined;

  constructor(
    private readonly index: ResourceIndex,
    private readonly patientId: string | undefined,
    fhirServer: string | undefined
  ) {
    this.identity = patientId !== undefined ? new PatientIdentity(patientId, fhirServer, index) : undefined;
  }

  add(resource: ResourceEntry['resource'], ref: string): void {
    const type = resource.resourceType;
    if (type === 'Patient') {
      this.addPatient(resource, ref);
      return;
    }
    if (!READ_TYPES.has(type) || !this.isAboutPatient(resource, ref)) {
      return;
    }
    if (isMedicationSource(type)) {
      const { event, issues } = readMedicationEvent(
        resource as typeof resource & { resourceType: typeof type },
        ref,
        this.index
      );
      if (issues.length > 0) {
        this.issues.push(...issues);
      }
      if (event) {
        this.medications.push(event);
      }
      return;
    }
    switch (type) {
      case 'Observation':
        this.addObservation(resource, ref);
        return;
      case 'QuestionnaireResponse':
        if (isReviewQuestionnaireResponse(resource)) {
          this.addReview(resource, ref);
        } else {
          this.phq9.addQuestionnaireResponse(resource, ref);
        }
        return;
      case 'Condition': {
        const { conditions, tobacco } = readCondition(resource, ref);
        if (conditions.length > 0) {
          this.conditions.push(...conditions);
        }
        if (tobacco) {
          this.tobacco.push(tobacco);
        }
        return;
      }
      case 'Procedure': {
        const { procedure, issue } = readProcedure(resource, ref);
        if (procedure) {
          this.procedures.push(procedure);
        }
        if (issue) {
          this.issues.push(issue);
        }
        return;
      }
      default:
        return;
    }
  }

  /** Fails closed: see `PatientIdentity`. Every resource not counted is reported. */
  private isAboutPatient(resource: JsonObject, ref: string): boolean {
    const verdict = this.identity?.check(resource) ?? 'own';
    if (verdict === 'own') {
      return true;
    }
    this.issues.push(
      verdict === 'other-patient'
        ? {
            code: 'resource.other-patient',
            severity: 'warning',
            message: 'A resource about another patient was in the data and was ignored.',
            resourceRef: ref,
          }
        : {
            code: 'resource.subject-unverified',
            severity: 'warning',
            message:
              'A resource whose subject does not provably point to the patient in context (missing, ' +
              'identifier- or display-only, contained, conditional or unresolvable reference) was ignored.',
            resourceRef: ref,
          }
    );
    return false;
  }

  private addReview(resource: JsonObject, ref: string): void {
    const { review, issue } = readDocumentedReview(resource, ref);
    if (review) {
      this.reviews.push(review);
    }
    if (issue) {
      this.issues.push(issue);
    }
  }

  private addPatient(resource: JsonObject, ref: string): void {
    const id = getString(resource, 'id');
    if (this.patientId !== undefined && id !== this.patientId) {
      this.issues.push({
        code: 'resource.other-patient',
        severity: 'warning',
        message: 'A Patient resource other than the patient in context was in the data and was ignored.',
        resourceRef: ref,
      });
      return;
    }
    if (this.patient) {
      if (this.patient.id !== id) {
        this.issues.push({
          code: 'patient.multiple',
          severity: 'warning',
          message: 'The data holds more than one Patient; the first was used.',
          resourceRef: ref,
        });
      }
      return;
    }
    this.patient = readPatient(resource);
  }

  private addObservation(resource: JsonObject, ref: string): void {
    const phq9Role = Phq9Collector.getObservationRole(resource);
    const labKind = phq9Role ? undefined : getThyroidLabKind(resource);
    if (phq9Role) {
      this.phq9.addObservation(resource, ref, phq9Role);
    } else if (labKind) {
      const { lab, issue } = readThyroidLab(resource, ref, labKind);
      if (lab) {
        this.labs.push(lab);
      }
      if (issue) {
        this.issues.push(issue);
      }
    } else if (isTobaccoObservation(resource)) {
      const { status, issue } = readTobaccoStatus(resource, ref);
      if (status) {
        this.tobacco.push(status);
      }
      if (issue) {
        this.issues.push(issue);
      }
    } else if (isPregnancyStatusObservation(resource)) {
      const status = readPregnancyStatus(resource, ref);
      if (status) {
        this.pregnancyStatus.push(status);
      }
    } else {
      const phenotype = readPgxPhenotype(resource, ref);
      if (phenotype) {
        this.pharmacogenomics.push(phenotype);
      }
    }
  }

  build(): PatientRecord {
    const { scores, unscoredItem9, issues: phq9Issues } = this.phq9.build(this.index);
    return {
      ...(this.patient ? { patient: this.patient } : {}),
      medications: this.medications.sort(byOptionalDate((event) => event.start)),
      phq9: scores,
      ...(unscoredItem9.length > 0 ? { unscoredItem9 } : {}),
      conditions: this.conditions.sort(byOptionalDate((fact) => fact.onset ?? fact.recorded)),
      procedures: this.procedures.sort(byOptionalDate((fact) => fact.start)),
      tobacco: this.tobacco.sort(byOptionalDate((status) => status.date)),
      pharmacogenomics: this.pharmacogenomics.sort(byOptionalDate((phenotype) => phenotype.date)),
      ...(this.pregnancyStatus.length > 0
        ? { pregnancyStatus: this.pregnancyStatus.sort(byOptionalDate((status) => status.date)) }
        : {}),
      ...(this.labs.length > 0 ? { labs: this.labs.sort(byOptionalDate((lab) => lab.date)) } : {}),
      reviews: sortReviews(this.reviews),
      issues: [...this.issues, ...phq9Issues],
    };
  }
}

/**
 * Reads any mix of FHIR R4 resources and Bundles about one patient into a PatientRecord. Pure and total: malformed
 * input becomes DataIssues, never an exception. Linear in the number of resources (one index, one pass).
 */
export function readPatientRecord(
  resources: readonly unknown[],
  options: ReadPatientRecordOptions = {}
): PatientRecord {
  const { entries, invalidCount } = collectEntries(Array.isArray(resources) ? resources : [resources]);
  const refs = entries.map(({ resource }, position) => toResourceRef(resource, position));
  const index = new ResourceIndex(entries, refs);
  const patientId =
    typeof options.patientId === 'string' && options.patientId.length > 0 ? options.patientId : undefined;
  const fhirServer = typeof options.fhirServer === 'string' ? options.fhirServer : undefined;
  const builder = new RecordBuilder(index, patientId, fhirServer);
  if (invalidCount > 0) {
    builder.issues.push({
      code: 'resource.invalid',
      severity: 'warning',
      message: `${invalidCount} item(s) in the input were not FHIR resources and were skipped.`,
    });
  }
  const seen = new Set<string>();
  for (let position = 0; position < entries.length; position += 1) {
    const { resource } = entries[position] as ResourceEntry;
    const ref = refs[position] as string;
    if (seen.has(ref)) {
      continue;
    }
    seen.add(ref);
    try {
      builder.add(resource, ref);
    } catch {
      builder.issues.push({
        code: 'resource.unreadable',
        severity: 'warning',
        message: 'A resource could not be read and was skipped.',
        resourceRef: ref,
      });
    }
  }
  try {
    return builder.build();
  } catch {
    return {
      ...EMPTY_PATIENT_RECORD,
      reviews: [],
      issues: [{ code: 'resource.unreadable', severity: 'error', message: 'The patient data could not be read.' }],
    };
  }
}
