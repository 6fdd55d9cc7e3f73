import * as z from 'zod/mini';
import { ATTRIBUTE_TEXT_MAX, type AttributeValue } from './attribute-basics.js';

export { ATTRIBUTE_TEXT_MAX, type AttributeValue };

/**
 * Custom attributes: fields a tenant defines for its users (a cost centre, a badge number, a start date). The
 * definitions and the rules of their values live here only, so the server and the widgets check a value alike:
 * `attributeValuesSchema(definitions)` builds the validator of a user's values from the tenant's definitions.
 */

export const attributeTypes = ['text', 'number', 'boolean', 'date', 'oneOf'] as const;
export type AttributeType = (typeof attributeTypes)[number];

/** Definitions per tenant. */
export const ATTRIBUTE_DEFINITIONS_MAX = 50;
export const ATTRIBUTE_LABEL_MAX = 80;
export const ATTRIBUTE_OPTIONS_MAX = 100;
export const ATTRIBUTE_OPTION_MAX = 80;
/** Lowercase letter first, then lowercase letters, digits and underscores: safe in a query parameter name (`attr.<key>`) and a CSV header. */
export const ATTRIBUTE_KEY_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

const clean = (v: string) => v.normalize('NFC').trim().replace(/\s+/g, ' ');
const noControl = (v: string) => !/[\p{Cc}\p{Cf}]/u.test(v);

export const AttributeKeySchema = z.string({ error: 'Key must be text.' }).check(
  z.regex(ATTRIBUTE_KEY_PATTERN, { error: 'Key must start with a lowercase letter and have at most 40 lowercase letters, digits and underscores.' }),
);

const LabelSchema = z.pipe(z.string({ error: 'Label must be text.' }), z.transform(clean)).check(
  z.refine((v) => v.length >= 1, { error: 'Label is required.' }),
  z.refine((v) => v.length <= ATTRIBUTE_LABEL_MAX, { error: `Label can have at most ${ATTRIBUTE_LABEL_MAX} characters.` }),
  z.refine(noControl, { error: 'Label contains an invisible control character.' }),
);

/** The label per language: English required, German and Arabic optional (English is shown where one is missing). */
export const AttributeLabelsSchema = z.strictObject({ en: LabelSchema, de: z.optional(LabelSchema), ar: z.optional(LabelSchema) });
export type AttributeLabels = z.output<typeof AttributeLabelsSchema>;

const OptionSchema = z.pipe(z.string({ error: 'Option must be text.' }), z.transform(clean)).check(
  z.refine((v) => v.length >= 1, { error: 'Option must not be empty.' }),
  z.refine((v) => v.length <= ATTRIBUTE_OPTION_MAX, { error: `Option can have at most ${ATTRIBUTE_OPTION_MAX} characters.` }),
  z.refine(noControl, { error: 'Option contains an invisible control character.' }),
);
const OptionsSchema = z.array(OptionSchema).check(
  z.minLength(1, { error: 'A one-of list needs at least one option.' }),
  z.maxLength(ATTRIBUTE_OPTIONS_MAX, { error: `At most ${ATTRIBUTE_OPTIONS_MAX} options.` }),
  z.refine((o) => new Set(o).size === o.length, { error: 'Options must be different from each other.' }),
);

export const AttributeDefinitionSchema = z.object({
  id: z.string(),
  key: z.string(),
  labels: z.object({ en: z.string(), de: z.optional(z.string()), ar: z.optional(z.string()) }),
  type: z.enum(attributeTypes),
  /** The choices of a `oneOf` attribute; null for the other types. */
  options: z.nullable(z.array(z.string())),
  required: z.boolean(),
  showAsColumn: z.boolean(),
  position: z.int(),
  createdAt: z.string(),
});
export type AttributeDefinition = z.infer<typeof AttributeDefinitionSchema>;
export const AttributeDefinitionListSchema = z.object({ items: z.array(AttributeDefinitionSchema) });
export type AttributeDefinitionList = z.infer<typeof AttributeDefinitionListSchema>;

const PositionSchema = z.int({ error: 'Position must be a whole number.' }).check(z.gte(0, { error: 'Position must be 0 or more.' }), z.lte(1000, { error: 'Position must be at most 1000.' }));

/** `POST /v1/attributes`. `options` goes with `oneOf` only, and `oneOf` needs it. */
export const CreateAttributeDefinitionSchema = z
  .strictObject({
    key: AttributeKeySchema,
    labels: AttributeLabelsSchema,
    type: z.enum(attributeTypes, { error: `Type must be one of ${attributeTypes.join(', ')}.` }),
    options: z.optional(OptionsSchema),
    required: z._default(z.boolean({ error: 'Must be true or false.' }), false),
    showAsColumn: z._default(z.boolean({ error: 'Must be true or false.' }), false),
    position: z.optional(PositionSchema),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.type === 'oneOf' && v.options === undefined) ctx.issues.push({ code: 'custom', input: v, path: ['options'], message: 'A one-of attribute needs its options.' });
      if (v.type !== 'oneOf' && v.options !== undefined) ctx.issues.push({ code: 'custom', input: v, path: ['options'], message: 'Only a one-of attribute has options.' });
    }),
  );
export type CreateAttributeDefinitionInput = z.input<typeof CreateAttributeDefinitionSchema>;

/** `PATCH /v1/attributes/:id`: the key stays; the type changes only while no user has a value (409 otherwise). */
export const PatchAttributeDefinitionSchema = z.strictObject({
  labels: z.optional(AttributeLabelsSchema),
  type: z.optional(z.enum(attributeTypes, { error: `Type must be one of ${attributeTypes.join(', ')}.` })),
  options: z.optional(OptionsSchema),
  required: z.optional(z.boolean({ error: 'Must be true or false.' })),
  showAsColumn: z.optional(z.boolean({ error: 'Must be true or false.' })),
  position: z.optional(PositionSchema),
});
export type PatchAttributeDefinitionInput = z.input<typeof PatchAttributeDefinitionSchema>;

export const AttributeValuesSchema = z.record(z.string(), z.nullable(z.union([z.string(), z.number(), z.boolean()])));
export type AttributeValues = Record<string, AttributeValue>;

const isDate = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
};

type DefinitionRules = Pick<AttributeDefinition, 'key' | 'type' | 'options' | 'required'>;

/** The validator of one attribute's value (null excluded). */
export function attributeValueSchema(d: Pick<DefinitionRules, 'type' | 'options'>): z.ZodMiniType<string | number | boolean> {
  switch (d.type) {
    case 'text':
      return z.pipe(z.string({ error: 'Must be text.' }), z.transform((v: string) => v.normalize('NFC').trim())).check(
        z.refine((v) => v.length >= 1, { error: 'Must not be empty (send null to clear it).' }),
        z.refine((v) => v.length <= ATTRIBUTE_TEXT_MAX, { error: `Can have at most ${ATTRIBUTE_TEXT_MAX} characters.` }),
        z.refine(noControl, { error: 'Contains an invisible control character.' }),
      ) as z.ZodMiniType<string>;
    case 'number':
      return z.number({ error: 'Must be a number.' }).check(z.refine((v) => Number.isFinite(v) && Math.abs(v) < 1e15, { error: 'Must be a number below 10^15.' }));
    case 'boolean':
      return z.boolean({ error: 'Must be true or false.' });
    case 'date':
      return z.string({ error: 'Must be a date YYYY-MM-DD.' }).check(z.refine(isDate, { error: 'Must be a date YYYY-MM-DD.' }));
    case 'oneOf': {
      const options = d.options ?? [];
      return z.string({ error: 'Must be text.' }).check(z.refine((v) => options.includes(v), { error: `Must be one of: ${options.join(', ')}.` }));
    }
  }
}

/**
 * The validator of a user's attribute values, built from the tenant's definitions: an object of key → value or null,
 * unknown keys refused (each issue's path is the key). `requireAll`: a required attribute must be present and not null
 * (creating a user, an import row); without it (an edit), only a required attribute set to null is refused.
 */
export function attributeValuesSchema(definitions: readonly DefinitionRules[], { requireAll = false }: { requireAll?: boolean } = {}) {
  const shape: Record<string, z.ZodMiniType> = {};
  for (const d of definitions) {
    const value = attributeValueSchema(d);
    if (d.required) shape[d.key] = requireAll ? z.union([value], { error: 'Is required.' }) : z.optional(z.union([value], { error: 'Is required; it cannot be cleared.' }));
    else shape[d.key] = z.optional(z.nullable(value));
  }
  return z.strictObject(shape) as unknown as z.ZodMiniType<AttributeValues>;
}

/** A filter on one attribute: equality, or for numbers and dates a range `min..max` (either end may be left out). */
export type AttributeFilter = { key: string; eq: string | number } | { key: string; min?: string | number | undefined; max?: string | number | undefined };

/**
 * Parses `attr.<key>=<text>` of the users list against the attribute's definition; an error message, or the filter.
 * Text and one-of compare exactly; booleans are `true`/`false`; numbers and dates take a value or a range `a..b`.
 */
export function parseAttributeFilter(d: Pick<DefinitionRules, 'key' | 'type' | 'options'>, raw: string): AttributeFilter | string {
  const one = (v: string): string | number | null => {
    if (d.type === 'number') return /^-?\d+(\.\d+)?$/.test(v) && Math.abs(Number(v)) < 1e15 ? Number(v) : null;
    if (d.type === 'date') return isDate(v) ? v : null;
    return v;
  };
  if ((d.type === 'number' || d.type === 'date') && raw.includes('..')) {
    const [a = '', b = '', ...rest] = raw.split('..');
    const min = a === '' ? undefined : one(a);
    const max = b === '' ? undefined : one(b);
    if (rest.length > 0 || min === null || max === null || (min === undefined && max === undefined)) return d.type === 'number' ? 'Must be a number or a range such as 10..20.' : 'Must be a date or a range such as 2026-01-01..2026-12-31.';
    return { key: d.key, min, max };
  }
  if (d.type === 'boolean') return raw === 'true' || raw === 'false' ? { key: d.key, eq: raw } : 'Must be true or false.';
  if (d.type === 'oneOf' && !(d.options ?? []).includes(raw)) return `Must be one of: ${(d.options ?? []).join(', ')}.`;
  const v = one(raw.normalize('NFC'));
  if (v === null || v === '') return d.type === 'number' ? 'Must be a number or a range such as 10..20.' : d.type === 'date' ? 'Must be a date or a range such as 2026-01-01..2026-12-31.' : 'Must not be empty.';
  return { key: d.key, eq: v };
}

/** The prefix of a users-list parameter that filters by an attribute (`attr.cost_centre=4711`) and of a sort by one (`sort=attr.cost_centre`). */
export const ATTRIBUTE_PARAM_PREFIX = 'attr.';

export { attributeLabel } from './attribute-basics.js';
