// The actions on a shop's card. Each one says whether it can run now and, when not, why: the
// UI never offers a button that pretends.
import type { ShopView } from "../lib/bindings";

export type ShopActionId =
  | "get-auth"
  | "test-connection"
  | "sync-now"
  | "options"
  | "edit"
  | "remove";

export interface ShopAction {
  id: ShopActionId;
  label: string;
  /** Why the action cannot run now, or null when it can. */
  unavailable: string | null;
}

/** Whether the shop holds a working authorization (so its orders can sync). */
export function isConnected(shop: ShopView): boolean {
  return shop.status.kind === "Connected" || shop.status.kind === "ExpiresSoon";
}

function syncBlocker(shop: ShopView): string | null {
  switch (shop.status.kind) {
    case "Connected":
    case "ExpiresSoon":
      return null;
    case "NotConnected":
      return "Connect the shop with Get Auth first.";
    case "ReconnectNeeded":
      return "Reconnect the shop with Get Auth first.";
    case "SyncPaused":
      return "Syncing is paused for this shop.";
  }
}

/** The actions for a shop, in the order the card shows them. */
export function shopActions(shop: ShopView): ShopAction[] {
  return [
    { id: "get-auth", label: "Get Auth", unavailable: null },
    { id: "test-connection", label: "Test Connection", unavailable: null },
    { id: "sync-now", label: "Sync now", unavailable: syncBlocker(shop) },
    { id: "options", label: "Options", unavailable: null },
    {
      id: "edit",
      label: "Edit",
      unavailable: shop.is_demo ? "The demo shop's registration is fixed." : null,
    },
    { id: "remove", label: "Remove", unavailable: null },
  ];
}
