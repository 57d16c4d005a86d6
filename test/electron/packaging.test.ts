// The packaging configuration, checked without packing (packing needs the network and each OS):
// electron-builder's own schema accepts it, and the layout it produces in <resources> is the one
// the engine and the shell look for.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { SQLITE_BINDING_FILE, sqliteBindingPath } from '../../src/main/electron/native-binding.js';

const root = path.resolve(import.meta.dirname, '../..');

interface ExtraResource {
  from: string;
  to: string;
  filter?: string[];
}
interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: ExtraResource[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  win: { target: string[] };
  mac: { target: string[] };
  linux: { target: string[]; maintainer: string };
  publish: unknown;
}

const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const packageJson = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; build?: unknown };

const resourceTo = (to: string) => config.extraResources.find((r) => r.to === to);

const saved = { resources: process.env['PERFECTPARSER_RESOURCES'] };
afterEach(() => {
  if (saved.resources === undefined) delete process.env['PERFECTPARSER_RESOURCES'];
  else process.env['PERFECTPARSER_RESOURCES'] = saved.resources;
});

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema', async () => {
    const requireFromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
    const { validateConfiguration } = requireFromBuilder('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (config: unknown, debugLogger: { isEnabled: boolean; add(): void }) => Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, notAnOption: true }, { isEnabled: false, add: () => undefined })).rejects.toThrow(/notAnOption/);
    // One configuration only: electron-builder would prefer a "build" key in package.json.
    expect(packageJson.build).toBeUndefined();
  });

  it('names the app and packs the build, the package file and (implicitly) production node_modules into release/', () => {
    expect(config.appId).toBe('com.perfectparser.desktop');
    expect(config.productName).toBe('PerfectParser');
    expect(config.directories.output).toBe('release');
    expect(config.files.slice(0, 2)).toEqual(['out/**', 'package.json']);
    // Only exclusions name node_modules: an inclusion would stop electron-builder adding them itself.
    expect(config.files.filter((f) => f.includes('node_modules')).every((f) => f.startsWith('!'))).toBe(true);
    expect(config.publish).toBeNull();
  });

  it('targets an NSIS installer, a DMG, an AppImage and a .deb', () => {
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/<.+@.+>/);
  });

  it('keeps native modules and tesseract’s worker files outside the archive', () => {
    expect(config.asar).toBe(true);
    for (const pkg of ['better-sqlite3', '@napi-rs', 'tesseract.js', 'tesseract.js-core', '@tesseract.js-data']) {
      expect(config.asarUnpack, pkg).toContain(`node_modules/${pkg}/**`);
    }
  });

  it('ships the Electron-ABI SQLite build where the shell looks for it, built by rebuild:electron', () => {
    const native = resourceTo(`native/${SQLITE_BINDING_FILE}`);
    expect(native?.from).toBe(`build/electron-native/${SQLITE_BINDING_FILE}`);
    const resources = path.join(tmpdir(), 'resources');
    const packaged = path.join(resources, native!.to);
    expect(sqliteBindingPath({ isPackaged: true, resourcesPath: resources, appPath: root, exists: (f) => f === packaged })).toBe(packaged);
    const dev = path.join(root, native!.from);
    expect(sqliteBindingPath({ isPackaged: false, resourcesPath: resources, appPath: root, exists: (f) => f === dev })).toBe(dev);
    // Not rebuilt in place (that would break node_modules' Node build), so dist builds it first.
    expect(config.npmRebuild).toBe(false);
    expect(packageJson.scripts['rebuild:electron']).toBe('bash scripts/electron-native.sh');
    expect(packageJson.scripts['dist']).toMatch(/^npm run build && npm run rebuild:electron && electron-builder$/);
  });

  it('lays out <resources> so the engine finds the OCR data and pdf.js assets there', async () => {
    const resources = mkdtempSync(path.join(tmpdir(), 'pp-resources-'));
    try {
      for (const entry of config.extraResources) {
        if (entry.to.startsWith('native/')) continue; // built with the network; checked above
        const from = path.join(root, entry.from);
        expect(existsSync(from), entry.from).toBe(true);
        const filter = entry.filter;
        cpSync(from, path.join(resources, entry.to), {
          recursive: true,
          filter: (src) => !filter || src === from || filter.includes(path.basename(src)),
        });
      }
      process.env['PERFECTPARSER_RESOURCES'] = resources;
      vi.resetModules();
      const { bundledLangDir, resolveLangData } = await import('../../src/main/engine/ocr/lang-data.js');
      const { pdfAssetPaths } = await import('../../src/main/engine/pdf/assets.js');
      expect(bundledLangDir()).toBe(path.join(resources, 'tessdata'));
      expect(resolveLangData('eng', '').bundledDir).toBe(path.join(resources, 'tessdata'));
      const assets = pdfAssetPaths();
      for (const [key, dir] of [['cMapUrl', 'cmaps'], ['standardFontDataUrl', 'standard_fonts'], ['wasmUrl', 'wasm'], ['iccUrl', 'iccs']] as const) {
        expect(assets[key]).toBe(path.join(resources, 'pdfjs', dir) + path.sep);
      }
    } finally {
      rmSync(resources, { recursive: true, force: true });
      vi.resetModules();
    }
  });

  it('hardens the Electron binary with fuses', () => {
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, onlyLoadAppFromAsar: true });
  });
});

describe.skipIf(process.platform === 'win32')('scripts/electron-native.sh', () => {
  /** A project folder with the script, fake packages and a fake prebuild-install (no network). */
  function fakeProject(prebuild: 'works' | 'fails') {
    const dir = mkdtempSync(path.join(tmpdir(), 'pp-native-'));
    mkdirSync(path.join(dir, 'scripts'));
    cpSync(path.join(root, 'scripts', 'electron-native.sh'), path.join(dir, 'scripts', 'electron-native.sh'));
    const pkg = (name: string, version: string) => {
      mkdirSync(path.join(dir, 'node_modules', name, 'build', 'Release'), { recursive: true });
      writeFileSync(path.join(dir, 'node_modules', name, 'package.json'), JSON.stringify({ name, version }));
    };
    pkg('electron', '41.10.7');
    pkg('better-sqlite3', '12.11.1');
    writeFileSync(path.join(dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'node-abi');
    mkdirSync(path.join(dir, 'node_modules', '.bin'));
    const tool = (name: string, body: string) => {
      writeFileSync(path.join(dir, 'node_modules', '.bin', name), `#!/usr/bin/env bash\necho "$0 $*" >> "${dir}/calls.log"\n${body}\n`);
      chmodSync(path.join(dir, 'node_modules', '.bin', name), 0o755);
    };
    tool('prebuild-install', prebuild === 'works' ? 'mkdir -p build/Release && echo electron-abi > build/Release/better_sqlite3.node' : 'exit 1');
    tool('node-gyp', 'mkdir -p build/Release && echo compiled > build/Release/better_sqlite3.node');
    const run = (...args: string[]) => execFileSync('bash', [path.join(dir, 'scripts', 'electron-native.sh'), ...args], { encoding: 'utf8', env: { ...process.env, npm_config_platform: '', npm_config_arch: '' } });
    const calls = () => (existsSync(path.join(dir, 'calls.log')) ? readFileSync(path.join(dir, 'calls.log'), 'utf8') : '');
    const built = () => readFileSync(path.join(dir, 'build', 'electron-native', 'better_sqlite3.node'), 'utf8');
    return { dir, run, calls, built };
  }

  it('fetches the prebuilt binary for the installed Electron, in a copy, once', () => {
    const p = fakeProject('works');
    try {
      p.run();
      expect(p.built()).toBe('electron-abi\n');
      expect(p.calls()).toMatch(/prebuild-install --runtime electron --target 41\.10\.7 --platform \w+ --arch \w+/);
      expect(readFileSync(path.join(p.dir, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8')).toBe('node-abi');
      expect(p.run()).toMatch(/up to date/);
      expect(p.calls().split('\n').filter(Boolean)).toHaveLength(1);
      p.run('--force');
      expect(p.calls().split('\n').filter(Boolean)).toHaveLength(2);
    } finally {
      rmSync(p.dir, { recursive: true, force: true });
    }
  });

  it('compiles against Electron’s headers when there is no prebuilt binary', () => {
    const p = fakeProject('fails');
    try {
      p.run();
      expect(p.built()).toBe('compiled\n');
      expect(p.calls()).toMatch(/node-gyp rebuild --release --runtime=electron --target=41\.10\.7 .*--dist-url=https:\/\/electronjs\.org\/headers/);
    } finally {
      rmSync(p.dir, { recursive: true, force: true });
    }
  });
});
