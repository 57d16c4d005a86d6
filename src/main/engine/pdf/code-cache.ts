// CommonJS scripts run with V8's code cache, so a thread that loads pdf.js (3.3 MB of source)
// does not compile it from scratch each time: the first run writes what V8 compiled (the
// functions a parse used included), later runs read it back. This Node has no compile cache for
// ES modules (module.enableCompileCache came with Node 22), hence the scripts
// (scripts/vendor-pdfjs.js). The cache is a speed-up only: a cache that is missing, damaged,
// written by another Node or for other source is ignored and written again, and a folder that
// cannot be written leaves the scripts uncached.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

/** Where code caches are kept: PERFECTPARSER_CODE_CACHE_DIR (`off` for none), else this user's
 *  cache folder (never a shared temporary folder: the cache is code this process runs). */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string | undefined {
  const set = env['PERFECTPARSER_CODE_CACHE_DIR'];
  if (set !== undefined && set !== '') return set === 'off' ? undefined : path.resolve(set);
  if (platform === 'win32') return path.join(env['LOCALAPPDATA'] || path.join(home, 'AppData', 'Local'), 'PerfectParser', 'Cache', 'code');
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', 'PerfectParser', 'code');
  return path.join(env['XDG_CACHE_HOME'] || path.join(home, '.cache'), 'perfectparser', 'code');
}

export interface CachedScript {
  /** What the script put in `module.exports`. */
  exports: unknown;
  /** Whether V8 used a cache written earlier. */
  fromCache: boolean;
  /** Writes the cache for later runs if none was used (best done once the script's functions
   *  have run, so their compiled code is in it); never throws. */
  save(): void;
}

const DIGEST_BYTES = 32;

/** Caches of other versions of a script (another build, another Node) unused this long go. */
const STALE_MS = 7 * 24 * 3600 * 1000;

function digest(data: Uint8Array): Buffer {
  return createHash('sha256').update(data).digest();
}

/** A cache file's V8 data if its digest holds. */
function readCache(file: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  if (bytes.length <= DIGEST_BYTES) return undefined;
  const data = bytes.subarray(DIGEST_BYTES);
  return digest(data).equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

/** Runs the CommonJS script `file` as the module `moduleFile` would run (its `require`,
 *  `__filename`, and the module's URL as `__moduleUrl`), with a code cache in `cacheDir`. */
export function runCachedScript(file: string, moduleFile: string, cacheDir: string | undefined): CachedScript {
  const source = readFileSync(file, 'utf8');
  const name = path.basename(file);
  // The key changes with the script file (its size and time: a build writes it anew) and with
  // the Node that compiles it (V8 would refuse the data anyway; a new name keeps two installed
  // versions from overwriting each other's). Hashing 3.3 MB of source each start cost ~5 ms.
  const { size, mtimeMs } = statSync(file);
  const key = createHash('sha256').update(`${process.version} ${process.arch} ${size} ${mtimeMs}`).digest('hex').slice(0, 24);
  const cacheFile = cacheDir === undefined ? undefined : path.join(cacheDir, `${name}-${key}.bin`);
  const cachedData = cacheFile === undefined ? undefined : readCache(cacheFile);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname, __moduleUrl) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const fromCache = cachedData !== undefined && !script.cachedDataRejected;
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, createRequire(moduleFile), module, moduleFile, path.dirname(moduleFile), pathToFileURL(moduleFile).href);
  let saved = fromCache;
  return {
    exports: module.exports,
    fromCache,
    save(): void {
      if (saved || cacheDir === undefined || cacheFile === undefined) return;
      saved = true;
      try {
        mkdirSync(cacheDir, { recursive: true, mode: 0o700 });
        const data = script.createCachedData();
        const partial = `${cacheFile}.${randomBytes(4).toString('hex')}.partial`;
        writeFileSync(partial, Buffer.concat([digest(data), data]), { mode: 0o600 });
        renameSync(partial, cacheFile);
        // Caches of this script's other versions (and writes a crash left) go once unused for
        // a week; two versions in use take turns without removing each other's.
        for (const entry of readdirSync(cacheDir)) {
          if (!entry.startsWith(`${name}-`) || entry === path.basename(cacheFile)) continue;
          const other = path.join(cacheDir, entry);
          if (Date.now() - statSync(other).mtimeMs > STALE_MS) rmSync(other, { force: true });
        }
      } catch {
        // A read-only or full disk: the scripts simply stay uncached.
      }
    },
  };
}
