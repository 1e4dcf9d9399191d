import { describe, expect, it } from "vitest";
import type { ApiError, CancellationView, OrderDetailView, OrderItemView, OrderRowView } from "../lib/bindings";
import { outboxEntry } from "../activity/fixtures.test-support";
import { noPayment, orderRow } from "./fixtures.test-support";
import {
  answerText,
  asOrderOutbox,
  cancellationOutbox,
  cancellationLine,
  cancellationStatus,
  cancellationTitle,
  cancelledLineIds,
  commentArg,
  coveredItems,
  flagsBesideRequest,
  offersSellerCancel,
  partialCancelNote,
  pendingRequest,
  reasonFieldError,
  rejectProblem,
  requestHint,
  sellerCancelInput,
  sellerCancelQuestion,
  timeLeft,
  URGENT_SECS,
} from "./cancellation";

const HOUR = 3600;

function cancellation(cancel_id: string, fields: Partial<CancellationView> = {}): CancellationView {
  return {
    shop_id: "s1",
    cancel_id,
    order_id: "o1",
    buyer_request: true,
    status: "CANCELLATION_REQUEST_PENDING",
    pending: true,
    role: "BUYER",
    reason: "ecom_order_to_ship_canceled_reason_no_longer_needed",
    reason_text: "No longer needed",
    deadline: 1_000 + 48 * HOUR,
    line_item_ids: [],
    update_time: 1_000,
    answering: null,
    ...fields,
  };
}

function item(line_item_id: string, display_status: string | null): OrderItemView {
  return {
    line_item_id,
    sku_id: null,
    seller_sku: null,
    product_name: "Mug",
    sku_name: null,
    sale_price: "5.00",
    display_status,
    package_id: null,
    tracking_number: null,
  };
}

function detail(row: Partial<OrderRowView> = {}, fields: Partial<OrderDetailView> = {}): OrderDetailView {
  return {
    row: orderRow("o1", { fulfillment_type: "FULFILLMENT_BY_SELLER", ...row }),
    items: [],
    recipient: null,
    payment: noPayment,
    packages: [],
    history: [],
    raw_json: "{}",
    cancellations: [],
    unlinked_line_ids: [],
    ...fields,
  };
}

describe("time left to answer", () => {
  it("reads in days and hours, hours, then minutes, and is urgent under 12 hours", () => {
    const now = 1_000;
    expect(timeLeft(now + 47 * HOUR + 59 * 60, now)).toEqual({
      text: "1 d 23 h left",
      short: "1 d 23 h",
      urgent: false,
      due: false,
    });
    expect(timeLeft(now + 48 * HOUR, now).text).toBe("2 d left");
    expect(timeLeft(now + URGENT_SECS, now)).toMatchObject({ text: "12 h left", urgent: false });
    expect(timeLeft(now + URGENT_SECS - 1, now)).toMatchObject({ text: "11 h left", short: "11 h", urgent: true });
    expect(timeLeft(now + 35 * 60 + 10, now)).toMatchObject({ text: "35 min left", urgent: true, due: false });
    expect(timeLeft(now + 20, now).text).toBe("1 min left");
  });

  it("says when TikTok decides now instead of counting below zero", () => {
    expect(timeLeft(1_000, 1_000)).toEqual({ text: "Due now", short: "Due now", urgent: true, due: true });
    expect(timeLeft(1_000, 9_000).text).toBe("Due now");
  });
});

describe("the request to answer", () => {
  it("is the pending one TikTok decides first; settled ones are history", () => {
    const later = cancellation("c1", { deadline: 9_000 });
    const sooner = cancellation("c2", { deadline: 5_000 });
    const settled = cancellation("c3", { pending: false, status: "CANCELLATION_REQUEST_CANCEL", deadline: null });
    expect(pendingRequest([later, settled, sooner])?.cancel_id).toBe("c2");
    expect(pendingRequest([settled])).toBeNull();
    expect(pendingRequest([])).toBeNull();
  });

  it("shows the answer on its way, then the answer row's own state", () => {
    const approveRow = asOrderOutbox(outboxEntry(7, { kind: "approve_cancellation", state: "sending" }));
    expect(answerText(cancellation("c1", { answering: "approve" }), approveRow)).toBe(
      "Your approval is on its way to TikTok.",
    );
    expect(answerText(cancellation("c1", { answering: "reject" }), null)).toBe("Your rejection is on its way to TikTok.");
    // Refused for good: core clears `answering`, the row keeps its state and reason.
    const refused = { ...approveRow, state: "failed" as const, reason: "TikTok refused." };
    expect(answerText(cancellation("c1"), refused)).toBe("Your approval:");
    expect(answerText(cancellation("c1"), null)).toBeNull();
  });

  it("takes only a cancellation's outgoing change from the order", () => {
    const ship = asOrderOutbox(outboxEntry(1));
    const approve = asOrderOutbox(outboxEntry(2, { kind: "approve_cancellation", last_error: "why" }));
    expect(cancellationOutbox(ship)).toBeNull();
    expect(cancellationOutbox(approve)).toEqual({
      id: 2,
      kind: "approve_cancellation",
      state: "queued",
      reason: "why",
      warning: null,
      updated_at: 102,
    });
    expect(cancellationOutbox(null)).toBeNull();
  });
});

describe("cancellations in words", () => {
  it("names who cancelled", () => {
    expect(cancellationTitle(cancellation("c"))).toBe("Buyer's request to cancel");
    expect(cancellationTitle(cancellation("c", { buyer_request: false, role: "SELLER" }))).toBe("Cancelled by you");
    expect(cancellationTitle(cancellation("c", { buyer_request: false, role: "SYSTEM" }))).toBe("Cancelled by TikTok");
    expect(cancellationTitle(cancellation("c", { buyer_request: false, role: "OPERATOR" }))).toBe("Cancellation");
  });

  it("reads both spellings of every documented status and keeps an unknown one as sent", () => {
    const settled = (status: string, buyer_request = true) =>
      cancellationStatus(cancellation("c", { pending: false, status, buyer_request }));
    expect(cancellationStatus(cancellation("c"))).toBe("Waiting for your answer");
    expect(settled("CANCELLATION_REQUEST_SUCCESS")).toBe("Approved: the refund is under way");
    expect(settled("CANCEL_SUCCESS")).toBe("Approved: the refund is under way");
    expect(settled("CANCELLATION_REQUEST_SUCCESS", false)).toBe("Cancelled: the refund is under way");
    expect(settled("CANCELLATION_REQUEST_COMPLETE")).toBe("Cancelled and refunded");
    expect(settled("CANCELLATION_REQUEST_CANCEL")).toBe("Rejected or withdrawn: the order goes on");
    expect(settled("CANCELLATION_REQUEST_CANCELLED")).toBe("Rejected or withdrawn: the order goes on");
    expect(settled("CLOSED", false)).toBe("Closed: the order goes on");
    expect(settled("SOMETHING_NEW")).toBe("SOMETHING_NEW");
  });
});

describe("a settled cancellation's line", () => {
  it("joins where it stands, the reason and the part of the order it took", () => {
    const done = cancellation("c", { pending: false, status: "CANCELLATION_REQUEST_COMPLETE", line_item_ids: ["L1"] });
    expect(cancellationLine(done, 2)).toBe("Cancelled and refunded · No longer needed · 1 of 2 items");
    expect(cancellationLine({ ...done, reason: null, reason_text: null, line_item_ids: [] }, 2)).toBe(
      "Cancelled and refunded",
    );
  });
});

describe("cancelled items", () => {
  it("are those TikTok shows cancelled and those a cancel that took effect names", () => {
    const d = detail(
      {},
      {
        items: [item("L1", "CANCELLED"), item("L2", "TO_FULFILL"), item("L3", "TO_FULFILL"), item("L4", "TO_FULFILL")],
        cancellations: [
          cancellation("c1", { pending: false, status: "CANCELLATION_REQUEST_COMPLETE", line_item_ids: ["L2"] }),
          cancellation("c2", { pending: false, status: "CANCELLATION_REQUEST_CANCEL", line_item_ids: ["L3"] }),
          cancellation("c3", { line_item_ids: ["L4"] }),
        ],
      },
    );
    expect([...cancelledLineIds(d)].sort()).toEqual(["L1", "L2"]);
  });

  it("are named on a cancellation only when it covers part of the order", () => {
    expect(coveredItems(cancellation("c", { line_item_ids: ["L1"] }), 3)).toBe("1 of 3 items");
    expect(coveredItems(cancellation("c", { line_item_ids: ["L1", "L2", "L3"] }), 3)).toBeNull();
    expect(coveredItems(cancellation("c", { line_item_ids: [] }), 3)).toBeNull();
  });

  it("are noted on a row whose order goes on, not on a cancelled order", () => {
    expect(partialCancelNote({ cancelled_items: 1, item_count: 3, status_group: "to_ship" })).toBe("1 of 3 cancelled");
    expect(partialCancelNote({ cancelled_items: 2, item_count: 2, status_group: "to_ship" })).toBe("Items cancelled");
    expect(partialCancelNote({ cancelled_items: 2, item_count: 2, status_group: "cancelled" })).toBeNull();
    expect(partialCancelNote({ cancelled_items: 0, item_count: 2, status_group: "to_ship" })).toBeNull();
  });
});

describe("the row's cancellation flag", () => {
  it("hovers with what to do, the moment TikTok decides and the buyer's reason", () => {
    expect(requestHint("Monday 14:05", "No longer needed")).toBe(
      "The buyer asked to cancel: approve or reject before TikTok decides on its own at Monday 14:05. " +
        "Reason: No longer needed",
    );
    expect(requestHint("Monday 14:05", null)).toBe(
      "The buyer asked to cancel: approve or reject before TikTok decides on its own at Monday 14:05.",
    );
  });

  it("is the Answer by tag once the request is stored, else TikTok's chip", () => {
    expect(flagsBesideRequest({ flags: ["fbt", "buyer_cancel_request"], cancel_deadline: 5 })).toEqual(["fbt"]);
    expect(flagsBesideRequest({ flags: ["buyer_cancel_request"], cancel_deadline: null })).toEqual([
      "buyer_cancel_request",
    ]);
    expect(flagsBesideRequest({ flags: ["sample"], cancel_deadline: null })).toEqual(["sample"]);
  });
});

describe("the seller's cancel", () => {
  it("is offered before shipping, not for FBT, shipped orders or a request to answer", () => {
    expect(offersSellerCancel(detail())).toBe(true);
    expect(offersSellerCancel(detail({ status: "UNPAID" }))).toBe(true);
    expect(offersSellerCancel(detail({ status: "AWAITING_COLLECTION" }))).toBe(true);
    expect(offersSellerCancel(detail({ status: "IN_TRANSIT" }))).toBe(false);
    expect(offersSellerCancel(detail({ status: "CANCELLED" }))).toBe(false);
    expect(offersSellerCancel(detail({ fulfillment_type: "FULFILLMENT_BY_TIKTOK" }))).toBe(false);
    expect(offersSellerCancel(detail({}, { cancellations: [cancellation("c1")] }))).toBe(false);
  });

  it("is not offered twice while Shopdock's own cancel is on its way or waits for Retry", () => {
    const withCancel = (state: "queued" | "sent" | "failed" | "dismissed") =>
      detail({ outbox: asOrderOutbox(outboxEntry(3, { kind: "seller_cancel", state })) });
    expect(offersSellerCancel(withCancel("queued"))).toBe(false);
    expect(offersSellerCancel(withCancel("sent"))).toBe(false);
    expect(offersSellerCancel(withCancel("failed"))).toBe(false);
    expect(offersSellerCancel(withCancel("dismissed"))).toBe(true);
  });

  it("sends the whole order with the reason chosen, after a question naming it", () => {
    expect(sellerCancelInput("o1", "seller_cancel_reason_out_of_stock")).toEqual({
      order_id: "o1",
      reason: "seller_cancel_reason_out_of_stock",
      line_item_ids: [],
    });
    const question = sellerCancelQuestion("o1", { name: "seller_cancel_reason_out_of_stock", text: "Out of stock" });
    expect(question).toContain("order o1");
    expect(question).toContain('"Out of stock"');
    expect(question).toContain("cannot be reopened");
  });
});

describe("the reject form", () => {
  it("needs a reason and sends no empty comment", () => {
    expect(rejectProblem({ reason: "", comment: "x" })).toBe("Choose why you reject the request.");
    expect(rejectProblem({ reason: "reject_reason_shipped", comment: "" })).toBeNull();
    expect(commentArg("  ")).toBeNull();
    expect(commentArg(" Already packed ")).toBe("Already packed");
  });

  it("shows core's message about the reason beside the field", () => {
    const error: ApiError = {
      code: "Validation",
      message: "Please correct the highlighted fields.",
      detail: null,
      fields: [{ field: "reason", message: "Choose a reason to reject the request." }],
    };
    expect(reasonFieldError(error)).toBe("Choose a reason to reject the request.");
    expect(reasonFieldError({ ...error, fields: [] })).toBeNull();
    expect(reasonFieldError(null)).toBeNull();
  });
});
