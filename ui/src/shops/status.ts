// How a shop's status reads on its chip. Pure, so the wording is unit-tested.
import type { Region, ShopStatus } from "../lib/bindings";

/** The chip's colour family: neutral (nothing to do), ok, warn (soon), danger (act now). */
export type Tone = "neutral" | "ok" | "warn" | "danger";

export interface StatusChip {
  /** The words on the chip. */
  text: string;
  tone: Tone;
  /** One sentence on what the status means and what to do, shown on hover and to screen readers. */
  hint: string;
}

/** The chip for a status, per UX.md: Not connected / Connected / Expires in N days / Reconnect needed / Sync paused. */
export function statusChip(status: ShopStatus): StatusChip {
  switch (status.kind) {
    case "NotConnected":
      return {
        text: "Not connected",
        tone: "neutral",
        hint: "Authorize Shopdock with Get Auth to start syncing this shop.",
      };
    case "Connected":
      return { text: "Connected", tone: "ok", hint: "Shopdock can reach this shop." };
    case "ExpiresSoon":
      return {
        text: expiresIn(status.days),
        tone: "warn",
        hint: "The authorization runs out soon: use Get Auth again to renew it.",
      };
    case "ReconnectNeeded":
      return {
        text: "Reconnect needed",
        tone: "danger",
        hint: `${sentence(status.reason)} Use Get Auth to reconnect; syncing is paused until then.`,
      };
    case "SyncPaused":
      return { text: "Sync paused", tone: "warn", hint: "Syncing is paused for this shop." };
    default:
      return unreachable(status);
  }
}

function expiresIn(days: number): string {
  if (days <= 0) return "Expires today";
  if (days === 1) return "Expires in 1 day";
  return `Expires in ${days} days`;
}

/** The reason as a sentence, so the hint that follows it reads well. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Makes `switch` exhaustive: a new `ShopStatus` kind from Rust fails type-checking here. */
function unreachable(value: never): never {
  throw new Error(`unhandled shop status: ${JSON.stringify(value)}`);
}

/** The seller's name for each TikTok Shop region (the region picks the authorization host). */
export const REGION_NAMES: Readonly<Record<Region, string>> = {
  US: "United States",
  ROW: "Rest of world",
};

export function regionName(region: Region): string {
  return REGION_NAMES[region];
}
