import { hkdfSync } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { STEP_UP_TTL_SECONDS } from '@roster/contract';

/**
 * Step-up tokens: a few minutes of fresh proof (password and code) from one person, for credential changes. Signed
 * with a key of their own (HKDF of the signing key) and a distinct audience, so one can never pass as a widget or
 * access token, nor the other way round. The caller checks `iat` against the user's `sessions_valid_after`: a
 * step-up dies with the sessions.
 */
const AUDIENCE = 'roster-step-up';
const keys = new WeakMap<Uint8Array, Uint8Array>();
function keyOf(signingKey: Uint8Array): Uint8Array {
  let key = keys.get(signingKey);
  if (!key) {
    key = new Uint8Array(hkdfSync('sha256', signingKey, Buffer.alloc(0), 'roster step-up token', 32));
    keys.set(signingKey, key);
  }
  return key;
}

export async function signStepUpToken(signingKey: Uint8Array, input: { tenantId: string; userId: string }) {
  const now = Math.floor(Date.now() / 1000);
  const token = await new SignJWT({ typ: 'step_up', tid: input.tenantId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(input.userId)
    .setIssuer('roster')
    .setAudience(AUDIENCE)
    .setIssuedAt(now)
    .setExpirationTime(now + STEP_UP_TTL_SECONDS)
    .sign(keyOf(signingKey));
  return { stepUpToken: token, expiresAt: new Date((now + STEP_UP_TTL_SECONDS) * 1000).toISOString() };
}

/** The claims of a valid, unexpired step-up token, or null. */
export async function verifyStepUpToken(signingKey: Uint8Array, token: string): Promise<{ tid: string; sub: string; iat: number } | null> {
  try {
    const { payload } = await jwtVerify(token, keyOf(signingKey), { algorithms: ['HS256'], issuer: 'roster', audience: AUDIENCE });
    const { typ, tid, sub, iat } = payload as Record<string, unknown>;
    if (typ !== 'step_up' || typeof tid !== 'string' || typeof sub !== 'string' || typeof iat !== 'number') return null;
    return { tid, sub, iat };
  } catch (error) {
    if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
    throw error;
  }
}
