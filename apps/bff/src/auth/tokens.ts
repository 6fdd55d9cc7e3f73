import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { randomUUID } from 'node:crypto';

const ISSUER = 'roster';
const AUDIENCE = 'roster-bff';
/** Tokens are HMAC-signed; any other algorithm, `none` included, is refused. */
const ALGORITHMS = ['HS256'];

export const ACCESS_TOKEN_TTL = 3600;

export type TokenClaims =
  | { typ: 'client'; tid: string; sub: string; scope: string; iat: number; exp: number }
  | { typ: 'widget'; tid: string; sub: string; org?: string; cid?: string; iat: number; exp: number };

export class TokenService {
  constructor(private readonly key: Uint8Array) {}

  async signClientToken(input: { tenantId: string; clientRowId: string; scopes: string[] }, ttl = ACCESS_TOKEN_TTL) {
    const token = await new SignJWT({ typ: 'client', tid: input.tenantId, scope: input.scopes.join(' ') })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(input.clientRowId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${ttl}s`)
      .sign(this.key);
    return { token, expiresIn: ttl };
  }

  async signWidgetToken(input: { tenantId: string; userId: string; organizationId?: string | undefined; clientRowId?: string | undefined; ttl: number }) {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { typ: 'widget', tid: input.tenantId };
    if (input.organizationId) claims.org = input.organizationId;
    // The minting OAuth app or API key: the gate refuses the token once it is revoked (a key also once expired).
    if (input.clientRowId) claims.cid = input.clientRowId;
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(input.userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt(now)
      .setJti(randomUUID())
      .setExpirationTime(now + input.ttl)
      .sign(this.key);
    return { token, expiresAt: new Date((now + input.ttl) * 1000).toISOString() };
  }

  /**
   * Verified tokens, kept until they expire: a widget token is presented on every request of its few minutes,
   * and verifying its signature each time was a tenth of the BFF's CPU. Only the exact token string hits.
   */
  private readonly verified = new Map<string, TokenClaims>();

  /** Returns the claims, or null for any token that is malformed, tampered, expired or of an unknown kind. */
  async verify(token: string): Promise<TokenClaims | null> {
    const now = Math.floor(Date.now() / 1000);
    const hit = this.verified.get(token);
    if (hit) {
      if (hit.exp > now) return hit;
      this.verified.delete(token);
    }
    const claims = await this.verifySignature(token);
    if (claims) {
      if (this.verified.size >= 10_000) {
        for (const [k, v] of this.verified) if (v.exp <= now || this.verified.size >= 10_000) this.verified.delete(k);
      }
      this.verified.set(token, claims);
    }
    return claims;
  }

  private async verifySignature(token: string): Promise<TokenClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: ALGORITHMS, issuer: ISSUER, audience: AUDIENCE });
      const { typ, tid, sub, iat, exp } = payload as Record<string, unknown>;
      if (typeof tid !== 'string' || typeof sub !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
      if (typ === 'client' && typeof payload.scope === 'string') return { typ, tid, sub, iat, exp, scope: payload.scope };
      if (typ === 'widget') {
        const claims: TokenClaims = { typ, tid, sub, iat, exp };
        if (typeof payload.org === 'string') claims.org = payload.org;
        if (typeof payload.cid === 'string') claims.cid = payload.cid;
        return claims;
      }
      return null;
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError) return null;
      throw error;
    }
  }
}
