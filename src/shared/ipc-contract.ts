// Every IPC channel between the renderer and the main process, declared once: its name, the
// schema its one argument must pass, and the shape of its result. Main registers handlers from
// this table, the preload derives its verbs from it, and the renderer types its calls with it.
import { z } from 'zod';
import { parseConfigSchema, parseRunSchema } from './parse-contract.js';

export type { ParseConfigInput, ParseRun } from './parse-contract.js';

/** Longest path we accept from a renderer (Windows long paths stay well below this). */
const MAX_PATH_LENGTH = 4096;

/** An absolute POSIX path, a drive-letter path or a UNC path, with no NUL byte. */
const absolutePathSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_PATH_LENGTH, `must be at most ${MAX_PATH_LENGTH} characters`)
  .refine((p) => !p.includes('\0'), 'must not contain a NUL character')
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\'), 'must be an absolute path');

export const parseFileArgsSchema = z.strictObject({
  path: absolutePathSchema,
  config: parseConfigSchema.optional(),
});

export const ipcContract = {
  /** Parses one file on disk in an engine worker; resolves with the parser_run (PROCESSED or FAILED). */
  'parse:file': { args: parseFileArgsSchema, result: parseRunSchema },
  /** Shows the system "open files" dialog; resolves with the chosen paths ([] when cancelled). */
  'dialog:open-files': { args: z.undefined(), result: z.array(z.string()) },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType }>;

export type IpcContract = typeof ipcContract;
export type IpcChannel = keyof IpcContract;
/** The argument as the renderer writes it (config fields optional, no defaults applied). */
export type IpcArgs<C extends IpcChannel> = z.input<IpcContract[C]['args']>;
/** The argument after validation, as a handler receives it (defaults applied). */
export type IpcParsedArgs<C extends IpcChannel> = z.output<IpcContract[C]['args']>;
export type IpcResult<C extends IpcChannel> = z.output<IpcContract[C]['result']>;

/** Every channel name, for registration loops. */
export const IPC_CHANNELS = Object.keys(ipcContract) as IpcChannel[];
