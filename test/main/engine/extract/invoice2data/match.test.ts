// Choosing the template for a document: text preparation, keywords, exclusions, priority.
import { describe, expect, it } from 'vitest';
import { matchTemplate, matchesTemplate, prepareInput } from '../../../../../src/main/engine/extract/invoice2data/match.js';
import { loadTemplate } from '../../../../../src/main/engine/extract/invoice2data/template.js';

const tpl = (yaml: string, name = 't.yml') => loadTemplate(yaml, name);

describe('prepareInput', () => {
  it('removes spaces (not newlines), accents, case, then applies replace with groups', () => {
    const t = tpl(
      "keywords: [x]\noptions:\n  remove_whitespace: true\n  remove_accents: true\n  lowercase: true\n  replace:\n    - ['(?P<n>\\d)l', '\\g<n> litre']\n",
    );
    expect(prepareInput('Élan  Total 5L\nÇa va', t.options)).toBe('elantotal5 litre\ncava');
  });

  it('leaves the text alone by default', () => {
    expect(prepareInput('  A  b ', tpl('keywords: [x]').options)).toBe('  A  b ');
  });
});

describe('matchTemplate', () => {
  const acme = tpl('issuer: Acme\nkeywords: [Acme, "VAT\\\\s+NL\\\\d+"]\nexclude_keywords: [Credit\\s+note]', 'acme.yml');

  it('needs every keyword (as a regex) and no exclude keyword', () => {
    expect(matchesTemplate('Acme Ltd — VAT  NL123', acme)).toBe(true);
    expect(matchesTemplate('Acme Ltd', acme)).toBe(false);
    expect(matchesTemplate('Acme Ltd VAT NL1 Credit  note', acme)).toBe(false);
  });

  it('returns null when nothing matches', () => {
    expect(matchTemplate('nothing here', [acme])).toBeNull();
  });

  it('tries higher priority first, and keeps file order among equals', () => {
    const general = tpl('issuer: General\nkeywords: [Acme]', 'general.yml');
    const specific = tpl('issuer: Specific\nkeywords: [Acme]\npriority: 9', 'specific.yml');
    const other = tpl('issuer: Other\nkeywords: [Acme]', 'other.yml');
    expect(matchTemplate('Acme', [general, specific, other])?.issuer).toBe('Specific');
    expect(matchTemplate('Acme', [general, other])?.issuer).toBe('General');
    expect(matchTemplate('Acme', [other, general])?.issuer).toBe('Other');
  });

  it('matches keywords against the prepared text', () => {
    const lower = tpl('keywords: [acme]\noptions: {lowercase: true}');
    expect(matchTemplate('ACME', [lower])).not.toBeNull();
    const replaced = tpl("keywords: [Bolt]\noptions: {replace: [['B0lt', 'Bolt']]}");
    expect(matchTemplate('B0lt', [replaced])).not.toBeNull();
  });

  it('with remove_whitespace, also tries a keyword with its spaces removed', () => {
    const t = tpl('keywords: [WS Retail, "[ ]?OD"]\noptions: {remove_whitespace: true}');
    expect(matchTemplate('Sold by WS Retail Services, OD123', [t])).not.toBeNull();
    expect(matchTemplate('Sold by WS Services', [t])).toBeNull();
  });
});
