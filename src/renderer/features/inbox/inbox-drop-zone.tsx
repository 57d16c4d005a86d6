// The Inbox's drop target for files and whole folders. It is also reachable without a mouse:
// "Choose files…" and "Add a folder…" open the system pickers (native dialogs in the desktop app).
import { useId, useRef, useState, type ChangeEvent, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { FileTypeFilter } from '../../../shared/rpc-contract.js';
import type { AddedItems, DroppedEntry } from '../../backend/backend.js';

export interface InboxDropZoneProps {
  onAdd(items: AddedItems): void;
  /** The native dialog, when this backend has one (desktop). */
  onDialog?: ((kind: 'files' | 'folder') => void) | undefined;
  filter: FileTypeFilter;
  busy: boolean;
  /** Smaller once files are listed below it. */
  compact: boolean;
}

const ACCEPT: Record<FileTypeFilter, string | undefined> = {
  // Types are decided by content, so files without a familiar extension are still offered.
  supported: undefined,
  pdf: 'application/pdf,.pdf',
  images: 'image/*,.tif,.tiff',
};

// React passes unknown lowercase attributes through; TypeScript's input props lack these two.
const folderAttributes = { webkitdirectory: '', directory: '' } as Record<string, string>;

/** Files and folder entries from a drop; entries must be read while the event is dispatched. */
export function itemsFromDrop(data: DataTransfer): AddedItems {
  const entries: DroppedEntry[] = [];
  const looseFiles: File[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = item.webkitGetAsEntry?.();
    if (entry) entries.push(entry);
    else {
      const file = item.getAsFile();
      if (file) looseFiles.push(file);
    }
  }
  if (entries.length === 0) return { files: Array.from(data.files ?? []) };
  return { files: Array.from(data.files ?? []), entries, looseFiles };
}

export function InboxDropZone({ onAdd, onDialog, filter, busy, compact }: InboxDropZoneProps) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const filesInput = useRef<HTMLInputElement>(null);
  const filesId = useId();
  const folderId = useId();
  const hintId = useId();

  const onDragEnter = (event: DragEvent) => {
    event.preventDefault();
    depth.current++;
    setOver(true);
  };
  const onDragOver = (event: DragEvent) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };
  const onDragLeave = () => {
    depth.current = Math.max(0, depth.current - 1);
    if (depth.current === 0) setOver(false);
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    depth.current = 0;
    setOver(false);
    const items = itemsFromDrop(event.dataTransfer);
    if (items.files.length > 0 || items.entries) onAdd(items);
  };
  const onPicked = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.currentTarget.files ?? []);
    // Cleared so that picking the same files again still reports a change.
    event.currentTarget.value = '';
    if (files.length > 0) onAdd({ files });
  };
  // A click on the empty part of the zone opens the file picker too.
  const onZoneClick = (event: MouseEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).closest('button, label, input')) return;
    if (onDialog) onDialog('files');
    else filesInput.current?.click();
  };
  const pickerKeys = (event: KeyboardEvent<HTMLInputElement>) => {
    // A focused file input opens with Space in every browser; Enter is what people try first.
    if (event.key === 'Enter') {
      event.preventDefault();
      event.currentTarget.click();
    }
  };

  const filterWords = filter === 'pdf' ? 'PDFs' : filter === 'images' ? 'images' : 'PDFs, scans and photos';

  return (
    <div
      data-testid="drop-zone"
      className={`drop-zone${over ? ' drop-zone--over' : ''}${compact ? ' drop-zone--compact' : ''}${busy ? ' drop-zone--busy' : ''}`}
      onDragEnter={onDragEnter}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
      onClick={onZoneClick}
    >
      <svg className="drop-zone__icon" viewBox="0 0 48 48" aria-hidden="true">
        <path d="M8 30v8a3 3 0 0 0 3 3h26a3 3 0 0 0 3-3v-8M24 8v22M15 17l9-9 9 9" />
      </svg>
      <div className="drop-zone__text">
        <p className="drop-zone__title">{over ? 'Drop to add them' : 'Drop files or whole folders here'}</p>
        <p className="drop-zone__hint" id={hintId}>
          {filterWords}; folders are searched all the way down. Files are read on this computer.
        </p>
      </div>
      <div className="drop-zone__buttons">
        {onDialog ? (
          <>
            <button type="button" className="button" aria-describedby={hintId} onClick={() => onDialog('files')}>
              Choose files…
            </button>
            <button type="button" className="button button--secondary" aria-describedby={hintId} onClick={() => onDialog('folder')}>
              Choose a folder…
            </button>
          </>
        ) : (
          <>
            <span className="picker">
              <input
                ref={filesInput}
                id={filesId}
                type="file"
                multiple
                accept={ACCEPT[filter]}
                className="visually-hidden picker__input"
                aria-describedby={hintId}
                onChange={onPicked}
                onKeyDown={pickerKeys}
              />
              <label htmlFor={filesId} className="button picker__label">
                Choose files…
              </label>
            </span>
            <span className="picker">
              <input
                id={folderId}
                type="file"
                multiple
                {...folderAttributes}
                className="visually-hidden picker__input"
                aria-describedby={hintId}
                onChange={onPicked}
                onKeyDown={pickerKeys}
              />
              <label htmlFor={folderId} className="button button--secondary picker__label">
                Add a folder…
              </label>
            </span>
          </>
        )}
      </div>
    </div>
  );
}
