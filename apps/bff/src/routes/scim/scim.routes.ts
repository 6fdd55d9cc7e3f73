import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BODY_BYTES } from '../../app.js';
import * as z from 'zod/mini';
import { SCIM_MEDIA_TYPE, SCIM_PAGE_MAX, ScimErrorSchema } from '@roster/contract';
import type { Services } from '../../services/context.js';
import { scimGate } from '../../middleware/gate/index.js';
import { describe } from '../../openapi/describe.js';
import { ScimProblem, scimErrorOf } from '../../services/scim/errors.js';
import { emailIsUserName } from '../../services/scim/mapper.js';
import { tenantProfile } from '../../services/tenant-profile.js';
import { withTenant } from '../../db/tenant-scope.js';
import { jsonBodyOf } from '../../lib/json-body.js';
import { assertStorable } from '../../lib/storable-text.js';
import { createUser, deleteScimUser, getGroup, getUser, listGroups, listUsers, patchGroup, patchScimUser, replaceUser, type ScimListQuery } from '../../services/scim/scim.service.js';
import { resourceTypes, schemas, serviceProviderConfig } from '../../services/scim/discovery.js';
import { attributeDefinitions } from '../../services/attributes.service.js';
import { log } from '../../observability/log.js';

/**
 * SCIM 2.0 (RFC 7644) at `/scim/v2`, for identity providers: an OAuth app's token with the `scim` scope (scimGate).
 * Answers are `application/scim+json`; bodies may be sent as that or as `application/json`. Every error is SCIM's
 * `{schemas: [urn:…:Error], status, scimType?, detail}` (this sub-app's onError), never Roster's envelope.
 */

const scimJson = (description: string) => ({ description, content: { [SCIM_MEDIA_TYPE]: { schema: { type: 'object' as const } } } });
const scimBody = (description: string) => ({ required: true, description: `${description} Sent as application/scim+json or application/json.`, content: { [SCIM_MEDIA_TYPE]: { schema: { type: 'object' as const } } } });
const idParameter = (what: string) => [{ name: 'id', in: 'path' as const, required: true, description: `The ${what}’s id`, schema: { type: 'string' as const, format: 'uuid' } }];
const ifMatch = { name: 'If-Match', in: 'header' as const, required: false, description: 'Change only this version (`meta.version`, a weak ETag; `*`: any): 412 otherwise', schema: { type: 'string' as const } };
const listParameters = [
  { name: 'filter', in: 'query' as const, required: false, description: 'A SCIM filter (RFC 7644 §3.4.2.2): eq, ne, co, sw, ew, gt, ge, lt, le, pr, and, or, not, parentheses; e.g. `userName eq "ada@example.com"`', schema: { type: 'string' as const } },
  { name: 'startIndex', in: 'query' as const, required: false, description: '1-based index of the first result (default 1)', schema: { type: 'integer' as const, minimum: 1 } },
  { name: 'count', in: 'query' as const, required: false, description: `Results per page (default 100, at most ${SCIM_PAGE_MAX}; 0 answers totalResults only)`, schema: { type: 'integer' as const, minimum: 0 } },
  { name: 'attributes', in: 'query' as const, required: false, description: 'Attributes to return (comma-separated); id, schemas and meta always come', schema: { type: 'string' as const } },
  { name: 'excludedAttributes', in: 'query' as const, required: false, description: 'Attributes to leave out (comma-separated)', schema: { type: 'string' as const } },
];
const projectionParameters = listParameters.slice(3);

/** The error schema of every SCIM answer above 399 (routes/meta/openapi.ts puts it in place of the envelope). */
export const scimErrorContent = { [SCIM_MEDIA_TYPE]: { schema: z.toJSONSchema(ScimErrorSchema, { io: 'output' }) } };

const tag = 'SCIM';

/** A SCIM answer: its media type, and the resource's version as a weak ETag. */
function send(c: Context, body: unknown, status: 200 | 201 = 200) {
  const headers: Record<string, string> = { 'content-type': SCIM_MEDIA_TYPE };
  const meta = (body as { meta?: { version?: string; location?: string } }).meta;
  if (meta?.version) headers.ETag = meta.version;
  if (status === 201 && meta?.location) headers.Location = meta.location;
  return c.body(JSON.stringify(body), status, headers);
}

/** The request's JSON body (application/scim+json or application/json); anything else is a 400 invalidSyntax. */
async function bodyOf(c: Context): Promise<unknown> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== '' && type !== SCIM_MEDIA_TYPE && type !== 'application/json') throw new ScimProblem(415, undefined, `Send the body as ${SCIM_MEDIA_TYPE} or application/json.`);
  // The API's JSON reading: not JSON is a 400, and so is text no database field can hold (NUL, a broken character).
  return jsonBodyOf(await c.req.text());
}

/** The list parameters; text no database field can hold is a 400 naming the parameter. */
function queryOf(c: Context): ScimListQuery {
  const q: ScimListQuery = {
    filter: c.req.query('filter'),
    startIndex: c.req.query('startIndex'),
    count: c.req.query('count'),
    attributes: c.req.query('attributes'),
    excludedAttributes: c.req.query('excludedAttributes'),
  };
  assertStorable(q, ['query']);
  return q;
}

const CANONICAL = ['Users', 'Groups', 'ServiceProviderConfig', 'ResourceTypes', 'Schemas'];
const DISCOVERY = new Set(['/ServiceProviderConfig', '/ResourceTypes', '/Schemas']);

export function scimRoutes(s: Services) {
  const meta = (c: Context) => ({ requestId: c.get('requestId') as string });
  const self: { app?: Hono } = {};
  // Made here, not at import: app.ts (which holds the limit) imports this module.
  const scimBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ScimProblem(413, undefined, `The body is larger than ${MAX_BODY_BYTES / 1024} KB.`);
    },
  });
  const app = new Hono()
    // The API's body limit (app.ts), answered in SCIM's format.
    .use('*', (c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : scimBodyLimit(c, next)))
    .get('/ServiceProviderConfig', describe({ operationId: 'scimServiceProviderConfig', tag, summary: 'What this SCIM service supports (RFC 7643 §5)', responses: { 200: scimJson('The configuration') } }), scimGate(s, 'users.read'), (c) => send(c, serviceProviderConfig(s)))
    .get('/ResourceTypes', describe({ operationId: 'scimResourceTypes', tag, summary: 'The resource types: User and Group (RFC 7643 §6)', responses: { 200: scimJson('A ListResponse of resource types') } }), scimGate(s, 'users.read'), (c) => send(c, resourceTypes(s)))
    .get('/Schemas', describe({ operationId: 'scimSchemas', tag, summary: 'The schemas of User, Group, the enterprise extension and Roster’s (the tenant’s custom attributes) (RFC 7643 §7)', responses: { 200: scimJson('A ListResponse of schemas') } }), scimGate(s, 'users.read'), async (c) => send(c, schemas(await attributeDefinitions(s.db, c.get('principal').tenantId))))
    .get(
      '/Users',
      describe({ operationId: 'scimListUsers', tag, summary: 'The end users of the app’s organization, filtered and paged', parameters: listParameters, responses: { 200: scimJson('A ListResponse of users') }, errors: [400] }),
      scimGate(s, 'users.read'),
      async (c) => send(c, await listUsers(s, c.get('principal'), queryOf(c))),
    )
    .post(
      '/Users',
      describe({
        operationId: 'scimCreateUser', tag, summary: 'Provision an end user of the app’s organization',
        description: 'Checked by the tenant’s profile as `POST /v1/users` is; no invitation email unless the app was created with `scimSendInvitations`. 409 `uniqueness` when the email or username is taken.',
        requestBody: scimBody('A SCIM user.'), responses: { 201: scimJson('The user') }, errors: [400, 409, 415],
      }),
      scimGate(s, 'end_users.write'),
      async (c) => send(c, await createUser(s, c.get('principal'), await bodyOf(c), meta(c)), 201),
    )
    .get(
      '/Users/:id',
      describe({ operationId: 'scimGetUser', tag, summary: 'One end user of the app’s organization', parameters: [...idParameter('user'), ...projectionParameters], responses: { 200: scimJson('The user') }, errors: [404] }),
      scimGate(s, 'users.read'),
      async (c) => send(c, await getUser(s, c.get('principal'), c.req.param('id'), queryOf(c))),
    )
    .put(
      '/Users/:id',
      describe({ operationId: 'scimReplaceUser', tag, summary: 'Replace what Roster keeps of a user (names, email, active, externalId)', parameters: [...idParameter('user'), ifMatch], requestBody: scimBody('A SCIM user.'), responses: { 200: scimJson('The user') }, errors: [400, 404, 409, 412, 415] }),
      scimGate(s, 'end_users.write'),
      async (c) => send(c, await replaceUser(s, c.get('principal'), c.req.param('id'), await bodyOf(c), meta(c), c.req.header('if-match'))),
    )
    .patch(
      '/Users/:id',
      describe({
        operationId: 'scimPatchUser', tag, summary: 'Change a user with PATCH operations (RFC 7644 §3.5.2, as Entra ID and Okta send them)',
        description: '`active: false` deactivates the user (the profile’s rules apply: sessions end, tickets are unassigned where it says so); `active: true` activates them again.',
        parameters: [...idParameter('user'), ifMatch], requestBody: scimBody('A PatchOp.'), responses: { 200: scimJson('The user') }, errors: [400, 404, 409, 412, 415],
      }),
      scimGate(s, 'end_users.write'),
      async (c) => send(c, await patchScimUser(s, c.get('principal'), c.req.param('id'), await bodyOf(c), meta(c), c.req.header('if-match'))),
    )
    .delete(
      '/Users/:id',
      describe({ operationId: 'scimDeleteUser', tag, summary: 'Delete a user where the tenant’s profile allows deletion, else deactivate them', parameters: [...idParameter('user'), ifMatch], responses: { 204: { description: 'Deleted (or deactivated)' } }, errors: [404, 409, 412] }),
      scimGate(s, 'end_users.write'),
      async (c) => {
        await deleteScimUser(s, c.get('principal'), c.req.param('id'), meta(c), c.req.header('if-match'));
        return c.body(null, 204);
      },
    )
    .get(
      '/Groups',
      describe({ operationId: 'scimListGroups', tag, summary: 'The tenant’s roles as groups; members are the app’s end users holding them', parameters: listParameters, responses: { 200: scimJson('A ListResponse of groups') }, errors: [400] }),
      scimGate(s, 'roles.read'),
      async (c) => send(c, await listGroups(s, c.get('principal'), queryOf(c))),
    )
    .get(
      '/Groups/:id',
      describe({ operationId: 'scimGetGroup', tag, summary: 'One role as a group', parameters: [...idParameter('group'), ...projectionParameters], responses: { 200: scimJson('The group') }, errors: [404] }),
      scimGate(s, 'roles.read'),
      async (c) => send(c, await getGroup(s, c.get('principal'), c.req.param('id'), queryOf(c))),
    )
    .patch(
      '/Groups/:id',
      describe({
        operationId: 'scimPatchGroup', tag, summary: 'Add or remove members: gives or takes the role from those users',
        description: 'Only roles whose permissions the app holds can be given or taken (nobody gains permissions they were not given). Groups are the tenant’s roles: they are not created, renamed or deleted by SCIM (403).',
        parameters: [...idParameter('group'), ifMatch], requestBody: scimBody('A PatchOp on members.'), responses: { 200: scimJson('The group') }, errors: [400, 404, 409, 412, 415],
      }),
      scimGate(s, 'end_users.write'),
      async (c) => send(c, await patchGroup(s, c.get('principal'), c.req.param('id'), await bodyOf(c), meta(c), c.req.header('if-match'))),
    )
    // The rest of SCIM's methods on these resources: the groups are the tenant's roles, which an app neither
    // creates, replaces nor deletes; the discovery resources are read-only.
    .use('*', async (c): Promise<Response> => {
      // The path below /scim/v2 (a request answered again below arrives without the prefix).
      const asSent = c.req.path.replace(/^\/scim\/v2/, '');
      const path = asSent.replace(/\/+$/, '');
      // Resource names in another case or with a trailing slash (`/users`, `/Users/?filter=`, as Microsoft's published
      // tests send them): answered as the canonical ones.
      const canonical = path.replace(/^\/([A-Za-z]+)/, (whole, name: string) => {
        const known = CANONICAL.find((n) => n.toLowerCase() === name.toLowerCase());
        return known ? `/${known}` : whole;
      });
      if (canonical !== asSent && canonical !== '') {
        const url = new URL(c.req.url);
        url.pathname = canonical;
        return self.app!.fetch(new Request(url, c.req.raw));
      }
      if (DISCOVERY.has(path)) throw new ScimProblem(405, undefined, `${path.slice(1)} is read-only.`);
      if (/^\/Groups(\/[^/]+)?$/.test(path) && ['POST', 'PUT', 'DELETE'].includes(c.req.method)) {
        await scimGate(s, 'roles.read')(c, async () => {});
        throw new ScimProblem(403, undefined, 'Groups are the tenant’s roles: an app cannot create, replace or delete them. Add or remove members with PATCH.');
      }
      throw new ScimProblem(404, undefined, `No SCIM resource at ${c.req.method} ${c.req.path}.`);
    });
  app.onError(async (err, c) => {
    const principal = c.get('principal');
    let emailIsName = false;
    if (principal && err instanceof Error && !(err instanceof ScimProblem)) {
      try {
        emailIsName = emailIsUserName((await withTenant(principal.tenantId, () => tenantProfile(s.db, principal.tenantId))).profile);
      } catch {
        // The database is away: the error itself says so.
      }
    }
    const { status, body, headers } = scimErrorOf(err, { requestId: c.get('requestId'), emailIsUserName: emailIsName });
    if (status >= 500) log().error({ requestId: c.get('requestId'), err }, 'request failed');
    return c.body(JSON.stringify(body), status as 400, { 'content-type': SCIM_MEDIA_TYPE, ...(headers ?? {}) });
  });
  self.app = app;
  return app;
}
