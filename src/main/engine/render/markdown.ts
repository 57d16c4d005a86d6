// Blocks → markdown in reading order: headings as #, list items as - or 1., paragraphs as
// single lines with end-of-line hyphenation undone.
import type { Line, PageBlock } from '../page-model.js';

const CJK_END = /[\u3000-\u30FF\u3400-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]$/;
const CJK_START = /^[\u3000-\u30FF\u3400-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]/;

/** Joins the lines of a paragraph, undoing hyphenation at line ends ("inter-" + "national"). */
export function joinLines(lines: Array<Pick<Line, 'text'>>): string {
  let out = '';
  for (const { text } of lines) {
    if (!out) {
      out = text;
      continue;
    }
    if (/\p{Ll}-$/u.test(out) && /^\p{Ll}/u.test(text)) out = out.slice(0, -1) + text;
    // A compound broken at its hyphen ("anti-" + "American", "1990-" + "2000") keeps it.
    else if (/[\p{L}\p{N}]-$/u.test(out) && /^[\p{Lu}\p{N}]/u.test(text)) out += text;
    else if (CJK_END.test(out) && CJK_START.test(text)) out += text;
    else out += ' ' + text;
  }
  return out;
}

/** Plain text of a block (no markdown syntax). */
export function blockText(block: PageBlock): string {
  if (block.text !== undefined) return block.text;
  return joinLines(block.lines);
}

function escapeLeading(text: string): string {
  // A paragraph that happens to start like markdown syntax must not turn into it.
  if (/^\d+[.)]\s/.test(text)) return text.replace(/^(\d+)([.)])/, '$1\\$2');
  return text.replace(/^(#{1,6}\s|>|[-+*]\s)/, '\\$1');
}

/** Markdown for one block. */
export function blockMarkdown(block: PageBlock): string {
  if (block.markdown !== undefined) return block.markdown;
  const text = blockText(block);
  if (block.type === 'heading' || block.type === 'section_heading') {
    return `${'#'.repeat(Math.min(Math.max(block.level ?? 2, 1), 6))} ${text}`;
  }
  if (block.list) {
    const body = text.slice(text.indexOf(block.list.marker) + block.list.marker.length).trim();
    const num = /^\(?(\d+)[.)]$/.exec(block.list.marker);
    if (num) return `${num[1]}. ${body}`;
    if (block.list.ordered) return `- ${block.list.marker} ${body}`;
    return `- ${body}`;
  }
  return escapeLeading(text);
}

/** Markdown for a sequence of blocks, skipping those kept out of the body. */
export function blocksMarkdown(blocks: PageBlock[]): string {
  return blocks
    .filter((b) => !b.outOfBody)
    .map(blockMarkdown)
    .filter((s) => s.length > 0)
    .join('\n\n');
}
