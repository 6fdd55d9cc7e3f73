/**
 * The messages only the API says, in English: its errors' own messages (`error.*`) and the tenant settings'
 * (branding), which no element shows. Kept apart from ./en.ts so that pages do not carry them; the server
 * registers them (`registerMessages`). Other languages: ./de-api.ts, ./ar-api.ts.
 */
export const enApi = {
  'field.productName': 'Product name',
  'field.senderName': 'Sender name',
  'field.accentColor': 'Accent colour',
  'field.logoUrl': 'Logo URL',
  'field.linkBaseUrl': 'Link base URL',
  'field.too_long': '{field} can have at most {max} characters.',
  'value.must_be_text': '{field} must be text.',
  'branding.empty': '{field} cannot be empty; send null to clear it.',
  'branding.invisible': '{field} contains an invisible control character.',
  'branding.header_breaking': '{field} cannot contain line breaks or the characters < > ".',
  'branding.accent_color': '{field} must be a colour such as #1f6feb.',
  'url.spaces': '{field} cannot contain spaces or control characters.',
  'url.not_https': '{field} must be an absolute https:// URL.',
  'url.credentials': '{field} cannot contain a user name or password.',
  'url.query': '{field} cannot have a query.',
  'url.fragment': '{field} cannot have a fragment.',
  'error.validation_failed': 'Some fields are not valid.',
  'error.bad_query': 'Some query parameters are not valid.',
  'error.email_exists': 'A user with this email already exists.',
  'error.username_exists': 'A user with this username already exists.',
  'error.not_found': '{what} not found.',
  'error.forbidden': 'You do not have permission to do this.',
  'error.permission_needed': 'This needs the {permission} permission.',
  'error.unauthorized': 'Authentication is required.',
  'error.bearer_required': 'Send an Authorization: Bearer token.',
  'error.invalid_token': 'The token is invalid or has expired.',
  'error.rate_limited': 'Too many requests; try again later.',
  'error.payload_too_large': 'The request body is larger than {kb} KB.',
  'error.service_unavailable': 'The service is unavailable for a moment (its database cannot be reached). Try again in a few seconds.',
  'error.internal': 'Something went wrong on our side (request {requestId}).',
} as const;
