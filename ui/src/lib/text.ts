// Small wording helpers shared by the pages.

/** Makes a message read as a sentence: capital first letter, closing punctuation. */
export function asSentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === "") return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…]\)?$/.test(capital) ? capital : `${capital}.`;
}

/** "1 order", "3 orders". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
