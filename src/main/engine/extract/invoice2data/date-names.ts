// Month and weekday names for reading written dates in the languages invoice templates name
// (`options.languages`). Names are compared without accents and in lower case, so "fevrier",
// "février" and "FÉVR." all find February.

const MONTHS: Record<string, string[][]> = {
  en: [['january'], ['february'], ['march'], ['april'], ['may'], ['june'], ['july'], ['august'], ['september'], ['october'], ['november'], ['december']],
  fr: [['janvier'], ['fevrier'], ['mars'], ['avril'], ['mai'], ['juin'], ['juillet'], ['aout'], ['septembre'], ['octobre'], ['novembre'], ['decembre']],
  de: [['januar', 'janner'], ['februar', 'feber'], ['marz', 'maerz'], ['april'], ['mai'], ['juni'], ['juli'], ['august'], ['september'], ['oktober'], ['november'], ['dezember']],
  nl: [['januari'], ['februari'], ['maart'], ['april'], ['mei'], ['juni'], ['juli'], ['augustus'], ['september'], ['oktober'], ['november'], ['december']],
  es: [['enero'], ['febrero'], ['marzo'], ['abril'], ['mayo'], ['junio'], ['julio'], ['agosto'], ['septiembre', 'setiembre'], ['octubre'], ['noviembre'], ['diciembre']],
  it: [['gennaio'], ['febbraio'], ['marzo'], ['aprile'], ['maggio'], ['giugno'], ['luglio'], ['agosto'], ['settembre'], ['ottobre'], ['novembre'], ['dicembre']],
  pt: [['janeiro'], ['fevereiro'], ['marco'], ['abril'], ['maio'], ['junho'], ['julho'], ['agosto'], ['setembro'], ['outubro'], ['novembro'], ['dezembro']],
  pl: [
    ['styczen', 'stycznia'], ['luty', 'lutego'], ['marzec', 'marca'], ['kwiecien', 'kwietnia'], ['maj', 'maja'], ['czerwiec', 'czerwca'],
    ['lipiec', 'lipca'], ['sierpien', 'sierpnia'], ['wrzesien', 'wrzesnia'], ['pazdziernik', 'pazdziernika'], ['listopad', 'listopada'], ['grudzien', 'grudnia'],
  ],
  sv: [['januari'], ['februari'], ['mars'], ['april'], ['maj'], ['juni'], ['juli'], ['augusti'], ['september'], ['oktober'], ['november'], ['december']],
  da: [['januar'], ['februar'], ['marts'], ['april'], ['maj'], ['juni'], ['juli'], ['august'], ['september'], ['oktober'], ['november'], ['december']],
  no: [['januar'], ['februar'], ['mars'], ['april'], ['mai'], ['juni'], ['juli'], ['august'], ['september'], ['oktober'], ['november'], ['desember']],
  fi: [
    ['tammikuu'], ['helmikuu'], ['maaliskuu'], ['huhtikuu'], ['toukokuu'], ['kesakuu'],
    ['heinakuu'], ['elokuu'], ['syyskuu'], ['lokakuu'], ['marraskuu'], ['joulukuu'],
  ],
  cs: [
    ['leden', 'ledna'], ['unor', 'unora'], ['brezen', 'brezna'], ['duben', 'dubna'], ['kveten', 'kvetna'], ['cerven', 'cervna'],
    ['cervenec', 'cervence'], ['srpen', 'srpna'], ['zari'], ['rijen', 'rijna'], ['listopad', 'listopadu'], ['prosinec', 'prosince'],
  ],
};
// Norwegian Bokmål is also written `nb`.
MONTHS['nb'] = MONTHS['no']!;

const WEEKDAYS = new Set(
  [
    'monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun',
    'lundi mardi mercredi jeudi vendredi samedi dimanche',
    'montag dienstag mittwoch donnerstag freitag samstag sonntag',
    'maandag dinsdag woensdag donderdag vrijdag zaterdag zondag',
    'lunes martes miercoles jueves viernes sabado domingo',
    'lunedi martedi mercoledi giovedi venerdi sabato domenica',
    'segunda terca quarta quinta sexta segunda-feira terca-feira quarta-feira quinta-feira sexta-feira',
  ]
    .join(' ')
    .split(' '),
);

/** Lower case without accents: how names are compared. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Language groups to search, most trusted first: the template's, then English, then the rest. */
function groups(languages: readonly string[]): string[][] {
  const wanted = languages.filter((l) => l in MONTHS);
  const first = [...new Set([...wanted, 'en'])];
  const rest = Object.keys(MONTHS).filter((l) => !first.includes(l));
  return [first, rest];
}

/** The month in these languages; 'ambiguous' when they disagree, null when none knows it. */
function lookup(token: string, langs: string[]): number | 'ambiguous' | null {
  const exact = new Set<number>();
  const prefix = new Set<number>();
  for (const lang of langs) {
    MONTHS[lang]!.forEach((names, i) => {
      for (const name of names) {
        if (name === token) exact.add(i + 1);
        // An abbreviation ("sept", "juil") or an inflected form ("tammikuuta").
        else if ((token.length >= 3 && name.startsWith(token)) || (name.length >= 4 && token.startsWith(name) && token.length - name.length <= 3)) {
          prefix.add(i + 1);
        }
      }
    });
  }
  if (exact.size === 1) return [...exact][0]!;
  if (exact.size === 0 && prefix.size === 1) return [...prefix][0]!;
  return exact.size + prefix.size > 0 ? 'ambiguous' : null;
}

/** The month (1–12) a name or abbreviation stands for, or null if unknown or ambiguous. */
export function monthFromName(name: string, languages: readonly string[] = []): number | null {
  const token = fold(name).replace(/\.$/, '');
  if (!/^\p{L}+$/u.test(token)) return null;
  for (const langs of groups(languages)) {
    const m = lookup(token, langs);
    if (m === 'ambiguous') return null;
    if (m !== null) return m;
  }
  return null;
}

/** Whether the word is a weekday name (dates like "Monday, 3 August 2014" ignore it). */
export function isWeekday(word: string): boolean {
  return WEEKDAYS.has(fold(word).replace(/\.$/, ''));
}
