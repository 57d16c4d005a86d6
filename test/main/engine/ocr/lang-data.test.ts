import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLanguages, resolveLangData } from '../../../../src/main/engine/ocr/lang-data.js';

describe('OCR language data', () => {
  it('resolves English to the bundled npm data, offline', () => {
    const data = resolveLangData(undefined, '');
    expect(data.languages).toBe('eng');
    expect(data.bundledDir).toMatch(/@tesseract\.js-data[\\/]eng[\\/]4\.0\.0_best_int$/);
  });

  it('names every language whose data is missing', () => {
    expect(() => resolveLangData('eng+deu+fra', '')).toThrow(/missing for deu, fra/);
    expect(() => parseLanguages('eng+../x')).toThrow(/Unknown OCR language code/);
  });

  it('finds extra languages as .traineddata files in a local folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-tessdata-'));
    try {
      writeFileSync(path.join(dir, 'deu.traineddata'), 'x');
      expect(resolveLangData(['eng', 'deu'], dir)).toMatchObject({ languages: 'eng+deu', extraDir: dir });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names language data that is there but cannot be read', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pp-tessdata-'));
    try {
      mkdirSync(path.join(dir, 'deu.traineddata'));
      expect(() => resolveLangData(['eng', 'deu'], dir)).toThrow(`OCR language data cannot be read: ${path.join(dir, 'deu.traineddata')} is not a readable file.`);
      const fra = path.join(dir, 'fra.traineddata');
      writeFileSync(fra, 'x');
      chmodSync(fra, 0);
      // Root reads any file: the permission check applies to other users only.
      if (process.getuid?.() !== 0) expect(() => resolveLangData(['fra'], dir)).toThrow(/fra\.traineddata is not a readable file/);
      expect(() => resolveLangData(['deu', 'fra'], dir)).toThrow(/are not readable files|is not a readable file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
