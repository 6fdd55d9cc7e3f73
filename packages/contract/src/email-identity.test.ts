import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { emailRule, emailSchema, normalizeEmail } from './fields.js';
import { fastEmailRule } from './import/fast-rules.js';
import { domainToAscii, localPartSpoofing } from './email-identity.js';
import { validateImportRows, type ImportOptions } from './import/index.js';
import { profilePresets, type PolicyProfile } from './profile.js';
import { phoneMetadata } from './phone-metadata.js';

/** Kaseya One allows non-ASCII addresses; the other presets refuse them before any of this. */
const unicode: PolicyProfile = profilePresets.kaseyaone;
const rule = emailRule(unicode);
const errorsOf = (v: string) => {
  const r = rule(v);
  return typeof r === 'string' ? [] : r.errors.map((e) => e.message);
};

describe('domains are one per UTS #46', () => {
  it('an IDN and its punycode form are the same address; case and ideographic full stops too', () => {
    expect(normalizeEmail('user@bücher.example')).toBe('user@xn--bcher-kva.example');
    expect(normalizeEmail('user@xn--bcher-kva.example')).toBe('user@xn--bcher-kva.example');
    expect(normalizeEmail('User@BÜCHER.Example')).toBe('user@xn--bcher-kva.example');
    expect(normalizeEmail('user@bu\u0308cher.example')).toBe('user@xn--bcher-kva.example');
    expect(normalizeEmail('user@bücher。example')).toBe('user@xn--bcher-kva.example');
    expect(normalizeEmail('иван@почта.рф')).toBe('иван@xn--80a1acny.xn--p1ai');
    // ASCII stays as it was: lower-cased only.
    expect(normalizeEmail(' Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
  });

  it('a domain that is no domain name is refused, with the field named', () => {
    expect(domainToAscii('exa mple.com')).toBeNull();
    expect(domainToAscii('bü/cher.example')).toBeNull();
    expect(errorsOf('user@bü%cher.example')).toContain('Email’s domain (after the @) is not a valid domain name.');
    expect(rule('user@bücher.example')).toBe('user@bücher.example'); // stored as typed, compared as punycode
  });
});

describe('the part before the @ may not pass for another address (UTS #39)', () => {
  it('refuses a Cyrillic а among Latin letters, with a message a person understands', () => {
    expect(errorsOf('pаypal@pay.example')).toEqual([
      'Email mixes Latin and Cyrillic letters before the @ (“а” is Cyrillic), so it can pass for a different address. Type it in one alphabet.',
    ]);
    expect(errorsOf('paypal@pay.example')).toEqual([]);
    expect(errorsOf('иван.petrov@mail.example')[0]).toMatch(/mixes Cyrillic and Latin/);
  });

  it('refuses whole-script confusables: Cyrillic letters that all look Latin', () => {
    expect(errorsOf('сосо@mail.example')[0]).toMatch(/Cyrillic letters that look like Latin ones/);
  });

  it('accepts real names in one script, with the punctuation addresses use', () => {
    for (const v of ['jörg.müller@bücher.example', 'иван.петров@почта.рф', 'δημήτρης@mail.example', '山田@例え.jp', 'gőz.péter@mail.example', 'çağrı_k@mail.example', 'zoë+news@mail.example', 'jean-luc@mail.example', 'đorđe@mail.example']) {
      expect(errorsOf(v), v).toEqual([]);
    }
  });

  it('the zod schema names the field with the same message', () => {
    const r = emailSchema(unicode).safeParse('pаypal@pay.example');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/mixes Latin and Cyrillic/);
  });

  it('only looks at addresses beyond ASCII', () => {
    expect(localPartSpoofing('paypal')).toBeNull();
    expect(localPartSpoofing('a.b_c+d')).toBeNull();
  });

  it('ASCII-only profiles keep their own message', () => {
    const r = emailRule(profilePresets.default)('pаypal@pay.example');
    expect(r).toEqual({ errors: [{ id: 'email.non_ascii', message: 'Email must not contain umlauts or other non-ASCII characters.' }] });
  });
});

describe('the confusables check: loaded with the contract in Node (the tests above), on first need in a browser', () => {
  it('without it (a browser before its first address beyond ASCII) the rule refuses to judge rather than pass; after emailRulesReady it judges as Node', async () => {
    vi.resetModules();
    // email-identity.ts alone, as a browser build has it (`#email-confusables` resolves to nothing there).
    const fresh = await import('./email-identity.js');
    expect(() => fresh.localPartSpoofing('pаypal')).toThrow(/not loaded/);
    await fresh.emailRulesReady('paypal@pay.example', 'grace@example.com');
    expect(() => fresh.localPartSpoofing('pаypal'), 'ASCII values load nothing').toThrow(/not loaded/);
    await fresh.emailRulesReady('pаypal@pay.example');
    for (const local of ['pаypal', 'сосо', 'jörg.müller', 'иван.петров', 'paypal']) expect(fresh.localPartSpoofing(local), local).toEqual(localPartSpoofing(local));
  });
});

describe('the import agrees', () => {
  const options = (over: Partial<ImportOptions> = {}): ImportOptions => ({
    profile: { ...unicode, importRequiredColumns: ['firstName', 'lastName', 'email'], rolesPerUser: 'many' },
    metadata: phoneMetadata,
    kind: 'technician',
    catalog: { roles: [], groups: [], organizations: [], granted: new Set() },
    ...over,
  });

  it('an IDN and its punycode form in one file are one person; a look-alike is refused', () => {
    const rows = [
      { firstName: 'A', lastName: 'B', email: 'user@bücher.example' },
      { firstName: 'A', lastName: 'B', email: 'user@xn--bcher-kva.example' },
      { firstName: 'A', lastName: 'B', email: 'pаypal@pay.example' },
    ];
    const { results } = validateImportRows(rows, options());
    expect(results[0]!.issues).toEqual([]);
    expect(results[0]!.value?.emailNormalized).toBe('user@xn--bcher-kva.example');
    expect(results[1]!.issues[0]?.message).toMatch(/The same email as row 1/);
    expect(results[2]!.issues).toMatchObject([{ field: 'email', id: 'email.mixed_scripts', message: expect.stringMatching(/mixes Latin and Cyrillic/) }]);
  });

  it('the fast rule gives the full rule’s verdicts on addresses with look-alikes and IDNs (property)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'aopxü.-_@@\u0430\u043e\u0440\u0445\u0456\u03bf\u00f6\u0308'.split('')), maxLength: 16 });
    for (const profile of Object.values(profilePresets)) {
      const fast = fastEmailRule(profile);
      const full = emailRule(profile);
      fc.assert(fc.property(fc.tuple(text, fc.constantFrom('@pay.example', '@bücher.example', '@xn--bcher-kva.example', '')), ([local, domain]) => {
        const v = local + domain;
        expect(fast(v)).toEqual(full(v));
        if (typeof full(v) === 'string') expect(normalizeEmail(v)).toBe(normalizeEmail(normalizeEmail(v)));
      }), { numRuns: 2_000 });
    }
  });
});
