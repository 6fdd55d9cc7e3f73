import * as z from 'zod/mini';
import { permissions } from './permissions.js';
import { checkOptions, ruleMessage } from './messages/index.js';

/**
 * A custom role's fields, as `POST /v1/roles` and `PATCH /v1/roles/:id` take them and `<role-editor>` checks them
 * before sending: a module of its own, so that the element does not carry every other schema of ./domain.ts. The
 * rules say contract messages, so the element shows them in the page's language.
 */
const Id = z.uuid({ error: checkOptions(ruleMessage('value.uuid')).error });
const ROLE_NAME_MAX = 80;
const ROLE_DESCRIPTION_MAX = 500;
const RoleName = z.pipe(z.string(), z.transform((v: string) => v.normalize('NFC').trim().replace(/\s+/g, ' '))).check(
  z.refine((v) => v.length >= 1, checkOptions(ruleMessage('field.required', { field: 'roleName' }))),
  z.refine((v) => v.length <= ROLE_NAME_MAX, checkOptions(ruleMessage('name.too_long', { field: 'roleName', max: ROLE_NAME_MAX }))),
  z.refine((v) => !/[\p{Cc}\p{Cf}]/u.test(v), checkOptions(ruleMessage('name.invisible', { field: 'roleName' }))),
);

/** `POST /v1/roles`: a custom role; nobody creates a role with a permission they do not hold. */
export const CreateRoleRequestSchema = z.strictObject({
  name: RoleName,
  description: z.optional(z.string().check(z.maxLength(ROLE_DESCRIPTION_MAX, checkOptions(ruleMessage('name.too_long', { field: 'description', max: ROLE_DESCRIPTION_MAX }))))),
  permissions: z.array(z.enum(permissions)).check(z.maxLength(permissions.length)),
  organizationIds: z.optional(z.array(Id).check(z.maxLength(1000))),
});
export type CreateRoleRequest = z.input<typeof CreateRoleRequestSchema>;

export const PatchRoleRequestSchema = z.partial(CreateRoleRequestSchema);
