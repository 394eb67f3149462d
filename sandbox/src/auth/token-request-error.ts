/** A refused token request: its HTTP status and OAuth error code (RFC 6749 §5.2). */
export class TokenRequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    message: string
  ) {
    super(message);
  }
}
