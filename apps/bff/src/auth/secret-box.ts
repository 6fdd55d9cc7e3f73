import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * Symmetric encryption of small secrets that Roster must be able to read back (a TOTP shared secret, the token of
 * a queued email's link): AES-256-GCM under a key derived from the signing key (`ROSTER_SIGNING_KEY`) by HKDF-SHA256
 * with a label of its own per use, so a key of one use never opens another's data. A database alone opens nothing.
 *
 * Stored as `iv.tag.ciphertext` (base64 each; 96-bit random IV). `context` is authenticated, not stored
 * (GCM's additional data): a sealed value copied to another row with another context does not open.
 */
export class SecretBox {
  private readonly key: KeyObject;

  constructor(signingKey: Uint8Array, label: string) {
    this.key = createSecretKey(Buffer.from(hkdfSync('sha256', signingKey, Buffer.alloc(0), label, 32)));
  }

  seal(plain: string, context = ''): string {
    return this.sealWithIv(plain, context, randomBytes(12));
  }

  /** Many values at once (a bulk import seals 100,000 tokens): one draw of random bytes for all IVs. */
  sealMany(plains: readonly string[], contexts: readonly string[]): string[] {
    const ivs = randomBytes(12 * plains.length);
    const out = new Array<string>(plains.length);
    for (let i = 0; i < plains.length; i++) out[i] = this.sealWithIv(plains[i]!, contexts[i]!, ivs.subarray(i * 12, i * 12 + 12));
    return out;
  }

  /** The plain text; throws when the value was altered, sealed under another key or for another context. */
  open(sealed: string, context = ''): string {
    const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64'));
    if (!iv || iv.length !== 12 || !tag || tag.length !== 16 || !body) throw new Error('Not a sealed value.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    if (context) decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  }

  private sealWithIv(plain: string, context: string, iv: Buffer): string {
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: 16 });
    if (context) cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${body.toString('base64')}`;
  }
}
