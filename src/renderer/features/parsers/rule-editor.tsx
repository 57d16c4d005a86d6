// A field's rules (tried in order before the layout heuristics) and its format settings.
import { useState } from 'react';
import { FIELD_LIMITS, type FieldDefinition, type FieldFormat, type FieldRule, type RuleBox } from '../../../shared/api/parsers.js';
import { cleanFormat, type FieldIndex } from './field-edits.js';

const KINDS: Array<{ id: FieldRule['kind']; label: string }> = [
  { id: 'anchor', label: 'Next to a label' },
  { id: 'zone', label: 'Inside a zone' },
  { id: 'regex', label: 'Regular expression' },
  { id: 'fixed', label: 'Fixed value' },
];

interface RulesEditorProps {
  field: FieldDefinition;
  index: FieldIndex;
  idPrefix: string;
  errors: Record<string, string>;
  errorKey: string;
  onAdd(kind: FieldRule['kind']): void;
  onChange(ruleIndex: number, rule: FieldRule): void;
  onRemove(ruleIndex: number): void;
  onFormat(format: FieldFormat | undefined): void;
}

export function RulesEditor({ field, idPrefix, errors, errorKey, onAdd, onChange, onRemove, onFormat }: RulesEditorProps) {
  const [kind, setKind] = useState<FieldRule['kind']>('anchor');
  const rules = field.rules ?? [];
  return (
    <div className="rules">
      <fieldset className="rules__set">
        <legend>Rules for {field.name || 'this field'}</legend>
        {rules.length === 0 ? <p className="rules__empty">No rules: the value is found from the layout (labels, key-values, tables).</p> : null}
        <ol className="rules__list">
          {rules.map((rule, i) => {
            const error = errors[`${errorKey}/rules.${i}`];
            const errorId = `${idPrefix}-rule-${i}-error`;
            return (
              <li key={i} className="rules__rule">
                <RuleFields rule={rule} id={`${idPrefix}-rule-${i}`} describedBy={error ? errorId : undefined} onChange={(next) => onChange(i, next)} />
                <button type="button" className="button button--quiet button--small" aria-label={`Remove rule ${i + 1} of ${field.name}`} onClick={() => onRemove(i)}>
                  Remove
                </button>
                {error ? (
                  <p className="form-error" id={errorId}>
                    {error}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ol>
        <div className="rules__add">
          <label>
            <span className="rules__label">Add a rule</span>
            <select className="select" value={kind} onChange={(event) => setKind(event.currentTarget.value as FieldRule['kind'])}>
              {KINDS.map((k) => (
                <option key={k.id} value={k.id}>
                  {k.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="button button--secondary button--small" onClick={() => onAdd(kind)} aria-label={`Add rule to ${field.name}`}>
            Add rule
          </button>
        </div>
      </fieldset>
      <FormatFields field={field} idPrefix={idPrefix} error={errors[`${errorKey}/format`]} onFormat={onFormat} />
    </div>
  );
}

function RuleFields({ rule, id, describedBy, onChange }: { rule: FieldRule; id: string; describedBy: string | undefined; onChange(rule: FieldRule): void }) {
  switch (rule.kind) {
    case 'anchor':
      return (
        <div className="rules__fields" aria-describedby={describedBy}>
          <span className="rules__kind">Next to a label</span>
          <label>
            <span className="rules__label">Label</span>
            <input className="input" id={`${id}-label`} value={rule.label} maxLength={FIELD_LIMITS.label} placeholder="Invoice no." onChange={(e) => onChange({ ...rule, label: e.currentTarget.value })} />
          </label>
          <label>
            <span className="rules__label">Value is</span>
            <select className="select" value={rule.direction} onChange={(e) => onChange({ ...rule, direction: e.currentTarget.value as typeof rule.direction })}>
              <option value="right">right of the label</option>
              <option value="below">below the label</option>
              <option value="left">left of the label</option>
              <option value="above">above the label</option>
            </select>
          </label>
          <label title="Words (beside the label) or lines (above or below it) to pass over before the value; 0 takes the nearest.">
            <span className="rules__label">Skip</span>
            <input
              className="input rules__number"
              type="number"
              min={0}
              max={FIELD_LIMITS.offset}
              value={rule.offset ?? ''}
              placeholder="0"
              aria-describedby={`${id}-skip-hint`}
              onChange={(e) => onChange({ ...rule, offset: optionalInt(e.currentTarget.value) })}
            />
          </label>
          <span className="rules__hint" id={`${id}-skip-hint`}>
            Skip passes over that many words beside the label (or lines above or below it) before the value; 0 takes the nearest. The first place the
            label appears that gives a value wins.
          </span>
        </div>
      );
    case 'zone':
      return (
        <div className="rules__fields" aria-describedby={describedBy}>
          <span className="rules__kind">Inside a zone (points from the page’s top-left)</span>
          <label>
            <span className="rules__label">Page</span>
            <input className="input rules__number"
              type="number"
              min={1}
             
              value={rule.page ?? ''}
              placeholder="any"
              onChange={(e) => onChange({ ...rule, page: optionalInt(e.currentTarget.value) })}
            />
          </label>
          {(['left', 'top', 'right', 'bottom'] as const).map((side) => (
            <label key={side}>
              <span className="rules__label">{side[0]!.toUpperCase() + side.slice(1)}</span>
              <input className="input rules__number"
                type="number"
               
                value={Number.isFinite(rule.box[side]) ? rule.box[side] : ''}
                onChange={(e) => onChange({ ...rule, box: { ...rule.box, [side]: Number(e.currentTarget.value) } as RuleBox })}
              />
            </label>
          ))}
        </div>
      );
    case 'regex':
      return (
        <div className="rules__fields" aria-describedby={describedBy}>
          <span className="rules__kind">Regular expression (one capture group around the value)</span>
          <label className="rules__wide">
            <span className="rules__label">Pattern</span>
            <input className="input" value={rule.pattern} maxLength={FIELD_LIMITS.pattern} placeholder="Invoice\s+No\.?\s*(\S+)" spellCheck={false} onChange={(e) => onChange({ ...rule, pattern: e.currentTarget.value })} />
          </label>
          <label>
            <span className="rules__label">Flags</span>
            <input className="input rules__number" value={rule.flags ?? ''} placeholder="i" onChange={(e) => onChange({ ...rule, flags: e.currentTarget.value || undefined })} />
          </label>
        </div>
      );
    case 'fixed':
      return (
        <div className="rules__fields" aria-describedby={describedBy}>
          <span className="rules__kind">Fixed value</span>
          <label className="rules__wide">
            <span className="rules__label">Value</span>
            <input className="input" value={String(rule.value)} onChange={(e) => onChange({ ...rule, value: e.currentTarget.value })} />
          </label>
        </div>
      );
  }
}

function FormatFields({ field, idPrefix, error, onFormat }: { field: FieldDefinition; idPrefix: string; error: string | undefined; onFormat(format: FieldFormat | undefined): void }) {
  if (field.type !== 'date' && field.type !== 'number') return null;
  const format = field.format ?? {};
  return (
    <fieldset className="rules__set">
      <legend>Format of {field.name || 'this field'}</legend>
      {field.type === 'date' ? (
        <label>
          <span className="rules__label">Date format</span>
          <input className="input"
            id={`${idPrefix}-date-format`}
            value={format.date_format ?? ''}
            maxLength={FIELD_LIMITS.dateFormat}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${idPrefix}-format-error` : undefined}
            placeholder="%d.%m.%Y (automatic when empty)"
            onChange={(e) => onFormat(cleanFormat({ ...format, date_format: e.currentTarget.value || undefined }))}
          />
        </label>
      ) : (
        <label>
          <span className="rules__label">Decimal separator</span>
          <select className="select"
            value={format.decimal_separator ?? ''}
            onChange={(e) => onFormat(cleanFormat({ ...format, decimal_separator: (e.currentTarget.value || undefined) as FieldFormat['decimal_separator'] }))}
          >
            <option value="">Automatic</option>
            <option value=".">Point (1,234.50)</option>
            <option value=",">Comma (1.234,50)</option>
          </select>
        </label>
      )}
      {error ? (
        <p className="form-error" id={`${idPrefix}-format-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

function optionalInt(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}
