// The files waiting in the Inbox: one fixed-height row each (virtualised), with duplicates and
// files processed in an earlier job flagged so the user can drop them before starting.
import { memo, useMemo } from 'react';
import type { FileTypeFilter, StagedFile } from '../../../shared/rpc-contract.js';
import { formatBytes, formatDateTime, formatFullDateTime } from '../../components/format.js';
import { VirtualTable, type VirtualColumn } from '../../components/virtual-table.js';
import { hashFromRoute } from '../../stores/nav-store.js';
import { FILTER_KEEPS, passesFilter, stagedKey } from '../../stores/inbox-store.js';

export interface StagedTableProps {
  files: readonly StagedFile[];
  duplicates: Record<string, string>;
  /** The Include filter: files of other types are shown as left out. */
  filter?: FileTypeFilter | undefined;
  onRemove(key: string): void;
}

const TYPE_NAMES: Record<string, string> = { pdf: 'PDF', png: 'PNG', jpeg: 'JPEG', tiff: 'TIFF', webp: 'WebP', bmp: 'BMP', gif: 'GIF', text: 'Text' };

/** Memoised: reading progress re-renders the Inbox often; the table only when its rows change. */
export const StagedTable = memo(function StagedTable({ files, duplicates, filter = 'supported', onRemove }: StagedTableProps) {
  const columns = useMemo<VirtualColumn<StagedFile>[]>(
    () => [
      {
        id: 'name',
        header: 'File',
        width: 'minmax(0, 3fr)',
        render: (f) => (
          <div className="cell-stack" title={f.relative_path}>
            <span className="cell-stack__main">{f.name}</span>
            {f.relative_path !== f.name ? <span className="cell-stack__sub">{f.relative_path}</span> : null}
          </div>
        ),
      },
      { id: 'type', header: 'Type', width: '64px', render: (f) => TYPE_NAMES[f.file_type] ?? f.file_type.toUpperCase() },
      { id: 'size', header: 'Size', width: '80px', align: 'end', render: (f) => formatBytes(f.size) },
      {
        id: 'flags',
        header: 'Notes',
        width: 'minmax(0, 2fr)',
        render: (f) => {
          const original = duplicates[stagedKey(f.ref)];
          const before = f.processed_before;
          const leftOut = !passesFilter(f.file_type, filter);
          if (original === undefined && !before && !leftOut) return null;
          return (
            <div className="cell-stack">
              {leftOut ? (
                <span className="flag flag--left-out" title={`The Include filter takes ${FILTER_KEEPS[filter]}; choose All supported files to include it.`}>
                  Left out: not {filter === 'pdf' ? 'a PDF' : 'an image'}
                </span>
              ) : null}
              {original !== undefined ? (
                <span className="flag flag--duplicate" title={`Same content as ${original}`}>
                  Duplicate of {original}
                </span>
              ) : null}
              {before ? (
                <a
                  className="flag flag--before"
                  href={hashFromRoute({ screen: 'document', extraction_id: before.extraction_id, document_id: before.document_id })}
                  title={`Processed ${formatFullDateTime(before.created_at)} as ${before.filename}`}
                >
                  Processed before · {formatDateTime(before.created_at)}
                </a>
              ) : null}
            </div>
          );
        },
      },
      {
        id: 'remove',
        header: <span className="visually-hidden">Remove</span>,
        width: '88px',
        align: 'end',
        render: (f) => (
          <button type="button" className="button button--quiet button--small" aria-label={`Remove ${f.relative_path}`} onClick={() => onRemove(stagedKey(f.ref))}>
            Remove
          </button>
        ),
      },
    ],
    [duplicates, filter, onRemove],
  );

  return (
    <VirtualTable
      rows={files}
      columns={columns}
      rowKey={(f) => stagedKey(f.ref)}
      rowHeight={52}
      label="Files to process"
      rowTestId="staged-row"
      rowClassName={(f) =>
        !passesFilter(f.file_type, filter) ? 'vtable__row--left-out' : duplicates[stagedKey(f.ref)] !== undefined ? 'vtable__row--flagged' : undefined
      }
      maxHeight="max(240px, calc(100vh - 430px))"
    />
  );
});
