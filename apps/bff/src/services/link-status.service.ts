import { linkPurposes, type LinkPurpose, type LinkStatus } from '@roster/contract';
import { tokenState } from '../db/repositories/one-time-tokens.repository.js';
import { hashSecret } from '../auth/secrets.js';
import type { Services } from './context.js';

const UNKNOWN: LinkStatus = { state: 'unknown', purpose: null };

/**
 * `GET /v1/public/link-status`: what became of an emailed link, so its page can say so when it opens (issue 13)
 * instead of after the person has typed a new password. Looked up by the token's hash on the platform path and never
 * spent; the answer names the state and the kind of link only — not the tenant, not the person. An enrolment ticket
 * is not a link: unknown, like a token that does not exist. The token is 256 random bits, so telling used from
 * unknown helps its holder and no guesser.
 */
export async function linkStatus(s: Pick<Services, 'platformDb'>, token: string): Promise<LinkStatus> {
  const row = await tokenState(s.platformDb, hashSecret(token));
  if (!row || !(linkPurposes as readonly string[]).includes(row.purpose)) return UNKNOWN;
  const purpose = row.purpose as LinkPurpose;
  if (row.replaced) return { state: 'replaced', purpose };
  if (row.used) return { state: 'used', purpose };
  return { state: row.expired ? 'expired' : 'valid', purpose };
}
