import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';

/**
 * TOTP (RFC 6238) through otplib. The shared secret must be usable, so it cannot be hashed: it is stored
 * encrypted (AES-256-GCM, key derived from the signing key), and each accepted time step is remembered so a
 * code is never accepted twice.
 */
export class TotpService {
  private readonly key: Buffer;
  constructor(signingKey: Uint8Array) {
    this.key = Buffer.from(hkdfSync('sha256', signingKey, Buffer.alloc(0), 'roster totp secret', 32));
  }

  newSecret(): string {
    return generateSecret();
  }

  async enrolment(secret: string, account: string, issuer: string) {
    const uri = generateURI({ issuer, label: account, secret });
    return { secret, otpauthUri: uri, qrCodeSvg: await QRCode.toString(uri, { type: 'svg', margin: 1 }) };
  }

  /** The accepted time step, or null. A step at or before `lastStep` is a replay and refused. */
  verify(secret: string, code: string, lastStep: number | null): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const result = verifySync({ secret, token: code, epochTolerance: 30 });
    if (!result.valid || !('timeStep' in result)) return null;
    const step = Number(result.timeStep);
    if (lastStep !== null && step <= lastStep) return null;
    return step;
  }

  encrypt(secret: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64')).join('.');
  }

  decrypt(stored: string): string {
    const [iv, tag, body] = stored.split('.').map((p) => Buffer.from(p, 'base64'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(body!), decipher.final()]).toString('utf8');
  }
}
