// A full disk while an upload is spooled: the write stream's error names no path (`ENOSPC …
// write`), and must still read as the data folder's disk being full (503 with a sentence), not
// as an internal error or an interrupted upload.
import { createWriteStream, existsSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/shared/api/errors.js';
import { diskError } from '../../../src/main/services/intake.js';
import { isDiskError } from '../../../src/main/server/multipart.js';

/** The error a real write to a full disk raises (/dev/full answers every write with ENOSPC). */
async function fullDiskWriteError(): Promise<unknown> {
  try {
    await pipeline(Readable.from([Buffer.alloc(64 * 1024)]), createWriteStream('/dev/full'));
  } catch (err) {
    return err;
  }
  throw new Error('the write to /dev/full did not fail');
}

describe('isDiskError', () => {
  it.runIf(existsSync('/dev/full'))('takes a write stream failing on a full disk (no path in the error) as a disk error', async () => {
    const err = await fullDiskWriteError();
    expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
    expect(isDiskError(err)).toBe(true);
    const api = diskError(err);
    expect(api).toBeInstanceOf(ApiError);
    expect(api.code).toBe('SERVICE_UNAVAILABLE');
    expect(api.message).toBe('The disk holding the data folder is full; free some space and send the files again.');
  });

  it('leaves a client that went away (a socket error) to the caller', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
    expect(isDiskError(reset)).toBe(false);
    expect(isDiskError(new Error('Unexpected end of form'))).toBe(false);
  });
});
