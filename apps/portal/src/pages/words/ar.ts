import type { PageWords } from './en.js';

/** An Arabic count of characters: the number as the `ar` locale writes it, the noun in the form the number takes (as `<account-panel>` writes it). */
const pluralRules = new Intl.PluralRules('ar');
const characters = (n: number) => `${n.toLocaleString('ar')} ${{ few: 'أحرف', many: 'حرفًا' }[pluralRules.select(n) as 'few' | 'many'] ?? 'حرف'}`;

export const ar: PageWords = {
  script: {
    fixFields: 'يُرجى تصحيح الحقول المميَّزة.',
    somethingWrong: 'حدث خطأ ما. يُرجى المحاولة مرة أخرى.',
    passwordsDiffer: 'كلمتا المرور غير متطابقتين.',
    passwordSaved: 'تم حفظ كلمة المرور.',
    emailNow: 'أصبح بريدك الإلكتروني {email}.',
    logIn: 'تسجيل الدخول',
  },
  common: {
    setUpTwoFactor: 'إعداد المصادقة الثنائية',
    scanCode: 'امسح هذا الرمز بتطبيق مصادقة (Google Authenticator أو Microsoft Authenticator أو 1Password…)، ثم اكتب الرمز المكوّن من ستة أرقام الذي يعرضه.',
    cantScan: 'لا يمكنك المسح؟ أدخل هذا المفتاح:',
    sixDigitCode: 'الرمز المكوّن من ستة أرقام',
    newPassword: 'كلمة المرور الجديدة',
    passwordHint: (min) => `${characters(min)} على الأقل؛ وتصلح جملة قصيرة لذلك.`,
    repeatPassword: 'أعد كتابة كلمة المرور الجديدة',
    password: 'كلمة المرور',
    currentPassword: 'كلمة المرور الحالية',
    logIn: 'تسجيل الدخول',
  },
  acceptInvitation: {
    title: 'قبول الدعوة',
    welcome: (productName) => `مرحبًا بك في ${productName}`,
    lead: 'عيّن كلمة مرور لإكمال إنشاء حسابك.',
    setPassword: 'تعيين كلمة المرور',
    confirm: 'تأكيد',
    ready: 'حسابك جاهز.',
  },
  login: {
    lead: 'استخدم بريدك الإلكتروني أو اسم المستخدم.',
    loginName: 'البريد الإلكتروني أو اسم المستخدم',
    twoFactorCode: 'رمز المصادقة الثنائية',
    forgotPassword: 'هل نسيت كلمة المرور؟',
    needsSecondFactor: 'يحتاج حسابك إلى عامل ثانٍ قبل أن تتمكن من تسجيل الدخول.',
    confirmAndSignIn: 'التأكيد وتسجيل الدخول',
    ended: {
      session: 'تم تسجيل خروجك. سجّل الدخول مرة أخرى للمتابعة.',
      password: 'تم تغيير كلمة المرور وتسجيل الخروج من جميع الجلسات. سجّل الدخول بكلمة المرور الجديدة.',
      'second-factor': 'تم إعداد تطبيق المصادقة الجديد وتسجيل الخروج من جميع الجلسات. سجّل الدخول برمز منه.',
      phone: 'تم تغيير رقم هاتفك وتسجيل الخروج من جميع الجلسات. سجّل الدخول مرة أخرى للمتابعة.',
      logout: 'تم تسجيل خروجك.',
    },
  },
  forgotPassword: { title: 'نسيت كلمة المرور', heading: 'إعادة تعيين كلمة المرور', lead: 'سنرسل إليك رابطًا بالبريد الإلكتروني.', email: 'البريد الإلكتروني', send: 'إرسال الرابط' },
  resetPassword: { title: 'اختر كلمة مرور جديدة', lead: 'سيتم تسجيل خروجك من جميع جلساتك الأخرى.', save: 'حفظ كلمة المرور' },
  confirmEmail: { title: 'تأكيد بريدك الإلكتروني الجديد', heading: 'أكّد عنوان بريدك الإلكتروني الجديد', lead: 'اضغط الزر لاستخدام هذا العنوان لحسابك.', confirm: 'تأكيد العنوان' },
  badLink: {
    invitation: {
      expired: { heading: 'انتهت صلاحية رابط الدعوة هذا', lead: 'اطلب من المسؤول إرسال دعوة جديدة.' },
      used: { heading: 'تم قبول هذه الدعوة من قبل', lead: 'حسابك جاهز: سجّل الدخول بكلمة المرور التي اخترتها.' },
      replaced: { heading: 'تم إرسال دعوة أحدث', lead: 'أحدث دعوة فقط هي الصالحة. افتح الرابط في أحدث رسالة، أو اطلب من المسؤول إرسال دعوة جديدة.' },
      unknown: { heading: 'رابط الدعوة هذا غير صالح', lead: 'تحقق من أنك فتحت الرابط كاملًا من الرسالة، أو اطلب من المسؤول إرسال دعوة جديدة.' },
    },
    password_reset: {
      expired: { heading: 'انتهت صلاحية رابط إعادة التعيين هذا', lead: 'روابط إعادة التعيين صالحة لمدة محدودة. اطلب رابطًا جديدًا.' },
      used: { heading: 'تم استخدام رابط إعادة التعيين هذا من قبل', lead: 'كل رابط يعمل مرة واحدة. اطلب رابطًا جديدًا، أو سجّل الدخول إن كنت تعرف كلمة المرور.' },
      replaced: { heading: 'تم إرسال رابط أحدث لإعادة التعيين', lead: 'أحدث رابط فقط هو الصالح. افتح أحدث رسالة، أو اطلب رابطًا جديدًا.' },
      unknown: { heading: 'رابط إعادة التعيين هذا غير صالح', lead: 'تحقق من أنك فتحت الرابط كاملًا من الرسالة، أو اطلب رابطًا جديدًا.' },
    },
    email_change: {
      expired: { heading: 'انتهت صلاحية رابط التأكيد هذا', lead: 'سجّل الدخول وغيّر عنوان بريدك الإلكتروني مرة أخرى للحصول على رابط جديد.' },
      used: { heading: 'تم استخدام رابط التأكيد هذا من قبل', lead: 'سجّل الدخول لترى العنوان الذي يستخدمه حسابك.' },
      replaced: { heading: 'تم إرسال رابط تأكيد أحدث', lead: 'أحدث رابط فقط هو الصالح. افتح أحدث رسالة.' },
      unknown: { heading: 'رابط التأكيد هذا غير صالح', lead: 'تحقق من أنك فتحت الرابط كاملًا من الرسالة.' },
    },
    requestNewLink: 'اطلب رابطًا جديدًا',
  },
  account: { title: 'حسابك', logOut: 'تسجيل الخروج' },
};
