import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
