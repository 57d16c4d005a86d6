// Shared components, with stable names for every screen. Props in one line each:
// ProgressBar({ value, max, label, valueText?, size?: 'small'|'regular', tone?: 'accent'|'success'|'danger'|'muted', indeterminate? }) — role=progressbar.
// ErrorBanner({ message, onDismiss?, action? }) — role=alert, a sentence, optional Dismiss.
// EmptyState({ title, children?, action? }) — what to do when there is nothing yet.
// StatusBadge({ status: 'queued'|'processing'|'completed'|'failed'|'paused'|'partial'|string, label? }) — colour plus words.
// VirtualTable<T>({ rows, columns: VirtualColumn<T>[], rowKey, rowHeight, label, maxHeight?, rowTestId?, rowClassName? }) — virtualised, fixed row height.
// ConfirmButton({ label, question, confirmLabel, keepLabel?, onConfirm, disabled?, ariaLabel?, tone?, size? }) — asks in place before acting.
// CopyButton({ text, label, size? }) — copies and says "Copied".
// ScreenHeader({ id, title, lead, children? }) — a screen's heading and lead, controls on the right.
// FieldName({ path }) — a field's path that wraps after `_`, `.` and `[`.
// PasswordInput({ id, value, invalid, disabled?, describedBy?, onChange }) — never autofilled or spell-checked; in a `password-form`.
// Switch({ checked, disabled?, describedBy?, onChange, children }) — role=switch with its words; in a `switch-row`.
// format.ts: formatBytes, formatCount, plural, formatDuration, formatPercent, formatDateTime, formatFullDateTime.
export { ProgressBar, type ProgressBarProps } from './progress-bar.js';
export { ErrorBanner, type ErrorBannerProps } from './error-banner.js';
export { EmptyState, type EmptyStateProps } from './empty-state.js';
export { StatusBadge, type BadgeStatus, type StatusBadgeProps } from './status-badge.js';
export { VirtualTable, type VirtualColumn, type VirtualTableProps } from './virtual-table.js';
export { ConfirmButton, type ConfirmButtonProps } from './confirm-button.js';
export { CopyButton, type CopyButtonProps } from './copy-button.js';
export { ScreenHeader, type ScreenHeaderProps } from './screen-header.js';
export { FieldName } from './field-name.js';
export { PasswordInput, type PasswordInputProps } from './password-input.js';
export { Switch, type SwitchProps } from './switch.js';
export * from './format.js';
