import type { Permission } from '@roster/contract';

/** `<permission-picker>`'s words: each permission's one-line description, and why a box cannot be changed. */
export interface PermissionPickerStrings {
  /** The group's accessible name when the host gives no `label`. */
  label: string;
  descriptions: Record<Permission, string>;
  /** Why a permission cannot be ticked or unticked: the grant rule (contract `permissionsNotHeld`). */
  notHeld: string;
}

/** In English, with the picker's chunk (the role editor's, the dialogs'): never up front. */
export const permissionPickerEn: PermissionPickerStrings = {
  label: 'Permissions',
  descriptions: {
    'users.read': 'Open the user list and each user’s profile, roles and status.',
    'users.write': 'Add technicians and end users, edit their details, clone and import them.',
    'users.invite': 'Send a new user their invitation, or send it again.',
    'users.deactivate': 'Sign a user out everywhere and block their sign-in, or let them back in.',
    'users.delete': 'Remove users for good; their history stays in the audit log.',
    'users.reset_credentials': 'Send password reset links, reset two-factor sign-in and unlock locked-out users.',
    'users.impersonate': 'See what the user sees',
    'end_users.write': 'Used by integrations that keep a client’s end users in step with another system.',
    'roles.read': 'See the roles of the tenant and what each one allows.',
    'roles.manage': 'Create custom roles, change and delete them, and give roles to users.',
    'organizations.read': 'See the client organizations of the tenant.',
    'organizations.manage': 'Add client organizations, rename them and delete empty ones.',
    'org.access.all': 'See and manage users of every organization, not only the ones a role opens.',
    'billing.manage': 'Change the subscription, buy or release technician seats, see invoices.',
    'audit.read': 'Read who changed what and when in the tenant.',
    'integrations.manage': 'Register the applications that call the API, and rotate their secrets.',
    'widgets.mint': 'Issue the short-lived tokens that embedded elements use on a host’s page.',
    'tenant.manage': 'Change the product name, logo, colour and email sender your users see.',
    'self.edit': 'Change their own name, language, password and notification settings.',
  },
  notHeld: 'You do not hold this permission, so you cannot give it or take it away.',
};
