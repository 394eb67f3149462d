import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { describe, expect, it } from 'vitest';
import { JwksSchema, type TrustedClient } from '../config';
import { generateTestKey, signClientJwt, type TestKey } from '../testing/jwt-signer';
import { ClientKeySets, KeySetUnavailableError } from './client-key-sets';

const ISS = 'https://ehr.example.org';
const JKU = 'https://ehr.example.org/.well-known/jwks.json';
const AUD = 'https://cds.example.org/cds-services/x';
const REMOTE_CLIENT: TrustedClient = { iss: ISS, jku: [JKU] };

type Body = ConstructorParameters<typeof Response>[0];

/** A fetch that serves `body()` for the JKU and records every call with its options. */
function serveKeySet(body: () => Body, init: ResponseInit = {}) {
  const calls: RequestInit[] = [];
  const fetchImpl = (url: string, options?: RequestInit): Promise<Response> => {
    calls.push(options ?? {});
    expect(url).toBe(JKU);
    return Promise.resolve(new Response(body(), init));
  };
  return { calls, fetchImpl: fetchImpl as typeof fetch };
}

async function verifyWith(getKey: JWTVerifyGetKey | undefined, key: TestKey): Promise<string | undefined> {
  if (!getKey) throw new Error('no key getter');
  const token = await signClientJwt(key, { iss: ISS, aud: AUD, jku: JKU });
  const { payload } = await jwtVerify(token, getKey, { issuer: ISS, audience: AUD });
  return payload.iss;
}

describe('ClientKeySets', () => {
  it('fetches an allow-listed jku once, with redirects refused, and re-fetches for an unknown kid', async () => {
    const first = await generateTestKey('ES384');
    const rotated = await generateTestKey('ES384');
    let keys = [first.publicJwk];
    const server = serveKeySet(() => JSON.stringify({ keys }));
    const keySets = new ClientKeySets({ cooldownMs: 0, fetchImpl: server.fetchImpl });

    await Promise.all([
      verifyWith(keySets.getKeySet(REMOTE_CLIENT, JKU), first),
      verifyWith(keySets.getKeySet(REMOTE_CLIENT, JKU), first),
    ]);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.redirect).toBe('error');

    keys = [first.publicJwk, rotated.publicJwk];
    await expect(verifyWith(keySets.getKeySet(REMOTE_CLIENT, JKU), rotated)).resolves.toBe(ISS);
    expect(server.calls).toHaveLength(2);
  });

  it('within the cooldown, an unknown kid is refused without another fetch', async () => {
    const known = await generateTestKey('ES384');
    const stranger = await generateTestKey('ES384');
    const server = serveKeySet(() => JSON.stringify({ keys: [known.publicJwk] }));
    const keySets = new ClientKeySets({ cooldownMs: 60_000, fetchImpl: server.fetchImpl });
    await verifyWith(keySets.getKeySet(REMOTE_CLIENT, undefined), known);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(verifyWith(keySets.getKeySet(REMOTE_CLIENT, JKU), stranger)).rejects.toBeInstanceOf(
        errors.JWKSNoMatchingKey
      );
    }
    expect(server.calls).toHaveLength(1);
  });

  it('never fetches a jku off the allow-list, nor for a client with configured keys', async () => {
    const key = await generateTestKey('RS384');
    const server = serveKeySet(() => JSON.stringify({ keys: [key.publicJwk] }));
    const keySets = new ClientKeySets({ cooldownMs: 0, fetchImpl: server.fetchImpl });
    expect(keySets.getKeySet(REMOTE_CLIENT, 'https://attacker.example/jwks.json')).toBeUndefined();
    expect(keySets.getKeySet({ iss: ISS, jku: [] }, undefined)).toBeUndefined();
    const configured: TrustedClient = { iss: ISS, jku: [JKU], jwks: JwksSchema.parse({ keys: [key.publicJwk] }) };
    await expect(verifyWith(keySets.getKeySet(configured, JKU), key)).resolves.toBe(ISS);
    expect(server.calls).toHaveLength(0);
  });

  it.each([
    ['a key set over 256 KiB (streamed without a length)', () => streamOf(300 * 1024), {}],
    ['a redirect', () => '', { status: 302, headers: { location: 'http://169.254.169.254/' } }],
    ['an error status', () => 'oops', { status: 500 }],
    ['a body that is not a JWK Set', () => JSON.stringify({ keys: 'none' }), {}],
    ['a body that is not JSON', () => '<html>', {}],
  ])('refuses %s as unavailable', async (_name, body: () => Body, init: ResponseInit) => {
    const key = await generateTestKey('ES384');
    const server = serveKeySet(body, init);
    const keySets = new ClientKeySets({ cooldownMs: 0, fetchImpl: server.fetchImpl });
    await expect(verifyWith(keySets.getKeySet(REMOTE_CLIENT, JKU), key)).rejects.toBeInstanceOf(KeySetUnavailableError);
  });

  it('gives up on a key set server that never answers, at the timeout', async () => {
    const key = await generateTestKey('ES384');
    const hanging = ((_url: string, options?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        options?.signal?.addEventListener('abort', () => reject(options.signal?.reason as Error), { once: true });
      })) as typeof fetch;
    const keySets = new ClientKeySets({ cooldownMs: 0, fetchImpl: hanging, timeoutMs: 50 });
    await expect(verifyWith(keySets.getKeySet(REMOTE_CLIENT, JKU), key)).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});

/** A response body of `bytes` bytes in 16 KiB chunks, with no Content-Length. */
function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= bytes) {
        controller.close();
        return;
      }
      controller.enqueue(new Uint8Array(16 * 1024).fill(32));
      sent += 16 * 1024;
    },
  });
}
