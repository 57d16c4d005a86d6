import { describe, expect, it } from 'vitest';
import { blockMarkdown, blocksMarkdown, blockText, joinLines } from '../../../src/main/engine/render/markdown.js';
import { buildBlocks } from '../../../src/main/engine/layout/blocks.js';
import type { PageBlock } from '../../../src/main/engine/page-model.js';
import { line } from './layout-helpers.js';

const t = (...texts: string[]) => texts.map((text) => ({ text }));

function textBlock(texts: string[], extra: Partial<PageBlock> = {}): PageBlock {
  const lines = texts.map((s, i) => line(s, 50, 300, 100 + 12 * i));
  return { type: 'text', lines, box: { left: 50, top: 92, right: 300, bottom: 102 + 12 * (texts.length - 1) }, ...extra };
}

describe('joinLines', () => {
  it('joins lines with a space', () => {
    expect(joinLines(t('The quick brown', 'fox jumps.'))).toBe('The quick brown fox jumps.');
  });

  it('undoes hyphenation at a line end before a lowercase continuation', () => {
    expect(joinLines(t('an inter-', 'national treaty'))).toBe('an international treaty');
  });

  it('keeps the hyphen before an uppercase continuation', () => {
    const out = joinLines(t('a well-', 'Known name'));
    expect(out).toContain('well-');
    expect(out).toContain('Known');
  });

  it('joins a hyphenated compound split before a capital without inserting a space', () => {
    expect(joinLines(t('the anti-', 'American vote'))).toBe('the anti-American vote');
  });

  it('keeps a spaced dash at a line end as a dash', () => {
    expect(joinLines(t('one thing -', 'and another'))).toBe('one thing - and another');
  });

  it('joins CJK lines without a space', () => {
    expect(joinLines(t('日本語の文章は', '空白なしで続きます。'))).toBe('日本語の文章は空白なしで続きます。');
  });

  it('keeps a space between Hangul lines', () => {
    expect(joinLines(t('한국어 문장은', '띄어쓰기를 합니다'))).toBe('한국어 문장은 띄어쓰기를 합니다');
  });

  it('handles no lines and a single line', () => {
    expect(joinLines([])).toBe('');
    expect(joinLines(t('only'))).toBe('only');
  });
});

describe('blockMarkdown', () => {
  it('renders headings with their level', () => {
    expect(blockMarkdown(textBlock(['Annual Report'], { type: 'heading', level: 1 }))).toBe('# Annual Report');
    expect(blockMarkdown(textBlock(['Methods'], { type: 'section_heading', level: 3 }))).toBe('### Methods');
  });

  it('clamps heading levels to 1–6 and defaults to 2', () => {
    expect(blockMarkdown(textBlock(['Deep'], { type: 'section_heading', level: 9 }))).toBe('###### Deep');
    expect(blockMarkdown(textBlock(['Zero'], { type: 'heading', level: 0 }))).toBe('# Zero');
    expect(blockMarkdown(textBlock(['Unleveled'], { type: 'section_heading' }))).toBe('## Unleveled');
  });

  it('joins a multi-line heading onto one line', () => {
    expect(blockMarkdown(textBlock(['A Title That', 'Wraps'], { type: 'heading', level: 1 }))).toBe('# A Title That Wraps');
  });

  it('renders bullet items as unordered list items', () => {
    expect(blockMarkdown(textBlock(['• Flour from', 'the mill'], { list: { marker: '•', ordered: false } }))).toBe('- Flour from the mill');
    expect(blockMarkdown(textBlock(['–Water'], { list: { marker: '–', ordered: false } }))).toBe('- Water');
  });

  it('renders numbered items as ordered list items', () => {
    expect(blockMarkdown(textBlock(['1. Mix them'], { list: { marker: '1.', ordered: true } }))).toBe('1. Mix them');
    expect(blockMarkdown(textBlock(['(2) Then bake'], { list: { marker: '(2)', ordered: true } }))).toBe('2. Then bake');
    expect(blockMarkdown(textBlock(['3) Serve'], { list: { marker: '3)', ordered: true } }))).toBe('3. Serve');
  });

  it('keeps letter and roman markers as text of an unordered item', () => {
    expect(blockMarkdown(textBlock(['a) slowly'], { list: { marker: 'a)', ordered: true } }))).toBe('- a) slowly');
    expect(blockMarkdown(textBlock(['(iv) then rest'], { list: { marker: '(iv)', ordered: true } }))).toBe('- (iv) then rest');
  });

  it('renders the blocks buildBlocks makes from a list', () => {
    const lines = [line('• Flour from the mill', 50, 160, 100), line('ground fine', 62, 120, 112), line('1. Mix them', 50, 110, 124)];
    const blocks = buildBlocks(lines, { bodySize: 10 });
    expect(blocksMarkdown(blocks)).toBe('- Flour from the mill ground fine\n\n1. Mix them');
  });

  it('escapes a paragraph that starts like a heading, quote or bullet', () => {
    expect(blockMarkdown(textBlock(['# not a heading'], {}))).toBe('\\# not a heading');
    expect(blockMarkdown(textBlock(['> not a quote'], {}))).toBe('\\> not a quote');
    expect(blockMarkdown(textBlock(['- not a bullet'], {}))).toBe('\\- not a bullet');
    expect(blockMarkdown(textBlock(['+ not a bullet'], {}))).toBe('\\+ not a bullet');
  });

  it('does not escape ordinary text', () => {
    expect(blockMarkdown(textBlock(['Plain words.'], {}))).toBe('Plain words.');
    expect(blockMarkdown(textBlock(['#hashtag and 1.5 million'], {}))).toBe('#hashtag and 1.5 million');
  });

  it('makes a paragraph starting with "1. " not an ordered list', () => {
    // Whatever the escape, the result must not start with a list marker.
    expect(blockMarkdown(textBlock(['1. Not a list'], {}))).not.toMatch(/^\d+[.)]\s/);
  });

  it('escapes a paragraph starting with "1. " with a backslash before the dot (CommonMark)', () => {
    // A backslash before a digit is a literal backslash in CommonMark: "\1. x" shows "\1. x".
    expect(blockMarkdown(textBlock(['1. Not a list'], {}))).toBe('1\\. Not a list');
  });

  it('escapes a paragraph starting with a year and a dot without a visible backslash', () => {
    // listMarkerOf does not take 4-digit numbers for markers, so this stays a paragraph, but
    // CommonMark would read "2024. " as an ordered list start.
    expect(blockMarkdown(textBlock(['2024. That was the year'], {}))).toBe('2024\\. That was the year');
  });

  it('uses prepared markdown and text when a stage supplies them', () => {
    const table: PageBlock = { type: 'table', lines: [], box: { left: 0, top: 0, right: 1, bottom: 1 }, markdown: '| a |\n| --- |\n| 1 |', text: 'a 1' };
    expect(blockMarkdown(table)).toBe('| a |\n| --- |\n| 1 |');
    expect(blockText(table)).toBe('a 1');
  });

  it('leaves out-of-body blocks out of the page markdown', () => {
    const header = textBlock(['Running head'], { type: 'header', outOfBody: true });
    const para = textBlock(['Body text.'], {});
    expect(blocksMarkdown([header, para])).toBe('Body text.');
  });
});
