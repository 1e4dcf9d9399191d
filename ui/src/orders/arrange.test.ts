import { describe, expect, it } from "vitest";
import type { ArrangementOptionsView, ArrangeRoute, ShippingServiceView } from "../lib/bindings";
import {
  arrangeChoice,
  compareDecimal,
  defaultHandover,
  defaultService,
  formatSlot,
  handoverOffer,
  marketTimeZone,
  methodOf,
  planSentences,
  ROUTE_METHODS,
  serviceOffers,
  slotKey,
  submitLabel,
  type Choices,
  type PlanCounts,
} from "./arrange";

function options(route: ArrangeRoute, fields: Partial<ArrangementOptionsView> = {}): ArrangementOptionsView {
  return {
    shop_id: "s1",
    order_id: "o1",
    route,
    summary: "",
    package_id: null,
    handover_set_in_seller_center: false,
    can_pickup: false,
    can_drop_off: false,
    can_van_collection: false,
    pickup_slots: [],
    drop_off_point_url: null,
    services: [],
    service_allocated: false,
    ...fields,
  };
}

function service(id: string, price: string, fields: Partial<ShippingServiceView> = {}): ShippingServiceView {
  return {
    id,
    name: `Ground ${id}`,
    provider: "UPS",
    price,
    currency: "USD",
    earliest_delivery_days: 2,
    latest_delivery_days: 5,
    is_default: false,
    ...fields,
  };
}

const slot = (start: number, hours = 3) => ({ start_time: start, end_time: start + hours * 3600 });
const none: PlanCounts = { carrier: 0, label: 0, handover: 0, seller_center: 0, unavailable: 0 };
const choices = (fields: Partial<Choices> = {}): Choices => ({
  label: { service: null },
  handover: { method: "pickup", slot: null },
  ...fields,
});

describe("routes", () => {
  it("sorts every route core sends into a section; SEA's handover has nothing to choose", () => {
    expect(methodOf(options("mark_shipped"))).toBe("carrier");
    expect(methodOf(options("self_shipment"))).toBe("carrier");
    expect(methodOf(options("buy_label"))).toBe("label");
    expect(methodOf(options("handover"))).toBe("handover");
    expect(methodOf(options("handover", { handover_set_in_seller_center: true }))).toBe("seller_center");
    // Keyed by the generated type: a new route fails the type check until it has a section.
    expect(Object.keys(ROUTE_METHODS).sort()).toEqual(["buy_label", "handover", "mark_shipped", "self_shipment"]);
  });
});

describe("label services", () => {
  it("offers one order's services with TikTok's default preselected", () => {
    const offers = serviceOffers([
      options("buy_label", { services: [service("a", "7.10"), service("b", "5.20", { is_default: true })] }),
    ]);
    expect(offers.map((o) => [o.id, o.name, o.price, o.days])).toEqual([
      ["a", "UPS Ground a", "$7.10", "2–5 days"],
      ["b", "UPS Ground b", "$5.20", "2–5 days"],
    ]);
    expect(defaultService(offers)).toBe("b");
  });

  it("flags the one service TikTok allocates as the choice", () => {
    const offers = serviceOffers([options("buy_label", { services: [service("only", "4.00")], service_allocated: true })]);
    expect(offers).toHaveLength(1);
    expect(offers[0]?.isDefault).toBe(true);
    expect(defaultService(offers)).toBe("only");
  });

  it("for several orders: each order's default first, then the services all share with their price range", () => {
    const offers = serviceOffers([
      options("buy_label", { services: [service("a", "6.40"), service("b", "9.00", { is_default: true })] }),
      options("buy_label", { order_id: "o2", services: [service("a", "5.10")] }),
    ]);
    expect(offers.map((o) => [o.id, o.price])).toEqual([
      [null, ""],
      ["a", "$5.10–$6.40"],
    ]);
    expect(defaultService(offers)).toBeNull();
  });

  it("compares prices as decimals, not floats", () => {
    expect(compareDecimal("10.5", "9.99")).toBeGreaterThan(0);
    expect(compareDecimal("5.10", "5.1")).toBe(0);
    expect(compareDecimal("0.07", "0.1")).toBeLessThan(0);
  });
});

describe("pickup and drop-off", () => {
  const a = slot(1_700_000_000);
  const b = slot(1_700_020_000);
  const c = slot(1_700_040_000);

  it("preselects the earliest slot one order offers, else drop-off", () => {
    const offer = handoverOffer([options("handover", { can_pickup: true, can_drop_off: true, pickup_slots: [b, a] })]);
    expect(offer.slots).toEqual([a, b]);
    expect(defaultHandover(offer)).toEqual({ method: "pickup", slot: slotKey(a) });
    expect(defaultHandover(handoverOffer([options("handover", { can_drop_off: true })]))).toEqual({
      method: "drop_off",
      slot: null,
    });
  });

  it("several orders share their common slots; without one, each takes its earliest", () => {
    const shared = handoverOffer([
      options("handover", { can_pickup: true, pickup_slots: [a, b] }),
      options("handover", { order_id: "o2", can_pickup: true, pickup_slots: [b, c] }),
    ]);
    expect(shared.slots).toEqual([b]);
    expect(shared.eachEarliest).toBe(false);
    const apart = handoverOffer([
      options("handover", { can_pickup: true, pickup_slots: [a] }),
      options("handover", { order_id: "o2", can_pickup: true, pickup_slots: [c] }),
    ]);
    expect(apart.slots).toEqual([]);
    expect(apart.eachEarliest).toBe(true);
    expect(defaultHandover(apart)).toEqual({ method: "pickup", slot: null });
  });

  it("sends the chosen slot, each order's earliest, or drop-off; refuses what the order lacks", () => {
    const order = options("handover", { can_pickup: true, can_drop_off: false, pickup_slots: [a, b] });
    expect(arrangeChoice(order, choices({ handover: { method: "pickup", slot: slotKey(b) } }))).toEqual({
      choice: { kind: "pickup", slot: b },
    });
    expect(arrangeChoice(order, choices())).toEqual({ choice: { kind: "pickup", slot: a } });
    expect(arrangeChoice(order, choices({ handover: { method: "drop_off", slot: null } }))).toHaveProperty("problem");
    expect(arrangeChoice(order, choices({ handover: { method: "pickup", slot: slotKey(c) } }))).toHaveProperty("problem");
  });

  it("buys the chosen label service or TikTok's default, and arranges SEA as Seller Center says", () => {
    expect(arrangeChoice(options("buy_label"), choices({ label: { service: "b" } }))).toEqual({
      choice: { kind: "buy_label", service_id: "b", weight: null, dimension: null },
    });
    expect(arrangeChoice(options("handover", { handover_set_in_seller_center: true }), choices())).toEqual({
      choice: { kind: "as_seller_center_says" },
    });
  });
});

describe("slot times", () => {
  it("reads a slot in the shop's time, one date when it stays in one day", () => {
    // 2026-05-12 08:00 UTC = 09:00 in London (BST).
    const start = Date.UTC(2026, 4, 12, 8) / 1000;
    expect(formatSlot(slot(start), { locale: "en-GB", timeZone: "Europe/London" })).toBe("Tue 12 May, 09:00–12:00");
    expect(formatSlot(slot(start, 20), { locale: "en-GB", timeZone: "Europe/London" })).toBe(
      "Tue 12 May, 09:00 – Wed 13 May, 05:00",
    );
  });

  it("knows the zone of single-zone markets; the US reads in the seller's own", () => {
    expect(marketTimeZone("GB")).toBe("Europe/London");
    expect(marketTimeZone("my")).toBe("Asia/Kuala_Lumpur");
    expect(marketTimeZone("US")).toBeUndefined();
    expect(marketTimeZone(null)).toBeUndefined();
  });
});

describe("what will happen", () => {
  const detail = { carrier: "USPS", handover: { method: "pickup" as const, slot: null }, service: null, slot: null };

  it("says per route how many orders get what, before the seller confirms", () => {
    expect(
      planSentences({ carrier: 2, label: 1, handover: 3, seller_center: 1, unavailable: 1 }, detail),
    ).toEqual([
      "2 orders marked shipped with USPS and their tracking numbers.",
      "1 TikTok label bought: TikTok's default service.",
      "3 orders collected by TikTok's carrier: each order's earliest slot.",
      "1 order arranged as your Seller Center collection setting says.",
      "1 order cannot ship now (the reason is under it).",
    ]);
    expect(
      planSentences({ ...none, label: 2, handover: 1 }, {
        ...detail,
        handover: { method: "drop_off", slot: null },
        service: "UPS Ground, $5.20",
      }),
    ).toEqual(["2 TikTok labels bought: UPS Ground, $5.20.", "1 order to take to a drop-off point."]);
  });

  it("names the button after the one kind of work, or counts a mix", () => {
    const pickup = { method: "pickup" as const, slot: null };
    expect(submitLabel({ ...none, label: 1 }, pickup)).toBe("Buy label");
    expect(submitLabel({ ...none, label: 3 }, pickup)).toBe("Buy 3 labels");
    expect(submitLabel({ ...none, handover: 2 }, pickup)).toBe("Arrange pickup");
    expect(submitLabel({ ...none, handover: 2 }, { method: "drop_off", slot: null })).toBe("Arrange drop-off");
    expect(submitLabel({ ...none, seller_center: 1 }, pickup)).toBe("Arrange shipment");
    expect(submitLabel({ ...none, carrier: 1 }, pickup)).toBe("Ship");
    expect(submitLabel({ ...none, carrier: 1, label: 2, unavailable: 4 }, pickup)).toBe("Ship 3 orders");
  });
});
