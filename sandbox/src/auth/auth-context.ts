import type { RegisteredClient } from './clients';
import type { GrantStore } from './grant-store';
import type { LaunchRequest } from './launch-request';
import type { TokenSigner } from './token-signer';

/** What the authorization server's route handlers share. */
export interface AuthContext {
  /** The FHIR base URL the tokens are for (`aud`). */
  readonly getFhirBase: () => string;
  /** Patients offered by the standalone-launch patient picker. */
  readonly listPatients: () => readonly { readonly id: string; readonly name: string }[];
  readonly defaultUser: string;
  readonly now: () => number;
  readonly tokenSeconds: number;
  readonly clients: ReadonlyMap<string, RegisteredClient>;
  readonly grants: GrantStore;
  readonly signer: TokenSigner;
  /** An absolute URL under the issuer, e.g. `endpoint('/token')`. */
  readonly endpoint: (path: string) => string;
  /** Registers a launch context and returns its `launch` parameter. */
  readonly mintLaunch: (request: LaunchRequest) => string;
}
