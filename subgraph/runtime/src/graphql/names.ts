/** Query field names as graph-node derives them from entity type names (Inflector's English plural rules). */
const IRREGULAR: Record<string, string> = { person: "people", man: "men", child: "children", sex: "sexes", move: "moves", woman: "women" };
const UNCOUNTABLE = new Set(["equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "deer", "news", "data"]);
const RULES: [RegExp, string][] = [
  [/(quiz)$/i, "$1zes"],
  [/^(oxen)$/i, "$1"],
  [/^(ox)$/i, "$1en"],
  [/([m|l])ice$/i, "$1ice"],
  [/([m|l])ouse$/i, "$1ice"],
  [/(matr|vert|ind)(?:ix|ex)$/i, "$1ices"],
  [/(x|ch|ss|sh)$/i, "$1es"],
  [/([^aeiouy]|qu)y$/i, "$1ies"],
  [/(hive)$/i, "$1s"],
  [/(?:([^f])fe|([lr])f)$/i, "$1$2ves"],
  [/sis$/i, "ses"],
  [/([ti])a$/i, "$1a"],
  [/([ti])um$/i, "$1a"],
  [/(buffal|tomat)o$/i, "$1oes"],
  [/(bu)s$/i, "$1ses"],
  [/(alias|status)$/i, "$1es"],
  [/(octop|vir)i$/i, "$1i"],
  [/(octop|vir)us$/i, "$1i"],
  [/^(ax|test)is$/i, "$1es"],
  [/s$/i, "s"],
  [/$/, "s"],
];

export function pluralize(word: string): string {
  // Only the last camel-case word inflects.
  const m = /^(.*?)([A-Z]?[a-z0-9]*)$/.exec(word);
  const head = m?.[1] ?? "";
  const last = m?.[2] ?? word;
  const lower = last.toLowerCase();
  if (UNCOUNTABLE.has(lower)) return word;
  const irregular = IRREGULAR[lower];
  if (irregular) return head + last[0] + irregular.slice(1);
  for (const [re, rep] of RULES) if (re.test(last)) return head + last.replace(re, rep);
  return word + "s";
}

export function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

export function queryFieldNames(typeName: string): { single: string; collection: string } {
  const single = lowerFirst(typeName);
  let collection = lowerFirst(pluralize(typeName));
  if (collection === single) collection = `${single}_collection`;
  return { single, collection };
}
