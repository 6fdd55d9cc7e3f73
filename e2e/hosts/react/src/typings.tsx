// Type-checked only (never built): what the package's typings must accept and refuse in a React 19 app.
import { UserSelectEvent, type ImportCompletedEvent, type UserTable } from '@roster/widgets/react';
import type { RolePicker } from '@roster/widgets/role-picker';

export const table = <user-table baseUrl="https://bff.example" pageSize={20} token="t" onuser-select={(e) => e.user.email} onuser-deleted={(e) => e.user.id} />;
// @ts-expect-error pageSize is a number
export const pageSizeAsText = <user-table pageSize="20" />;
// @ts-expect-error the handler gets a UserSelectEvent, whose user has no nickname
export const unknownField = <user-table onuser-select={(e) => e.user.nickname} />;
export const modal = <import-modal baseUrl="https://bff.example" kind="end_user" open onimport-completed={(e: ImportCompletedEvent) => e.result} />;
// @ts-expect-error kind is technician or end_user
export const unknownKind = <import-modal kind="robot" />;
export const picker = <role-picker multiple required value={['role-1']} onchange={(e) => e.type} />;

const element: UserTable | null = document.querySelector('user-table');
element?.addEventListener('user-select', (e) => {
  const email: string = e.user.email;
  return e instanceof UserSelectEvent && email;
});
export const pickerValue = (p: RolePicker): string[] => p.value;
export const created = document.createElement('user-table').baseUrl;
