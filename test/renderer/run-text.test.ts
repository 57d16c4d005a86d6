import { describe, expect, it } from 'vitest';
import {
  chunkLabel,
  failureSentence,
  formatDuration,
  formatPageCount,
  runMarkdown,
} from '../../src/renderer/features/parse/run-text.js';
import { failedRun, processedRun } from './sample-run.js';

describe('run text', () => {
  it('joins the chunks into one markdown document, skipping empty ones', () => {
    expect(runMarkdown(processedRun())).toBe('# Invoice 42\n\nTotal: 10 EUR\n\nThank you.');
    expect(runMarkdown(failedRun())).toBe('');
  });

  it('labels chunks by their pages', () => {
    const [first] = processedRun().chunks;
    expect(chunkLabel(first!)).toBe('Page 1');
    expect(chunkLabel({ ...first!, type: 'section', metadata: { pageRange: { start: 2, end: 4 } } })).toBe('Pages 2–4');
    expect(chunkLabel({ ...first!, type: 'document', metadata: { pageRange: { start: 1, end: 9 } } })).toBe('Whole document');
  });

  it('formats counts and durations for people', () => {
    expect(formatPageCount(1)).toBe('1 page');
    expect(formatPageCount(0)).toBe('0 pages');
    expect(formatPageCount(12)).toBe('12 pages');
    expect(formatDuration(340.4)).toBe('340 ms');
    expect(formatDuration(1432)).toBe('1.4 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('ends a failure message as a sentence', () => {
    expect(failureSentence(failedRun())).toBe('The PDF is protected by a password.');
    expect(failureSentence({ ...failedRun(), failureMessage: 'Broken file!' })).toBe('Broken file!');
    expect(failureSentence({ ...failedRun(), failureMessage: null })).toBe('The file could not be parsed.');
  });
});
