// The carrier picker of the Ship dialog: when TikTok does not know the seller's carrier name
// for an order, the seller picks one of TikTok's providers (the likely ones first) and may
// remember the name as that provider for the shop, so the next shipment needs no question.
import type { CarrierSuggestionsView } from "../lib/bindings";

export interface CarrierPick {
  shop_id: string;
  /** The name the seller typed. */
  name: string;
  view: CarrierSuggestionsView;
  /** The provider chosen (TikTok's name); null until the seller picks. */
  chosen: string | null;
  /** Remember `name` as `chosen` for the shop (then ship with `name`). */
  remember: boolean;
}

/** A picker for a name TikTok did not resolve; null when the name needs no question. */
export function newPick(shopId: string, view: CarrierSuggestionsView): CarrierPick | null {
  if (view.resolved !== null) return null;
  const likely = view.providers.filter((p) => p.likely);
  return {
    shop_id: shopId,
    name: view.carrier,
    view,
    // One likely provider is the obvious answer, but the seller still confirms it.
    chosen: likely.length === 1 ? (likely[0]?.provider_name ?? null) : null,
    remember: true,
  };
}

/** The question above the providers. */
export function pickQuestion(pick: CarrierPick): string {
  if (pick.view.broken_mapping) {
    return `“${pick.name}” was remembered as ${pick.view.broken_mapping}, which TikTok no longer lists for this order. Choose TikTok's name for it:`;
  }
  if (pick.view.providers.length === 0) {
    return `TikTok does not know “${pick.name}” and lists no carriers for this order: check the order in Seller Center.`;
  }
  return `TikTok does not know “${pick.name}”. Which of TikTok's carriers is it?`;
}

export function rememberLabel(pick: CarrierPick): string {
  return `Remember “${pick.name}” as ${pick.chosen ?? "this carrier"} for this shop`;
}

/** The carrier name a shipment is sent with once the seller picked. */
export function carrierToSend(pick: CarrierPick): string | null {
  if (pick.chosen === null) return null;
  return pick.remember ? pick.name : pick.chosen;
}
