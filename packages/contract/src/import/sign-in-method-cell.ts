import type { signInMethods } from '../constants.js';

type SignInMethod = (typeof signInMethods)[number];

/** The words of an import cell for each method, in English and German (as the header row may be), any case. */
const cellWords: Record<SignInMethod, string[]> = {
  totp: ['totp', 'authenticator app', 'authenticator'],
  webauthn: ['webauthn', 'security key or passkey', 'security key', 'passkey', 'sicherheitsschlüssel oder passkey', 'sicherheitsschlüssel'],
  sms: ['sms', 'text message', 'textnachricht'],
};
const byWord = new Map<string, SignInMethod>();
for (const [method, words] of Object.entries(cellWords) as [SignInMethod, string[]][]) for (const w of words) byWord.set(w, method);

/** The method an import cell names ("Authenticator app", "WebAuthn", "Security-Key", "SMS"), or null. */
export function signInMethodOfCell(cell: string): SignInMethod | null {
  return byWord.get(cell.normalize('NFC').trim().toLowerCase().replace(/[\s_-]+/g, ' ')) ?? null;
}
