/** What a verified access token allows on the FHIR server. */
export interface AccessContext {
  /** The patient in context: the token may only see this patient's compartment. */
  readonly patientId?: string;
  readonly canRead: (resourceType: string) => boolean;
  /** Whether the token's scopes allow this write interaction on the type (v2 `c`/`u`, v1 `write`). */
  readonly canWrite: (resourceType: string, interaction: 'create' | 'update') => boolean;
}

/** How the FHIR server authenticates: `open` accepts anonymous requests (dev only), `smart` requires a Bearer token. */
export type AccessPolicy =
  | { readonly mode: 'open' }
  | {
      readonly mode: 'smart';
      /** Verifies a Bearer token; throws `InvalidTokenError` when it is not valid. */
      readonly verifyAccessToken: (token: string) => Promise<AccessContext>;
    };

export class InvalidTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTokenError';
  }
}
