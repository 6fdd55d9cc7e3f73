/**
 * The contract's value lists and limits, free of zod: an element that needs only these (the table's status filter,
 * its page size) imports them up front without pulling the schemas into its chunk. The schemas build on them.
 */
export const userKinds = ['technician', 'end_user'] as const;
export const userStatuses = ['invited', 'active', 'deactivated', 'locked_out'] as const;
export const mfaStates = ['not_enrolled', 'enrolled'] as const;
/**
 * How a person proves the second factor (NinjaOne's Security tab), chosen by an admin: an authenticator app (`totp`),
 * a security key or passkey (`webauthn`), or text-message codes to a mobile number (`sms`). `availableSignInMethods`
 * is the one list of the methods an admin may choose (create, update, import, the profile's default).
 */
export const signInMethods = ['totp', 'webauthn', 'sms'] as const;
export const availableSignInMethods = ['totp', 'webauthn', 'sms'] as const;
export const availabilities = ['available', 'out_of_office'] as const;
export const invitationStatuses = ['pending', 'registered', 'expired'] as const;
export const userSortKeys = ['firstName', 'lastName', 'username', 'status', 'mfa', 'createdAt'] as const;
export const USER_PAGE_MAX = 200;
export const USER_PAGE_DEFAULT = 50;
export const languages = ['en', 'de', 'fr', 'es', 'nl', 'it', 'pt', 'ar'] as const;
