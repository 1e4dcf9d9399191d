// The Options panel's poll interval check, the same bounds as core's (options.rs), so the seller
// hears about a typo before a round trip; core checks again on save.

export const MIN_POLL_SECS = 10;
export const MAX_POLL_SECS = 24 * 3600;

/** The interval in seconds, or the message to show under the field. */
export function parsePollInterval(text: string): { secs: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { error: "Enter a whole number of seconds, e.g. 60." };
  const secs = Number(trimmed);
  if (secs < MIN_POLL_SECS) return { error: `Use at least ${MIN_POLL_SECS} seconds.` };
  if (secs > MAX_POLL_SECS) return { error: "Use at most 86400 seconds (24 hours)." };
  return { secs };
}

/** "every minute", "every 90 s", "every 2 h". */
export function intervalPhrase(secs: number): string {
  if (secs % 3600 === 0) return secs === 3600 ? "every hour" : `every ${secs / 3600} h`;
  if (secs % 60 === 0) return secs === 60 ? "every minute" : `every ${secs / 60} min`;
  return `every ${secs} s`;
}
