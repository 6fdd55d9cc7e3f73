import type { EmailWords } from './en.js';

export const ar: EmailWords = {
  greeting: (firstName) => `مرحبًا ${firstName}،`,
  linkNotKept: '(أُرسل الرابط بالبريد الإلكتروني ولا يُحتفظ به)',
  linkExpires: (lifetime) => `تنتهي صلاحية هذا الرابط ${lifetime}.`,
  invitation: {
    subject: (tenantName) => `دعوة إلى ${tenantName}`,
    body: (tenantName) => `تمت دعوتك إلى ${tenantName}. عيّن كلمة مرور وتسجيل الدخول بخطوتين لإكمال إعداد حسابك.`,
    action: 'قبول الدعوة',
  },
  passwordReset: {
    subject: (productName) => `اختر كلمة مرور جديدة لـ ${productName}`,
    body: 'استخدم الرابط أدناه لاختيار كلمة مرور جديدة.',
    action: 'اختيار كلمة مرور جديدة',
    notAsked: 'إذا لم تطلب ذلك، فتجاهل هذه الرسالة.',
  },
  emailChange: {
    subject: (productName) => `أكّد عنوان بريدك الإلكتروني الجديد لـ ${productName}`,
    body: (newEmail) => `أكّد ${newEmail} عنوانًا جديدًا للبريد الإلكتروني لحسابك.`,
    action: 'تأكيد العنوان',
  },
  accountLocked: {
    subject: (productName) => `قُفل حسابك في ${productName}`,
    body: (failures, duration) => `بعد ${failures} من محاولات تسجيل الدخول الفاشلة، قُفل حسابك لمدة ${duration}.`,
    notYou: 'إذا لم تكن أنت من حاول، فأعد تعيين كلمة المرور وأبلغ المسؤول.',
    action: 'إعادة تعيين كلمة المرور',
    footer: 'يمكن للمسؤول أيضًا إلغاء قفل الحساب فورًا.',
  },
  testEmail: {
    subject: (productName) => `رسالة اختبار من ${productName}`,
    hello: 'مرحبًا،',
    body: (productName) => `أرسل المسؤول رسالة الاختبار هذه للتحقق من أن البريد من ${productName} يصل إلى هذا العنوان.`,
    footer: 'لا يلزمك فعل أي شيء.',
  },
  impersonated: {
    subject: (productName) => `اطّلع الدعم على حسابك في ${productName}`,
    body: (admin, when, duration) => `اطّلع ${admin} على حسابك كما تراه أنت، بدءًا من ${when} لمدة أقصاها ${duration}، للمساعدة في طلب دعم. لم يكن بإمكانه تغيير كلمة المرور أو التحقق الثنائي أو مفاتيح المرور أو البريد الإلكتروني.`,
    footer: 'إن لم تطلب المساعدة، فأبلغ المسؤول.',
  },
};
