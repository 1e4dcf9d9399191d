// Stock and price sync as a SKU's line in the window shows it.
import type { PushState } from "../lib/bindings";

export const PUSH_STATE_LABELS: Readonly<Record<PushState, string>> = {
  pending: "Sending",
  pushed: "On TikTok",
  failed: "Failed",
  not_pushed: "Not sent yet",
};

/** The tag's colour class for a push state. */
export function pushTag(state: PushState): "ok" | "warn" | "danger" | "" {
  switch (state) {
    case "pushed":
      return "ok";
    case "pending":
      return "warn";
    case "failed":
      return "danger";
    case "not_pushed":
      return "";
  }
}
