import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import { SecretBox } from './secret-box.js';

/** The box of stored TOTP secrets. Its label is part of their key: changing it would lock every enrolled user out. */
export const totpSecretBox = (signingKey: Uint8Array) => new SecretBox(signingKey, 'roster totp secret');

/**
 * TOTP (RFC 6238) through otplib. The shared secret must be usable, so it cannot be hashed: it is stored
 * encrypted (`SecretBox`: AES-256-GCM, key derived from the signing key), and each accepted time step is remembered so a
 * code is never accepted twice.
 */
export class TotpService {
  private readonly box: SecretBox;
  constructor(signingKey: Uint8Array) {
    this.box = totpSecretBox(signingKey);
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
    return this.box.seal(secret);
  }

  decrypt(stored: string): string {
    return this.box.open(stored);
  }
}
