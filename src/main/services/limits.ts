// The file size limit every way in shares (the command line, uploads to the local API, jobs,
// samples): PERFECTPARSER_MAX_FILE_SIZE_MB when set, else the engine's 500 MB.
import { DEFAULT_MAX_FILE_SIZE } from '../engine/errors.js';

/** The configured limit in bytes. */
export function configuredMaxFileSize(): number {
  const env = Number(process.env['PERFECTPARSER_MAX_FILE_SIZE_MB']);
  return Number.isFinite(env) && env > 0 ? env * 1024 * 1024 : DEFAULT_MAX_FILE_SIZE;
}
