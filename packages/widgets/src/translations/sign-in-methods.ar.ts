import type { SignInMethodStrings } from './sign-in-methods.js';

/** The sign-in methods in Arabic: loaded with the add form or a user's page when they are shown in Arabic. */
export const signInMethodsAr: SignInMethodStrings = {
  label: 'طريقة تسجيل الدخول',
  methods: {
    totp: { name: 'تطبيق المصادقة', hint: 'رمز من ستة أرقام من تطبيق على الهاتف' },
    webauthn: { name: 'مفتاح أمان أو مفتاح مرور', hint: 'مفتاح USB أو NFC، أو مفتاح مرور على الهاتف أو الحاسوب' },
    sms: { name: 'رسالة نصية', hint: 'رمز يُرسل إلى الهاتف المحمول' },
  },
};
