// The Inbox: files the user added and has not started yet. Kept outside the screen so leaving
// the Inbox and coming back keeps the list. Duplicates (same content) are flagged, not removed.
// The type filter also applies to files already in the list: those of other types stay listed,
// marked as left out, and are not started (choosing "All supported files" takes them back).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FileRef, FileTypeFilter, JobSummary, SkippedFile, StagedFile } from '../../shared/rpc-contract.js';
import { MAX_FILES_PER_JOB, passesFileTypeFilter } from '../../shared/rpc-contract.js';
import type { AddedItems, Backend } from '../backend/backend.js';
import { failure } from './index.js';

export interface InboxState {
  files: StagedFile[];
  skipped: SkippedFile[];
  /** Per staged key: the relative path of the earlier staged file with the same content. */
  duplicates: Record<string, string>;
  /** How many staged files were processed in an earlier job. */
  processedBeforeCount: number;
  filter: FileTypeFilter;
  /** Progress of the files being read right now, summed over every add still running. */
  staging: { done: number; total: number } | null;
  /** The parser to run; null parses only. */
  parserId: string | null;
  starting: boolean;
  error: string | null;
  /** What the last add did, as a sentence for a live region. */
  notice: string | null;
  /** Sets the type filter for files added next and for the list (files of other types are left out of the job). */
  setFilter(filter: FileTypeFilter): void;
  setParser(parserId: string | null): void;
  /** Stages dropped or picked files and folders and merges them into the list. */
  add(items: AddedItems): Promise<void>;
  /** Stages through the native dialog (desktop only). */
  addWithDialog(kind: 'files' | 'folder'): Promise<void>;
  remove(key: string): void;
  /** Takes the files a job started out of the list in one pass (the files left out stay for a
   *  later job; the skipped list goes once nothing is left). */
  takeStarted(started: readonly StagedFile[]): void;
  /** Keeps the first file of each content and drops the others. */
  removeDuplicates(): void;
  removeProcessedBefore(): void;
  clear(): void;
  dismissError(): void;
  /** Starts a job over the staged files the filter includes; resolves with it (the list keeps only
   *  the files left out), or null on failure. */
  start(): Promise<JobSummary | null>;
}

export type InboxStore = StoreApi<InboxState>;

/** A staged file's identity: its path on this machine or its upload id. */
export function stagedKey(ref: FileRef): string {
  return ref.kind === 'path' ? `path:${ref.path}` : `upload:${ref.upload_id}`;
}

/** Per key, the relative path of the first earlier file with the same hash. */
export function findDuplicates(files: readonly StagedFile[]): Record<string, string> {
  const firstByHash = new Map<string, StagedFile>();
  const duplicates: Record<string, string> = {};
  for (const file of files) {
    const first = firstByHash.get(file.hash);
    if (first) duplicates[stagedKey(file.ref)] = first.relative_path;
    else firstByHash.set(file.hash, file);
  }
  return duplicates;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** True when a staged file of this type (StagedFile.file_type) passes the filter. */
export const passesFilter = passesFileTypeFilter;

/** The staged files a job started now would take. */
export function includedFiles(files: readonly StagedFile[], filter: FileTypeFilter): StagedFile[] {
  return filter === 'supported' ? [...files] : files.filter((f) => passesFilter(f.file_type, filter));
}

/** What the filter keeps, in words ("only PDFs"), for the files it leaves out. */
export const FILTER_KEEPS: Record<FileTypeFilter, string> = { supported: 'every supported file', pdf: 'only PDFs', images: 'only images' };

/** The Inbox store over a backend. */
export function createInboxStore(backend: Backend): InboxStore {
  const running = new Map<number, { done: number; total: number }>();
  let nextBatch = 0;

  return createStore<InboxState>()((set, get) => {
    const withFiles = (files: StagedFile[]) => ({
      files,
      duplicates: findDuplicates(files),
      processedBeforeCount: files.filter((f) => f.processed_before).length,
    });

    const publishProgress = () => {
      if (running.size === 0) return set({ staging: null });
      let done = 0;
      let total = 0;
      for (const batch of running.values()) {
        done += batch.done;
        total += batch.total;
      }
      set({ staging: { done, total } });
    };

    const merge = (incoming: StagedFile[], skipped: SkippedFile[]) => {
      const { files } = get();
      const known = new Set(files.map((f) => stagedKey(f.ref)));
      const added: StagedFile[] = [];
      // Folder order, whatever order the backend finished the files in.
      const sorted = [...incoming].sort((a, b) => a.relative_path.localeCompare(b.relative_path, undefined, { numeric: true }));
      for (const file of sorted) {
        const key = stagedKey(file.ref);
        if (known.has(key)) continue;
        known.add(key);
        added.push(file);
      }
      const parts = [added.length > 0 ? `Added ${plural(added.length, 'file')}.` : 'No new files were added.'];
      const again = incoming.length - added.length;
      if (again > 0) parts.push(`${plural(again, 'file was', 'files were')} already in the list.`);
      if (skipped.length > 0) parts.push(`${plural(skipped.length, 'file was', 'files were')} skipped.`);
      set({ ...withFiles([...files, ...added]), skipped: [...get().skipped, ...skipped], notice: parts.join(' ') });
    };

    const stageWith = async (work: (onProgress: (done: number, total: number) => void) => Promise<{ files: StagedFile[]; skipped: SkippedFile[] }>) => {
      const id = nextBatch++;
      running.set(id, { done: 0, total: 0 });
      publishProgress();
      try {
        const result = await work((done, total) => {
          running.set(id, { done, total });
          publishProgress();
        });
        merge(result.files, result.skipped);
      } catch (err) {
        set({ error: failure('The files could not be added', err) });
      } finally {
        running.delete(id);
        publishProgress();
      }
    };

    return {
      files: [],
      skipped: [],
      duplicates: {},
      processedBeforeCount: 0,
      filter: 'supported',
      staging: null,
      parserId: null,
      starting: false,
      error: null,
      notice: null,
      setFilter(filter) {
        if (filter === get().filter) return;
        const { files } = get();
        const left = files.length - includedFiles(files, filter).length;
        const notice =
          files.length === 0
            ? null
            : left > 0
              ? `${plural(left, 'file')} in the list ${left === 1 ? 'is' : 'are'} left out: ${FILTER_KEEPS[filter]} are included.`
              : 'Every file in the list is included.';
        set({ filter, notice: notice ?? get().notice });
      },
      setParser: (parserId) => set({ parserId }),
      async add(items) {
        if (items.files.length === 0 && !items.entries?.length) return;
        await stageWith((onProgress) => backend.stage(items, get().filter, onProgress));
      },
      async addWithDialog(kind) {
        const pick = backend.pickWithDialog;
        if (!pick) return;
        await stageWith(() => pick(kind, get().filter));
      },
      remove(key) {
        set(withFiles(get().files.filter((f) => stagedKey(f.ref) !== key)));
      },
      takeStarted(started) {
        const keys = new Set(started.map((f) => stagedKey(f.ref)));
        const kept = get().files.filter((f) => !keys.has(stagedKey(f.ref)));
        set({ ...withFiles(kept), skipped: kept.length > 0 ? get().skipped : [], notice: null });
      },
      removeDuplicates() {
        const { files, duplicates } = get();
        const removed = files.filter((f) => duplicates[stagedKey(f.ref)] !== undefined).length;
        set({ ...withFiles(files.filter((f) => duplicates[stagedKey(f.ref)] === undefined)), notice: `Removed ${plural(removed, 'duplicate')}.` });
      },
      removeProcessedBefore() {
        const { files } = get();
        const kept = files.filter((f) => !f.processed_before);
        set({ ...withFiles(kept), notice: `Removed ${plural(files.length - kept.length, 'file')} processed before.` });
      },
      clear() {
        set({ ...withFiles([]), skipped: [], notice: 'The list is empty.' });
      },
      dismissError: () => set({ error: null }),
      async start() {
        const { files, filter, parserId, starting, staging } = get();
        const chosen = includedFiles(files, filter);
        if (starting || staging || chosen.length === 0) return null;
        if (chosen.length > MAX_FILES_PER_JOB) {
          set({ error: `One job takes at most ${MAX_FILES_PER_JOB.toLocaleString('en')} files; remove ${(chosen.length - MAX_FILES_PER_JOB).toLocaleString('en')} and start again.` });
          return null;
        }
        set({ starting: true, error: null });
        try {
          const job = await backend.call('jobs.create', { parser_id: parserId, files: chosen.map((f) => f.ref) });
          get().takeStarted(chosen);
          const kept = get().files.length;
          set({
            starting: false,
            notice: kept > 0 ? `${plural(kept, 'file')} left out by the Include filter ${kept === 1 ? 'is' : 'are'} still in the list.` : null,
          });
          return job;
        } catch (err) {
          set({ starting: false, error: failure('The job could not be started', err) });
          return null;
        }
      },
    };
  });
}
