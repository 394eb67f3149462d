import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * JSON logs. Only operational fields are ever logged (service id, hook, status, latency, counts, fetch outcomes);
 * the redaction list is a second line of defence should a header or token ever reach a log call.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'tachywatch-cds' },
      redact: {
        paths: [
          'authorization',
          'headers.authorization',
          'req.headers.authorization',
          'fhirAuthorization',
          '*.fhirAuthorization',
          'access_token',
          '*.access_token',
          'jwt',
          'token',
        ],
        censor: '[redacted]',
      },
    },
    destination
  );
}
