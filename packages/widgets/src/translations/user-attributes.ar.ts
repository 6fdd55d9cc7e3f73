import type { UserAttributesStrings } from './user-attributes.js';

export const userAttributesAr: UserAttributesStrings = {
  heading: 'السمات المخصصة',
  loading: 'جارٍ تحميل السمات…',
  none: 'لا يحدد حسابك أي سمات مخصصة بعد. يضيفها المسؤول من قسم السمات.',
  required: 'مطلوب',
  missing: 'مطلوب، لم يُحدَّد بعد',
  notSet: 'غير محدد',
  yes: 'نعم',
  no: 'لا',
  save: 'حفظ السمات',
  saved: 'تم حفظ السمات.',
  nothingChanged: 'لم يتغير شيء.',
  readOnly: 'يمكنك رؤية هذه القيم دون تغييرها.',
  loadFailed: 'تعذر تحميل السمات.',
  retry: 'حاول مرة أخرى',
  unreachable: 'تعذر الوصول إلى Roster. تحقق من الاتصال وحاول مرة أخرى.',
  failed: (message) => `لم يُحفظ: ${message}`,
};
