import { availableSignInMethods, type signInMethods, type userKinds } from './constants.js';

/**
 * Who chooses which sign-in method, apart from the values themselves (./constants.ts): the default a new user gets,
 * where the admin is asked, and the words a CSV cell may use for each method. Zod-free, as the form's and the
 * import's code and the server read the same rules.
 */
type SignInMethod = (typeof signInMethods)[number];

/** The method a new user gets when their creator chooses none: the profile's default, else the authenticator app. */
export function defaultSignInMethodOf(profile: { defaultSignInMethod?: SignInMethod | undefined }): SignInMethod {
  return profile.defaultSignInMethod ?? 'totp';
}

/**
 * Whether the admin chooses a new user's sign-in method (the add form, the import template): always for technicians,
 * for end users where the profile requires a second factor of everyone.
 */
export function choosesSignInMethod(profile: { mfaRequired: boolean }, kind: (typeof userKinds)[number]): boolean {
  return kind === 'technician' || profile.mfaRequired;
}

/** Whether a method may be chosen now (`availableSignInMethods`). */
export function isAvailableSignInMethod(method: string): boolean {
  return (availableSignInMethods as readonly string[]).includes(method);
}

/** Each method's name in English, as the form shows it and the import template explains it. */
export const signInMethodNames: Record<SignInMethod, string> = { totp: 'Authenticator app', webauthn: 'Security key or passkey', sms: 'Text message' };

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
