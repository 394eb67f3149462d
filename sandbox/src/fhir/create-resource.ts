import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  badRequest,
  FhirError,
  forbidden,
  getCompartmentPatientIds,
  isValidId,
  notFound,
  type ResourceStore,
} from '@tachywatch/fhir-core';
import type { AccessContext } from './access';

/**
 * Writes made with a SMART access token (the app's documented review and its draft referrals): create
 * (`POST /{type}`) and update (`PUT /{type}/{id}`, to amend) of the resource types below, each checked for
 * 1. a scope that allows the interaction (v2 `c`/`u`, v1 `write`),
 * 2. a body of the right type and shape (400 with an OperationOutcome that names the field),
 * 3. the patient compartment: the resource's subject must be the token's patient (403 otherwise), and an update may
 *    not move a resource out of it.
 * The server assigns the id (create) and `meta.versionId`/`meta.lastUpdated`. Unauthenticated writes on the open
 * endpoint keep going through the FHIR core's write routes.
 */

const reference = z.looseObject({ reference: z.string().min(1).optional(), display: z.string().optional() });
const coding = z.looseObject({
  system: z.string().optional(),
  code: z.string().optional(),
  display: z.string().optional(),
});
const codeableConcept = z.looseObject({ coding: z.array(coding).optional(), text: z.string().optional() });
const dateTime = z.string().regex(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/, {
  error: 'must be a FHIR dateTime',
});
const patientSubject = z.looseObject({
  reference: z.string().regex(/^Patient\/[A-Za-z0-9\-.]{1,64}$/, { error: 'must be a Patient reference' }),
});

const answer = z.looseObject({
  valueBoolean: z.boolean().optional(),
  valueDecimal: z.number().optional(),
  valueInteger: z.number().int().optional(),
  valueDate: z.string().optional(),
  valueDateTime: z.string().optional(),
  valueString: z.string().optional(),
  valueCoding: coding.optional(),
});

interface ResponseItem {
  linkId: string;
  answer?: z.infer<typeof answer>[];
  item?: ResponseItem[];
}

const responseItem: z.ZodType<ResponseItem> = z.lazy(() =>
  z.looseObject({
    linkId: z.string().min(1),
    text: z.string().optional(),
    answer: z.array(answer).optional(),
    item: z.array(responseItem).optional(),
  })
);

const QuestionnaireResponseSchema = z.looseObject({
  resourceType: z.literal('QuestionnaireResponse'),
  questionnaire: z.string().min(1).optional(),
  status: z.enum(['in-progress', 'completed', 'amended', 'entered-in-error', 'stopped']),
  subject: patientSubject,
  authored: dateTime.optional(),
  author: reference.optional(),
  encounter: reference.optional(),
  item: z.array(responseItem).optional(),
});

const ServiceRequestSchema = z.looseObject({
  resourceType: z.literal('ServiceRequest'),
  status: z.enum(['draft', 'active', 'on-hold', 'revoked', 'completed', 'entered-in-error', 'unknown']),
  intent: z.enum([
    'proposal',
    'plan',
    'directive',
    'order',
    'original-order',
    'reflex-order',
    'filler-order',
    'instance-order',
    'option',
  ]),
  subject: patientSubject,
  code: codeableConcept.optional(),
  authoredOn: dateTime.optional(),
  requester: reference.optional(),
  reasonCode: z.array(codeableConcept).optional(),
  note: z.array(z.looseObject({ text: z.string() })).optional(),
});

const SCHEMAS: Readonly<Record<string, z.ZodType<fhir4.Resource>>> = {
  QuestionnaireResponse: QuestionnaireResponseSchema,
  ServiceRequest: ServiceRequestSchema,
};

/** The resource types an access token may create and update on this server. */
export const TOKEN_WRITABLE_TYPES: readonly string[] = Object.keys(SCHEMAS);

export interface TokenWrite {
  readonly type: string;
  /** Present for an update (PUT). */
  readonly id?: string;
  readonly body: unknown;
  readonly access: AccessContext;
}

export interface TokenWriteResult {
  readonly status: 200 | 201;
  readonly resource: fhir4.Resource;
  /** `{type}/{id}/_history/{versionId}`, relative to the FHIR base. */
  readonly location: string;
}

function parseBody(type: string, body: unknown): fhir4.Resource {
  const schema = SCHEMAS[type];
  if (!schema) {
    throw new FhirError(405, 'not-supported', `${type} cannot be written with an access token on this server`);
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw badRequest('The body must be a FHIR resource (JSON object)');
  }
  const resourceType = (body as { resourceType?: unknown }).resourceType;
  if (resourceType !== type) {
    throw badRequest(`The resource type '${String(resourceType)}' does not match the URL type '${type}'`);
  }
  const result = schema.safeParse(body);
  if (!result.success) {
    const where = result.error.issues.map((issue) => `${type}.${issue.path.join('.')}: ${issue.message}`);
    throw badRequest(`Invalid ${type}: ${where.join('; ')}`);
  }
  return result.data;
}

function assertInCompartment(resource: fhir4.Resource, access: AccessContext): void {
  const patients = getCompartmentPatientIds(resource);
  if (patients.length === 0) throw badRequest(`The ${resource.resourceType} has no Patient subject`);
  if (access.patientId !== undefined && patients.some((id) => id !== access.patientId)) {
    throw forbidden("The access token is limited to another patient: the subject must be the token's patient");
  }
}

/** Creates or updates a resource for a SMART access token; throws `FhirError` (rendered as an OperationOutcome). */
export function writeWithToken(store: ResourceStore, write: TokenWrite): TokenWriteResult {
  const interaction = write.id === undefined ? 'create' : 'update';
  if (!TOKEN_WRITABLE_TYPES.includes(write.type)) {
    throw new FhirError(405, 'not-supported', `${write.type} cannot be written with an access token on this server`);
  }
  if (!write.access.canWrite(write.type, interaction)) {
    throw forbidden(`The access token has no ${interaction} scope for ${write.type}`);
  }
  const resource = parseBody(write.type, write.body);
  assertInCompartment(resource, write.access);
  let id: string;
  if (write.id === undefined) {
    id = randomUUID();
  } else {
    id = write.id;
    if (!isValidId(id)) throw badRequest(`Invalid id '${id}'`);
    if (resource.id !== undefined && resource.id !== id) {
      throw badRequest(`The resource id '${resource.id}' does not match the URL id '${id}'`);
    }
    const previous = store.get(write.type, id);
    if (!previous) throw notFound(`${write.type}/${id} is not known; create it with POST`);
    assertInCompartment(previous, write.access);
  }
  const { meta, ...content } = resource;
  const stored = store.put({
    ...content,
    ...(meta?.profile || meta?.tag ? { meta: { profile: meta.profile, tag: meta.tag } } : {}),
    id,
  }).resource;
  return {
    status: interaction === 'create' ? 201 : 200,
    resource: stored,
    location: `${write.type}/${id}/_history/${stored.meta?.versionId ?? '1'}`,
  };
}
