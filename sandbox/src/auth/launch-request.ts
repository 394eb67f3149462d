import { z } from 'zod';

/** Errors an e2e test can ask for when minting a launch (modelled on the SMART launcher's `auth_error`). */
export const SIMULATED_ERRORS = [
  'auth_invalid_client_id',
  'auth_invalid_scope',
  'token_invalid_token',
  'request_expired_token',
] as const;
export type SimulatedError = (typeof SIMULATED_ERRORS)[number];

export const LaunchRequestSchema = z.object({
  patient: z.string().regex(/^[A-Za-z0-9\-.]{1,64}$/),
  encounter: z
    .string()
    .regex(/^[A-Za-z0-9\-.]{1,64}$/)
    .optional(),
  appContext: z.string().max(4096).optional(),
  /** The user as a relative reference, e.g. `Practitioner/123` (becomes `fhirUser` in the id_token). */
  user: z
    .string()
    .regex(/^(Practitioner|PractitionerRole|Patient|RelatedPerson)\/[A-Za-z0-9\-.]{1,64}$/)
    .optional(),
  needPatientBanner: z.boolean().optional(),
  simulateError: z.enum(SIMULATED_ERRORS).optional(),
});
export type LaunchRequest = z.infer<typeof LaunchRequestSchema>;
