// Parsers (extraction templates) and the one being edited: its draft, dirty state and checks,
// saving (only over the version opened here, unless told to replace a newer one), a sample file
// (an encrypted PDF opened with a password kept in memory for this session), detecting fields
// from the sample (asking before replacing fields) and testing the draft on the sample — again
// after each edit, debounced.
import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { PARSER_CHANGED_MESSAGE, PARSER_NAME_MAX, type FieldDefinition, type FieldFormat, type FieldRule, type FieldType, type Parser, type ResultMode } from '../../shared/api/parsers.js';
import { canonicalJson } from '../../shared/canonical-json.js';
import { saysPasswordNeeded } from '../../shared/password-words.js';
import type { FileRef, SampleTestResult } from '../../shared/rpc-contract.js';
import type { Backend } from '../backend/backend.js';
import { isNotFound, reasonOf, perBackend } from './index.js';
import {
  addFieldAt,
  cleanFields,
  moveFieldAt,
  newRule,
  removeFieldAt,
  updateFieldAt,
  validateFields,
  withType,
  type FieldIndex,
} from '../features/parsers/field-edits.js';

/** What the editor changes before saving. */
export interface ParserDraft {
  name: string;
  description: string;
  result_mode: ResultMode;
  fields: FieldDefinition[];
}

/** The sample beside the editor: a new file the user added (ref) and/or bytes to show. */
export interface SampleState {
  /** A file added in this session; null means the parser's stored sample is used. */
  ref: FileRef | null;
  name: string | null;
  file: { bytes: Uint8Array; file_type: string; filename: string } | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | null;
}

/** The sample is an encrypted PDF: detecting and testing wait for its password (`wrong`: the one
 *  given does not open it). */
export interface SampleLock {
  wrong: boolean;
  message: string;
}

export interface TestState {
  status: 'idle' | 'running' | 'done' | 'error';
  result: SampleTestResult | null;
  error: string | null;
}

type Status = 'idle' | 'loading' | 'ready' | 'error';

export interface ParsersState {
  list: Parser[];
  listStatus: Status;
  listError: string | null;
  createError: string | null;
  removeError: string | null;

  selectedId: string | null;
  parser: Parser | null;
  parserStatus: Status;
  parserError: string | null;
  /** The parser asked for is not there (deleted, or a broken link). */
  parserMissing: boolean;
  draft: ParserDraft | null;
  dirty: boolean;
  /** Problems found in the draft, keyed by field index ("0.1/name") or "parser/name". */
  errors: Record<string, string>;
  saving: boolean;
  saveError: string | null;
  /** Set when the server refused the save because the parser was saved elsewhere (another
   *  window, the API) since it was opened here: the screen asks whether to replace that version
   *  or load it. */
  saveConflict: boolean;
  savedMessage: string | null;

  sample: SampleState;
  /** The sample's password, once typed: sent with each detect and test and used to draw its
   *  pages. Held in memory only (never saved, never part of the parser). */
  samplePassword: string | null;
  /** Set while the sample needs its password (the panel asks for it). */
  sampleLock: SampleLock | null;
  detecting: boolean;
  /** When the running detection started (Date.now()), for showing how long it has taken. */
  detectStartedAt: number | null;
  detectError: string | null;
  /** Set when detecting would replace existing fields: the screen asks first. */
  replacePrompt: boolean;
  test: TestState;
  /** The test result the user picked (its citation is highlighted) and the sample page shown. */
  selectedResult: string | null;
  samplePage: number;

  loadList(): Promise<void>;
  create(name: string): Promise<Parser | null>;
  remove(parserId: string): Promise<boolean>;
  open(parserId: string | null): Promise<void>;
  setMeta(patch: Partial<Pick<ParserDraft, 'name' | 'description' | 'result_mode'>>): void;
  addField(parent: FieldIndex, type?: FieldType): void;
  removeField(index: FieldIndex): void;
  moveField(index: FieldIndex, delta: number): void;
  updateField(index: FieldIndex, patch: Partial<Pick<FieldDefinition, 'name' | 'description' | 'required'>>): void;
  setFieldType(index: FieldIndex, type: FieldType): void;
  addRule(index: FieldIndex, kind: FieldRule['kind']): void;
  updateRule(index: FieldIndex, ruleIndex: number, rule: FieldRule): void;
  removeRule(index: FieldIndex, ruleIndex: number): void;
  setFormat(index: FieldIndex, format: FieldFormat | undefined): void;
  /** Puts the draft back to the saved parser. */
  discard(): void;
  /** Saves the draft; unless `overwrite`, only over the version opened here (the server refuses
   *  it when someone else saved the parser meanwhile, and `saveConflict` is set). */
  save(overwrite?: boolean): Promise<boolean>;
  /** Stages a dropped or picked file as the sample and tests the draft on it. */
  setSampleFile(file: File): Promise<void>;
  /** True when there is a sample to detect fields from: one added here, or the parser's stored one. */
  canDetect(): boolean;
  /** Detects at once when the parser has no fields; otherwise asks (replacePrompt) first. */
  requestDetect(): void;
  /** Answers the replace question: true replaces the fields, false leaves them. */
  answerReplace(replace: boolean): Promise<void>;
  detect(replace: boolean): Promise<void>;
  /** Opens the encrypted sample with this password and does again what needed it. */
  unlockSample(password: string): Promise<void>;
  /** Tests the draft after a pause in editing (one call for a burst of edits). */
  scheduleTest(): void;
  runTest(): Promise<void>;
  selectResult(path: string | null): void;
  setSamplePage(page: number): void;
}

export type ParsersStore = StoreApi<ParsersState>;

export interface ParsersStoreOptions {
  /** Pause after the last edit before the draft is tested (ms). */
  testDelayMs?: number;
}

export const TEST_DELAY_MS = 600;

const message = (err: unknown) => reasonOf(err) || 'Something went wrong.';
const SCHEMA_EXISTS = /SCHEMA_ALREADY_EXISTS|already has (a schema|fields)/i;
/** True when the call failed because the sample is an encrypted PDF it could not open. */
function isLockedError(err: unknown): boolean {
  return saysPasswordNeeded(message(err));
}

/** The question for the sample's password: first asked, or again after a wrong one. */
function sampleLock(sampleName: string | null, wrong: boolean): SampleLock {
  const which = sampleName ? `“${sampleName}”` : 'the sample';
  return wrong
    ? { wrong, message: `This password does not open ${which}. Check it and try again.` }
    : { wrong, message: `${which.charAt(0).toUpperCase()}${which.slice(1)} is protected by a password. Type its password to detect fields and test on it.` };
}

/** True when the server refused a save because the parser changed since the version sent. */
function isChangedElsewhere(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'CONFLICT' && message(err).startsWith(PARSER_CHANGED_MESSAGE);
}

/** The draft a saved parser starts as. */
export function draftOf(parser: Parser): ParserDraft {
  return { name: parser.name, description: parser.description ?? '', result_mode: parser.result_mode, fields: parser.fields };
}

/** Whether two drafts hold the same settings, compared as canonical JSON so the same settings
 *  written in another key order (the API returns a rule's keys in its schema's order, the editor
 *  in the order they were set) match. */
function sameDraft(a: ParserDraft, b: ParserDraft): boolean {
  const norm = (d: ParserDraft) => canonicalJson({ ...d, name: d.name.trim(), fields: cleanFields(d.fields) });
  return norm(a) === norm(b);
}

/** Everything wrong with a draft, as sentences (see `ParsersState.errors`). */
export function validateDraft(draft: ParserDraft): Record<string, string> {
  const errors = validateFields(draft.fields);
  if (draft.name.trim() === '') errors['parser/name'] = 'Give the parser a name.';
  else if (draft.name.trim().length > PARSER_NAME_MAX) errors['parser/name'] = `A parser name has at most ${PARSER_NAME_MAX} characters.`;
  return errors;
}

const noSample: SampleState = { ref: null, name: null, file: null, status: 'idle', error: null };
const noTest: TestState = { status: 'idle', result: null, error: null };
/** The editor with no parser open: the start state, and what opening another parser resets to. */
const closedEditor = {
  parser: null,
  parserStatus: 'idle',
  parserError: null,
  parserMissing: false,
  draft: null,
  dirty: false,
  errors: {},
  saving: false,
  saveError: null,
  saveConflict: false,
  savedMessage: null,
  sample: noSample,
  samplePassword: null,
  sampleLock: null,
  detecting: false,
  detectStartedAt: null,
  detectError: null,
  replacePrompt: false,
  test: noTest,
  selectedResult: null,
  samplePage: 1,
} as const satisfies Partial<ParsersState>;

/** A parsers store over a backend (tests pass a fake one). */
export function createParsersStore(backend: Backend, options: ParsersStoreOptions = {}): ParsersStore {
  const delay = options.testDelayMs ?? TEST_DELAY_MS;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let testSeq = 0;
  let openSeq = 0;
  /** A detection (replacing the fields or not) that waits for the sample's password; without one,
   *  the password given is followed by a test. */
  let waitingDetect: { replace: boolean } | null = null;
  /** Passwords typed this session, by stored sample id, so reopening a parser does not ask again. */
  const passwords = new Map<string, string>();

  return createStore<ParsersState>()((set, get) => {
    const cancelScheduled = () => {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    };

    /** Replaces the draft, recomputing dirty state and errors; `retest` schedules a test run. */
    const setDraft = (draft: ParserDraft, retest: boolean) => {
      const parser = get().parser;
      set({ draft, dirty: parser ? !sameDraft(draft, draftOf(parser)) : false, errors: validateDraft(draft), savedMessage: null });
      if (retest) get().scheduleTest();
    };
    const editFields = (change: (fields: FieldDefinition[]) => FieldDefinition[]) => {
      const draft = get().draft;
      if (draft) setDraft({ ...draft, fields: change(draft.fields) }, true);
    };
    const hasSample = () => get().sample.ref !== null || get().parser?.has_sample_file === true;
    /** The sample did not open: asks for its password (again, when the one sent was wrong), and
     *  remembers what to do once it is given (a waiting detection outranks a test). */
    const askPassword = (detect: { replace: boolean } | null, wrong: boolean) => {
      waitingDetect = detect ?? waitingDetect;
      set({ sampleLock: sampleLock(get().sample.name, wrong), ...(wrong ? { samplePassword: null } : {}) });
    };
    return {
      list: [],
      listStatus: 'idle',
      listError: null,
      createError: null,
      removeError: null,
      selectedId: null,
      ...closedEditor,

      async loadList() {
        set({ listStatus: 'loading', listError: null });
        try {
          const list = await backend.call('parsers.list');
          set({ list, listStatus: 'ready' });
        } catch (err) {
          set({ listStatus: 'error', listError: message(err) });
        }
      },

      async create(name) {
        const trimmed = name.trim();
        if (trimmed === '') {
          set({ createError: 'Give the new parser a name.' });
          return null;
        }
        set({ createError: null });
        try {
          const parser = await backend.call('parsers.create', { name: trimmed });
          set({ list: [...get().list, parser] });
          return parser;
        } catch (err) {
          set({ createError: message(err) });
          return null;
        }
      },

      async remove(parserId) {
        set({ removeError: null });
        try {
          await backend.call('parsers.remove', { parser_id: parserId });
        } catch (err) {
          set({ removeError: message(err) });
          return false;
        }
        set({ list: get().list.filter((p) => p.parser_id !== parserId) });
        if (get().selectedId === parserId) await get().open(null);
        return true;
      },

      async open(parserId) {
        const seq = ++openSeq;
        cancelScheduled();
        testSeq++;
        set({ ...closedEditor, selectedId: parserId, parserStatus: parserId ? 'loading' : 'idle' });
        if (!parserId) return;
        let parser: Parser;
        try {
          parser = await backend.call('parsers.get', { parser_id: parserId });
        } catch (err) {
          if (seq === openSeq) set({ parserStatus: 'error', parserError: message(err), parserMissing: isNotFound(err) });
          return;
        }
        if (seq !== openSeq) return;
        const draft = draftOf(parser);
        waitingDetect = null;
        const samplePassword = parser.sample_file_id ? (passwords.get(parser.sample_file_id) ?? null) : null;
        set({ parser, parserStatus: 'ready', draft, errors: validateDraft(draft), samplePassword });
        if (parser.has_sample_file) {
          set({ sample: { ...noSample, status: 'loading' } });
          try {
            const stored = await backend.call('parsers.sample', { parser_id: parserId });
            if (seq !== openSeq) return;
            set({ sample: stored ? { ...noSample, name: stored.filename, file: stored, status: 'ready' } : noSample });
          } catch (err) {
            if (seq === openSeq) set({ sample: { ...noSample, status: 'error', error: `The stored sample could not be loaded: ${message(err)}` } });
          }
          if (seq === openSeq && parser.fields.length > 0) void get().runTest();
        }
      },

      setMeta(patch) {
        const draft = get().draft;
        if (draft) setDraft({ ...draft, ...patch }, patch.result_mode !== undefined && patch.result_mode !== draft.result_mode);
      },
      addField: (parent, type) => editFields((fields) => addFieldAt(fields, parent, type)),
      removeField: (index) => editFields((fields) => removeFieldAt(fields, index)),
      moveField: (index, delta) => editFields((fields) => moveFieldAt(fields, index, delta)),
      updateField: (index, patch) => editFields((fields) => updateFieldAt(fields, index, (f) => ({ ...f, ...patch }))),
      setFieldType: (index, type) => editFields((fields) => updateFieldAt(fields, index, (f) => withType(f, type))),
      addRule: (index, kind) => editFields((fields) => updateFieldAt(fields, index, (f) => ({ ...f, rules: [...(f.rules ?? []), newRule(kind)] }))),
      updateRule: (index, ruleIndex, rule) =>
        editFields((fields) => updateFieldAt(fields, index, (f) => ({ ...f, rules: (f.rules ?? []).map((r, i) => (i === ruleIndex ? rule : r)) }))),
      removeRule: (index, ruleIndex) =>
        editFields((fields) => updateFieldAt(fields, index, (f) => ({ ...f, rules: (f.rules ?? []).filter((_, i) => i !== ruleIndex) }))),
      setFormat: (index, format) =>
        editFields((fields) =>
          updateFieldAt(fields, index, (f) => {
            const next = { ...f, format: format ?? undefined };
            if (!format) delete next.format;
            return next;
          }),
        ),

      discard() {
        const parser = get().parser;
        if (parser) setDraft(draftOf(parser), true);
        set({ saveError: null, saveConflict: false });
      },

      async save(overwrite = false) {
        const { parser, draft } = get();
        if (!parser || !draft) return false;
        const errors = validateDraft(draft);
        if (Object.keys(errors).length > 0) {
          set({ errors, saveError: 'Some fields need attention before the parser can be saved; see the marked fields.' });
          return false;
        }
        set({ saving: true, saveError: null, saveConflict: false, savedMessage: null });
        try {
          const saved = await backend.call('parsers.update', {
            parser_id: parser.parser_id,
            patch: {
              name: draft.name.trim(),
              description: draft.description === '' ? null : draft.description,
              result_mode: draft.result_mode,
              fields: cleanFields(draft.fields),
            },
            // The server applies it only over the version opened here, unless replacing it is asked.
            ...(overwrite ? {} : { expected_updated_at: parser.updated_at }),
          });
          if (get().parser?.parser_id !== saved.parser_id) return true;
          const current = get().draft;
          set({
            parser: saved,
            saving: false,
            savedMessage: 'Saved.',
            list: get().list.map((p) => (p.parser_id === saved.parser_id ? saved : p)),
            dirty: current ? !sameDraft(current, draftOf(saved)) : false,
          });
          return true;
        } catch (err) {
          if (get().parser?.parser_id !== parser.parser_id) return false;
          if (!overwrite && isChangedElsewhere(err)) {
            set({
              saving: false,
              saveConflict: true,
              saveError: `${PARSER_CHANGED_MESSAGE} Save yours anyway to replace those changes, or load the other version and lose your edits here.`,
            });
          } else set({ saving: false, saveError: message(err) });
          return false;
        }
      },

      async setSampleFile(file) {
        const selectedId = get().selectedId;
        set({ sample: { ...get().sample, status: 'loading', error: null }, detectError: null });
        try {
          const staged = await backend.stage({ files: [file] }, 'supported');
          if (get().selectedId !== selectedId) return;
          const first = staged.files[0];
          if (!first) {
            const reason = staged.skipped[0]?.reason ?? 'it is not a file type PerfectParser reads';
            set({ sample: { ...get().sample, status: 'error', error: `“${file.name}” cannot be used as a sample: ${reason}` } });
            return;
          }
          const bytes = new Uint8Array(await file.arrayBuffer());
          waitingDetect = null;
          set({
            sample: { ref: first.ref, name: first.name, file: { bytes, file_type: first.file_type, filename: first.name }, status: 'ready', error: null },
            samplePassword: null,
            sampleLock: null,
            selectedResult: null,
            samplePage: 1,
            test: noTest,
          });
          if ((get().draft?.fields.length ?? 0) > 0) void get().runTest();
        } catch (err) {
          set({ sample: { ...get().sample, status: 'error', error: `“${file.name}” could not be added: ${message(err)}` } });
        }
      },

      canDetect: () => hasSample(),

      requestDetect() {
        if (!get().canDetect()) {
          set({ detectError: 'Add a sample file first: fields are detected from a sample.' });
          return;
        }
        const hasFields = (get().draft?.fields.length ?? 0) > 0 || (get().parser?.fields.length ?? 0) > 0;
        if (hasFields) set({ replacePrompt: true, detectError: null });
        else void get().detect(false);
      },

      async answerReplace(replace) {
        set({ replacePrompt: false });
        if (replace) await get().detect(true);
      },

      async detect(replace) {
        const { parser } = get();
        if (!parser || !get().canDetect()) return;
        set({ detecting: true, detectStartedAt: Date.now(), detectError: null, replacePrompt: false });
        // A sample added here is sent (and becomes the parser's stored sample); else the stored one is used.
        const { ref } = get().sample;
        const password = get().samplePassword;
        try {
          const detected = await backend.call('parsers.detect', {
            parser_id: parser.parser_id,
            ...(ref ? { file: ref } : {}),
            replace_existing_schema: replace,
            ...(password !== null ? { password } : {}),
          });
          if (get().parser?.parser_id !== detected.parser_id) return;
          if (password !== null && detected.sample_file_id) passwords.set(detected.sample_file_id, password);
          const draft = get().draft ?? draftOf(detected);
          const sample = get().sample;
          set({
            parser: detected,
            detecting: false,
            detectStartedAt: null,
            sampleLock: null,
            list: get().list.map((p) => (p.parser_id === detected.parser_id ? detected : p)),
            ...(ref && sample.ref === ref ? { sample: { ...sample, ref: null } } : {}),
          });
          setDraft({ ...draft, fields: detected.fields }, false);
          if (detected.fields.length === 0) set({ detectError: 'No fields were found in this sample. Add fields by hand, or try another sample.' });
          else void get().runTest();
        } catch (err) {
          if (get().parser?.parser_id !== parser.parser_id) return;
          const text = message(err);
          const code = (err as { code?: unknown } | null)?.code;
          set({ detecting: false, detectStartedAt: null });
          if (!replace && (code === 'SCHEMA_ALREADY_EXISTS' || SCHEMA_EXISTS.test(text))) set({ replacePrompt: true });
          else if (isLockedError(err)) askPassword({ replace }, password !== null);
          else set({ detectError: text });
        }
      },

      async unlockSample(password) {
        const waiting = waitingDetect;
        waitingDetect = null;
        set({ samplePassword: password, sampleLock: null, detectError: null });
        if (waiting) await get().detect(waiting.replace);
        else if ((get().draft?.fields.length ?? 0) > 0) await get().runTest();
      },

      scheduleTest() {
        cancelScheduled();
        if (!hasSample() || (get().draft?.fields.length ?? 0) === 0) return;
        timer = setTimeout(() => {
          timer = null;
          void get().runTest();
        }, delay);
      },

      async runTest() {
        cancelScheduled();
        const { draft, parser, sample } = get();
        if (!draft || !parser) return;
        if (!hasSample()) {
          set({ test: { ...noTest, error: 'Add a sample file to test the parser on it.' } });
          return;
        }
        if (draft.fields.length === 0) {
          set({ test: { ...noTest, error: 'Add a field, or detect fields from the sample, to test.' } });
          return;
        }
        if (Object.keys(validateDraft(draft)).length > 0) {
          set({ test: { ...get().test, status: 'error', error: 'Fix the marked fields to test them on the sample.' } });
          return;
        }
        const seq = ++testSeq;
        const password = get().samplePassword;
        set({ test: { ...get().test, status: 'running', error: null } });
        try {
          const result = await backend.call('parsers.test', {
            fields: cleanFields(draft.fields),
            result_mode: draft.result_mode,
            parser_id: parser.parser_id,
            ...(sample.ref ? { file: sample.ref } : {}),
            ...(password !== null ? { password } : {}),
          });
          if (seq !== testSeq) return;
          set({ test: { status: 'done', result, error: null }, sampleLock: null });
          if (password !== null && !sample.ref && parser.sample_file_id) passwords.set(parser.sample_file_id, password);
        } catch (err) {
          if (seq !== testSeq) return;
          if (isLockedError(err)) {
            set({ test: { ...get().test, status: 'idle', error: null } });
            askPassword(null, password !== null);
          } else set({ test: { ...get().test, status: 'error', error: message(err) } });
        }
      },

      selectResult(path) {
        const citation = path ? (get().test.result?.fields[path]?.citation ?? null) : null;
        set({ selectedResult: path, ...(citation ? { samplePage: citation.page } : {}) });
      },

      setSamplePage(page) {
        set({ samplePage: Math.max(1, Math.floor(page)) });
      },
    };
  });
}

/** The one parsers store of a backend (screens share it; tests create their own). */
export const parsersStoreFor: (backend: Backend) => ParsersStore = perBackend(createParsersStore);

/** Selects from the backend's parsers store. */
export function useParsersStore<T>(backend: Backend, selector: (state: ParsersState) => T): T {
  return useStore(parsersStoreFor(backend), selector);
}
