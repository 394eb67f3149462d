import { z } from 'zod';

/**
 * The shape of the resources an access token may create and update on the SMART endpoint (the app's documented
 * review and its draft referrals): the FHIR core runs `validateTokenWrite` on every write there and answers 400 with
 * the issues (each naming its field). Who may write what is decided by the access layer (`enforce-access.ts`).
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

/** The problems in a resource written with an access token, each as `{type}.{path}: message`; undefined if none. */
export function validateTokenWrite(resource: fhir4.Resource): readonly string[] | undefined {
  const schema = SCHEMAS[resource.resourceType];
  // Fails closed: the access layer refuses token writes of other types before the core gets here.
  if (!schema) return [`${resource.resourceType} cannot be written with an access token on this server`];
  const result = schema.safeParse(resource);
  if (result.success) return undefined;
  return result.error.issues.map((issue) => `${resource.resourceType}.${issue.path.join('.')}: ${issue.message}`);
}
