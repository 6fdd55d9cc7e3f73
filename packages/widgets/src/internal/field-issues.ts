import type { Issue } from '@roster/contract';

/**
 * A form's issues by the field they name — `['name', …]` from the contract's check in the page, `['body', 'name', …]`
 * from the server's answer (`server`) — leaving out those of no field of the form (the caller shows them apart).
 */
export function issuesByField<F extends string>(issues: readonly Issue[], fields: readonly F[], server: boolean): Partial<Record<F, Issue[]>> {
  const byField: Partial<Record<F, Issue[]>> = {};
  for (const issue of issues) {
    const field = String(issue.path[server ? 1 : 0]) as F;
    if (fields.includes(field)) (byField[field] ??= []).push(issue);
  }
  return byField;
}
