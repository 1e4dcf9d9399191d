// The orders page's vocabulary and query building: tabs, labels, sorting and paging. Pure, so
// the wording and the queries are unit-tested; the page and its model only wire these up.
import type { GroupCount, OrderFlagsInput, OrderQueryInput } from "../lib/bindings";
import { formatCount } from "../lib/money";

/** The rows per page the table asks for. */
export const PAGE_SIZE = 100;

export interface Tab {
  /** The `status_group` core filters on; null is All. */
  group: string | null;
  label: string;
}

/** The status tabs in UX order; To ship is where a seller starts the day. */
export const TABS: readonly Tab[] = [
  { group: "to_ship", label: "To ship" },
  { group: "on_hold", label: "On hold" },
  { group: "to_pay", label: "To pay" },
  { group: "shipping", label: "Shipping" },
  { group: "delivered", label: "Delivered" },
  { group: "completed", label: "Completed" },
  { group: "cancelled", label: "Cancelled" },
  { group: null, label: "All" },
];

export const DEFAULT_TAB = "to_ship";

/** The count to show on a tab: its group's count, or the sum of every group for All. */
export function tabCount(counts: readonly GroupCount[], group: string | null): number {
  if (group === null) return counts.reduce((sum, c) => sum + c.count, 0);
  return counts.find((c) => c.group === group)?.count ?? 0;
}

/** The tab's label for a status group ("to_ship" -> "To ship"); unknown groups are spelled out. */
export function groupLabel(group: string): string {
  return TABS.find((t) => t.group === group)?.label ?? humanize(group);
}

/** A TikTok status as words: "AWAITING_SHIPMENT" -> "Awaiting shipment". */
export function statusLabel(status: string): string {
  return humanize(status);
}

function humanize(code: string): string {
  const words = code.replace(/_/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The tone of a status group's badge. */
export function groupTone(group: string): "neutral" | "ok" | "warn" | "danger" | "accent" {
  switch (group) {
    case "to_ship":
      return "accent";
    case "on_hold":
    case "to_pay":
      return "warn";
    case "delivered":
    case "completed":
      return "ok";
    case "cancelled":
      return "danger";
    default:
      return "neutral";
  }
}

/** The flag chips of a row, in a fixed order. */
export const FLAGS: readonly { flag: string; label: string; hint: string }[] = [
  { flag: "on_hold", label: "On hold", hint: "TikTok holds this order: do not ship it yet." },
  { flag: "fbt", label: "FBT", hint: "Fulfilled by TikTok: TikTok ships it from its warehouse." },
  { flag: "sample", label: "Sample", hint: "A free sample order." },
  { flag: "replacement", label: "Replacement", hint: "Replaces an earlier order." },
  {
    flag: "buyer_cancel_request",
    label: "Cancel requested",
    hint: "The buyer asked to cancel: answer in Seller Center.",
  },
];

export function flagLabel(flag: string): { label: string; hint: string } {
  const known = FLAGS.find((f) => f.flag === flag);
  return known ? { label: known.label, hint: known.hint } : { label: humanize(flag), hint: "" };
}

/**
 * The flags worth a chip on a row. "On hold" only matters before shipping: TikTok may leave
 * `is_on_hold_order` set on an order that has long been released and delivered.
 */
export function rowFlags(flags: readonly string[], statusGroup: string): string[] {
  return flags.filter((f) => f !== "on_hold" || statusGroup === "on_hold");
}

/** Flag filters as the toolbar offers them: each "only orders with this flag". */
export type FlagFilterKey = keyof OrderFlagsInput;

export const FLAG_FILTERS: readonly { key: FlagFilterKey; label: string }[] = [
  { key: "on_hold", label: "On hold" },
  { key: "fbt", label: "FBT" },
  { key: "sample", label: "Sample" },
  { key: "replacement", label: "Replacement" },
  { key: "buyer_request_cancel", label: "Cancel requested" },
];

export const FULFILLMENT_FILTERS: readonly { value: string; label: string }[] = [
  { value: "", label: "All fulfillment" },
  { value: "FULFILLMENT_BY_SELLER", label: "By seller" },
  { value: "FULFILLMENT_BY_TIKTOK", label: "FBT" },
];

/** A column of the table; `sort` is its key in core's `orders::SORT_KEYS`, when sortable. */
export interface Column {
  id: string;
  label: string;
  sort: string | null;
  /** The direction of the first click: newest, largest and soonest first where that helps. */
  firstDescending: boolean;
  numeric?: boolean;
}

export const COLUMNS: readonly Column[] = [
  { id: "order", label: "Order ID", sort: "order_id", firstDescending: false },
  { id: "shop", label: "Shop", sort: "shop", firstDescending: false },
  { id: "created", label: "Created", sort: "created", firstDescending: true },
  { id: "buyer", label: "Buyer", sort: "buyer", firstDescending: false },
  { id: "items", label: "Items", sort: "product", firstDescending: false },
  { id: "total", label: "Total", sort: "total", firstDescending: true, numeric: true },
  { id: "status", label: "Status", sort: "status", firstDescending: false },
  { id: "ship_by", label: "Ship by", sort: "ship_by", firstDescending: false },
  { id: "flags", label: "Flags", sort: null, firstDescending: false },
];

export interface SortState {
  key: string;
  descending: boolean;
}

/** Newest first, as TikTok's Seller Center opens. */
export const DEFAULT_SORT: SortState = { key: "created", descending: true };

/** A click on a sortable header: the same column flips, another starts in its first direction. */
export function nextSort(current: SortState, column: Column): SortState {
  if (column.sort === null) return current;
  if (current.key === column.sort) return { key: current.key, descending: !current.descending };
  return { key: column.sort, descending: column.firstDescending };
}

/** `aria-sort` of a header. */
export function ariaSort(current: SortState, column: Column): "ascending" | "descending" | "none" {
  if (column.sort === null || current.key !== column.sort) return "none";
  return current.descending ? "descending" : "ascending";
}

/**
 * "1–100 of 12,345", "0 orders". When the counts are not exact (a search matching thousands of
 * orders), `total` only tells whether another page follows: "1–100 of many", or "201–230" on
 * the last page.
 */
export function pageRange(
  offset: number,
  rows: number,
  total: number,
  exact = true,
  locale?: string,
): string {
  if (total === 0 || rows === 0) return total === 0 ? "0 orders" : `${formatCount(total, locale)} orders`;
  const range = `${formatCount(offset + 1, locale)}–${formatCount(offset + rows, locale)}`;
  if (!exact) return offset + rows < total ? `${range} of many` : range;
  return `${range} of ${formatCount(total, locale)}`;
}

/** The first item's name and how many more: "Trail Backpack", "+2 more". */
export function itemsSummary(
  firstItem: string | null,
  count: number,
): { name: string; more: string } {
  if (!firstItem) return { name: count === 1 ? "1 item" : `${count} items`, more: "" };
  return { name: firstItem, more: count > 1 ? `+${count - 1} more` : "" };
}

/** The orders page's filters, as the toolbar holds them. */
export interface OrderFilters {
  tab: string | null;
  search: string;
  /** Empty means every shop. */
  shopId: string;
  /** `<input type="date">` values; empty means open-ended. */
  createdFrom: number | null;
  createdTo: number | null;
  fulfillment: string;
  flags: Partial<Record<FlagFilterKey, boolean>>;
}

export function defaultFilters(): OrderFilters {
  return {
    tab: DEFAULT_TAB,
    search: "",
    shopId: "",
    createdFrom: null,
    createdTo: null,
    fulfillment: "",
    flags: {},
  };
}

/** The query for one page of the table (or, with `offset` 0, for an export of the whole view). */
export function buildQuery(filters: OrderFilters, sort: SortState, offset: number): OrderQueryInput {
  const flag = (key: FlagFilterKey): boolean | null => (filters.flags[key] ? true : null);
  const search = filters.search.trim();
  return {
    shop_ids: filters.shopId ? [filters.shopId] : [],
    status_group: filters.tab,
    created_from: filters.createdFrom,
    created_to: filters.createdTo,
    fulfillment_type: filters.fulfillment || null,
    flags: {
      on_hold: flag("on_hold"),
      fbt: flag("fbt"),
      sample: flag("sample"),
      replacement: flag("replacement"),
      buyer_request_cancel: flag("buyer_request_cancel"),
    },
    search: search === "" ? null : search,
    sort: sort.key,
    descending: sort.descending,
    offset,
    limit: PAGE_SIZE,
  };
}

/** Whether any filter beyond the tab narrows the view (to offer "Clear filters"). */
export function hasFilters(filters: OrderFilters): boolean {
  return (
    filters.search.trim() !== "" ||
    filters.shopId !== "" ||
    filters.createdFrom !== null ||
    filters.createdTo !== null ||
    filters.fulfillment !== "" ||
    Object.values(filters.flags).some(Boolean)
  );
}
