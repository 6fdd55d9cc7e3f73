/** Arabic numbers and plurals, shared by the Arabic words of the elements and of the import. */
const rules = new Intl.PluralRules('ar');
export const num = (n: number) => n.toLocaleString('ar');
/** Arabic has six plural forms (zero, one, two, few, many, other); `#` is the number. */
export const plural = (n: number, forms: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }) => (forms[rules.select(n)] ?? forms.other).replace('#', num(n));
export const users = (n: number) => plural(n, { zero: 'لا مستخدمين', one: 'مستخدم واحد', two: 'مستخدمان', few: '# مستخدمين', many: '# مستخدمًا', other: '# مستخدم' });
export const rows = (n: number) => plural(n, { zero: 'لا صفوف', one: 'صف واحد', two: 'صفّان', few: '# صفوف', many: '# صفًا', other: '# صف' });
