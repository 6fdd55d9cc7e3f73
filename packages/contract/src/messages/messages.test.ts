import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { de } from './de.js';
import { ar } from './ar.js';
import { enApi } from './en-api.js';
import { deApi } from './de-api.js';
import { arApi } from './ar-api.js';
import { formatMessage, registerMessages } from './index.js';
import { PutBrandingRequestSchema, createUserSchema, localizeIssue, profilePresets, toIssues } from '../index.js';
import { phoneMetadata } from '../phone-metadata.js';

const placeholders = (template: string) => new Set([...template.matchAll(/\{(\w+)(?:\|lower)?\}/g)].map((m) => m[1]));
const english: Record<string, string> = { ...en, ...enApi };

describe('the message catalogues', () => {
  it.each([['de', { ...de, ...deApi }], ['ar', { ...ar, ...arApi }]] as [string, Record<string, string>][])(
    '%s has every id, each with a text of its own and only the placeholders English has',
    (_lang, catalogue) => {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(english).sort());
      for (const [id, text] of Object.entries(english)) {
        expect(catalogue[id]!.trim(), id).not.toBe('');
        if (!id.startsWith('field.') || placeholders(text).size > 0) expect(catalogue[id], id).not.toBe(text);
        for (const name of placeholders(catalogue[id]!)) expect(placeholders(text), `${id}: {${name}}`).toContain(name);
      }
    },
  );

  it('the messages clients show and the API’s own have no id in common', () => {
    expect(Object.keys(en).filter((id) => id in enApi)).toEqual([]);
  });
});

describe('formatMessage', () => {
  it('renders English as the rules always said it, numbers and field names included', () => {
    expect(formatMessage('name.too_long', { field: 'firstName', max: 100 })).toBe('First name can have at most 100 characters.');
    expect(formatMessage('import.cell_too_long', { field: 'lastName', length: 1234, max: 1000 })).toBe('Last name is 1,234 characters long; no last name is longer than 1,000.');
    expect(formatMessage('phone.country_code_missing')).toBe('Phone must start with + and the country code, for example +1 888 667 8888.');
  });

  it('renders German and Arabic with their field names and their digits', () => {
    registerMessages('de', de);
    registerMessages('ar', ar);
    expect(formatMessage('name.too_long', { field: 'firstName', max: 1000 }, 'de')).toBe('Vorname darf höchstens 1.000 Zeichen haben.');
    expect(formatMessage('field.required', { field: 'email' }, 'de-CH')).toBe('E-Mail ist erforderlich.');
    expect(formatMessage('import.duplicate_email', { row: 3 }, 'ar')).toBe(`نفس البريد الإلكتروني كما في الصف ${new Intl.NumberFormat('ar').format(3)} (لا يُفرَّق بين الأحرف الكبيرة والصغيرة).`);
  });

  it('falls back to English for a language it does not have', () => {
    expect(formatMessage('field.required', { field: 'phone' }, 'fr')).toBe('Phone is required.');
    expect(formatMessage('field.required', { field: 'phone' }, 'xx-invalid')).toBe('Phone is required.');
    expect(formatMessage('name.too_long', { field: 'firstName', max: 1000 }, 'en_US')).toBe('First name can have at most 1,000 characters.');
  });

  it('takes a language the page registers', () => {
    registerMessages('pt', { ...en, 'field.required': '{field} é obrigatório.', 'field.phone': 'Telefone' });
    expect(formatMessage('field.required', { field: 'phone' }, 'pt-BR')).toBe('Telefone é obrigatório.');
  });
});

describe('rules carry their message id and parameters', () => {
  it('through zod to the envelope issues, with the English message unchanged', () => {
    const schema = createUserSchema(profilePresets.ninjaone, phoneMetadata);
    const r = schema.safeParse({ kind: 'technician', firstName: 'R2D2', lastName: 'a'.repeat(151), email: 'x', phone: '555 1234' });
    const issues = toIssues(r.error!.issues as never, ['body']);
    expect(issues).toEqual([
      { path: ['body', 'firstName'], code: 'name.letters_only', params: { field: 'firstName' }, message: 'First name may contain letters only.' },
      { path: ['body', 'lastName'], code: 'name.too_long', params: { field: 'lastName', max: 150 }, message: 'Last name can have at most 150 characters.' },
      { path: ['body', 'email'], code: 'email.shape', message: 'Email must look like name@example.com.' },
      { path: ['body', 'phone'], code: 'phone.country_code_missing', message: 'Phone must start with + and the country code, for example +1 888 667 8888.' },
    ]);
    const missing = toIssues(schema.safeParse({ kind: 'technician', lastName: 'B', email: 'a@b.example' }).error!.issues as never);
    expect(missing).toEqual([{ path: ['firstName'], code: 'field.required', params: { field: 'firstName' }, message: 'First name is required.' }]);
  });

  it('branding too, with its field names in each language', () => {
    const r = PutBrandingRequestSchema.safeParse({ logoUrl: 'http://cdn.example/logo.png', productName: 7 });
    const issues = toIssues(r.error!.issues as never, ['body']);
    expect(issues).toEqual([
      { path: ['body', 'productName'], code: 'value.must_be_text', params: { field: 'productName' }, message: 'Product name must be text.' },
      { path: ['body', 'logoUrl'], code: 'url.not_https', params: { field: 'logoUrl' }, message: 'Logo URL must be an absolute https:// URL.' },
    ]);
    registerMessages('de', { ...de, ...deApi });
    expect(issues.map((i) => localizeIssue(i, 'de').message)).toEqual(['Produktname muss Text sein.', 'Logo-URL muss eine absolute https://-URL sein.']);
  });
});

