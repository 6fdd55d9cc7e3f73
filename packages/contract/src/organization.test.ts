import { describe, expect, it } from 'vitest';
import { CreateOrganizationRequestSchema, ORGANIZATION_NAME_MAX, PatchOrganizationRequestSchema } from './domain.js';

describe('organization requests', () => {
  it('normalises the name: NFC, trimmed, inner whitespace as one space', () => {
    expect(CreateOrganizationRequestSchema.parse({ name: '  Cafe\u0301 \t  Bar ' })).toEqual({ name: 'Café Bar' });
  });

  it('refuses empty, overlong, non-text and invisible-character names, and unknown fields, each at its path', () => {
    const paths = (body: unknown) => {
      const r = CreateOrganizationRequestSchema.safeParse(body);
      return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
    };
    for (const name of ['', '   ', 'x'.repeat(ORGANIZATION_NAME_MAX + 1), 7, null, 'a\u0000b', 'a\u202eb']) expect(paths({ name }), JSON.stringify(name)).toEqual(['name']);
    expect(paths({})).toEqual(['name']);
    expect(paths({ name: 'Ok', extra: 1 })).toEqual(['']);
    expect(CreateOrganizationRequestSchema.safeParse({ name: 'x'.repeat(ORGANIZATION_NAME_MAX) }).success).toBe(true);
  });

  it('a patch may leave the name out, but never empties it', () => {
    expect(PatchOrganizationRequestSchema.parse({})).toEqual({});
    expect(PatchOrganizationRequestSchema.safeParse({ name: ' ' }).success).toBe(false);
  });
});
