import type { AttributeDefinition } from '@roster/contract';
import { SCIM_ENTERPRISE_USER, SCIM_ROSTER_USER, SCIM_GROUP, SCIM_LIST, SCIM_PAGE_MAX, SCIM_RESOURCE_TYPE, SCIM_SCHEMA, SCIM_SERVICE_PROVIDER_CONFIG, SCIM_USER } from '@roster/contract';
import type { Services } from '../context.js';

/** SCIM's discovery resources (RFC 7644 §4): what this service supports, its resource types and their schemas. */

const baseOf = (s: Services) => `${s.config.publicUrl}/scim/v2`;

export function serviceProviderConfig(s: Services) {
  return {
    schemas: [SCIM_SERVICE_PROVIDER_CONFIG],
    documentationUri: `${s.config.publicUrl}/docs`,
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: SCIM_PAGE_MAX },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'An access token (POST /oauth/token, client credentials) of an OAuth app with the scim scope, bound to one organization.',
        specUri: 'https://www.rfc-editor.org/rfc/rfc6750',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseOf(s)}/ServiceProviderConfig` },
  };
}

export function resourceTypes(s: Services) {
  const resources = [
    {
      schemas: [SCIM_RESOURCE_TYPE],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'User Account: an end user of the organization the app is bound to',
      schema: SCIM_USER,
      schemaExtensions: [
        { schema: SCIM_ENTERPRISE_USER, required: false },
        { schema: SCIM_ROSTER_USER, required: false },
      ],
      meta: { resourceType: 'ResourceType', location: `${baseOf(s)}/ResourceTypes/User` },
    },
    {
      schemas: [SCIM_RESOURCE_TYPE],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A role of the tenant; its members are the end users of the app’s organization holding it',
      schema: SCIM_GROUP,
      meta: { resourceType: 'ResourceType', location: `${baseOf(s)}/ResourceTypes/Group` },
    },
  ];
  return { schemas: [SCIM_LIST], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources };
}

const attribute = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

/** A custom attribute as a SCIM attribute of Roster's extension (a date is a string YYYY-MM-DD, a one-of its canonical values). */
const customAttribute = (d: AttributeDefinition) =>
  attribute(d.key, {
    type: d.type === 'number' ? 'decimal' : d.type === 'boolean' ? 'boolean' : 'string',
    required: d.required,
    caseExact: true,
    description: d.type === 'date' ? `${d.labels.en} (a date, YYYY-MM-DD)` : d.labels.en,
    ...(d.type === 'oneOf' ? { canonicalValues: d.options ?? [] } : {}),
  });

export function schemas(definitions: readonly AttributeDefinition[] = []) {
  const resources = [
    {
      schemas: [SCIM_SCHEMA],
      id: SCIM_USER,
      name: 'User',
      description: 'User Account',
      attributes: [
        attribute('userName', { required: true, uniqueness: 'server', description: 'The username; the email where the tenant’s profile has no usernames of its own. Cannot change where it is a username.' }),
        attribute('externalId', { caseExact: true, description: 'The identity provider’s id of the user' }),
        attribute('name', {
          type: 'complex',
          subAttributes: [attribute('givenName', { required: true }), attribute('familyName', { required: true }), attribute('formatted', { mutability: 'readOnly' })],
        }),
        attribute('displayName', { mutability: 'readOnly', description: 'Given and family name' }),
        attribute('emails', {
          type: 'complex',
          multiValued: true,
          required: true,
          description: 'One email, the primary work one (unique in the tenant)',
          subAttributes: [attribute('value', { required: true }), attribute('type', { canonicalValues: ['work'] }), attribute('primary', { type: 'boolean' })],
        }),
        attribute('active', { type: 'boolean', description: 'false: deactivated' }),
        attribute('groups', { type: 'complex', multiValued: true, mutability: 'readOnly', subAttributes: [attribute('value'), attribute('display'), attribute('$ref', { type: 'reference' })] }),
      ],
      meta: { resourceType: 'Schema' },
    },
    {
      schemas: [SCIM_SCHEMA],
      id: SCIM_GROUP,
      name: 'Group',
      description: 'Group: a role of the tenant',
      attributes: [
        attribute('displayName', { required: true, mutability: 'readOnly', description: 'The role’s name' }),
        attribute('members', { type: 'complex', multiValued: true, subAttributes: [attribute('value', { mutability: 'immutable' }), attribute('display', { mutability: 'readOnly' }), attribute('$ref', { type: 'reference' })] }),
      ],
      meta: { resourceType: 'Schema' },
    },
    {
      schemas: [SCIM_SCHEMA],
      id: SCIM_ENTERPRISE_USER,
      name: 'EnterpriseUser',
      description: 'Enterprise User: accepted and not kept',
      attributes: [attribute('employeeNumber'), attribute('department'), attribute('organization'), attribute('costCenter'), attribute('division')],
      meta: { resourceType: 'Schema' },
    },
    {
      schemas: [SCIM_SCHEMA],
      id: SCIM_ROSTER_USER,
      name: 'RosterUser',
      description: 'The tenant’s custom attributes (GET /v1/attributes), by key',
      attributes: definitions.map(customAttribute),
      meta: { resourceType: 'Schema' },
    },
  ];
  return { schemas: [SCIM_LIST], totalResults: resources.length, itemsPerPage: resources.length, startIndex: 1, Resources: resources };
}
