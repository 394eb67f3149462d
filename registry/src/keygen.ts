import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { createPrivateFile, ensurePrivateDir, PRIVATE_FILE_MODE } from './private-files';

export interface GeneratedKeys {
  readonly privateKeyPath: string;
  readonly jwksPath: string;
  readonly kid: string;
}

/**
 * A new ES384 key pair for SMART Backend Services: the private JWK (owner-only) for `--key`, and the public JWK Set
 * to register with the authorization server.
 */
export async function generateBackendKeys(outDir: string): Promise<GeneratedKeys> {
  const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES384', use: 'sig' };
  ensurePrivateDir(outDir);
  const privateKeyPath = join(outDir, 'backend-private.jwk.json');
  const jwksPath = join(outDir, 'backend-jwks.json');
  createPrivateFile(privateKeyPath);
  writeFileSync(privateKeyPath, `${JSON.stringify(privateJwk, null, 2)}\n`, { mode: PRIVATE_FILE_MODE });
  writeFileSync(jwksPath, `${JSON.stringify({ keys: [{ ...publicJwk, kid, alg: 'ES384', use: 'sig' }] }, null, 2)}\n`);
  return { privateKeyPath, jwksPath, kid };
}
