// How the Ship dialog knows each order's route: core's arrangement options sorted into the four
// ways an order leaves the warehouse (the seller's carrier, a TikTok label, TikTok's pickup or
// drop-off, or the Seller Center setting), what the seller may choose for a group of orders,
// the input each order is then sent with, and the sentences saying what will happen before the
// seller confirms. Pure, so the tests drive it directly.
import type {
  ArrangeChoice,
  ArrangeRoute,
  ArrangementOptionsView,
  ConfirmHandover,
  PickupSlotView,
  ShippingServiceView,
} from "../lib/bindings";
import { formatMoney } from "../lib/money";
import type { TimeFormat } from "../lib/time";

/** How a group of orders is shipped, as the dialog shows it. */
export type Method = "carrier" | "label" | "handover" | "seller_center";

/** The dialog's sections in display order. */
export const METHODS: readonly Method[] = ["carrier", "label", "handover", "seller_center"];

/** Each of core's routes as a section of the dialog (SEA's handover has nothing to choose). */
export const ROUTE_METHODS: Readonly<Record<ArrangeRoute, (o: ArrangementOptionsView) => Method>> = {
  mark_shipped: () => "carrier",
  // TikTok's self shipment: the seller's carrier too, through the same Mark As Shipped.
  self_shipment: () => "carrier",
  buy_label: () => "label",
  handover: (o) => (o.handover_set_in_seller_center ? "seller_center" : "handover"),
};

export function methodOf(options: ArrangementOptionsView): Method {
  return ROUTE_METHODS[options.route](options);
}

/** Each section's heading and one line of what it does. */
export const METHOD_TEXT: Readonly<Record<Method, { title: string; help: string }>> = {
  carrier: {
    title: "Your carrier",
    help: "You ship these yourself: TikTok gets the carrier and each tracking number.",
  },
  label: {
    title: "TikTok shipping label",
    help: "TikTok buys the label; you print it from Seller Center and hand the parcel to the carrier.",
  },
  handover: {
    title: "TikTok shipping: pickup or drop-off",
    help: "TikTok's carrier collects the parcel in a slot you choose, or you take it to a drop-off point.",
  },
  seller_center: {
    title: "TikTok shipping",
    help: "Pickup or drop-off is your warehouse's collection setting in Seller Center; Shopdock arranges the shipment as it says.",
  },
};

/** The handover choices as the seller reads them (also the Options panel's default). */
export const HANDOVER_LABELS: Readonly<Record<ConfirmHandover, string>> = {
  pickup: "Pickup",
  drop_off: "Drop-off",
};

/** What the seller chose for the label section: a service id, or null for TikTok's default. */
export interface LabelChoice {
  service: string | null;
}

/** What the seller chose for the handover section: `slot` null = each order's earliest slot. */
export interface HandoverChoice {
  method: ConfirmHandover;
  slot: string | null;
}

export interface Choices {
  label: LabelChoice;
  handover: HandoverChoice;
}

/** A slot's key in a `<select>` and across orders (TikTok has no slot id). */
export function slotKey(slot: PickupSlotView): string {
  return `${slot.start_time}-${slot.end_time}`;
}

// ---- Label services -------------------------------------------------------------------------

/** A label service offered for every order of the section. */
export interface ServiceOffer {
  /** null: TikTok's default service for each order. */
  id: string | null;
  name: string;
  /** "$6.20", or "$5.10–$6.40" when the orders' prices differ; "" for the default entry. */
  price: string;
  /** "2–5 days" when TikTok says. */
  days: string | null;
  /** TikTok's default for every order of the section. */
  isDefault: boolean;
}

/** Compares two non-negative decimal strings without turning them into floats. */
export function compareDecimal(a: string, b: string): number {
  const [ai = "0", af = ""] = a.trim().split(".");
  const [bi = "0", bf = ""] = b.trim().split(".");
  const aInt = ai.replace(/^0+(?=\d)/, "");
  const bInt = bi.replace(/^0+(?=\d)/, "");
  if (aInt.length !== bInt.length) return aInt.length - bInt.length;
  if (aInt !== bInt) return aInt < bInt ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const x = af.padEnd(width, "0");
  const y = bf.padEnd(width, "0");
  return x === y ? 0 : x < y ? -1 : 1;
}

function priceRange(services: readonly ShippingServiceView[]): string {
  const sorted = [...services].sort((a, b) => compareDecimal(a.price, b.price));
  const low = sorted[0];
  const high = sorted[sorted.length - 1];
  if (!low || !high) return "";
  const lowText = formatMoney(low.price, low.currency);
  return compareDecimal(low.price, high.price) === 0 ? lowText : `${lowText}–${formatMoney(high.price, high.currency)}`;
}

function days(s: ShippingServiceView): string | null {
  const { earliest_delivery_days: from, latest_delivery_days: to } = s;
  if (from === null && to === null) return null;
  if (from !== null && to !== null && from !== to) return `${from}–${to} days`;
  const n = from ?? to;
  return n === 1 ? "1 day" : `${n} days`;
}

/**
 * The services the section offers: one order's own list; for several orders, TikTok's default
 * for each first, then the services every order has (with their price range).
 */
export function serviceOffers(options: readonly ArrangementOptionsView[]): ServiceOffer[] {
  const [first, ...rest] = options;
  if (!first) return [];
  const offers: ServiceOffer[] = [];
  if (rest.length > 0) {
    offers.push({ id: null, name: "TikTok's default service for each order", price: "", days: null, isDefault: true });
  }
  for (const service of first.services) {
    const same = options.map((o) => o.services.find((s) => s.id === service.id));
    if (same.some((s) => s === undefined)) continue;
    const all = same.filter((s): s is ShippingServiceView => s !== undefined);
    offers.push({
      id: service.id,
      name: service.provider && !service.name.includes(service.provider) ? `${service.provider} ${service.name}` : service.name,
      price: priceRange(all),
      days: days(service),
      isDefault: rest.length === 0 ? service.is_default || first.service_allocated : false,
    });
  }
  return offers;
}

/** The service preselected: TikTok's default (or the one it allocates), else the first offered. */
export function defaultService(offers: readonly ServiceOffer[]): string | null {
  return (offers.find((o) => o.isDefault) ?? offers[0])?.id ?? null;
}

/** TikTok allocates the service for every order of the section: nothing to choose. */
export function serviceAllocated(options: readonly ArrangementOptionsView[]): boolean {
  return options.length > 0 && options.every((o) => o.service_allocated);
}

// ---- Handover ---------------------------------------------------------------------------------

export interface HandoverOffer {
  canPickup: boolean;
  canDropOff: boolean;
  /** Slots open for every order, earliest first. */
  slots: PickupSlotView[];
  /** Several orders without one slot in common: pickup takes each order's earliest slot. */
  eachEarliest: boolean;
  /** Where drop-off points are listed (the first order's link). */
  dropOffUrl: string | null;
}

export function handoverOffer(options: readonly ArrangementOptionsView[]): HandoverOffer {
  const [first, ...rest] = options;
  const canPickup = options.length > 0 && options.every((o) => o.can_pickup && o.pickup_slots.length > 0);
  const slots = first
    ? first.pickup_slots.filter((slot) => rest.every((o) => o.pickup_slots.some((s) => slotKey(s) === slotKey(slot))))
    : [];
  return {
    canPickup,
    canDropOff: options.length > 0 && options.every((o) => o.can_drop_off),
    slots: [...slots].sort((a, b) => a.start_time - b.start_time || a.end_time - b.end_time),
    eachEarliest: canPickup && rest.length > 0 && slots.length === 0,
    dropOffUrl: options.find((o) => o.drop_off_point_url)?.drop_off_point_url ?? null,
  };
}

/** Pickup in the earliest slot when pickup is possible, else drop-off. */
export function defaultHandover(offer: HandoverOffer): HandoverChoice {
  if (offer.canPickup) return { method: "pickup", slot: offer.slots[0] ? slotKey(offer.slots[0]) : null };
  return { method: "drop_off", slot: null };
}

// ---- Inputs -------------------------------------------------------------------------------------

/**
 * What one order of an arranged section is sent with, or why it cannot be (said under the
 * order, nothing sent). The carrier section ships through `ship_order` instead.
 */
export function arrangeChoice(
  options: ArrangementOptionsView,
  choices: Choices,
): { choice: ArrangeChoice } | { problem: string } {
  switch (methodOf(options)) {
    case "carrier":
      return { problem: "This order ships with your carrier and a tracking number." };
    case "seller_center":
      return { choice: { kind: "as_seller_center_says" } };
    case "label":
      return {
        choice: { kind: "buy_label", service_id: choices.label.service, weight: null, dimension: null },
      };
    case "handover": {
      const { method, slot } = choices.handover;
      if (method === "drop_off") {
        return options.can_drop_off
          ? { choice: { kind: "drop_off" } }
          : { problem: "TikTok offers no drop-off for this order: choose pickup." };
      }
      const chosen =
        slot === null ? options.pickup_slots[0] : options.pickup_slots.find((s) => slotKey(s) === slot);
      if (!options.can_pickup || !chosen) {
        return { problem: "No pickup slot is open for this order: choose drop-off, or try again later." };
      }
      return { choice: { kind: "pickup", slot: chosen } };
    }
  }
}

// ---- Times ------------------------------------------------------------------------------------

/**
 * The time zone of a market's pickups (TikTok's region code of the shop). The US spans several
 * zones, so its slots read in the seller's own; unknown markets too.
 */
const MARKET_ZONES: Readonly<Record<string, string>> = {
  GB: "Europe/London",
  IE: "Europe/Dublin",
  DE: "Europe/Berlin",
  FR: "Europe/Paris",
  IT: "Europe/Rome",
  ES: "Europe/Madrid",
  ID: "Asia/Jakarta",
  MY: "Asia/Kuala_Lumpur",
  TH: "Asia/Bangkok",
  VN: "Asia/Ho_Chi_Minh",
  PH: "Asia/Manila",
  SG: "Asia/Singapore",
  JP: "Asia/Tokyo",
  MX: "America/Mexico_City",
  BR: "America/Sao_Paulo",
};

export function marketTimeZone(region: string | null | undefined): string | undefined {
  return region ? MARKET_ZONES[region.toUpperCase()] : undefined;
}

/** A pickup slot in the shop's time: "Tue, May 14, 09:00–12:00" (both dates when it spans two). */
export function formatSlot(slot: PickupSlotView, format: TimeFormat = {}): string {
  const day = new Intl.DateTimeFormat(format.locale, {
    timeZone: format.timeZone,
    weekday: "short",
    month: "short",
    day: "numeric",
  });
  const time = new Intl.DateTimeFormat(format.locale, {
    timeZone: format.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const start = new Date(slot.start_time * 1000);
  const end = new Date(slot.end_time * 1000);
  const startDay = day.format(start);
  const endDay = day.format(end);
  return startDay === endDay
    ? `${startDay}, ${time.format(start)}–${time.format(end)}`
    : `${startDay}, ${time.format(start)} – ${endDay}, ${time.format(end)}`;
}

// ---- What will happen ---------------------------------------------------------------------------

function orders(n: number): string {
  return n === 1 ? "1 order" : `${n} orders`;
}

export interface PlanCounts {
  /** Orders still to send, per section. */
  carrier: number;
  label: number;
  handover: number;
  seller_center: number;
  /** Orders that cannot ship now (their reason is under them). */
  unavailable: number;
}

/**
 * One sentence per section saying what pressing the button does, before the seller confirms.
 * `service` and `slot` are the chosen entries' text (null: TikTok's default / each earliest).
 */
export function planSentences(
  counts: PlanCounts,
  detail: { carrier: string; handover: HandoverChoice; service: string | null; slot: string | null },
): string[] {
  const out: string[] = [];
  if (counts.carrier) {
    const carrier = detail.carrier.trim();
    out.push(
      `${orders(counts.carrier)} marked shipped with ${carrier ? carrier : "your carrier"} and ${counts.carrier === 1 ? "its tracking number" : "their tracking numbers"}.`,
    );
  }
  if (counts.label) {
    const labels = counts.label === 1 ? "1 TikTok label" : `${counts.label} TikTok labels`;
    out.push(`${labels} bought: ${detail.service ?? "TikTok's default service"}.`);
  }
  if (counts.handover) {
    out.push(
      detail.handover.method === "drop_off"
        ? `${orders(counts.handover)} to take to a drop-off point.`
        : `${orders(counts.handover)} collected by TikTok's carrier: ${detail.slot ?? "each order's earliest slot"}.`,
    );
  }
  if (counts.seller_center) {
    out.push(`${orders(counts.seller_center)} arranged as your Seller Center collection setting says.`);
  }
  if (counts.unavailable) {
    out.push(`${orders(counts.unavailable)} cannot ship now (the reason is under ${counts.unavailable === 1 ? "it" : "each"}).`);
  }
  return out;
}

/** The button's words: what the one kind of work is, or "Ship N orders" for a mix. */
export function submitLabel(counts: PlanCounts, handover: HandoverChoice): string {
  const active = METHODS.filter((m) => counts[m] > 0);
  const total = active.reduce((sum, m) => sum + counts[m], 0);
  if (active.length !== 1) return total === 0 ? "Ship" : `Ship ${orders(total)}`;
  switch (active[0]) {
    case "label":
      return total === 1 ? "Buy label" : `Buy ${total} labels`;
    case "handover":
      return handover.method === "pickup" ? "Arrange pickup" : "Arrange drop-off";
    case "seller_center":
      return "Arrange shipment";
    default:
      return "Ship";
  }
}
