// The box a password is typed into (a protected document, a parser's sample), for a form laid
// out by the `password-form` rules: a note or an error, then the box and its button on one row.

export interface PasswordInputProps {
  id: string;
  value: string;
  /** The last password did not open the file, or none was typed: said to assistive technology. */
  invalid: boolean;
  disabled?: boolean | undefined;
  /** Ids of the note, hint and error that explain the box. */
  describedBy?: string | undefined;
  onChange(value: string): void;
}

/** A password box: never autofilled or spell-checked (the password is not the browser's to keep). */
export function PasswordInput({ id, value, invalid, disabled, describedBy, onChange }: PasswordInputProps) {
  return (
    <input
      id={id}
      className="input password-input"
      type="password"
      autoComplete="off"
      spellCheck={false}
      value={value}
      disabled={disabled}
      aria-describedby={describedBy}
      aria-invalid={invalid ? true : undefined}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
