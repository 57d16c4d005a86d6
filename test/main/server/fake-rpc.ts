// An in-memory RpcService for the /rpc route tests: every method answers `{method, args}` unless
// a test sets its own answer, and every call is recorded. Uploads are read while the call runs
// and then removed, as the real service takes them over.
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { RpcService, UploadInput } from '../../../src/main/services/rpc/types.js';
import type { RpcHandlers, RpcMethod, StageResult } from '../../../src/shared/rpc-contract.js';

export interface FakeRpc extends RpcService {
  calls: Array<{ method: string; args: unknown }>;
  uploads: Array<UploadInput & { content: string }>;
  /** Per method: what it answers (a function of the arguments; may throw). */
  answers: Map<RpcMethod, (args: unknown) => unknown>;
  /** Makes the next stageUpload throw this (after reading the file, which it leaves in place). */
  failNextUpload: Error | undefined;
  purged: number[];
}

const PDF_BYTES = new TextEncoder().encode('%PDF-1.7 fake');

/** A fresh fake with file answers for documents.file, documents.figure (only page-1-figure-1.png
 *  is there) and parsers.sample (`prs_none` has no sample). */
export function createFakeRpc(): FakeRpc {
  const fake: FakeRpc = {
    calls: [],
    uploads: [],
    answers: new Map<RpcMethod, (args: unknown) => unknown>([
      ['documents.file', () => ({ bytes: PDF_BYTES, file_type: 'pdf', filename: 'März invoice.pdf' })],
      [
        'documents.figure',
        (args) => ((args as { name: string }).name === 'page-1-figure-1.png' ? { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), file_type: 'image/png', filename: 'page-1-figure-1.png' } : null),
      ],
      [
        'parsers.sample',
        (args) => ((args as { parser_id: string }).parser_id === 'prs_none' ? null : { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), file_type: 'image/png', filename: 'sample.png' }),
      ],
    ]),
    failNextUpload: undefined,
    purged: [],
    handlers: new Proxy({} as RpcHandlers, {
      get: (_target, method: string) => async (args: unknown) => {
        fake.calls.push({ method, args });
        const answer = fake.answers.get(method as RpcMethod);
        return answer ? answer(args) : { method, args: args ?? null };
      },
    }),
    async stageUpload(input: UploadInput): Promise<StageResult> {
      fake.uploads.push({ ...input, content: readFileSync(input.tempPath, 'utf8') });
      const failure = fake.failNextUpload;
      if (failure) {
        fake.failNextUpload = undefined;
        throw failure;
      }
      await rm(input.tempPath, { force: true });
      const size = fake.uploads.at(-1)!.content.length;
      return {
        files: [
          {
            ref: { kind: 'upload', upload_id: `upl_${fake.uploads.length}` },
            name: input.filename,
            relative_path: input.relativePath,
            size,
            hash: '0'.repeat(64),
            file_type: 'pdf',
            processed_before: null,
          },
        ],
        skipped: [],
      };
    },
    async purgeStaleUploads(maxAgeMs: number): Promise<number> {
      fake.purged.push(maxAgeMs);
      return 0;
    },
  };
  return fake;
}
