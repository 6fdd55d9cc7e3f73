import { describe, expect, it } from 'vitest';
import { BRANDING_NAME_MAX, LOGO_URL_MAX, PatchTenantRequestSchema, PutBrandingRequestSchema, productNameOf, senderNameOf } from './branding.js';
import { CreateTenantRequestSchema } from './domain.js';

const paths = (schema: typeof PutBrandingRequestSchema | typeof PatchTenantRequestSchema, body: unknown) => {
  const r = schema.safeParse(body);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
};

describe('branding fields', () => {
  it('normalises what it keeps: trimmed names, lower-case colour, the parsed logo URL', () => {
    expect(PutBrandingRequestSchema.parse({ productName: '  Acme Portal ', senderName: ' Acme IT ', accentColor: '#1F6FEB', logoUrl: 'https://cdn.acme.example/logo.svg' })).toEqual({
      productName: 'Acme Portal',
      senderName: 'Acme IT',
      accentColor: '#1f6feb',
      logoUrl: 'https://cdn.acme.example/logo.svg',
    });
    expect(PutBrandingRequestSchema.parse({})).toEqual({});
    expect(PutBrandingRequestSchema.parse({ productName: null, logoUrl: null, accentColor: null, senderName: null })).toEqual({ productName: null, logoUrl: null, accentColor: null, senderName: null });
  });

  it('refuses each bad value at its own field', () => {
    const bad: Record<string, unknown[]> = {
      productName: ['', '   ', 'x'.repeat(BRANDING_NAME_MAX + 1), 'Acme\u0000', 'Acme\u202eemca', 'a\nb', 7],
      senderName: ['', 'x'.repeat(BRANDING_NAME_MAX + 1), 'Acme\r\nBcc: victim@example.com', 'Acme <evil@example.com>', 'Say "hi"', 'a\u200bb', false],
      accentColor: ['red', '#fff', '#12345g', '1f6feb', '#1f6feb80', 'rgb(1,2,3)', 3],
      logoUrl: [
        'http://cdn.acme.example/logo.svg',
        'javascript:alert(1)',
        'data:image/svg+xml,<svg/>',
        '//cdn.acme.example/logo.svg',
        '/logo.svg',
        'https://user:pass@cdn.acme.example/logo.svg',
        'https://user@cdn.acme.example/logo.svg',
        'https://cdn.acme.example/lo go.svg',
        `https://cdn.acme.example/${'a'.repeat(LOGO_URL_MAX)}`,
        'https://',
        42,
      ],
    };
    for (const [field, values] of Object.entries(bad)) {
      for (const value of values) expect(paths(PutBrandingRequestSchema, { [field]: value }), `${field}: ${JSON.stringify(value)}`).toEqual([field]);
    }
    expect(PutBrandingRequestSchema.safeParse({ productName: 'x'.repeat(BRANDING_NAME_MAX), senderName: 'Ünïcode Ltd', logoUrl: 'https://cdn.example/a.png?v=2' }).success).toBe(true);
  });

  it('the link base is an https origin with an optional path prefix, nothing else', () => {
    const base = (linkBaseUrl: unknown) => PatchTenantRequestSchema.safeParse({ linkBaseUrl });
    expect(base('https://portal.msp.example').data).toEqual({ linkBaseUrl: 'https://portal.msp.example' });
    expect(base('https://Portal.MSP.example:8443/roster/').data).toEqual({ linkBaseUrl: 'https://portal.msp.example:8443/roster' });
    expect(base(null).data).toEqual({ linkBaseUrl: null });
    for (const bad of ['http://portal.msp.example', 'https://portal.msp.example/?a=1', 'https://portal.msp.example/#x', 'https://portal.msp.example?', 'https://u:p@portal.msp.example', 'portal.msp.example', 'ftp://portal.msp.example', '']) {
      expect(paths(PatchTenantRequestSchema, { linkBaseUrl: bad }), bad).toEqual(['linkBaseUrl']);
    }
  });

  it('a tenant admin’s branding cannot carry the link base; the operator’s patch names the branding field', () => {
    expect(PutBrandingRequestSchema.safeParse({ linkBaseUrl: 'https://evil.example' }).success).toBe(false);
    expect(paths(PatchTenantRequestSchema, { branding: { accentColor: 'blue' } })).toEqual(['branding.accentColor']);
    expect(paths(CreateTenantRequestSchema as never, { name: 'T', rootAdmin: { firstName: 'a', lastName: 'b', email: 'c@d.example' }, branding: { logoUrl: 'http://x.example/l.png' } })).toEqual(['branding.logoUrl']);
  });

  it('names the product and the sender with fallbacks', () => {
    expect(productNameOf({ productName: null })).toBe('Roster');
    expect(productNameOf({ productName: 'Acme' })).toBe('Acme');
    expect(senderNameOf({ productName: 'Acme', senderName: null })).toBe('Acme');
    expect(senderNameOf({ productName: 'Acme', senderName: 'Acme Support' })).toBe('Acme Support');
    expect(senderNameOf({ productName: null, senderName: null })).toBeNull();
  });
});
