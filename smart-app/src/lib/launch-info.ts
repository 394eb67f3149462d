import type Client from 'fhirclient/lib/Client';
import { z } from 'zod';
import { LaunchError } from './launch-error';

/** The `appContext` a CDS card's SMART link passes through the token response; all of it optional. */
export const AppContextSchema = z.object({
  focus: z
    .enum(['summary', 'safety', 'timeline', 'trials', 'assessment', 'resistance', 'options', 'review'])
    .optional(),
  trialId: z.string().min(1).optional(),
  episodeKey: z.string().optional(),
});

export type AppContext = z.infer<typeof AppContextSchema>;

export interface LaunchInfo {
  readonly patientId: string;
  readonly needPatientBanner: boolean;
  readonly appContext?: AppContext;
}

/** appContext may arrive as a JSON string (the spec's form) or already as an object; anything unreadable is ignored. */
export function parseAppContext(raw: unknown): AppContext | undefined {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  const parsed = AppContextSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export function getLaunchInfo(client: Client): LaunchInfo {
  const patientId = client.patient.id;
  if (!patientId) {
    throw new LaunchError('no-patient');
  }
  const tokenResponse: unknown = client.state.tokenResponse;
  const token = (typeof tokenResponse === 'object' && tokenResponse !== null ? tokenResponse : {}) as Record<
    string,
    unknown
  >;
  return {
    patientId: String(patientId),
    needPatientBanner: token.need_patient_banner === true,
    appContext: parseAppContext(token.appContext),
  };
}
