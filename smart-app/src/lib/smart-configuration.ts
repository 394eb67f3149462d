import { z } from 'zod';

/** The fields of `{iss}/.well-known/smart-configuration` the launch decides on (SMART App Launch 2.x §Discovery). */
export const SmartConfigurationSchema = z.looseObject({
  authorization_endpoint: z.string().optional(),
  token_endpoint: z.string().optional(),
  capabilities: z.array(z.string()).default([]),
  code_challenge_methods_supported: z.array(z.string()).default([]),
});

export type SmartConfiguration = z.infer<typeof SmartConfigurationSchema>;

/** Returns `undefined` when the server has no usable smart-configuration (fhirclient then reads the CapabilityStatement). */
export async function fetchSmartConfiguration(iss: string): Promise<SmartConfiguration | undefined> {
  try {
    const response = await fetch(`${iss.replace(/\/+$/, '')}/.well-known/smart-configuration`, {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) {
      return undefined;
    }
    const parsed = SmartConfigurationSchema.safeParse(await response.json());
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
