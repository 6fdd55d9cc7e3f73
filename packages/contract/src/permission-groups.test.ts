import { describe, expect, it } from 'vitest';
import { groupPermissions, permissionGroups, permissions } from './index.js';

describe('permission groups', () => {
  it('put every permission of the catalogue in exactly one group', () => {
    const grouped = Object.values(permissionGroups).flat();
    expect([...grouped].sort()).toEqual([...permissions].sort());
    expect(new Set(grouped).size).toBe(grouped.length);
  });

  it('group keys in the catalogue order, without empty groups, unknown keys last', () => {
    expect(groupPermissions(['self.edit', 'users.write', 'future.thing', 'users.read', 'billing.manage'])).toEqual([
      ['users', ['users.read', 'users.write']],
      ['billing', ['billing.manage']],
      ['self', ['self.edit']],
      ['other', ['future.thing']],
    ]);
    expect(groupPermissions([])).toEqual([]);
  });
});
