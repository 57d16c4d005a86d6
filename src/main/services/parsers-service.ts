// Parsers: CRUD over the store, and detect-fields from a sample file by layout analysis.
import { ApiError } from '../../shared/api/errors.js';
import type { Parser } from '../../shared/api/parsers.js';
import type { EnginePool } from '../jobs/engine-pool.js';
import type { Store } from '../store/store-client.js';
import { discardUploads, isLocked, probeFile, readIncoming, storeUpload, wrongPassword } from './intake.js';
import type { ParsersService } from './types.js';

export interface ParsersServiceDeps {
  store: Store;
  pool: EnginePool;
  dataDir: string;
  maxFileSize: number;
}

function notFound(id: string): ApiError {
  return new ApiError('PARSER_NOT_FOUND', `No parser with id ${id}.`, 'parser_id');
}

/** The parsers service. */
export function createParsersService(deps: ParsersServiceDeps): ParsersService {
  const { store } = deps;
  async function get(parserId: string): Promise<Parser> {
    const parser = await store.call('getParser', { parser_id: parserId });
    if (!parser) throw notFound(parserId);
    return parser;
  }

  /** The sample to analyse: a new file (stored as the parser's sample) or a stored one. */
  async function sampleBytes(parserId: string, input: Parameters<ParsersService['detectFields']>[1]) {
    if (input.file) {
      const file = await readIncoming(input.file, deps.maxFileSize);
      let mime: string;
      try {
        mime = (await probeFile(deps.pool, file, deps.maxFileSize, input.password)).mime;
      } catch (err) {
        await discardUploads([input.file]);
        throw err;
      }
      const storedPath = file.tempPath ? await storeUpload(deps.dataDir, file) : file.sourcePath!;
      const sample = await store.call('insertSample', {
        parser_id: parserId,
        filename: file.filename,
        stored_path: storedPath,
        mime,
        file_size: file.size,
        content_hash: file.hash,
      });
      return { bytes: file.bytes, sampleId: sample.id, filename: file.filename };
    }
    if (!input.sample_file_id) throw new ApiError('INVALID_PAYLOAD', 'file: send a sample file, or a sample_file_id', 'file');
    const sample = await store.call('getSample', { sample_file_id: input.sample_file_id });
    if (!sample) throw new ApiError('RESOURCE_NOT_FOUND', `No sample file with id ${input.sample_file_id}.`, 'sample_file_id');
    const file = await readIncoming({ kind: 'local', path: sample.stored_path }, deps.maxFileSize);
    return { bytes: file.bytes, sampleId: sample.id, filename: sample.filename };
  }

  return {
    list: (query) => store.call('listParsers', { limit: query.limit ?? 20, cursor: query.cursor }),
    create: (body) => store.call('insertParser', body),
    get,
    async update(parserId, patch, options = {}) {
      const updated = await store.call('updateParser', { parser_id: parserId, ...patch, expected_updated_at: options.expected_updated_at });
      if (!updated) throw notFound(parserId);
      return updated;
    },
    async remove(parserId) {
      if (!(await store.call('deleteParser', { parser_id: parserId }))) throw notFound(parserId);
    },
    async detectFields(parserId, input) {
      let parser: Parser;
      try {
        parser = await get(parserId);
        if (parser.fields.length > 0 && !input.replace_existing_schema) {
          throw new ApiError(
            'SCHEMA_ALREADY_EXISTS',
            'This parser already has fields; send replace_existing_schema: true to replace them.',
            'replace_existing_schema',
          );
        }
      } catch (err) {
        if (input.file) await discardUploads([input.file]);
        throw err;
      }
      const { bytes, sampleId, filename } = await sampleBytes(parserId, input);
      const { summary, fields } = await deps.pool.detect(bytes, { maxFileSize: deps.maxFileSize, password: input.password });
      if (summary.status === 'FAILED') {
        if (input.password !== undefined && isLocked(summary)) throw wrongPassword(filename);
        throw new ApiError('INVALID_PAYLOAD', `The sample could not be parsed: ${summary.failureMessage ?? summary.failureReason}`, 'file');
      }
      const updated = await store.call('updateParser', { parser_id: parserId, fields, sample_file_id: sampleId });
      if (!updated) throw notFound(parserId);
      return updated;
    },
  };
}
