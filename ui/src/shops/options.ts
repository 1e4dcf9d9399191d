// The Options panel's poll interval check, with core's own bounds (generated), so the seller
// hears about a typo before a round trip; core checks again on save. And the note shown after a
// switch is saved.
import {
  MAX_POLL_SECS,
  MIN_POLL_SECS,
  type CarrierMappingView,
  type ConfirmHandover,
  type OptionsView,
} from "../lib/bindings";

export { MAX_POLL_SECS, MIN_POLL_SECS };

/** The interval in seconds, or the message to show under the field. */
export function parsePollInterval(text: string): { secs: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { error: "Enter a whole number of seconds, e.g. 60." };
  const secs = Number(trimmed);
  if (secs < MIN_POLL_SECS) return { error: `Use at least ${MIN_POLL_SECS} seconds.` };
  if (secs > MAX_POLL_SECS) return { error: `Use at most ${MAX_POLL_SECS} seconds (24 hours).` };
  return { secs };
}

/** "every minute", "every 90 s", "every 2 h". */
export function intervalPhrase(secs: number): string {
  if (secs % 3600 === 0) return secs === 3600 ? "every hour" : `every ${secs / 3600} h`;
  if (secs % 60 === 0) return secs === 60 ? "every minute" : `every ${secs / 60} min`;
  return `every ${secs} s`;
}

/**
 * The note after a switch was saved: its new state, and the options that the change made
 * unavailable or available again (switching the download off pauses the new-order
 * notification, which needs it).
 */
export function toggledNote(
  label: string,
  enabled: boolean,
  before: OptionsView,
  after: OptionsView,
): string {
  const wasAvailable = new Map(before.options.map((o) => [o.key, o.available]));
  const changed = (available: boolean) =>
    after.options
      .filter((o) => o.available === available && wasAvailable.get(o.key) === !available)
      .map((o) => o.label);
  const parts = [`${label} is ${enabled ? "on" : "off"}.`];
  const paused = changed(false);
  if (paused.length > 0) parts.push(`Paused with it: ${paused.join(", ")}.`);
  const back = changed(true);
  if (back.length > 0) parts.push(`Available again: ${back.join(", ")}.`);
  return parts.join(" ");
}

/** Automatic confirmation's handover default, as the Options panel offers it. */
export const CONFIRM_HANDOVER_LABELS: Readonly<Record<ConfirmHandover, string>> = {
  pickup: "Pickup in the earliest slot",
  drop_off: "Drop-off",
};

/** A remembered carrier name's state: TikTok still lists its provider, no longer, or unknown. */
export function mappingNote(mapping: CarrierMappingView): { tone: "ok" | "warn" | "neutral"; text: string } {
  if (mapping.provider_listed === false) {
    return {
      tone: "warn",
      text: `TikTok no longer lists ${mapping.provider_name}: the name is not used until you choose a carrier for it again.`,
    };
  }
  if (mapping.provider_listed === null) {
    return { tone: "neutral", text: "TikTok could not be asked whether it still lists this carrier." };
  }
  return { tone: "ok", text: "In use" };
}
