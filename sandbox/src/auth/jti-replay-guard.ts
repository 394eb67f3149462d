import { TokenRequestError } from './token-request-error';

/**
 * Remembers the client assertion ids (`jti`) each client has used until they expire, so a captured assertion cannot
 * be replayed; a client holding too many live ids is told to slow down rather than grow the memory without bound.
 */
export class JtiReplayGuard {
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(
    private readonly now: () => number,
    private readonly clockSkewSeconds: number,
    private readonly maxPerClient: number
  ) {}

  /** Records the assertion id, refusing one already used by the client. `exp` is in seconds since the epoch. */
  claim(clientId: string, jti: string, exp: number): void {
    const time = this.now() / 1000;
    let seen = this.seen.get(clientId);
    if (!seen) {
      seen = new Map();
      this.seen.set(clientId, seen);
    }
    for (const [id, expiry] of seen) if (expiry + this.clockSkewSeconds < time) seen.delete(id);
    if (seen.has(jti)) throw new TokenRequestError(401, 'invalid_client', 'The client assertion jti was already used');
    if (seen.size >= this.maxPerClient) {
      throw new TokenRequestError(429, 'invalid_request', 'Too many token requests for this client; slow down');
    }
    seen.set(jti, exp);
  }
}
