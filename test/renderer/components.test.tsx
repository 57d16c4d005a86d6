// The shared components: names, roles and values that assistive technology and e2e tests rely on.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import {
  ConfirmButton,
  EmptyState,
  ErrorBanner,
  formatBytes,
  formatDateTime,
  formatDuration,
  formatPercent,
  PasswordInput,
  plural,
  ProgressBar,
  StatusBadge,
  VirtualTable,
} from '../../src/renderer/components/index.js';
import { leastWidth } from '../../src/renderer/components/virtual-table.js';

describe('shared components', () => {
  it('exposes progress as a progressbar with its value', () => {
    const html = renderToStaticMarkup(<ProgressBar label="Documents done" value={37} max={120} valueText="37 of 120 documents" />);
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-label="Documents done"');
    expect(html).toContain('aria-valuenow="37"');
    expect(html).toContain('aria-valuemax="120"');
    expect(html).toContain('aria-valuetext="37 of 120 documents"');
    expect(html).toMatch(/width:30\.8\d*%/);
    expect(renderToStaticMarkup(<ProgressBar label="x" value={5} max={0} indeterminate />)).not.toContain('aria-valuenow');
  });

  it('shows status in words as well as colour', () => {
    expect(renderToStaticMarkup(<StatusBadge status="partial" />)).toContain('Some failed');
    expect(renderToStaticMarkup(<StatusBadge status="failed" label="Cancelled" />)).toContain('Cancelled');
    expect(renderToStaticMarkup(<StatusBadge status="processing" />)).toContain('badge--processing');
    expect(renderToStaticMarkup(<StatusBadge status="archived" />)).toContain('Archived');
  });

  it('announces errors as alerts, with a dismiss button when asked', () => {
    const html = renderToStaticMarkup(<ErrorBanner message="The job could not be started." onDismiss={() => {}} />);
    expect(html).toContain('role="alert"');
    expect(html).toContain('The job could not be started.');
    expect(html).toContain('Dismiss');
    expect(renderToStaticMarkup(<ErrorBanner message="x" />)).not.toContain('Dismiss');
  });

  it('renders empty states and confirm buttons', () => {
    expect(renderToStaticMarkup(<EmptyState title="No jobs yet.">Add documents.</EmptyState>)).toContain('No jobs yet.');
    const confirm = renderToStaticMarkup(<ConfirmButton label="Cancel job" question="Cancel?" confirmLabel="Yes" onConfirm={() => {}} />);
    expect(confirm).toContain('>Cancel job</button>');
    expect(confirm).not.toContain('Cancel?');
  });

  it('keeps a password box from autofill and spell-checking, and marks it invalid only when told', () => {
    const noop = () => undefined;
    const html = renderToStaticMarkup(<PasswordInput id="pw" value="" invalid describedBy="pw-hint pw-error" onChange={noop} />);
    expect(html).toMatch(/<input id="pw" class="input password-input" type="password" autoComplete="off" spellCheck="false"/);
    expect(html).toContain('aria-describedby="pw-hint pw-error"');
    expect(html).toContain('aria-invalid="true"');
    const calm = renderToStaticMarkup(<PasswordInput id="pw" value="" invalid={false} disabled onChange={noop} />);
    expect(calm).not.toContain('aria-invalid');
    expect(calm).toContain('disabled=""');
  });

  it('renders only a window of a ten-thousand-row table', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({ id: `r${i}`, name: `file-${i}.pdf` }));
    const html = renderToStaticMarkup(
      <VirtualTable
        rows={rows}
        columns={[{ id: 'name', header: 'Name', width: '1fr', render: (r) => r.name }]}
        rowKey={(r) => r.id}
        rowHeight={50}
        label="Files"
        rowTestId="row"
      />,
    );
    expect(html).toContain('aria-rowcount="10001"');
    expect(html).toContain('file-0.pdf');
    const rendered = html.match(/data-testid="row"/g)?.length ?? 0;
    expect(rendered).toBeGreaterThan(10);
    expect(rendered).toBeLessThan(60);
    expect(html).not.toContain('file-9999.pdf');
    expect(html).toContain('height:500000px');
  });

  it('gives a table the least width of its columns, so a narrow window scrolls it instead of cutting columns off', () => {
    expect(leastWidth('96px')).toBe(96);
    expect(leastWidth('minmax(180px, 1fr)')).toBe(180);
    expect(leastWidth('1fr')).toBe(0);
    expect(leastWidth('minmax(0, 3fr)')).toBe(0);
    const html = renderToStaticMarkup(
      <VirtualTable
        rows={[{ id: 'a' }]}
        columns={[
          { id: 'name', header: 'Name', width: 'minmax(180px, 1fr)', render: (r) => r.id },
          { id: 'size', header: 'Size', width: '80px', render: () => '1 KB' },
        ]}
        rowKey={(r) => r.id}
        rowHeight={50}
        label="Files"
      />,
    );
    // 180 + 80, one 10 px gap, 12 px of padding on each side.
    expect(html.match(/min-width:294px/g)?.length).toBe(2);
  });

  it('formats sizes, durations, confidences and times for people', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(1400)).toBe('1.4 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatPercent(0.934)).toBe('93%');
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(2, 'file')).toBe('2 files');
    const now = new Date(2025, 2, 10, 12, 0);
    expect(formatDateTime(new Date(2025, 2, 10, 9, 5).toISOString(), now)).toMatch(/^Today, /);
    expect(formatDateTime(new Date(2025, 2, 9, 9, 5).toISOString(), now)).toMatch(/^Yesterday, /);
    expect(formatDateTime(new Date(2023, 0, 2).toISOString(), now)).toContain('2023');
  });
});
