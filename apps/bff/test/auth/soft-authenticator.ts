import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';

/**
 * A software WebAuthn authenticator for the BFF's tests: real ES256 keys (P-256, node:crypto), a real attestation
 * object (`none` format, CBOR) and real signatures over authenticatorData ‖ SHA-256(clientDataJSON), as a security key
 * makes them. Each answer can be bent the way an attacker would: another origin, another RP id, a counter set back.
 */
type Options = { challenge: string; allowCredentials?: { id: string }[] };
const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash('sha256').update(data).digest());
const b64u = (bytes: Uint8Array | string) => isoBase64URL.fromBuffer((typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes) as Uint8Array<ArrayBuffer>);
const u32 = (n: number) => new Uint8Array([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export class SoftAuthenticator {
  readonly keys = new Map<string, { privateKey: KeyObject; counter: number }>();
  constructor(
    readonly origin = 'https://roster.test',
    readonly rpId = new URL(origin).hostname,
  ) {}

  /** The answer to registration options (`navigator.credentials.create`), as WebAuthn JSON. */
  register(options: Options, bend: { origin?: string; rpId?: string; type?: string } = {}) {
    const credentialId = randomBytes(16);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    const cose = isoCBOR.encode(new Map<number, number | Uint8Array>([[1, 2], [3, -7], [-1, 1], [-2, isoBase64URL.toBuffer(jwk.x)], [-3, isoBase64URL.toBuffer(jwk.y)]]) as never);
    // Flags: user present (0x01), user verified (0x04), attested credential data (0x40); counter 0; AAGUID zeros.
    const authData = concat(sha256(bend.rpId ?? this.rpId), new Uint8Array([0x45]), u32(0), new Uint8Array(16), new Uint8Array([0, credentialId.length]), credentialId, cose);
    const attestationObject = isoCBOR.encode(new Map<string, unknown>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]) as never);
    const clientDataJSON = JSON.stringify({ type: bend.type ?? 'webauthn.create', challenge: options.challenge, origin: bend.origin ?? this.origin, crossOrigin: false });
    const id = b64u(credentialId);
    this.keys.set(id, { privateKey, counter: 0 });
    return { id, rawId: id, type: 'public-key', response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['usb'] }, clientExtensionResults: {} };
  }

  /** The answer to authentication options (`navigator.credentials.get`) with one of this authenticator's keys. */
  assert(options: Options, bend: { id?: string; origin?: string; rpId?: string; counter?: number } = {}) {
    const id = bend.id ?? options.allowCredentials?.find((c) => this.keys.has(c.id))?.id ?? [...this.keys.keys()][0]!;
    const key = this.keys.get(id)!;
    key.counter = bend.counter ?? key.counter + 1;
    const authenticatorData = concat(sha256(bend.rpId ?? this.rpId), new Uint8Array([0x05]), u32(key.counter));
    const clientDataJSON = JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin: bend.origin ?? this.origin, crossOrigin: false });
    const signature = new Uint8Array(sign('sha256', concat(authenticatorData, sha256(clientDataJSON)), key.privateKey));
    return { id, rawId: id, type: 'public-key', response: { clientDataJSON: b64u(clientDataJSON), authenticatorData: b64u(authenticatorData), signature: b64u(signature) }, clientExtensionResults: {} };
  }
}
