import type { ReactiveControllerHost } from 'lit';
import type { SignInMethod } from '@roster/contract';
import { screenWords } from './screen-words.js';

/**
 * The sign-in methods in words, as the add form offers them and a user's Settings tab shows and changes them: each
 * method's name and one line on what the person will use. Words of those screens (each language a chunk of its own,
 * loaded with them), so that the account panel, which never names a method, does not carry them.
 */
export interface SignInMethodStrings {
  label: string;
  methods: Record<SignInMethod, { name: string; hint: string }>;
}

export const signInMethodsEn: SignInMethodStrings = {
  label: 'Sign-in method',
  methods: {
    totp: { name: 'Authenticator app', hint: 'A six-digit code from an app on their phone' },
    webauthn: { name: 'Security key or passkey', hint: 'A USB or NFC key, or a passkey on their phone or computer' },
    sms: { name: 'Text message', hint: 'A code sent to their mobile phone' },
  },
};

const LOADERS = {
  de: () => import('./sign-in-methods.de.js').then((m) => m.signInMethodsDe),
  ar: () => import('./sign-in-methods.ar.js').then((m) => m.signInMethodsAr),
};

/** The sign-in methods in the host's language (English until its chunk is here; the host renders again then). */
export function signInMethodWords(host: ReactiveControllerHost & Element): SignInMethodStrings {
  return screenWords(host, 'signInMethods', signInMethodsEn, LOADERS);
}
