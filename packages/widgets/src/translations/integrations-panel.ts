/** A scope's words: its short label and what it lets an app do. */
export interface ScopeWords {
  label: string;
  description: string;
}

/**
 * The words of the integrations panel `<user-table>`'s toolbar opens (issue 15, seed 002: an API client app created in
 * the console with chosen scopes, its secret shown once).
 */
export interface IntegrationsPanelStrings {
  title: string;
  close: string;
  /** The OAuth apps' section: its heading and what it is for. */
  oauthApps: string;
  oauthIntro: string;
  newApp: string;
  loading: string;
  loadFailed: string;
  retry: string;
  empty: string;
  /** The server was not reached. */
  unreachable: string;
  clientId: string;
  copy: string;
  copied: string;
  /** Said in the live region once a value is on the clipboard. */
  copiedClientId: string;
  copiedSecret: string;
  copyFailed: string;
  scopes: string;
  /**
   * Each OAuth scope of the contract (`oauthScopes`) by its key. A scope without words here is shown by its key, so a
   * scope the contract adds shows before its words are written.
   */
  scopeWords: Record<string, ScopeWords>;
  organization: string;
  allOrganizations: string;
  created: string;
  lastUsed: string;
  never: string;
  rotate: string;
  revoke: string;
  /** The New app form. */
  newAppTitle: string;
  name: string;
  scopesHint: string;
  organizationHint: string;
  /** SCIM apps: whether the people an identity provider provisions get an invitation email. */
  scimSendInvitations: string;
  scimSendInvitationsHint: string;
  scimInvitations: string;
  scimInvitationsSent: string;
  scimInvitationsNotSent: string;
  create: string;
  cancel: string;
  /** The one-time secret view, after creation or rotation. */
  readyTitle: (name: string) => string;
  rotatedTitle: (name: string) => string;
  secret: string;
  secretOnce: string;
  /** What the old secret does after a rotation: until when it works (a formatted date), or that it stopped. */
  oldSecretUntil: (when: string) => string;
  oldSecretStopped: string;
  acknowledge: string;
  mustAcknowledge: string;
  done: string;
  /** The rotation's confirmation. */
  rotateTitle: (name: string) => string;
  rotateBody: string;
  grace: string;
  /** A grace period's choice: 0 stops the old secret at once. */
  graceHours: (hours: number) => string;
  /** The revocation's confirmation, naming the app. */
  revokeTitle: (name: string) => string;
  revokeBody: (name: string) => string;
  revoked: (name: string) => string;
  /** The tabs' label (OAuth apps, Webhooks) for assistive technology. */
  sections: string;
  webhooks: WebhooksStrings;
  apiKeys: ApiKeysStrings;
}

/** The API keys section: static keys for the tenant's own scripts. */
export interface ApiKeysStrings {
  title: string;
  intro: string;
  add: string;
  loading: string;
  loadFailed: string;
  empty: string;
  /** The key's first characters, shown to recognise it. */
  prefix: string;
  expires: string;
  expired: string;
  newTitle: string;
  scopesHint: string;
  organizationHint: string;
  lifetime: string;
  days: (n: number) => string;
  create: string;
  readyTitle: (name: string) => string;
  key: string;
  keyOnce: string;
  revokeBody: string;
  revoked: (name: string) => string;
}

/** The Webhooks section: the endpoints Roster posts signed events to, their deliveries. */
export interface WebhooksStrings {
  title: string;
  intro: string;
  add: string;
  loading: string;
  loadFailed: string;
  empty: string;
  url: string;
  urlHint: string;
  events: string;
  allEvents: string;
  someEvents: string;
  status: string;
  enabled: string;
  disabled: string;
  sendTest: string;
  /** Said once a test event is queued for the endpoint at `url`. */
  testQueued: (url: string) => string;
  deliveries: string;
  deliveriesTitle: (url: string) => string;
  noDeliveries: string;
  event: string;
  response: string;
  attempts: string;
  time: string;
  /** A delivery's status by the contract's key (pending, succeeded, dead); a key without words shows as it is. */
  deliveryStatus: Record<string, string>;
  noResponse: string;
  replay: string;
  replayed: (type: string) => string;
  refresh: string;
  back: string;
  delete: string;
  deleteTitle: (url: string) => string;
  deleteBody: string;
  deleted: (url: string) => string;
  newTitle: string;
  readyTitle: string;
  secret: string;
  secretOnce: string;
}

export const integrationsPanelEn: IntegrationsPanelStrings = {
  title: 'Integrations',
  close: 'Close',
  oauthApps: 'OAuth apps',
  oauthIntro: 'Apps that call the Roster API with a client ID and secret of their own (client credentials).',
  newApp: 'New app',
  loading: 'Loading the apps…',
  loadFailed: 'The apps could not be loaded.',
  retry: 'Try again',
  empty: 'No OAuth apps yet.',
  unreachable: 'Roster could not be reached. Check the connection and try again.',
  clientId: 'Client ID',
  copy: 'Copy',
  copied: 'Copied',
  copiedClientId: 'The client ID is on the clipboard.',
  copiedSecret: 'The secret is on the clipboard.',
  copyFailed: 'The browser did not allow copying; select the value and copy it by hand.',
  scopes: 'Scopes',
  scopeWords: {
    'monitoring:read': { label: 'Read', description: 'See users, organizations and roles.' },
    'management:write': { label: 'Manage end users', description: 'Create, change and delete end users and organizations.' },
    'widgets:mint': { label: 'Widget tokens', description: 'Mint widget tokens for the Roster elements in a host app.' },
    scim: { label: 'SCIM provisioning', description: 'Let an identity provider provision users over SCIM 2.0.' },
  },
  organization: 'Organization',
  allOrganizations: 'All organizations',
  created: 'Created',
  lastUsed: 'Last used',
  never: 'Never',
  rotate: 'Rotate secret',
  revoke: 'Revoke',
  newAppTitle: 'New OAuth app',
  name: 'Name',
  scopesHint: 'What the app may do. You can give only permissions you hold yourself.',
  organizationHint: 'Bound to one organization, its tokens see that organization only.',
  scimSendInvitations: 'Send an invitation email to each person it provisions',
  scimSendInvitationsHint: 'Off: people are created without an email, as identity providers usually sign them in themselves.',
  scimInvitations: 'Invitations',
  scimInvitationsSent: 'Sent to provisioned people',
  scimInvitationsNotSent: 'Not sent',
  create: 'Create app',
  cancel: 'Cancel',
  readyTitle: (name) => `${name} is ready`,
  rotatedTitle: (name) => `New secret for ${name}`,
  secret: 'Client secret',
  secretOnce: 'Copy the secret now and keep it somewhere safe: you will not see it again. Roster stores only a hash of it.',
  oldSecretUntil: (when) => `The previous secret keeps working until ${when}.`,
  oldSecretStopped: 'The previous secret has stopped working.',
  acknowledge: 'I have stored the secret',
  mustAcknowledge: 'Confirm that you stored the secret before you close this.',
  done: 'Done',
  rotateTitle: (name) => `Rotate the secret of ${name}?`,
  rotateBody: 'A new secret is made and shown once. The current one keeps working for the grace period you choose, so the integration can be updated without a gap.',
  grace: 'The current secret keeps working',
  graceHours: (h) => (h === 0 ? 'No longer: it stops at once' : h === 1 ? 'for 1 hour' : `for ${h} hours`),
  revokeTitle: (name) => `Revoke ${name}?`,
  revokeBody: (name) => `${name} can no longer get tokens, and its access tokens and every widget token it minted stop working at once. This cannot be undone.`,
  revoked: (name) => `${name} was revoked.`,
  sections: 'Integrations',
  webhooks: {
    title: 'Webhooks',
    intro: 'Roster posts signed events (Standard Webhooks) to these URLs when users and roles change.',
    add: 'Add endpoint',
    loading: 'Loading the endpoints…',
    loadFailed: 'The endpoints could not be loaded.',
    empty: 'No webhook endpoints yet.',
    url: 'URL',
    urlHint: 'An https:// address on the internet that answers with a 2xx status.',
    events: 'Events',
    allEvents: 'All events',
    someEvents: 'Only the events chosen',
    status: 'Status',
    enabled: 'On',
    disabled: 'Off',
    sendTest: 'Send test event',
    testQueued: (url) => `A test event is on its way to ${url}.`,
    deliveries: 'Deliveries',
    deliveriesTitle: (url) => `Deliveries to ${url}`,
    noDeliveries: 'Nothing delivered yet.',
    event: 'Event',
    response: 'Response',
    attempts: 'Attempts',
    time: 'Time',
    deliveryStatus: { pending: 'Pending', succeeded: 'Delivered', dead: 'Failed' },
    noResponse: 'None',
    replay: 'Replay',
    replayed: (type) => `${type} is sent again.`,
    refresh: 'Refresh',
    back: 'Back',
    delete: 'Delete',
    deleteTitle: (url) => `Delete the endpoint ${url}?`,
    deleteBody: 'No more events go to it, and its delivery log goes with it.',
    deleted: (url) => `The endpoint ${url} was deleted.`,
    newTitle: 'New webhook endpoint',
    readyTitle: 'The endpoint is added',
    secret: 'Signing secret',
    secretOnce: 'Check the signature of each delivery with this secret. Copy it now: you will not see it again.',
  },
  apiKeys: {
    title: 'API keys',
    intro: 'Keys for your own scripts: send one as "Authorization: Bearer rk_…". Each expires, and at most 600 requests a minute are answered per key.',
    add: 'New key',
    loading: 'Loading the keys…',
    loadFailed: 'The keys could not be loaded.',
    empty: 'No API keys yet.',
    prefix: 'Key',
    expires: 'Expires',
    expired: 'Expired',
    newTitle: 'New API key',
    scopesHint: 'What the key may do. You can give only permissions you hold yourself.',
    organizationHint: 'Bound to one organization, the key sees that organization only.',
    lifetime: 'Works for',
    days: (n) => (n === 1 ? '1 day' : `${n} days`),
    create: 'Create key',
    readyTitle: (name) => `${name} is ready`,
    key: 'API key',
    keyOnce: 'Copy the key now and keep it somewhere safe: you will not see it again. Roster stores only a hash of it.',
    revokeBody: 'Scripts using this key are refused from their next request. This cannot be undone.',
    revoked: (name) => `${name} was revoked.`,
  },
};
