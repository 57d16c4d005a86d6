// A drop target for files with a real file button beside it, so keyboard users can pick files too.
import { useId, useRef, useState, type DragEvent } from 'react';

export interface DropZoneProps {
  onFiles: (files: File[]) => void;
  disabled?: boolean;
  /** Passed to the file input, e.g. "application/pdf,.pdf". */
  accept?: string;
  title: string;
  hint: string;
  buttonLabel: string;
}

/** Calls onFiles with the files dropped on it or chosen with its button. */
export function DropZone({ onFiles, disabled = false, accept, title, hint, buttonLabel }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const hintId = useId();

  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    event.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    if (!disabled) setOver(true);
  };
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    if (disabled) return;
    const files = Array.from(event.dataTransfer.files);
    if (files.length > 0) onFiles(files);
  };

  return (
    <div
      className={`drop-zone${over ? ' drop-zone--over' : ''}${disabled ? ' drop-zone--disabled' : ''}`}
      onDragEnter={onDragOver}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
    >
      <p className="drop-zone__title">{title}</p>
      <p className="drop-zone__hint" id={hintId}>
        {hint}
      </p>
      <button
        type="button"
        className="button"
        disabled={disabled}
        aria-describedby={hintId}
        onClick={() => inputRef.current?.click()}
      >
        {buttonLabel}
      </button>
      <input
        ref={inputRef}
        type="file"
        accept={accept}
        hidden
        tabIndex={-1}
        onChange={(event) => {
          const files = Array.from(event.currentTarget.files ?? []);
          // Clear the input so choosing the same file again still fires a change.
          event.currentTarget.value = '';
          if (files.length > 0) onFiles(files);
        }}
      />
    </div>
  );
}
