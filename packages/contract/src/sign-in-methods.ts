import { availableSignInMethods, type signInMethods, type userKinds } from './constants.js';

/**
 * Who chooses which sign-in method, apart from the values themselves (./constants.ts): the default a new user gets,
 * where the admin is asked, whether a method may be chosen. Zod-free and small: the add form, the import and the
 * server read the same rules. (The words of an import cell: ./import/sign-in-method-cell.ts.)
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
