import { languageOf, type PersonLanguage } from '../lib/language.js';

/**
 * The words of Roster's text messages, per language the person pages speak (a language added to `personLanguages`
 * without its words fails typecheck). Short: one SMS segment where the alphabet allows. The code comes first, so a
 * phone's notification shows it.
 */
interface SmsWords {
  signInCode(code: string, productName: string, minutes: string): string;
}

const words: Record<PersonLanguage, SmsWords> = {
  en: { signInCode: (code, product, minutes) => `${code} is your ${product} sign-in code. It expires in ${minutes}. Never share it.` },
  de: { signInCode: (code, product, minutes) => `${code} ist Ihr ${product}-Anmeldecode. Er läuft in ${minutes} ab. Geben Sie ihn nie weiter.` },
  ar: { signInCode: (code, product, minutes) => `${code} هو رمز تسجيل الدخول إلى ${product}. تنتهي صلاحيته خلال ${minutes}. لا تشاركه مع أحد.` },
};

/** A sign-in code's text in the person's language (their setting; English where Roster does not speak it). */
export function signInCodeText(o: { code: string; productName: string; minutes: number; language: string }): string {
  const lang = languageOf(o.language);
  const minutes = new Intl.NumberFormat(lang, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(o.minutes);
  return words[lang].signInCode(o.code, o.productName, minutes);
}
