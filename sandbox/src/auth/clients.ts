import { z } from 'zod';

/** A registered SMART client. All sandbox clients are public (PKCE, no secret); redirect URIs match exactly. */
export const RegisteredClientSchema = z.object({
  clientId: z.string().min(1),
  name: z.string().min(1),
  redirectUris: z.array(z.url()).min(1),
  /** Resource types the client may be granted create/update scopes on when it asks (none by default). */
  writableTypes: z.array(z.string().regex(/^[A-Z][A-Za-z]+$/)).optional(),
});
export type RegisteredClient = z.infer<typeof RegisteredClientSchema>;
