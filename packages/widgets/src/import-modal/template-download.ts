import { importTemplate, type ImportAttribute, type PolicyProfile, type UserKind } from '@roster/contract';
import { downloadText } from './input-step.js';

/**
 * Saves the tenant's import template (`csv`) or its rules (`readme`). A chunk of its own, loaded on the click: the
 * template's text is only ever needed when someone asks for it, and the import's screen is near its budget.
 */
export function downloadTemplate(profile: PolicyProfile, kind: UserKind, attributes: readonly ImportAttribute[] | undefined, part: 'csv' | 'readme'): void {
  const template = importTemplate(profile, kind, attributes);
  if (part === 'csv') downloadText('roster-import-template.csv', template.csv, 'text/csv');
  else downloadText('roster-import-README.txt', template.readme, 'text/plain');
}
