// What the detail drawer shows beyond the row: the recipient address and the payment breakdown
// (stored as typed columns by the backend), and a few delivery facts read from TikTok's raw JSON.
// Only strings are read, so no amount or id passes through a JavaScript number.
import type { OrderDetailView, PaymentView, RecipientView } from "../lib/bindings";
import { asObject, readJson, str, type JsonObject } from "../lib/json";

export interface Address {
  name: string | null;
  phone: string | null;
  /** The address as lines, most specific first. */
  lines: string[];
}

export interface PaymentLine {
  label: string;
  /** The decimal string as TikTok sent it. */
  amount: string;
  /** Discounts are shown as subtractions. */
  deduction: boolean;
}

export interface Payment {
  currency: string | null;
  lines: PaymentLine[];
  total: string | null;
}

export interface OrderFact {
  label: string;
  value: string;
}

export interface OrderExtras {
  /** False when the raw JSON could not be read (the facts are then missing). */
  readable: boolean;
  address: Address | null;
  payment: Payment | null;
  facts: OrderFact[];
}

/** The drawer's extras of a stored order. */
export function orderExtras(detail: OrderDetailView): OrderExtras {
  const order = asObject(readJson(detail.raw_json));
  return {
    readable: order !== null,
    address: detail.recipient ? address(detail.recipient) : null,
    payment: payment(detail.payment, detail.row.total_amount, detail.row.currency),
    facts: order ? facts(order) : [],
  };
}

function address(a: RecipientView): Address | null {
  const full = a.full_address;
  const detail = a.address_detail;
  let lines: string[];
  if (full) {
    // TikTok's full address starts with the street part (`address_detail`): split there, so
    // the street and the town read as two lines, as on a parcel.
    lines =
      detail && full.startsWith(detail)
        ? [detail, full.slice(detail.length).replace(/^[\s,]+/, "")].filter(Boolean)
        : [full];
  } else {
    lines = [...a.address_lines];
    const locality = joinNonEmpty([...[...a.districts].reverse(), a.postal_code], ", ");
    if (locality) lines.push(locality);
  }
  if (!a.name && !a.phone_number && lines.length === 0) return null;
  return { name: a.name, phone: a.phone_number, lines };
}

function joinNonEmpty(parts: (string | null)[], separator: string): string | null {
  const kept = parts.filter((p): p is string => p !== null && p.trim() !== "");
  return kept.length ? kept.join(separator) : null;
}

/** True for "0", "0.00", "-0.0": a line not worth a row. */
export function isZero(amount: string): boolean {
  return /^-?0*(\.0*)?$/.test(amount.trim());
}

const PAYMENT_LINES: readonly {
  key: keyof PaymentView;
  label: string;
  deduction?: boolean;
  always?: boolean;
}[] = [
  { key: "original_total_product_price", label: "Products" },
  { key: "seller_discount", label: "Seller discount", deduction: true },
  { key: "platform_discount", label: "TikTok discount", deduction: true },
  { key: "sub_total", label: "Subtotal", always: true },
  { key: "shipping_fee", label: "Shipping", always: true },
  { key: "tax", label: "Tax" },
  { key: "retail_delivery_fee", label: "Retail delivery fee" },
  { key: "small_order_fee", label: "Small order fee" },
  { key: "buyer_service_fee", label: "Buyer service fee" },
  { key: "handling_fee", label: "Handling fee" },
  { key: "item_insurance_fee", label: "Item insurance" },
];

function payment(p: PaymentView, total: string | null, currency: string | null): Payment | null {
  const lines: PaymentLine[] = [];
  for (const spec of PAYMENT_LINES) {
    const amount = p[spec.key];
    if (amount === null || (!spec.always && isZero(amount))) continue;
    lines.push({ label: spec.label, amount, deduction: spec.deduction === true });
  }
  if (lines.length === 0 && total === null) return null;
  return { currency, lines, total };
}

const FACTS: readonly { key: string; label: string }[] = [
  { key: "payment_method_name", label: "Paid with" },
  { key: "delivery_option_name", label: "Delivery" },
  { key: "shipping_provider", label: "Carrier" },
  { key: "tracking_number", label: "Tracking" },
  { key: "buyer_message", label: "Buyer note" },
  { key: "seller_note", label: "Seller note" },
  { key: "cancel_reason", label: "Cancel reason" },
];

function facts(order: JsonObject): OrderFact[] {
  return FACTS.flatMap(({ key, label }) => {
    const value = str(order, key);
    return value ? [{ label, value }] : [];
  });
}

/** TikTok lists one line item per unit sold; the drawer shows identical units once, with a count. */
export interface ItemGroup<T> {
  item: T;
  quantity: number;
}

export function groupItems<
  T extends {
    sku_id: string | null;
    product_name: string | null;
    sku_name: string | null;
    sale_price: string | null;
    display_status: string | null;
    tracking_number: string | null;
  },
>(items: readonly T[]): ItemGroup<T>[] {
  const groups: ItemGroup<T>[] = [];
  const byKey = new Map<string, ItemGroup<T>>();
  for (const item of items) {
    const key = JSON.stringify([
      item.sku_id,
      item.product_name,
      item.sku_name,
      item.sale_price,
      item.display_status,
      item.tracking_number,
    ]);
    const existing = byKey.get(key);
    if (existing) {
      existing.quantity++;
    } else {
      const group = { item, quantity: 1 };
      byKey.set(key, group);
      groups.push(group);
    }
  }
  return groups;
}
