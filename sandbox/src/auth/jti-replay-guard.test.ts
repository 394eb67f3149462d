import { describe, expect, it } from 'vitest';
import { JtiReplayGuard } from './jti-replay-guard';
import { TokenRequestError } from './token-request-error';

function refusal(run: () => void): { status: number; error: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof TokenRequestError)) throw error;
    return { status: error.status, error: error.error };
  }
}

describe('JtiReplayGuard', () => {
  it('refuses an assertion id the client already used, but not the same id from another client', () => {
    const guard = new JtiReplayGuard(() => 1_000_000, 60, 10);
    guard.claim('a', 'jti-1', 1_300);
    expect(refusal(() => guard.claim('a', 'jti-1', 1_300))).toEqual({ status: 401, error: 'invalid_client' });
    expect(refusal(() => guard.claim('b', 'jti-1', 1_300))).toBeUndefined();
  });

  it('forgets ids once they and the clock skew have expired', () => {
    let nowMs = 1_000_000;
    const guard = new JtiReplayGuard(() => nowMs, 60, 10);
    guard.claim('a', 'jti-1', 1_300);
    nowMs = (1_300 + 60) * 1000;
    expect(refusal(() => guard.claim('a', 'jti-1', 1_700))).toEqual({ status: 401, error: 'invalid_client' });
    nowMs = (1_300 + 61) * 1000;
    guard.claim('a', 'jti-2', 1_700);
    expect(refusal(() => guard.claim('a', 'jti-1', 1_700))).toBeUndefined();
  });

  it('holds at most the bound of live ids per client, answering 429 past it', () => {
    const guard = new JtiReplayGuard(() => 1_000_000, 60, 3);
    for (const jti of ['1', '2', '3']) guard.claim('a', jti, 1_300);
    expect(refusal(() => guard.claim('a', '4', 1_300))).toEqual({ status: 429, error: 'invalid_request' });
    expect(refusal(() => guard.claim('b', '4', 1_300))).toBeUndefined();
  });
});
