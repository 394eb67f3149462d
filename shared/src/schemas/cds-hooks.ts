import type * as fhir4 from 'fhir/r4';
import { z } from 'zod';

/**
 * CDS Hooks 2.0.1 wire formats as zod schemas: requests are parsed leniently (real clients send extra fields, the
 * legacy `selection`, the CDS Hooks Sandbox's object `category`), responses strictly (no empty or null optional
 * fields, invariants cds-resp-1..6), so the service, the mini EHR and the contract tests agree on one shape.
 */

// ---------------------------------------------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------------------------------------------

/** FHIR `id` datatype: what may sit in `context.patientId` (it ends up in URLs, so it is checked). */
export const FhirIdSchema = z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'must be a FHIR id ([A-Za-z0-9-.], 1–64 chars)');

const NonEmptyStringSchema = z.string().min(1, 'must not be empty');

/** CDS Hooks 2.0 Card: the summary is a "one-sentence, <140-character summary message" (the exclusive bound). */
export const CARD_SUMMARY_MAX_LENGTH = 140;

const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

export const CodingSchema = z.strictObject({
  system: NonEmptyStringSchema,
  code: NonEmptyStringSchema,
  display: NonEmptyStringSchema.optional(),
});
export type Coding = z.infer<typeof CodingSchema>;

/** A FHIR resource as far as the service needs to know: an object with a `resourceType`. */
export const FhirResourceSchema = z.looseObject({ resourceType: NonEmptyStringSchema });
export type FhirResourceLike = z.infer<typeof FhirResourceSchema>;

/**
 * The check of FhirResourceSchema without its parse: prefetch values (up to megabytes of resources) pass through by
 * reference instead of being copied; the readers accept any content.
 */
function isFhirResourceLike(value: unknown): value is FhirResourceLike {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return false;
  }
  const resourceType = (value as { resourceType?: unknown }).resourceType;
  return typeof resourceType === 'string' && resourceType.length > 0;
}

export const FhirBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.string().optional(),
  link: z.array(z.looseObject({ relation: z.string(), url: z.string() })).optional(),
  entry: z.array(z.looseObject({ resource: FhirResourceSchema.optional() })).optional(),
});
export type FhirBundleLike = z.infer<typeof FhirBundleSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Discovery
// ---------------------------------------------------------------------------------------------------------------

export const CdsHookNameSchema = z.enum(['patient-view', 'order-select', 'order-sign']);
export type CdsHookName = z.infer<typeof CdsHookNameSchema>;

export const CdsServiceDefinitionSchema = z.strictObject({
  hook: NonEmptyStringSchema,
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be kebab-case'),
  title: NonEmptyStringSchema.optional(),
  description: NonEmptyStringSchema,
  prefetch: z.record(z.string(), NonEmptyStringSchema).optional(),
  usageRequirements: NonEmptyStringSchema.optional(),
});
export type CdsServiceDefinition = z.infer<typeof CdsServiceDefinitionSchema>;

export const CdsDiscoveryResponseSchema = z.strictObject({ services: z.array(CdsServiceDefinitionSchema) });
export type CdsDiscoveryResponse = z.infer<typeof CdsDiscoveryResponseSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Service request
// ---------------------------------------------------------------------------------------------------------------

export const FhirAuthorizationSchema = z.looseObject({
  access_token: NonEmptyStringSchema,
  token_type: z.string().regex(/^bearer$/i, 'must be "Bearer"'),
  expires_in: z.number().int().nonnegative().optional(),
  scope: z.string().optional(),
  subject: z.string().optional(),
  patient: z.string().optional(),
});
export type FhirAuthorization = z.infer<typeof FhirAuthorizationSchema>;

/** A prefetch value: a resource, a Bundle, an OperationOutcome (an error the client hit) or `null` (no data). */
export const PrefetchValueSchema = z.custom<FhirResourceLike | null>(
  (value) => value === null || isFhirResourceLike(value),
  { error: 'must be null or a FHIR resource (an object with a non-empty resourceType)' }
);
export const PrefetchSchema = z.record(z.string(), PrefetchValueSchema);
export type Prefetch = z.infer<typeof PrefetchSchema>;

const BaseContextSchema = z.looseObject({
  userId: z.string().optional(),
  patientId: FhirIdSchema,
  encounterId: z.string().optional(),
});

export const PatientViewContextSchema = BaseContextSchema;
export type PatientViewContext = z.infer<typeof PatientViewContextSchema>;

/** `draftOrders` must be a Bundle; its entries are read leniently by `readDraftMedicationOrders`. */
export const DraftOrdersSchema = z.looseObject({
  resourceType: z.literal('Bundle', { error: 'draftOrders must be a FHIR Bundle' }),
  entry: z.array(z.unknown()).optional(),
});

const ReferenceListSchema = z.union([z.array(z.string()), z.string().transform((ref) => [ref])]);

/** order-select: `selections` (2.0) or the legacy `selection` (Logica/HSPC), one of them required. */
export const OrderSelectContextSchema = BaseContextSchema.extend({
  selections: ReferenceListSchema.optional(),
  selection: ReferenceListSchema.optional(),
  draftOrders: DraftOrdersSchema,
})
  .refine((context) => context.selections !== undefined || context.selection !== undefined, {
    message: 'order-select context needs selections',
    path: ['selections'],
  })
  .transform(({ selection, selections, ...rest }) => ({ ...rest, selections: selections ?? selection ?? [] }));
export type OrderSelectContext = z.infer<typeof OrderSelectContextSchema>;

export const OrderSignContextSchema = BaseContextSchema.extend({ draftOrders: DraftOrdersSchema });
export type OrderSignContext = z.infer<typeof OrderSignContextSchema>;

const BaseRequestFields = {
  hookInstance: z.string().min(1).max(256),
  fhirServer: HttpUrlSchema.optional(),
  fhirAuthorization: FhirAuthorizationSchema.optional(),
  prefetch: PrefetchSchema.optional(),
};

function withFhirServerInvariant<T extends z.ZodType<{ fhirServer?: string; fhirAuthorization?: unknown }>>(
  schema: T
): T {
  // cds-r-1: fhirServer is required when fhirAuthorization is present.
  return schema.refine((request) => request.fhirAuthorization === undefined || request.fhirServer !== undefined, {
    message: 'fhirServer is required when fhirAuthorization is present',
    path: ['fhirServer'],
  });
}

export const PatientViewRequestSchema = withFhirServerInvariant(
  z.looseObject({ hook: z.literal('patient-view'), ...BaseRequestFields, context: PatientViewContextSchema })
);
export type PatientViewRequest = z.infer<typeof PatientViewRequestSchema>;

export const OrderSelectRequestSchema = withFhirServerInvariant(
  z.looseObject({ hook: z.literal('order-select'), ...BaseRequestFields, context: OrderSelectContextSchema })
);
export type OrderSelectRequest = z.infer<typeof OrderSelectRequestSchema>;

export const OrderSignRequestSchema = withFhirServerInvariant(
  z.looseObject({ hook: z.literal('order-sign'), ...BaseRequestFields, context: OrderSignContextSchema })
);
export type OrderSignRequest = z.infer<typeof OrderSignRequestSchema>;

export const CDS_REQUEST_SCHEMAS = {
  'patient-view': PatientViewRequestSchema,
  'order-select': OrderSelectRequestSchema,
  'order-sign': OrderSignRequestSchema,
} as const;

export type CdsServiceRequest = PatientViewRequest | OrderSelectRequest | OrderSignRequest;

// ---------------------------------------------------------------------------------------------------------------
// Service response (strict)
// ---------------------------------------------------------------------------------------------------------------

export const CardIndicatorSchema = z.enum(['info', 'warning', 'critical']);
export type CardIndicator = z.infer<typeof CardIndicatorSchema>;

export const CardSourceSchema = z.strictObject({
  label: NonEmptyStringSchema,
  url: HttpUrlSchema.optional(),
  icon: HttpUrlSchema.optional(),
  topic: CodingSchema.optional(),
});
export type CardSource = z.infer<typeof CardSourceSchema>;

/** A FHIR resource in a suggestion's action, typed as the R4 resource it is. */
const ActionResourceSchema = z.custom<fhir4.Resource>((value) => FhirResourceSchema.safeParse(value).success, {
  message: 'must be a FHIR resource with a resourceType',
});

const ActionBaseFields = { description: NonEmptyStringSchema, extension: z.record(z.string(), z.unknown()).optional() };

/** cds-resp-2/5: every action has a description; create/update carry a resource; delete names it by `resourceId`. */
export const ActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('create'), ...ActionBaseFields, resource: ActionResourceSchema }),
  z.strictObject({ type: z.literal('update'), ...ActionBaseFields, resource: ActionResourceSchema }),
  z.strictObject({
    type: z.literal('delete'),
    ...ActionBaseFields,
    resourceId: z.array(z.string().regex(/^[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/)).min(1),
  }),
]);
export type Action = z.infer<typeof ActionSchema>;

export const SuggestionSchema = z.strictObject({
  label: NonEmptyStringSchema,
  uuid: NonEmptyStringSchema.optional(),
  isRecommended: z.boolean().optional(),
  actions: z.array(ActionSchema).min(1).optional(),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const LinkSchema = z
  .strictObject({
    label: NonEmptyStringSchema,
    url: HttpUrlSchema,
    type: z.enum(['absolute', 'smart']),
    appContext: NonEmptyStringSchema.optional(),
    autolaunchable: z.boolean().optional(),
  })
  .refine((link) => link.appContext === undefined || link.type === 'smart', {
    message: 'cds-resp-3: appContext is only allowed on smart links',
    path: ['appContext'],
  });
export type Link = z.infer<typeof LinkSchema>;

/** cds-resp-4: every override reason carries a display. */
export const OverrideReasonSchema = CodingSchema.extend({ display: NonEmptyStringSchema });

export const CardSchema = z
  .strictObject({
    uuid: NonEmptyStringSchema.optional(),
    summary: z
      .string()
      .min(1)
      .max(CARD_SUMMARY_MAX_LENGTH - 1, `summary must be under ${CARD_SUMMARY_MAX_LENGTH} characters`),
    detail: NonEmptyStringSchema.optional(),
    indicator: CardIndicatorSchema,
    source: CardSourceSchema,
    suggestions: z.array(SuggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(['at-most-one', 'any']).optional(),
    overrideReasons: z.array(OverrideReasonSchema).min(1).optional(),
    links: z.array(LinkSchema).min(1).optional(),
    extension: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((card) => card.suggestions === undefined || card.selectionBehavior !== undefined, {
    message: 'cds-resp-6: selectionBehavior is required when suggestions are present',
    path: ['selectionBehavior'],
  })
  .refine((card) => card.selectionBehavior === undefined || card.suggestions !== undefined, {
    message: 'selectionBehavior without suggestions',
    path: ['selectionBehavior'],
  });
export type Card = z.infer<typeof CardSchema>;

export const CdsServiceResponseSchema = z.strictObject({
  cards: z.array(CardSchema),
  systemActions: z.array(ActionSchema).min(1).optional(),
});
export type CdsServiceResponse = z.infer<typeof CdsServiceResponseSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Feedback
// ---------------------------------------------------------------------------------------------------------------

/** RFC 3339 date-time with an explicit offset, e.g. `1985-04-12T23:20:50.52Z`. */
const Rfc3339Schema = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 date-time' });

export const FeedbackItemSchema = z
  .looseObject({
    card: NonEmptyStringSchema.max(256),
    outcome: z.enum(['accepted', 'overridden'], { error: 'outcome must be "accepted" or "overridden"' }),
    acceptedSuggestions: z.array(z.looseObject({ id: NonEmptyStringSchema.max(256) })).optional(),
    overrideReason: z
      .looseObject({
        reason: z
          .looseObject({ system: z.string().optional(), code: z.string(), display: z.string().optional() })
          .optional(),
        userComment: z.string().max(4000).optional(),
      })
      .refine((reason) => reason.reason !== undefined || reason.userComment !== undefined, {
        message: 'cds-fb-3: overrideReason needs a reason or a userComment',
      })
      .optional(),
    outcomeTimestamp: Rfc3339Schema,
  })
  .refine((item) => item.outcome !== 'accepted' || (item.acceptedSuggestions?.length ?? 0) > 0, {
    message: 'cds-fb-2: acceptedSuggestions is required when the outcome is accepted',
    path: ['acceptedSuggestions'],
  });
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

export const FeedbackRequestSchema = z.looseObject({ feedback: z.array(FeedbackItemSchema).min(1).max(100) });
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

/** Turns zod issues into one readable line per problem, e.g. `context.patientId: must be a FHIR id`. */
export function formatSchemaIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 20).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}
