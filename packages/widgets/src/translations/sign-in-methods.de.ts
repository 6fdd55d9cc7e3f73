import type { SignInMethodStrings } from './sign-in-methods.js';

/** The sign-in methods in German: loaded with the add form or a user's page when they are shown in German. */
export const signInMethodsDe: SignInMethodStrings = {
  label: 'Anmeldemethode',
  methods: {
    totp: { name: 'Authenticator-App', hint: 'Ein sechsstelliger Code aus einer App auf dem Telefon' },
    webauthn: { name: 'Sicherheitsschlüssel oder Passkey', hint: 'Ein USB- oder NFC-Schlüssel oder ein Passkey auf Telefon oder Computer' },
    sms: { name: 'Textnachricht', hint: 'Ein Code per SMS an das Mobiltelefon' },
  },
};
