// The shell's own small settings file, `config.json` in Electron's userData folder: where the
// data folder is (when the user moved it) and whether the local REST API should be listening.
// Everything else the app remembers lives in the data folder's store.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const configSchema = z.object({
  /** An absolute path; relative ones are ignored (they would depend on the working directory). */
  dataDir: z.string().min(1).refine((p) => path.isAbsolute(p)).optional().catch(undefined),
  apiEnabled: z.boolean().optional().catch(undefined),
});

export type ShellConfig = z.infer<typeof configSchema>;

export const CONFIG_FILE = 'config.json';

/** Reads config.json; a missing or unreadable file means the defaults (and is reported through `log`). */
export async function readShellConfig(userDataDir: string, log: (message: string) => void = () => undefined): Promise<ShellConfig> {
  const file = path.join(userDataDir, CONFIG_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log(`${file} could not be read (${(err as NodeJS.ErrnoException).code}); using the defaults.`);
    return {};
  }
  try {
    const parsed = configSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: not JSON
  }
  log(`${file} is not valid settings; using the defaults.`);
  return {};
}

/** Merges `patch` into config.json (keeping keys this version does not know), written atomically. */
export async function updateShellConfig(userDataDir: string, patch: Partial<ShellConfig>): Promise<void> {
  const file = path.join(userDataDir, CONFIG_FILE);
  let current: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) current = parsed as Record<string, unknown>;
  } catch {
    // missing or broken: start again from the patch
  }
  await mkdir(userDataDir, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify({ ...current, ...patch }, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}

/** The data folder: PERFECTPARSER_DATA_DIR when set (tests give each run its own), else the one
 *  chosen in config.json, else `<userData>/data`. */
export function dataDirFor(config: ShellConfig, userDataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env['PERFECTPARSER_DATA_DIR'];
  if (fromEnv && fromEnv.trim() !== '') return path.resolve(fromEnv);
  return config.dataDir ?? path.join(userDataDir, 'data');
}
