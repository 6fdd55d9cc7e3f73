import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as z from 'zod/mini';
import { emailSchema, nameSchema, normalizeEmail, phoneSchema, usernameSchema } from './fields.js';
import { profileConflicts, profilePresets, resolveProfile, PolicyProfileSchema, ProfileInputSchema, type PolicyProfile } from './profile.js';
import { administratorRoleOf, builtInRolesOf } from './permissions.js';
import { toIssues } from './errors.js';
import { UserListQuerySchema } from './domain.js';
import { phoneForReading, phoneMetadata } from './phone-metadata.js';

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('names', () => {
  const ninja = nameSchema(profilePresets.ninjaone, 'firstName');
  const kaseya = nameSchema(profilePresets.kaseyaone, 'firstName');

  it('ninjaone accepts letters of any script only', () => {
    expect(ninja.parse('  Jörg  ')).toBe('Jörg');
    expect(ninja.parse('Zoë')).toBe('Zoë');
    expect(ninja.parse('Ана')).toBe('Ана');
    expect(messages(ninja.safeParse("O'Brien"))).toEqual(['First name may contain letters only.']);
    expect(messages(ninja.safeParse('Anna-Lena'))).toEqual(['First name may contain letters only.']);
    expect(messages(ninja.safeParse('R2D2'))).toEqual(['First name may contain letters only.']);
    expect(messages(ninja.safeParse('   '))).toEqual(['First name is required.']);
    expect(ninja.safeParse('a'.repeat(150)).success).toBe(true);
    expect(messages(ninja.safeParse('a'.repeat(151)))).toEqual(['First name can have at most 150 characters.']);
  });

  it('kaseyaone accepts international letters, digits, spaces, dashes and apostrophes up to 48', () => {
    expect(kaseya.parse("Anna-Lena O'Brien 3rd")).toBe("Anna-Lena O'Brien 3rd");
    expect(messages(kaseya.safeParse('a'.repeat(49)))).toEqual(['First name can have at most 48 characters.']);
    expect(messages(kaseya.safeParse('Ann@'))).toEqual(['First name may contain letters, digits, spaces, dashes and apostrophes.']);
  });

  it('refuses bidi controls and zero-width characters with their own message', () => {
    for (const bad of ['Ann\u200Ba', 'Ann\u202Ea', '\u2066Anna', 'An\u0000na']) {
      expect(messages(kaseya.safeParse(bad))).toEqual([
        'First name contains an invisible control character (for example a zero-width space or a text-direction mark).',
      ]);
    }
  });

  it('normalizes NFD input to NFC', () => {
    expect(kaseya.parse('Zoe\u0308')).toBe('Zoë');
  });

  it('never throws, and whatever it accepts is trimmed, NFC and within the limit (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (s) => {
        const r = kaseya.safeParse(s);
        if (r.success) {
          expect(r.data).toBe(r.data.trim());
          expect(r.data).toBe(r.data.normalize('NFC'));
          expect([...r.data].length).toBeLessThanOrEqual(48);
        }
      }),
    );
  });
});

describe('email', () => {
  const ninja = emailSchema(profilePresets.ninjaone);
  const kaseya = emailSchema(profilePresets.kaseyaone);

  it('accepts ordinary addresses and trims them', () => {
    expect(ninja.parse('  jane.doe+tag@example.co.uk ')).toBe('jane.doe+tag@example.co.uk');
  });

  it('ninjaone: max 64, no umlauts, no leading or trailing dot or hyphen', () => {
    expect(messages(ninja.safeParse(`${'a'.repeat(55)}@example.com`))).toEqual(['Email can have at most 64 characters.']);
    expect(messages(ninja.safeParse('jörg@example.com'))).toEqual(['Email must not contain umlauts or other non-ASCII characters.']);
    expect(messages(ninja.safeParse('.jane@example.com'))).toContain('Email must not start or end with a dot or a hyphen.');
    expect(messages(ninja.safeParse('jane@example.com-'))).toContain('Email must not start or end with a dot or a hyphen.');
  });

  it('refuses malformed and look-alike addresses', () => {
    for (const bad of ['plain', 'a@b', 'a@@b.com', 'a b@c.com', 'a..b@c.com', 'a@-b.com']) {
      expect(messages(kaseya.safeParse(bad)), bad).toEqual(['Email must look like name@example.com.']);
    }
    expect(messages(kaseya.safeParse('jane\uFF20example.com'))).toContain('Email contains a look-alike @ sign (full-width); type a plain @.');
    expect(messages(kaseya.safeParse('ja\u200Bne@example.com'))).toEqual(['Email contains an invisible control character.']);
  });

  it('normalizes case and Unicode form for uniqueness', () => {
    expect(normalizeEmail(' Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(normalizeEmail('Zoe\u0308@x.de')).toBe(normalizeEmail('zoë@x.de'));
  });
});

describe('username', () => {
  const u = usernameSchema(profilePresets.kaseyaone);
  it('refuses # / ? \\ and more than 50 characters', () => {
    expect(u.parse('jane.doe')).toBe('jane.doe');
    for (const bad of ['a#b', 'a/b', 'a?b', 'a\\b']) expect(messages(u.safeParse(bad))).toEqual(['Username must not contain #, /, ? or \\.']);
    expect(messages(u.safeParse('x'.repeat(51)))).toEqual(['Username can have at most 50 characters.']);
    expect(messages(u.safeParse('a b'))).toEqual(['Username must not contain spaces or invisible characters.']);
  });
});

describe('phone', () => {
  const phone = phoneSchema(phoneMetadata);
  it('strips the Excel apostrophe and returns E.164', () => {
    expect(phone.parse("'+1 888 667 8888")).toBe('+18886678888');
    expect(phone.parse('+49 30 901820')).toBe('+4930901820');
  });
  it('needs the country code and a number valid for that country', () => {
    expect(messages(phone.safeParse('888 667 8888'))).toEqual(['Phone must start with + and the country code, for example +1 888 667 8888.']);
    expect(messages(phone.safeParse('+1 123'))[0]).toMatch(/^Phone is not a valid number/);
    expect(messages(phone.safeParse('+49 0000'))[0]).toMatch(/^Phone is not a valid number/);
  });
  it('never throws on arbitrary input (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => void phone.safeParse(s)));
  });
  it('reads a stored number as its country groups it, and leaves what it cannot parse as stored', () => {
    expect(phoneForReading('+4930901820')).toBe('+49 30 901820');
    expect(phoneForReading('+18886678888')).toBe('+1 888 667 8888');
    expect(phoneForReading('not a phone')).toBe('not a phone');
  });
});

describe('profiles', () => {
  it('every preset is a valid profile', () => {
    for (const preset of Object.values(profilePresets)) expect(PolicyProfileSchema.safeParse(preset).success).toBe(true);
  });
  it('the presets carry each seed system’s documented values', () => {
    expect(profilePresets.ninjaone).toMatchObject({ nameMaxLength: 150, emailMaxLength: 64, invitationTtlHours: 24, importMode: 'atomic', deletion: 'allowed' });
    expect(profilePresets.atera).toMatchObject({ usernameMode: 'email', deletion: 'never', defaultTechnicianRole: 'beginner', deactivationUnassignsTickets: true });
    expect(profilePresets.kaseyaone).toMatchObject({ nameMaxLength: 48, emailMaxLength: 100, usernameMaxLength: 50, invitationTtlHours: 336, importMode: 'per-row', deletion: 'except_root_admin' });
  });
  it('names the built-in roles as each document does: KaseyaOne’s Admin without Beginner, NinjaOne’s System Administrator, Atera’s Beginner', () => {
    const names = (p: PolicyProfile) => builtInRolesOf(p).map((r) => r.name);
    expect(names(profilePresets.kaseyaone)).toEqual(['Root Admin', 'Admin', 'Billing and Purchasing', 'User', 'Co-Managed User']);
    expect(names(profilePresets.ninjaone)).toContain('System Administrator');
    expect(names(profilePresets.atera)).toContain('Beginner');
    expect(administratorRoleOf(profilePresets.kaseyaone)).toBe('admin');
    expect(administratorRoleOf(profilePresets.ninjaone)).toBe('system_admin');
    expect(profilePresets.kaseyaone).toMatchObject({ rolesPerUser: 'one', groupNameMatch: 'exact' });
    for (const name of ['default', 'ninjaone', 'atera'] as const) expect(profilePresets[name]).toMatchObject({ rolesPerUser: 'many', groupNameMatch: 'any_case' });
  });
  it('refuses built-in roles without the Root Admin or with other than one administrator, and a default role the tenant lacks', () => {
    for (const preset of Object.values(profilePresets)) expect(profileConflicts(preset)).toEqual([]);
    expect(profileConflicts({ ...profilePresets.default, builtInRoles: ['system_admin', 'user'] })).toEqual([{ field: 'builtInRoles', message: 'Must include root_admin: every tenant has a Root Admin.' }]);
    expect(profileConflicts({ ...profilePresets.default, builtInRoles: ['root_admin', 'system_admin', 'admin'] })).toEqual([{ field: 'builtInRoles', message: 'Must include exactly one administrator role: admin or system_admin.' }]);
    expect(profileConflicts({ ...profilePresets.atera, builtInRoles: ['root_admin', 'admin'] })).toEqual([{ field: 'defaultTechnicianRole', message: 'Is beginner, which builtInRoles does not include.' }]);
  });
  it('resolves presets with overrides and refuses unknown fields', () => {
    expect(resolveProfile({ preset: 'atera', technicianSeatCap: 12 }).technicianSeatCap).toBe(12);
    expect(resolveProfile(undefined)).toEqual(profilePresets.default);
    expect(ProfileInputSchema.safeParse({ preset: 'atera', colour: 'red' }).success).toBe(false);
    expect(ProfileInputSchema.safeParse({ nameMaxLength: 0 }).success).toBe(false);
  });
});

describe('error issues', () => {
  it('names unknown keys one by one and explains built-in checks', () => {
    const r = UserListQuerySchema.safeParse({ limit: '500', bogus: '1', sort: 'x' });
    expect(r.success).toBe(false);
    const issues = toIssues(r.error!.issues as never, ['query']);
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: ['query', 'bogus'], message: 'Is not a known field.', code: 'value.unknown_field' },
        { path: ['query', 'limit'], message: 'Must be between 1 and 200.' },
        // A built-in sort key or a custom attribute's (issue 17), with its message id so de/ar say it too.
        {
          path: ['query', 'sort'],
          message: 'Must be one of firstName, lastName, username, status, mfa, createdAt or attr.<key>.',
          code: 'query.sort_invalid',
          params: { keys: 'firstName, lastName, username, status, mfa, createdAt' },
        },
      ]),
    );
  });
  it('list query defaults', () => {
    expect(UserListQuerySchema.parse({})).toEqual({ sort: 'lastName', order: 'asc', limit: 50 });
    expect(z.safeParse(UserListQuerySchema, { hideDeactivated: 'true', limit: '10' }).data).toMatchObject({ hideDeactivated: true, limit: 10 });
  });
});
