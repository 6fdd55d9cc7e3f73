import * as z from 'zod/mini';

/** Sign-in, second-factor enrolment and step-up: the self-service credential routes' bodies and answers. */

const Id = z.uuid({ error: 'Must be an ID (a UUID).' });
const Timestamp = z.string(); // ISO 8601, produced by the server
const Code = z.string().check(z.maxLength(12));

export const LoginRequestSchema = z.strictObject({
  tenantId: Id,
  login: z.string().check(z.minLength(1, { error: 'Email or username is required.' }), z.maxLength(320)),
  password: z.string().check(z.minLength(1, { error: 'Password is required.' }), z.maxLength(200)),
  code: z.optional(Code),
  /** One of the user's recovery codes, in place of the second factor (`ABCDE-FGHJK`; case, spaces and dashes ignored). */
  recoveryCode: z.optional(z.string().check(z.maxLength(32))),
});

/** A session was started (Set-Cookie roster_session). */
export const SessionResponseSchema = z.object({ userId: Id, expiresAt: Timestamp });

/** How many recovery codes there are in a set: each single-use, shown once. */
export const RECOVERY_CODE_COUNT = 10;
/** Recovery codes as they are shown, once: when a factor is set up, and when the person asks for a new set. */
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof RecoveryCodesSchema>;
/** `GET /v1/auth/recovery-codes`: how many unused recovery codes the person has left (never the codes). */
export const RecoveryCodeCountSchema = z.object({ remaining: z.int() });
export type RecoveryCodeCount = z.infer<typeof RecoveryCodeCountSchema>;
/** A sign-in that set up the factor: the session, and the recovery codes shown this once. */
export const EnrolledSessionResponseSchema = z.extend(SessionResponseSchema, { recoveryCodes: z.array(z.string()) });

/** A new TOTP factor to confirm with its first code: the ticket proves the step before it (password or invitation). */
export const MfaEnrolmentSchema = z.object({ ticket: z.string(), secret: z.string(), otpauthUri: z.string(), qrCodeSvg: z.string() });
export type MfaEnrolment = z.infer<typeof MfaEnrolmentSchema>;

/** Sign-in with the right password where 2FA is required and no factor is enrolled: enrolment starts, no session. */
export const MfaEnrolmentRequiredSchema = z.object({ status: z.literal('mfa_enrolment_required'), mfa: MfaEnrolmentSchema });

/** `POST /v1/auth/mfa/enrol`: the sign-in's ticket and the first code of the new factor. */
export const MfaEnrolRequestSchema = z.strictObject({
  ticket: z.string().check(z.minLength(1, { error: 'Ticket is required.' }), z.maxLength(200)),
  code: Code,
});

/**
 * Text-message sign-in (`sms`): a six-digit code sent to the person's mobile number, valid `SMS_CODE_MINUTES`,
 * single-use, burnt after `SMS_CODE_TRIES` wrong tries; another code no sooner than `SMS_RESEND_SECONDS` after an
 * unused one, and `SMS_CODES_PER_WINDOW` per `SMS_WINDOW_MINUTES` per person (429 with Retry-After beyond).
 */
export const SMS_CODE_MINUTES = 5;
export const SMS_CODE_TRIES = 5;
export const SMS_RESEND_SECONDS = 30;
export const SMS_CODES_PER_WINDOW = 5;
export const SMS_WINDOW_MINUTES = 15;

/** A code was sent: to which number (masked: only its last two digits), until when it is valid, when to offer another. */
export const SmsCodeSentSchema = z.object({ to: z.string(), expiresAt: Timestamp, resendAfterSeconds: z.int() });
export type SmsCodeSent = z.infer<typeof SmsCodeSentSchema>;
/** Sign-in with the right password of a person who signs in with text messages: the code is on its way (no session yet). */
export const SmsCodeSentResponseSchema = z.extend(SmsCodeSentSchema, { status: z.literal('sms_code_sent') });
/**
 * Setting up text-message sign-in (an invitation, or a sign-in that needs the factor): the `ticket` of the step, and
 * the code already sent — or null when no mobile number is known yet (ask for one: POST /v1/auth/sms/enrolment-code).
 */
export const SmsEnrolmentSchema = z.object({ ticket: z.string(), sent: z.nullable(SmsCodeSentSchema) });
export type SmsEnrolment = z.infer<typeof SmsEnrolmentSchema>;
/** Sign-in with the right password where text-message sign-in is required and not set up (or its number changed). */
export const SmsEnrolmentRequiredSchema = z.object({ status: z.literal('sms_enrolment_required'), sms: SmsEnrolmentSchema });
/** `POST /v1/auth/sms/enrolment-code`: (another) code for the enrolment of `ticket`, to `phone` or the number on file. */
export const SmsEnrolmentCodeRequestSchema = z.strictObject({
  ticket: z.string().check(z.minLength(1, { error: 'Ticket is required.' }), z.maxLength(200)),
  phone: z.optional(z.string().check(z.maxLength(40))),
});

/** The header that carries a step-up token to the credential routes (with a session cookie or a widget token). */
export const STEP_UP_HEADER = 'Roster-Step-Up';
/** How long a step-up token proves the person: minutes, and never past the user's sessions. */
export const STEP_UP_TTL_SECONDS = 300;

/**
 * A security key's answer to a step-up challenge (`POST /v1/auth/step-up/webauthn`): its single-use `ticket` and the
 * WebAuthn JSON of the assertion (`credential.toJSON()` of `navigator.credentials.get`).
 */
export const WebauthnAssertionSchema = z.strictObject({
  ticket: z.string().check(z.minLength(1, { error: 'Ticket is required.' }), z.maxLength(200)),
  response: z.record(z.string(), z.unknown()),
});
export type WebauthnAssertion = z.infer<typeof WebauthnAssertionSchema>;

/**
 * `POST /v1/auth/step-up`: fresh proof from the person — the current password and, when enrolled, the factor as at
 * sign-in: a current `code` (authenticator app, or the text message of POST /v1/auth/step-up/sms) or, for a person
 * who signs in with security keys, `webauthn` (a key's
 * answer to a step-up challenge); or a `recoveryCode` in place of either (spent).
 */
export const StepUpRequestSchema = z.strictObject({
  password: z.string().check(z.minLength(1, { error: 'Password is required.' }), z.maxLength(200)),
  code: z.optional(Code),
  webauthn: z.optional(WebauthnAssertionSchema),
  recoveryCode: z.optional(z.string().check(z.maxLength(32))),
});
export type StepUpRequest = z.infer<typeof StepUpRequestSchema>;
export const StepUpResponseSchema = z.object({ stepUpToken: z.string(), expiresAt: Timestamp });
export type StepUpResponse = z.infer<typeof StepUpResponseSchema>;

/** `POST /v1/auth/mfa/confirm`: the re-enrolment's ticket and the first code of the new factor. */
export const MfaConfirmRequestSchema = z.strictObject({ ticket: z.string().check(z.maxLength(200)), code: Code });

/** `POST /v1/auth/mfa/enrolment`: fresh proof (or the Roster-Step-Up header instead), before a new factor is issued. */
export const MfaReEnrolmentRequestSchema = z.strictObject({
  password: z.optional(z.string().check(z.minLength(1, { error: 'Password is required.' }), z.maxLength(200))),
  code: z.optional(Code),
});

/**
 * One live session of a person (the self-service sign-in's cookie), as `GET /v1/auth/sessions` and
 * `GET /v1/users/:id/sessions` show it. `lastUsedAt` is recorded at most once a minute; `userAgent` and `address`
 * are those of the sign-in, null where unknown. `current`: the session making the request (never for a widget
 * token, which is not a session).
 */
export const SessionInfoSchema = z.object({
  id: Id,
  createdAt: Timestamp,
  lastUsedAt: z.nullable(Timestamp),
  expiresAt: Timestamp,
  userAgent: z.nullable(z.string()),
  address: z.nullable(z.string()),
  current: z.boolean(),
  /** A "view as" session: the administrator who started it (null or absent: the person's own). */
  impersonatedBy: z.optional(z.nullable(Id)),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;
export const SessionListSchema = z.object({ items: z.array(SessionInfoSchema) });
export type SessionList = z.infer<typeof SessionListSchema>;

/** `POST /v1/auth/sessions/revoke-all`: every other session; with `includeCurrent` this one and every widget token too. */
export const RevokeSessionsRequestSchema = z.strictObject({ includeCurrent: z.optional(z.boolean()) });
/** How many sessions a sign-out ended. */
export const RevokedSessionsSchema = z.object({ revoked: z.int() });

/** The emailed links a self-service page opens: what each one's token is for. */
export const linkPurposes = ['invitation', 'password_reset', 'email_change'] as const;
export type LinkPurpose = (typeof linkPurposes)[number];

/**
 * What became of an emailed link, asked when its page loads so a dead link is explained before anyone types:
 * `valid` (it can be used), `expired`, `used`, `replaced` (a newer link of the same kind was sent since, or the
 * credential it was for changed), `unknown` (no such link, or not a whole one).
 */
export const linkStates = ['valid', 'expired', 'used', 'replaced', 'unknown'] as const;
export type LinkState = (typeof linkStates)[number];

/** `GET /v1/public/link-status`: the link's state and purpose (null when unknown) — nothing of whose it is. */
export const LinkStatusSchema = z.object({ state: z.enum(linkStates), purpose: z.nullable(z.enum(linkPurposes)) });
export type LinkStatus = z.infer<typeof LinkStatusSchema>;

/** `GET /v1/public/link-status?token=…`: the link's token, looked up without spending it. */
export const LinkStatusQuerySchema = z.strictObject({ token: z.string().check(z.maxLength(200)) });

/**
 * A WebAuthn ceremony the browser runs (`navigator.credentials.create`/`get`, or @simplewebauthn/browser's
 * `startRegistration`/`startAuthentication`): `options` as the WebAuthn JSON of PublicKeyCredentialCreationOptions or
 * RequestOptions, and the single-use `ticket` (minutes) that binds the answer to this challenge and this person.
 */
export const WebauthnChallengeSchema = z.object({ ticket: z.string(), options: z.record(z.string(), z.unknown()) });
export type WebauthnChallenge = z.infer<typeof WebauthnChallengeSchema>;
/** Sign-in with the right password of a person whose method is a security key: the key's assertion comes next. */
export const WebauthnRequiredSchema = z.object({ status: z.literal('webauthn_required'), webauthn: WebauthnChallengeSchema });
/** Sign-in with the right password where a security key is required and none is registered yet: registration first. */
export const WebauthnRegistrationRequiredSchema = z.object({ status: z.literal('webauthn_registration_required'), webauthn: WebauthnChallengeSchema });

const KeyName = z.string().check(z.trim(), z.minLength(1, { error: 'Give the key a name.' }), z.maxLength(100, { error: 'At most 100 characters.' }));
/**
 * The authenticator's answer (the WebAuthn JSON of the PublicKeyCredential, as `credential.toJSON()` or
 * @simplewebauthn/browser give it) to the challenge of `ticket`. `name` names a new key (a default otherwise).
 */
export const WebauthnAnswerSchema = z.strictObject({
  ticket: z.string().check(z.minLength(1, { error: 'Ticket is required.' }), z.maxLength(200)),
  response: z.record(z.string(), z.unknown()),
  name: z.optional(KeyName),
});
export type WebauthnAnswer = z.infer<typeof WebauthnAnswerSchema>;

/** One of a person's security keys or passkeys, as they see it (never the key material). */
export const WebauthnCredentialSchema = z.object({
  id: Id,
  name: z.string(),
  transports: z.array(z.string()),
  createdAt: Timestamp,
  lastUsedAt: z.nullable(Timestamp),
});
export type WebauthnCredential = z.infer<typeof WebauthnCredentialSchema>;
export const WebauthnCredentialListSchema = z.object({ items: z.array(WebauthnCredentialSchema) });
export type WebauthnCredentialList = z.infer<typeof WebauthnCredentialListSchema>;
