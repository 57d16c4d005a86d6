// Scripts run with a V8 code cache: written once, used after, and ignored (then written again)
// when damaged or made for other source; a folder that cannot be written costs nothing.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codeCacheDir, runCachedScript } from '../../../../src/main/engine/pdf/code-cache.js';

let dir: string;
let script: string;
let moduleFile: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'pp-code-cache-'));
  script = path.join(dir, 'lib.cjs');
  moduleFile = path.join(dir, 'pkg', 'lib.mjs');
  writeScript('');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeScript(extra: string): void {
  // Enough functions that V8's cache carries real code; reports what the loader passed in.
  const fns = Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n');
  writeFileSync(
    script,
    `${fns}\nexports.sum = (n) => { let s = 0; for (let i = 0; i < n; i++) s += f${49}(i); return s; };\n` +
      `exports.url = __moduleUrl; exports.file = __filename; exports.canRequire = typeof require('node:path').join === 'function';\n${extra}`,
  );
}

const cacheFiles = (cache: string): string[] => (existsSync(cache) ? readdirSync(cache).sort() : []);

describe('code cache for CommonJS scripts', () => {
  it('runs the script as its module, writes the cache once, and uses it on the next run', () => {
    const cache = path.join(dir, 'cache');
    const first = runCachedScript(script, moduleFile, cache);
    const lib = first.exports as { sum: (n: number) => number; url: string; file: string; canRequire: boolean };
    expect(lib.sum(4)).toBe(49 * (0 + 1 + 2 + 3) + 4 * 49);
    expect(lib.url).toBe(pathToFileURL(moduleFile).href);
    expect(lib.file).toBe(moduleFile);
    expect(lib.canRequire).toBe(true);
    expect(first.fromCache).toBe(false);
    expect(cacheFiles(cache)).toEqual([]);
    first.save();
    const [written] = cacheFiles(cache);
    expect(written).toMatch(/^lib\.cjs-[0-9a-f]{24}\.bin$/);
    const second = runCachedScript(script, moduleFile, cache);
    expect(second.fromCache).toBe(true);
    expect((second.exports as { sum: (n: number) => number }).sum(4)).toBe(lib.sum(4));
    const before = readFileSync(path.join(cache, written!));
    second.save(); // nothing to write: the cache was used
    expect(readFileSync(path.join(cache, written!)).equals(before)).toBe(true);
  });

  it('ignores a damaged cache and writes it again', () => {
    const cache = path.join(dir, 'cache');
    runCachedScript(script, moduleFile, cache).save();
    const file = path.join(cache, cacheFiles(cache)[0]!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 0xff;
    writeFileSync(file, bytes);
    const damaged = runCachedScript(script, moduleFile, cache);
    expect(damaged.fromCache).toBe(false);
    expect((damaged.exports as { sum: (n: number) => number }).sum(2)).toBe(49 * 1 + 49 * 2);
    damaged.save();
    expect(runCachedScript(script, moduleFile, cache).fromCache).toBe(true);
    writeFileSync(file, 'short');
    expect(runCachedScript(script, moduleFile, cache).fromCache).toBe(false);
  });

  it('keys the cache by the source; an old version\'s cache goes once unused for a week', () => {
    const cache = path.join(dir, 'cache');
    runCachedScript(script, moduleFile, cache).save();
    const [old] = cacheFiles(cache);
    writeScript('exports.version = 2;');
    const changed = runCachedScript(script, moduleFile, cache);
    expect(changed.fromCache).toBe(false);
    changed.save();
    expect(cacheFiles(cache)).toHaveLength(2);
    const weekAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    utimesSync(path.join(cache, old!), weekAgo, weekAgo);
    writeScript('exports.version = 3;');
    runCachedScript(script, moduleFile, cache).save();
    expect(cacheFiles(cache)).toHaveLength(2);
    expect(cacheFiles(cache)).not.toContain(old);
  });

  it('runs uncached when there is no cache folder or it cannot be written', () => {
    const none = runCachedScript(script, moduleFile, undefined);
    expect(none.fromCache).toBe(false);
    none.save();
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const unwritable = runCachedScript(script, moduleFile, path.join(blocker, 'cache'));
    expect(() => unwritable.save()).not.toThrow();
    expect((unwritable.exports as { sum: (n: number) => number }).sum(1)).toBe(49);
  });

  it('keeps the cache in this user\'s cache folder, or where PERFECTPARSER_CODE_CACHE_DIR says', () => {
    expect(codeCacheDir({}, 'linux', '/home/ada')).toBe('/home/ada/.cache/perfectparser/code');
    expect(codeCacheDir({ XDG_CACHE_HOME: '/var/cache/ada' }, 'linux', '/home/ada')).toBe('/var/cache/ada/perfectparser/code');
    expect(codeCacheDir({}, 'darwin', '/Users/ada')).toBe('/Users/ada/Library/Caches/PerfectParser/code');
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32', 'C:\\Users\\ada')).toBe(
      path.join('C:\\Users\\ada\\AppData\\Local', 'PerfectParser', 'Cache', 'code'),
    );
    expect(codeCacheDir({ PERFECTPARSER_CODE_CACHE_DIR: '/tmp/pp-cache' }, 'linux', '/home/ada')).toBe('/tmp/pp-cache');
    expect(codeCacheDir({ PERFECTPARSER_CODE_CACHE_DIR: 'off' }, 'linux', '/home/ada')).toBeUndefined();
  });
});
