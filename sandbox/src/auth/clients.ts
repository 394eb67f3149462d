import { z } from 'zod';

/** A registered SMART client. All sandbox clients are public (PKCE, no secret); redirect URIs match exactly. */
export const RegisteredClientSchema = z.object({
  clientId: z.string().min(1),
  name: z.string().min(1),
  redirectUris: z.array(z.url()).min(1),
});
export type RegisteredClient = z.infer<typeof RegisteredClientSchema>;
