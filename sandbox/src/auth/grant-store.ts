import { randomBytes } from 'node:crypto';
import { ExpiringMap } from './expiring-map';
import type { LaunchRequest, SimulatedError } from './launch-request';

export interface Launch extends LaunchRequest {
  readonly expiresAt: number;
}

/** A validated authorization request, waiting for a code (or for the patient picker's answer). */
export interface AuthorizeParams {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly codeChallenge: string;
  readonly scopes: readonly string[];
  readonly launch?: Launch;
  readonly nonce?: string;
}

export interface CodeGrant {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly scope: string;
  readonly patient?: string;
  readonly encounter?: string;
  readonly appContext?: string;
  readonly user: string;
  readonly needPatientBanner: boolean;
  readonly nonce?: string;
  readonly simulateError?: SimulatedError;
  readonly expiresAt: number;
}

export const LAUNCH_SECONDS = 600;
export const CODE_SECONDS = 60;
export const PENDING_SECONDS = 600;
/** Live launches, codes and pending consents each: far above what testers create in ten minutes. */
export const MAX_LIVE_GRANTS = 10_000;

/** The authorization server's short-lived state: launch contexts, authorization codes and pending consents. */
export interface GrantStore {
  readonly launches: ExpiringMap<Launch>;
  readonly codes: ExpiringMap<CodeGrant>;
  readonly pending: ExpiringMap<AuthorizeParams & { readonly expiresAt: number }>;
}

export function createGrantStore(): GrantStore {
  return {
    launches: new ExpiringMap<Launch>(MAX_LIVE_GRANTS),
    codes: new ExpiringMap<CodeGrant>(MAX_LIVE_GRANTS),
    pending: new ExpiringMap<AuthorizeParams & { readonly expiresAt: number }>(MAX_LIVE_GRANTS),
  };
}

/** An unguessable handle (launch id, code, pending request id): 256 random bits. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
