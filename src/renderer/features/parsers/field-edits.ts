// Pure edits and checks of a parser's draft fields, addressed by index paths ([2] is the third
// field, [2, 0] its first sub-field). Every edit returns new arrays; nothing is changed in place.
import { FIELD_LIMITS, FIELD_NAME, REGEX_FLAGS, type FieldDefinition, type FieldFormat, type FieldRule, type FieldType } from '../../../shared/api/parsers.js';

/** Where a field sits: indexes from the top-level list down through sub-fields. */
export type FieldIndex = readonly number[];

const fieldIds = new WeakMap<FieldDefinition, number>();
let lastFieldId = 0;

/** A key that stays with a field through renames, type changes and moves (for lists' keys), so
 *  what is shown beside a field (its details unfolded, the focus) moves with it. */
export function fieldId(field: FieldDefinition): number {
  let id = fieldIds.get(field);
  if (id === undefined) {
    id = ++lastFieldId;
    fieldIds.set(field, id);
  }
  return id;
}

/** `next`, keeping the key of the field it was made from. */
function carried(from: FieldDefinition, next: FieldDefinition): FieldDefinition {
  if (next !== from) fieldIds.set(next, fieldId(from));
  return next;
}

/** The key of a field's errors in a validation result ("0.2"). */
export const fieldKey = (index: FieldIndex) => index.join('.');

export function fieldAt(fields: FieldDefinition[], index: FieldIndex): FieldDefinition | null {
  let list: FieldDefinition[] | undefined = fields;
  let found: FieldDefinition | null = null;
  for (const i of index) {
    found = list?.[i] ?? null;
    if (!found) return null;
    list = found.fields;
  }
  return found;
}

/** Applies `change` to the list that holds `index`'s field (the top-level list for []). */
function editList(fields: FieldDefinition[], parent: FieldIndex, change: (list: FieldDefinition[]) => FieldDefinition[]): FieldDefinition[] {
  if (parent.length === 0) return change(fields);
  const [head, ...rest] = parent;
  return fields.map((f, i) => (i === head ? carried(f, { ...f, fields: editList(f.fields ?? [], rest, change) }) : f));
}

/** Replaces one field with `update(field)`. */
export function updateFieldAt(fields: FieldDefinition[], index: FieldIndex, update: (field: FieldDefinition) => FieldDefinition): FieldDefinition[] {
  const last = index[index.length - 1];
  if (last === undefined) return fields;
  return editList(fields, index.slice(0, -1), (list) => list.map((f, i) => (i === last ? carried(f, update(f)) : f)));
}

/** Adds a new field at the end of the top-level list (parent []) or of a field's sub-fields. */
export function addFieldAt(fields: FieldDefinition[], parent: FieldIndex, type: FieldType = 'string'): FieldDefinition[] {
  return editList(fields, parent, (list) => [...list, { name: uniqueName(list, 'new_field'), type, description: '', required: false }]);
}

export function removeFieldAt(fields: FieldDefinition[], index: FieldIndex): FieldDefinition[] {
  const last = index[index.length - 1];
  if (last === undefined) return fields;
  return editList(fields, index.slice(0, -1), (list) => list.filter((_, i) => i !== last));
}

/** Moves a field up (-1) or down (+1) among its siblings; out-of-range moves change nothing. */
export function moveFieldAt(fields: FieldDefinition[], index: FieldIndex, delta: number): FieldDefinition[] {
  const last = index[index.length - 1];
  if (last === undefined) return fields;
  return editList(fields, index.slice(0, -1), (list) => {
    const to = last + delta;
    if (to < 0 || to >= list.length) return list;
    const copy = [...list];
    const [moved] = copy.splice(last, 1);
    copy.splice(to, 0, moved!);
    return copy;
  });
}

/** A field with a new type: sub-fields kept only for arrays and objects, a date format only for dates. */
export function withType(field: FieldDefinition, type: FieldType): FieldDefinition {
  const next: FieldDefinition = { ...field, type };
  if (type === 'array' || type === 'object') next.fields = field.fields ?? [];
  else delete next.fields;
  if (type !== 'date' && next.format?.date_format !== undefined) {
    next.format = { ...next.format };
    delete next.format.date_format;
  }
  return next;
}

/** A new rule of a kind, with harmless defaults the user then fills in. */
export function newRule(kind: FieldRule['kind']): FieldRule {
  switch (kind) {
    case 'anchor':
      return { kind: 'anchor', label: '', direction: 'right' };
    case 'zone':
      return { kind: 'zone', page: 1, box: { left: 0, top: 0, right: 200, bottom: 40 } };
    case 'regex':
      return { kind: 'regex', pattern: '', group: 1 };
    case 'fixed':
      return { kind: 'fixed', value: '' };
  }
}

/** A format without empty settings, or undefined when nothing is left. */
export function cleanFormat(format: FieldFormat | undefined): FieldFormat | undefined {
  if (!format) return undefined;
  const out: FieldFormat = {};
  if (format.date_format) out.date_format = format.date_format;
  if (format.decimal_separator) out.decimal_separator = format.decimal_separator;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Fields as they are sent: empty descriptions, rule lists and formats left out. */
export function cleanFields(fields: FieldDefinition[]): FieldDefinition[] {
  return fields.map((f) => {
    const out: FieldDefinition = { name: f.name.trim(), type: f.type };
    if (f.description) out.description = f.description;
    if (f.required) out.required = true;
    if (f.type === 'array' || f.type === 'object') out.fields = cleanFields(f.fields ?? []);
    if (f.rules && f.rules.length > 0) out.rules = f.rules;
    const format = cleanFormat(f.format);
    if (format) out.format = format;
    return out;
  });
}

/** `base`, or `base_2`, `base_3`… — the first name no sibling has. */
export function uniqueName(list: FieldDefinition[], base: string): string {
  const taken = new Set(list.map((f) => f.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** How many capture groups a pattern has, or null when it is not a valid regular expression. */
export function captureGroups(pattern: string, flags = ''): number | null {
  try {
    const match = new RegExp(`${pattern}|`, flags.replace(/[^imsu]/g, '')).exec('');
    return match ? match.length - 1 : 0;
  } catch {
    return null;
  }
}

/** Problems with the draft's fields, as sentences keyed by `fieldKey` plus "/name", "/rules.N", "/format". */
export function validateFields(fields: FieldDefinition[], parent: FieldIndex = []): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  fields.forEach((field, i) => {
    const index = [...parent, i];
    const key = fieldKey(index);
    const name = field.name.trim();
    if (name === '') errors[`${key}/name`] = 'Give the field a name.';
    else if (name.length > FIELD_LIMITS.name) errors[`${key}/name`] = `A field name has at most ${FIELD_LIMITS.name} characters.`;
    else if (!FIELD_NAME.test(name)) {
      errors[`${key}/name`] = `“${name}” cannot be a field name: start with a letter or _, then use letters, digits, spaces, _, . or - (such as invoice_number).`;
    } else if (seen.has(name)) errors[`${key}/name`] = `Another field here is already called “${name}”.`;
    seen.add(name);
    if (i >= FIELD_LIMITS.fields) errors[`${key}/name`] = `A parser has at most ${FIELD_LIMITS.fields} fields in one list; remove this one or some before it.`;
    if ((field.description ?? '').length > FIELD_LIMITS.description) {
      errors[`${key}/description`] = `A description has at most ${FIELD_LIMITS.description} characters; this one has ${field.description!.length}.`;
    }
    (field.rules ?? []).forEach((rule, r) => {
      const problem = r >= FIELD_LIMITS.rules ? `A field has at most ${FIELD_LIMITS.rules} rules; remove this one.` : ruleProblem(rule);
      if (problem) errors[`${key}/rules.${r}`] = problem;
    });
    const dateProblem = field.type === 'date' ? dateFormatProblem(field.format?.date_format) : null;
    if (dateProblem) errors[`${key}/format`] = dateProblem;
    if (field.type === 'array' || field.type === 'object') Object.assign(errors, validateFields(field.fields ?? [], index));
  });
  return errors;
}

/** What is wrong with a rule, as a sentence, or null. */
export function ruleProblem(rule: FieldRule): string | null {
  switch (rule.kind) {
    case 'anchor':
      if (rule.label.trim() === '') return 'An anchor rule needs the label to look for.';
      if (rule.label.length > FIELD_LIMITS.label) return `A label has at most ${FIELD_LIMITS.label} characters.`;
      if (rule.offset !== undefined && (!Number.isInteger(rule.offset) || rule.offset < 0 || rule.offset > FIELD_LIMITS.offset)) return `The offset is a whole number from 0 to ${FIELD_LIMITS.offset}.`;
      return null;
    case 'zone': {
      const b = rule.box;
      if (![b.left, b.top, b.right, b.bottom].every(Number.isFinite)) return 'The zone needs four numbers.';
      if (b.right <= b.left || b.bottom <= b.top) return 'The zone’s right must exceed its left, and its bottom its top.';
      if (rule.page !== undefined && (!Number.isInteger(rule.page) || rule.page < 1)) return 'The page is a whole number from 1.';
      return null;
    }
    case 'regex': {
      if (rule.pattern === '') return 'A regex rule needs a pattern.';
      if (rule.pattern.length > FIELD_LIMITS.pattern) return `A pattern has at most ${FIELD_LIMITS.pattern} characters.`;
      const flags = rule.flags ?? '';
      if (!REGEX_FLAGS.test(flags)) return 'The flags may only be i (ignore case), m (^ and $ match at each line), s (. matches line breaks) and u (Unicode).';
      if (new Set(flags).size !== flags.length) return 'Give each flag once.';
      const groups = captureGroups(rule.pattern, rule.flags);
      if (groups === null) return 'The pattern is not a valid regular expression.';
      if (groups !== 1 && typeof rule.group !== 'string') return `The pattern should have exactly one capture group ( … ) around the value; it has ${groups}.`;
      return null;
    }
    case 'fixed':
      return rule.value === '' ? 'A fixed rule needs its value.' : null;
  }
}

/** strptime directives the engine reads in a date format, and those that give the date itself. */
const DATE_DIRECTIVES = new Set('dmYyBbhAaHIMSfpjzZ%');
const DATE_PARTS = new Set('dmYyBbhj');

/** What is wrong with a field's date format (empty means automatic), as a sentence, or null. */
export function dateFormatProblem(format: string | undefined): string | null {
  if (format === undefined || format === '') return null;
  const example = 'such as %d.%m.%Y for 31.12.2026';
  if (format.length > FIELD_LIMITS.dateFormat) return `A date format has at most ${FIELD_LIMITS.dateFormat} characters.`;
  let parts = 0;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    const directive = format[++i];
    if (directive === undefined || !DATE_DIRECTIVES.has(directive)) return `“%${directive ?? ''}” is not a date directive: use %d (day), %m (month), %Y (year), %y, %b or %B, ${example}.`;
    if (DATE_PARTS.has(directive)) parts++;
  }
  if (parts === 0) return `“${format}” reads no day, month or year: write them as %d, %m and %Y, ${example}.`;
  return null;
}
