import { describe, expect, it } from "vitest";
import type { OrderDetailView, PaymentView, RecipientView } from "../lib/bindings";
import { noPayment, orderRow } from "./fixtures.test-support";
import { groupItems, isZero, orderExtras } from "./detail";

const noRecipient: RecipientView = {
  name: null,
  phone_number: null,
  full_address: null,
  address_detail: null,
  address_lines: [],
  districts: [],
  postal_code: null,
  region_code: null,
};

function detail(parts: {
  recipient?: Partial<RecipientView> | null;
  payment?: Partial<PaymentView>;
  total?: string | null;
  raw?: string;
}): OrderDetailView {
  return {
    row: orderRow("576653688135258178", {
      create_time: 1_700_000_000,
      update_time: 1_700_000_100,
      total_amount: parts.total === undefined ? "37.89" : parts.total,
    }),
    items: [],
    recipient: parts.recipient === null ? null : { ...noRecipient, ...parts.recipient },
    payment: { ...noPayment, ...parts.payment },
    packages: [],
    history: [],
    raw_json: parts.raw ?? "{}",
    cancellations: [],
    unlinked_line_ids: [],
  };
}

const shipped = detail({
  recipient: {
    name: "Alice Moreau",
    phone_number: "(+1)213-***-1234",
    full_address: "12 Elm St, Apt 4, Austin, TX 78701",
    address_detail: "12 Elm St, Apt 4",
  },
  payment: {
    original_total_product_price: "40.00",
    seller_discount: "5.00",
    platform_discount: "0",
    sub_total: "35.00",
    shipping_fee: "0.00",
    tax: "2.89",
  },
  raw: JSON.stringify({
    id: "576653688135258178",
    payment_method_name: "Visa",
    buyer_message: "",
    tracking_number: "1Z999",
  }),
});

describe("orderExtras", () => {
  it("reads the recipient as name, phone and parcel-style lines", () => {
    expect(orderExtras(shipped).address).toEqual({
      name: "Alice Moreau",
      phone: "(+1)213-***-1234",
      lines: ["12 Elm St, Apt 4", "Austin, TX 78701"],
    });
  });

  it("builds the address from its parts when there is no full address", () => {
    const parts = detail({
      recipient: {
        name: "Bo Chen",
        address_lines: ["1 Rue Haute"],
        districts: ["France", "Paris"],
        postal_code: "75001",
      },
    });
    expect(orderExtras(parts).address).toEqual({
      name: "Bo Chen",
      phone: null,
      lines: ["1 Rue Haute", "Paris, France, 75001"],
    });
  });

  it("lists the payment breakdown, skipping zero extras but keeping subtotal and shipping", () => {
    const payment = orderExtras(shipped).payment;
    expect(payment?.currency).toBe("USD");
    expect(payment?.total).toBe("37.89");
    expect(payment?.lines).toEqual([
      { label: "Products", amount: "40.00", deduction: false },
      { label: "Seller discount", amount: "5.00", deduction: true },
      { label: "Subtotal", amount: "35.00", deduction: false },
      { label: "Shipping", amount: "0.00", deduction: false },
      { label: "Tax", amount: "2.89", deduction: false },
    ]);
  });

  it("picks the delivery facts that are set", () => {
    expect(orderExtras(shipped).facts).toEqual([
      { label: "Paid with", value: "Visa" },
      { label: "Tracking", value: "1Z999" },
    ]);
  });

  it("has no address while TikTok withholds it (unpaid, on hold) and survives bad JSON", () => {
    const unpaid = orderExtras(detail({ recipient: null, total: "1.00" }));
    expect(unpaid.readable).toBe(true);
    expect(unpaid.address).toBeNull();
    expect(unpaid.payment).toEqual({ currency: "USD", lines: [], total: "1.00" });
    const broken = orderExtras(detail({ raw: "{not json" }));
    expect(broken.readable).toBe(false);
    expect(broken.facts).toEqual([]);
    expect(orderExtras(detail({ total: null })).payment).toBeNull();
  });
});

describe("isZero", () => {
  it("knows the spellings of zero", () => {
    for (const zero of ["0", "0.00", "-0.0", "0."]) expect(isZero(zero), zero).toBe(true);
    for (const value of ["0.01", "10", "-1"]) expect(isZero(value), value).toBe(false);
  });
});

describe("groupItems", () => {
  const unit = (sku: string, price = "10.00") => ({
    line_item_id: `${sku}-${Math.random()}`,
    sku_id: sku,
    product_name: "Lantern",
    sku_name: "Red",
    sale_price: price,
    display_status: "TO_SHIP",
    tracking_number: null,
  });

  it("shows identical units once with their quantity, in order", () => {
    const groups = groupItems([unit("a"), unit("b"), unit("a"), unit("a", "9.00")]);
    expect(groups.map((g) => [g.item.sku_id, g.item.sale_price, g.quantity])).toEqual([
      ["a", "10.00", 2],
      ["b", "10.00", 1],
      ["a", "9.00", 1],
    ]);
  });
});
