// Correcting a shipped order's carrier and tracking number from the drawer. TikTok allows a
// single update per order, so core answers the first request with ConfirmationRequired and the
// question to ask; only the seller's Confirm sends it. Pure, so the tests drive it directly.
import type { ApiError, CorrectTrackingInput, OrderDetailView } from "../lib/bindings";
import { asObject, readJson, str } from "../lib/json";

/**
 * Whether the drawer offers "Correct tracking…": a seller-shipping order that has left (or
 * that Shopdock marked shipped and TikTok has not reported back yet). Core decides the rest
 * (the market's 72 h window, a single update) and says why when it refuses.
 */
export function canCorrectTracking(detail: OrderDetailView): boolean {
  const { row } = detail;
  if (row.fulfillment_type === "FULFILLMENT_BY_TIKTOK") return false;
  const order = asObject(readJson(detail.raw_json));
  if (!order || str(order, "shipping_type") !== "SELLER") return false;
  if (row.status === "AWAITING_COLLECTION" || row.status === "IN_TRANSIT") return true;
  const shipped = detail.outbox_entry ?? null;
  return row.status === "AWAITING_SHIPMENT" && shipped?.kind === "mark_shipped" && shipped.state === "sent";
}

export interface CorrectionForm {
  carrier: string;
  tracking: string;
  /** For an order shipped in several packages; null = its only package. */
  packageId: string | null;
}

/** The form prefilled with what the order shipped with (its first package). */
export function correctionForm(detail: OrderDetailView): CorrectionForm {
  const pkg = detail.packages[0];
  return {
    carrier: pkg?.shipping_provider ?? detail.outbox_entry?.carrier ?? "",
    tracking: "",
    packageId: detail.packages.length > 1 ? (pkg?.package_id ?? null) : null,
  };
}

export function correctionInput(orderId: string, form: CorrectionForm, confirmed: boolean): CorrectTrackingInput {
  return {
    order_id: orderId,
    carrier: form.carrier.trim(),
    tracking_number: form.tracking.trim(),
    confirmed,
    package_id: form.packageId,
  };
}

/** What must be filled in before anything is asked (core checks the rest). */
export function correctionProblem(form: CorrectionForm): string | null {
  if (form.carrier.trim() === "") return "Name the carrier.";
  if (form.tracking.trim() === "") return "Enter the new tracking number.";
  return null;
}

/** Core's question before the single update is spent: the message is what to ask. */
export function confirmationQuestion(error: ApiError): string | null {
  return error.code === "ConfirmationRequired" ? error.message : null;
}
