// Finance views as core sends them, for the tests: everything empty or not settled unless a
// test says otherwise.
import type {
  AmountPartView,
  OrderEarningsRowView,
  OrderEarningsView,
  SummaryBucketView,
  TransactionView,
} from "../lib/bindings";

export function part(kind: string, amount: string, label = kind): AmountPartView {
  return { kind, group: kind.split(".")[0] ?? "", label, amount };
}

export function earnings(over: Partial<OrderEarningsView> = {}): OrderEarningsView {
  return {
    shop_id: "s1",
    order_id: "577000000000000001",
    status: "not_settled",
    source: null,
    currency: null,
    statement_id: null,
    statement_time: null,
    settled_day: null,
    revenue: null,
    shipping: null,
    fees: null,
    taxes: null,
    fee_tax: null,
    adjustments: null,
    reserve: null,
    settlement: null,
    parts_sum: null,
    gap: null,
    net: null,
    parts: [],
    transactions: [],
    skus: [],
    cost: null,
    profit: null,
    margin_percent: null,
    units_from: null,
    profit_missing: [],
    ...over,
  };
}

/** A settled order: revenue 200, fees -30, shipping -70, settlement 130 (the spec's example). */
export function settled(over: Partial<OrderEarningsView> = {}): OrderEarningsView {
  return earnings({
    status: "settled",
    source: "statements",
    currency: "USD",
    statement_id: "1723000000000020778",
    statement_time: 1_795_219_200,
    settled_day: "2026-11-20",
    revenue: "200.00",
    shipping: "-70.00",
    fees: "-30.00",
    taxes: "0.00",
    fee_tax: "-30.00",
    adjustments: null,
    settlement: "130.00",
    parts_sum: "100.00",
    gap: "30.00",
    net: "130.00",
    parts: [
      part("revenue.subtotal_before_discount_amount", "200.00", "Subtotal before discount"),
      part("fee.platform_commission_amount", "-24.00", "Platform commission"),
      part("fee.transaction_fee_amount", "-6.00", "Transaction fee"),
      part("fee.affiliate_commission_amount", "0.00", "Affiliate commission"),
      part("shipping.actual_shipping_fee_amount", "-70.00", "Actual shipping fee"),
      part("supplementary.customer_payment_amount", "215.00", "Customer payment"),
    ],
    ...over,
  });
}

export function earningsRow(over: Partial<OrderEarningsRowView> = {}): OrderEarningsRowView {
  return {
    shop_id: "s1",
    order_id: "577000000000000001",
    status: "settled",
    currency: "USD",
    revenue: "200.00",
    fee_tax: "-30.00",
    shipping: "-70.00",
    settlement: "130.00",
    gap: null,
    net: "130.00",
    profit: "42.50",
    margin_percent: "21.3",
    ...over,
  };
}

export function transaction(over: Partial<TransactionView> = {}): TransactionView {
  return {
    transaction_id: "t1",
    kind: "ORDER",
    is_adjustment: false,
    order_id: "577000000000000001",
    order_create_time: 1_794_000_000,
    settlement: "10.00",
    revenue: "12.00",
    shipping: "0.00",
    fee_tax: "-2.00",
    adjustment: null,
    reserve: null,
    reserve_status: null,
    estimated_release_time: null,
    parts_sum: "10.00",
    gap: null,
    parts: [],
    ...over,
  };
}

export function bucket(day: string, settlement: string): SummaryBucketView {
  return {
    start: Date.parse(`${day}T00:00:00Z`) / 1000,
    day,
    settlement,
    revenue: settlement,
    shipping: "0",
    fee_tax: "0",
    adjustments: "0",
    paid: "0",
  };
}
