// Per-field template rules, tried before the layout heuristics: each of a field's rules in
// turn (anchor, zone, regex, fixed) until one yields a value of the field's type.
import type { FieldDefinition, FieldRule } from '../../../shared/api/parsers.js';
import type { DocumentEvidence } from './evidence.js';
import type { MatchContext } from './label-match.js';
import type { FieldValue } from './result.js';
import { anchorRule } from './rules/anchor.js';
import { regexRule } from './rules/regex.js';
import { zoneRule } from './rules/zone.js';
import { fixedValue } from './rules/typing.js';

export { DEFAULT_MAX_DISTANCE } from './rules/anchor.js';
export { MAX_REGEX_TEXT, REGEX_TIMEOUT_MS } from './rules/regex.js';

/** The value one rule yields for the field, typed and cited (source `rule`); null when the rule
 *  finds nothing or its text is not of the field's type. */
export function applyRule(rule: FieldRule, field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  switch (rule.kind) {
    case 'anchor':
      return anchorRule(rule, field, doc, ctx);
    case 'zone':
      return zoneRule(rule, field, doc, ctx);
    case 'regex':
      return regexRule(rule, field, doc, ctx);
    case 'fixed': {
      const value = fixedValue(field, rule.value, ctx);
      return value === null ? null : { value, confidence: 1, citation: null, source: 'rule' };
    }
    default:
      return null;
  }
}

/** The value of the field's first rule (in order) that yields one; null when it has no rules,
 *  none yields, or the field is an array or an object. */
export function applyRules(field: FieldDefinition, doc: DocumentEvidence, ctx: MatchContext): FieldValue | null {
  if (field.type === 'array' || field.type === 'object') return null;
  for (const rule of field.rules ?? []) {
    const found = applyRule(rule, field, doc, ctx);
    if (found) return found;
  }
  return null;
}
