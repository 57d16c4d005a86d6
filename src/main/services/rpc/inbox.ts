// inbox.scan: the files and folders the user added, expanded (folders recursively, hidden
// entries left out, every folder visited once even through symbolic links), each file typed
// by its first bytes, hashed as a stream with a few at a time, and checked against earlier jobs.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { MAX_FILES_PER_JOB, type FileTypeFilter, type SkippedFile, type StagedFile, type StageResult } from '../../../shared/rpc-contract.js';
import { mapLimit } from './concurrency.js';
import { FILE_CONCURRENCY, type RpcContext } from './context.js';
import { examineFile, unreadable } from './file-facts.js';
import { hasUndecodableName, UNDECODABLE_NAME_REASON } from '../file-names.js';

/** Files a scan looks at, at most (a whole disk added by mistake must not run for hours). */
const MAX_SCANNED_FILES = 100_000;

/** System files that are never documents, left out without a word. */
const IGNORED = new Set(['thumbs.db', 'desktop.ini', 'icon\r']);

interface Found {
  path: string;
  relativePath: string;
}

interface Walk {
  files: Found[];
  skipped: SkippedFile[];
  seenFiles: Set<string>;
  seenDirs: Set<string>;
  truncated: boolean;
}

function hidden(name: string): boolean {
  return name.startsWith('.') || IGNORED.has(name.toLowerCase());
}

function addFile(walk: Walk, found: Found): void {
  if (walk.seenFiles.has(found.path)) return;
  if (walk.files.length >= MAX_SCANNED_FILES) {
    walk.truncated = true;
    return;
  }
  walk.seenFiles.add(found.path);
  walk.files.push(found);
}

/** Walks a folder depth-first in name order; `prefix` is its path below the added folder. */
async function walkDir(walk: Walk, dir: string, prefix: string): Promise<void> {
  const info = await stat(dir).catch(() => null);
  if (info) {
    // A link back up the tree (or to a folder already walked) is not walked again.
    const key = `${info.dev}:${info.ino}`;
    if (walk.seenDirs.has(key)) return;
    walk.seenDirs.add(key);
  }
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const name = path.basename(dir);
    walk.skipped.push({ name, relative_path: prefix || name, reason: unreadable(err).reason.replace('This file', 'This folder') });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (walk.truncated) return;
    if (hidden(entry.name)) continue;
    const full = path.join(dir, entry.name);
    const relativePath = prefix ? `${prefix}/${entry.name}` : entry.name;
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    if (entry.isSymbolicLink()) {
      const target = await stat(full).catch(() => null);
      if (!target) {
        walk.skipped.push({ name: entry.name, relative_path: relativePath, reason: 'This link points to a file or folder that is not there.' });
        continue;
      }
      isDir = target.isDirectory();
      isFile = target.isFile();
    }
    if ((isDir || isFile) && hasUndecodableName(full)) {
      walk.skipped.push({ name: entry.name, relative_path: relativePath, reason: `This ${isDir ? 'folder' : 'file'} was left out: ${UNDECODABLE_NAME_REASON}.` });
    } else if (isDir) await walkDir(walk, full, relativePath);
    else if (isFile) addFile(walk, { path: full, relativePath });
  }
}

/** Expands the added paths into files, each with its path below the folder it was added with. */
async function expand(paths: string[]): Promise<Walk> {
  const walk: Walk = { files: [], skipped: [], seenFiles: new Set(), seenDirs: new Set(), truncated: false };
  for (const input of paths) {
    const resolved = path.resolve(input);
    const name = path.basename(resolved);
    let info;
    try {
      info = await stat(resolved);
    } catch (err) {
      walk.skipped.push({ name, relative_path: name, reason: unreadable(err).reason });
      continue;
    }
    if (info.isDirectory()) await walkDir(walk, resolved, '');
    else if (info.isFile()) addFile(walk, { path: resolved, relativePath: name });
    else walk.skipped.push({ name, relative_path: name, reason: 'This is neither a file nor a folder.' });
  }
  return walk;
}

/** Scans the added files and folders: what can be processed (typed, hashed, flagged when
 *  processed before), and what was skipped with the reason. */
export async function scanInbox(ctx: RpcContext, args: { paths: string[]; filter: FileTypeFilter }): Promise<StageResult> {
  const walk = await expand(args.paths);
  const skipped = [...walk.skipped];
  if (walk.truncated) {
    skipped.push({ name: '…', relative_path: '…', reason: `Only the first ${MAX_SCANNED_FILES.toLocaleString('en')} files were looked at; add fewer folders at a time.` });
  }
  const examined = await mapLimit(walk.files, FILE_CONCURRENCY, (f) => examineFile(f.path, { filter: args.filter, maxFileSize: ctx.app.maxFileSize }));
  const kept: Array<Omit<StagedFile, 'processed_before'>> = [];
  walk.files.forEach((f, i) => {
    const result = examined[i]!;
    const name = path.basename(f.path);
    if (!result.ok) {
      skipped.push({ name, relative_path: f.relativePath, reason: result.refusal.reason });
      return;
    }
    if (kept.length >= MAX_FILES_PER_JOB) {
      skipped.push({ name, relative_path: f.relativePath, reason: `A job takes at most ${MAX_FILES_PER_JOB.toLocaleString('en')} files; this one was left out.` });
      return;
    }
    ctx.scans.remember(f.path, { facts: result.facts, relativePath: f.relativePath });
    kept.push({
      ref: { kind: 'path', path: f.path },
      name,
      relative_path: f.relativePath,
      size: result.facts.size,
      hash: result.facts.hash,
      file_type: result.facts.kind,
    });
  });
  const before = kept.length > 0 ? await ctx.app.store.call('processedBefore', { hashes: kept.map((f) => f.hash) }) : {};
  return { files: kept.map((f) => ({ ...f, processed_before: before[f.hash] ?? null })), skipped };
}
