import { describe, expect, it } from "vitest";
import {
  FULFILLMENT_TYPES,
  ORDER_FLAGS,
  SORT_KEYS,
  STATUS_GROUPS,
  type GroupCount,
} from "../lib/bindings";
import {
  COLUMNS,
  DEFAULT_SORT,
  FLAG_FILTERS,
  FLAG_LABELS,
  GROUP_LABELS,
  GROUP_TONES,
  ariaSort,
  buildQuery,
  defaultFilters,
  flagLabel,
  groupLabel,
  groupTone,
  hasFilters,
  itemsSummary,
  nextSort,
  pageRange,
  rowFlags,
  statusLabel,
  tabCount,
  TABS,
  FULFILLMENT_FILTERS,
  fulfillmentFilter,
  type OrderFilters,
} from "./orders";

const column = (id: string) => {
  const found = COLUMNS.find((c) => c.id === id);
  if (!found) throw new Error(id);
  return found;
};

describe("tabs", () => {
  it("come in UX order and start on To ship", () => {
    expect(TABS.map((t) => t.label)).toEqual([
      "To ship",
      "On hold",
      "To pay",
      "Shipping",
      "Delivered",
      "Completed",
      "Cancelled",
      "All",
    ]);
    expect(defaultFilters().tab).toBe("to_ship");
  });

  it("count their group, and All counts every group", () => {
    const counts: GroupCount[] = [
      { group: "to_ship", count: 3 },
      { group: "completed", count: 10 },
      { group: "unknown", count: 1 },
    ];
    expect(tabCount(counts, "to_ship")).toBe(3);
    expect(tabCount(counts, "on_hold")).toBe(0);
    expect(tabCount(counts, null)).toBe(14);
  });

  it("name groups and statuses in words", () => {
    expect(groupLabel("to_pay")).toBe("To pay");
    expect(groupLabel("unknown")).toBe("Unknown");
    expect(statusLabel("AWAITING_SHIPMENT")).toBe("Awaiting shipment");
    expect(flagLabel("buyer_cancel_request").label).toBe("Cancel requested");
  });

  it("give every status group core knows a tab, except Unknown, which only All shows", () => {
    const tabbed = TABS.flatMap((t) => (t.group === null ? [] : [t.group]));
    expect(tabbed).toEqual(STATUS_GROUPS.filter((g) => g !== "unknown"));
    expect(TABS.at(-1)).toEqual({ group: null, label: "All" });
  });

  it("show On hold only while it matters", () => {
    expect(rowFlags(["on_hold", "fbt"], "on_hold")).toEqual(["on_hold", "fbt"]);
    expect(rowFlags(["on_hold", "fbt"], "delivered")).toEqual(["fbt"]);
  });
});

describe("sorting", () => {
  it("flips the same column and starts another in its natural direction", () => {
    const byTotal = nextSort(DEFAULT_SORT, column("total"));
    expect(byTotal).toEqual({ key: "total", descending: true });
    expect(nextSort(byTotal, column("total"))).toEqual({ key: "total", descending: false });
    expect(nextSort(byTotal, column("buyer"))).toEqual({ key: "buyer", descending: false });
    expect(nextSort(byTotal, column("flags"))).toBe(byTotal);
  });

  it("only sends sort keys core knows", () => {
    for (const c of COLUMNS) if (c.sort !== null) expect(SORT_KEYS).toContain(c.sort);
    expect(SORT_KEYS).toContain(DEFAULT_SORT.key);
  });

  it("tells assistive technology which way a column sorts", () => {
    expect(ariaSort(DEFAULT_SORT, column("created"))).toBe("descending");
    expect(ariaSort(DEFAULT_SORT, column("buyer"))).toBe("none");
  });
});

describe("paging and cells", () => {
  it("labels the page range with grouped digits", () => {
    expect(pageRange(0, 100, 12345, true, "en-US")).toBe("1–100 of 12,345");
    expect(pageRange(12300, 45, 12345, true, "en-US")).toBe("12,301–12,345 of 12,345");
    expect(pageRange(0, 0, 0, true, "en-US")).toBe("0 orders");
  });

  it("says 'of many' while a broad search has more pages, and nothing more on its last", () => {
    expect(pageRange(0, 100, 101, false, "en-US")).toBe("1–100 of many");
    expect(pageRange(1200, 30, 1230, false, "en-US")).toBe("1,201–1,230");
  });

  it("summarises items as the first name and how many more", () => {
    expect(itemsSummary("Trail Backpack", 3)).toEqual({ name: "Trail Backpack", more: "+2 more" });
    expect(itemsSummary("Lantern", 1)).toEqual({ name: "Lantern", more: "" });
    expect(itemsSummary(null, 2)).toEqual({ name: "2 items", more: "" });
  });
});

describe("buildQuery", () => {
  it("sends the tab, sort and page, and nothing for unset filters", () => {
    expect(buildQuery(defaultFilters(), DEFAULT_SORT, 200)).toEqual({
      shop_ids: [],
      status_group: "to_ship",
      created_from: null,
      created_to: null,
      fulfillment_type: null,
      flags: { on_hold: null, fbt: null, sample: null, replacement: null, buyer_request_cancel: null },
      search: null,
      sort: "created",
      descending: true,
      offset: 200,
      limit: 100,
    });
  });

  it("narrows by shop, dates, fulfillment, flags and trimmed search", () => {
    const filters: OrderFilters = {
      ...defaultFilters(),
      tab: null,
      search: "  alice  ",
      shopId: "s1",
      createdFrom: 100,
      createdTo: 200,
      fulfillment: "FULFILLMENT_BY_TIKTOK",
      flags: { fbt: true, sample: false },
    };
    const q = buildQuery(filters, DEFAULT_SORT, 0);
    expect(q.shop_ids).toEqual(["s1"]);
    expect(q.status_group).toBeNull();
    expect(q.search).toBe("alice");
    expect(q.created_from).toBe(100);
    expect(q.created_to).toBe(200);
    expect(q.fulfillment_type).toBe("FULFILLMENT_BY_TIKTOK");
    expect(q.flags).toMatchObject({ fbt: true, sample: null });
    expect(hasFilters(filters)).toBe(true);
    expect(hasFilters(defaultFilters())).toBe(false);
  });
});

describe("label tables", () => {
  it("name and colour every status group core sends, in words", () => {
    expect(Object.keys(GROUP_LABELS).sort()).toEqual([...STATUS_GROUPS].sort());
    expect(Object.keys(GROUP_TONES).sort()).toEqual([...STATUS_GROUPS].sort());
    for (const group of STATUS_GROUPS) {
      expect(groupLabel(group)).toMatch(/^[A-Z][a-z ]+$/);
      expect(groupTone(group)).toMatch(/^(neutral|ok|warn|danger|accent)$/);
    }
  });

  it("give every flag core sends a chip with words and a hint, and a toolbar filter", () => {
    expect(Object.keys(FLAG_LABELS).sort()).toEqual([...ORDER_FLAGS].sort());
    for (const flag of ORDER_FLAGS) {
      expect(flagLabel(flag).label).toMatch(/\S/);
      expect(flagLabel(flag).hint).toMatch(/\S/);
    }
    expect(FLAG_FILTERS.map((f) => f.label)).toEqual([
      "On hold",
      "FBT",
      "Sample",
      "Replacement",
      "Cancel requested",
    ]);
  });
});

describe("fulfillment filter", () => {
  it("offers every fulfillment type core knows, after All", () => {
    expect(FULFILLMENT_FILTERS.map((f) => f.value)).toEqual(["", ...FULFILLMENT_TYPES]);
    expect(fulfillmentFilter("FULFILLMENT_BY_TIKTOK")).toBe("FULFILLMENT_BY_TIKTOK");
    expect(fulfillmentFilter("something else")).toBe("");
  });
});
