// settings.*: OCR languages (English bundled, others as `.traineddata` files in the data
// folder's tessdata), engine workers (applied to the running pool at once), the local API
// (status, switching it on and off where the host can, rotating its key).
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import { ApiError } from '../../../shared/api/errors.js';
import type { RpcHandlers, Settings, SettingsPatch } from '../../../shared/rpc-contract.js';
import { EngineError } from '../../engine/errors.js';
import { bundledLangDir, parseLanguages } from '../../engine/ocr/lang-data.js';
import { SETTING_OCR_LANGUAGES, SETTING_WORKER_COUNT } from '../app.js';
import type { RpcContext } from './context.js';

type SettingsHandlers = Pick<RpcHandlers, 'settings.get' | 'settings.update' | 'settings.rotateApiKey'>;

/** Language codes of the data files in a folder (`deu.traineddata`, or `.gz` where bundled). */
async function languagesIn(dir: string, pattern: RegExp): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.flatMap((n) => {
    const m = pattern.exec(n);
    return m ? [m[1]!] : [];
  });
}

/** Languages OCR can read here: English and whatever else is bundled, plus the data folder's. */
async function availableLanguages(ctx: RpcContext): Promise<string[]> {
  const bundled = await languagesIn(bundledLangDir(), /^([A-Za-z0-9_]+)\.traineddata(?:\.gz)?$/);
  const extra = await languagesIn(ctx.app.tessdataDir, /^([A-Za-z0-9_]+)\.traineddata$/);
  const all = new Set(['eng', ...bundled, ...extra]);
  all.delete('osd');
  return [...all].sort((a, b) => (a === 'eng' ? -1 : b === 'eng' ? 1 : a.localeCompare(b)));
}

/** Checks a language choice: codes the engine knows, each with its data present. */
async function checkLanguages(ctx: RpcContext, languages: string[]): Promise<string[]> {
  let codes: string[];
  try {
    codes = parseLanguages(languages);
  } catch (err) {
    throw new ApiError('INVALID_PAYLOAD', err instanceof EngineError ? err.message : String(err), 'ocr_languages');
  }
  const available = new Set(await availableLanguages(ctx));
  const missing = codes.filter((c) => !available.has(c));
  if (missing.length > 0) {
    const files = missing.map((m) => `${m}.traineddata`).join(', ');
    throw new ApiError(
      'INVALID_PAYLOAD',
      `OCR language data is missing for ${missing.join(', ')}: put ${files} in ${ctx.app.tessdataDir} and choose ${missing.length === 1 ? 'it' : 'them'} again.`,
      'ocr_languages',
    );
  }
  return codes;
}

/** The settings handlers. */
export function settingsHandlers(ctx: RpcContext): SettingsHandlers {
  const { app, host } = ctx;

  async function current(): Promise<Settings> {
    const status = host.api.status();
    return {
      ocr_languages: app.ocrLanguages(),
      available_languages: await availableLanguages(ctx),
      tessdata_dir: app.tessdataDir,
      worker_count: app.pool.size,
      max_workers: os.availableParallelism(),
      data_dir: app.dataDir,
      api: { enabled: status.enabled, url: status.url, key: host.api.fixedKey ?? (await app.apiKey()), can_toggle: Boolean(host.api.setEnabled) },
      sync_enabled: await app.sync.enabled(),
      mode: host.mode,
    };
  }

  return {
    'settings.get': () => current(),
    async 'settings.update'(patch: SettingsPatch) {
      // Everything is checked before anything changes.
      const languages = patch.ocr_languages ? await checkLanguages(ctx, patch.ocr_languages) : undefined;
      const maxWorkers = os.availableParallelism();
      if (patch.worker_count !== undefined && patch.worker_count > maxWorkers) {
        throw new ApiError('INVALID_PAYLOAD', `This computer has ${maxWorkers} cores, so at most ${maxWorkers} workers can run.`, 'worker_count');
      }
      if (patch.api_enabled !== undefined && !host.api.setEnabled) {
        throw new ApiError('INVALID_PAYLOAD', 'The local API cannot be switched on or off from here: this page is served by it.', 'api_enabled');
      }
      if (languages) await app.store.call('setSetting', { key: SETTING_OCR_LANGUAGES, value: JSON.stringify(languages) });
      if (patch.worker_count !== undefined) await app.store.call('setSetting', { key: SETTING_WORKER_COUNT, value: String(patch.worker_count) });
      app.applyEngineSettings({ ocrLanguages: languages, workerCount: patch.worker_count });
      if (patch.api_enabled !== undefined) await host.api.setEnabled!(patch.api_enabled);
      return current();
    },
    async 'settings.rotateApiKey'() {
      if (host.api.fixedKey !== undefined) {
        throw new ApiError('INVALID_PAYLOAD', 'The API key is set by PERFECTPARSER_API_KEY for this server, so it cannot be rotated here.');
      }
      const { key } = await app.store.call('rotateApiKey');
      host.api.keyChanged?.(key);
      return current();
    },
  };
}
