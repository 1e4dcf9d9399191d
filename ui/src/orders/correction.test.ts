import { describe, expect, it } from "vitest";
import type { ApiError, OrderDetailView, OrderRowView } from "../lib/bindings";
import { outboxEntry } from "../activity/fixtures.test-support";
import { noPayment, orderRow } from "./fixtures.test-support";
import {
  canCorrectTracking,
  confirmationQuestion,
  correctionForm,
  correctionInput,
  correctionProblem,
} from "./correction";

function detail(row: Partial<OrderRowView>, raw: object, fields: Partial<OrderDetailView> = {}): OrderDetailView {
  return {
    row: orderRow("o1", { fulfillment_type: "FULFILLMENT_BY_SELLER", ...row }),
    items: [],
    recipient: null,
    payment: noPayment,
    packages: [{ package_id: "p1", tracking_number: "1Z1", shipping_provider: "UPS" }],
    history: [],
    raw_json: JSON.stringify(raw),
    cancellations: [],
    unlinked_line_ids: [],
    ...fields,
  };
}

const seller = { shipping_type: "SELLER" };

describe("tracking correction", () => {
  it("is offered for a seller-shipping order that has left, not for TikTok shipping or FBT", () => {
    expect(canCorrectTracking(detail({ status: "IN_TRANSIT" }, seller))).toBe(true);
    expect(canCorrectTracking(detail({ status: "AWAITING_COLLECTION" }, seller))).toBe(true);
    expect(canCorrectTracking(detail({ status: "IN_TRANSIT" }, { shipping_type: "TIKTOK" }))).toBe(false);
    expect(
      canCorrectTracking(detail({ status: "IN_TRANSIT", fulfillment_type: "FULFILLMENT_BY_TIKTOK" }, seller)),
    ).toBe(false);
    expect(canCorrectTracking(detail({ status: "DELIVERED" }, seller))).toBe(false);
  });

  it("counts Shopdock's own sent shipment before TikTok reports the order shipped", () => {
    const waiting = detail({ status: "AWAITING_SHIPMENT" }, seller);
    expect(canCorrectTracking(waiting)).toBe(false);
    const sent = { ...waiting, outbox_entry: outboxEntry(3, { state: "sent" }) };
    expect(canCorrectTracking(sent)).toBe(true);
  });

  it("starts from the shipped carrier; names a package only when there are several", () => {
    const one = detail({ status: "IN_TRANSIT" }, seller);
    expect(correctionForm(one)).toEqual({ carrier: "UPS", tracking: "", packageId: null });
    const two = { ...one, packages: [...one.packages, { package_id: "p2", tracking_number: null, shipping_provider: null }] };
    expect(correctionForm(two).packageId).toBe("p1");
  });

  it("asks for both fields, sends them trimmed, confirmed only when the seller said so", () => {
    expect(correctionProblem({ carrier: " ", tracking: "1Z", packageId: null })).toMatch(/carrier/);
    expect(correctionProblem({ carrier: "UPS", tracking: "", packageId: null })).toMatch(/tracking/);
    const form = { carrier: " UPS ", tracking: " 1Z999 ", packageId: null };
    expect(correctionProblem(form)).toBeNull();
    expect(correctionInput("o1", form, false)).toEqual({
      order_id: "o1",
      carrier: "UPS",
      tracking_number: "1Z999",
      confirmed: false,
      package_id: null,
    });
    expect(correctionInput("o1", form, true).confirmed).toBe(true);
  });

  it("reads core's question from ConfirmationRequired, and nothing from a refusal", () => {
    const ask: ApiError = { code: "ConfirmationRequired", message: "TikTok allows one update. Send it?", detail: null, fields: [] };
    expect(confirmationQuestion(ask)).toBe("TikTok allows one update. Send it?");
    expect(confirmationQuestion({ ...ask, code: "Conflict" })).toBeNull();
  });
});
