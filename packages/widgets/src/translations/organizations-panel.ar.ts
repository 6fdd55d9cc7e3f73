import type { OrganizationsPanelStrings } from './organizations-panel.js';
import { plural, users } from './plurals.ar.js';

/** The organizations panel in Arabic (loaded with the panel). */
export const organizationsPanelAr: OrganizationsPanelStrings = {
  title: 'المؤسسات',
  close: 'إغلاق',
  search: 'البحث في المؤسسات',
  searchPlaceholder: 'اسم المؤسسة',
  loading: 'جارٍ تحميل المؤسسات…',
  loadFailed: 'تعذّر تحميل المؤسسات.',
  retry: 'إعادة المحاولة',
  empty: 'لا توجد مؤسسات بعد.',
  noMatch: (q) => `لا توجد مؤسسة تطابق «${q}»`,
  clearSearch: 'مسح البحث',
  count: (n) => plural(n, { zero: 'لا مؤسسات', one: 'مؤسسة واحدة', two: 'مؤسستان', few: '# مؤسسات', many: '# مؤسسة', other: '# مؤسسة' }),
  users,
  orgId: 'معرّف المؤسسة',
  copyOrgId: 'نسخ معرّف المؤسسة',
  copied: 'تم النسخ',
  copiedOf: (name) => `تم نسخ معرّف المؤسسة ${name}.`,
  copyFailed: 'لم يسمح المتصفح بالنسخ؛ حدّد المعرّف وانسخه يدويًا.',
};
