// A task's OCR languages merged into its parse config, by the engine pool (which resolves a
// parse's config before sending it) and by the engine worker (for the configs it resolves itself).
import type { OcrOptions } from './engine-pool.js';

/** The config with the task's OCR languages, unless it names its own (or is not an object,
 *  which the engine refuses as it is). */
export function withOcr(config: unknown, ocr: OcrOptions | undefined): unknown {
  if (!ocr) return config;
  const base = config ?? {};
  if (typeof base !== 'object' || Array.isArray(base)) return config;
  const advanced = (base as { advancedOptions?: unknown }).advancedOptions ?? {};
  if (typeof advanced !== 'object' || advanced === null || Array.isArray(advanced) || 'ocrLanguages' in advanced) return config;
  return { ...base, advancedOptions: { ...advanced, ocrLanguages: ocr.languages } };
}
