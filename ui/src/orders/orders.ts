// The orders page's vocabulary and query building: tabs, labels, sorting and paging. Pure, so
// the wording and the queries are unit-tested; the page and its model only wire these up.
import {
  FULFILLMENT_TYPES,
  STATUS_GROUPS,
  type FulfillmentType,
  type GroupCount,
  type OrderFlag,
  type OrderFlagsInput,
  type OrderQueryInput,
  type SortKey,
  type StatusGroup,
} from "../lib/bindings";
import { formatCount } from "../lib/money";

/** The rows per page the table asks for. */
export const PAGE_SIZE = 100;

/** The seller's name for each status group; a `Record`, so a new group from Rust needs one. */
export const GROUP_LABELS: Readonly<Record<StatusGroup, string>> = {
  to_ship: "To ship",
  on_hold: "On hold",
  to_pay: "To pay",
  shipping: "Shipping",
  delivered: "Delivered",
  completed: "Completed",
  cancelled: "Cancelled",
  unknown: "Unknown",
};

export interface Tab {
  /** The `status_group` core filters on; null is All. */
  group: StatusGroup | null;
  label: string;
}

/**
 * The status tabs in core's order (To ship first: where a seller starts the day), then All.
 * Orders in a status Shopdock does not know get no tab of their own: they show under All.
 */
export const TABS: readonly Tab[] = [
  ...STATUS_GROUPS.filter((group) => group !== "unknown").map((group) => ({
    group,
    label: GROUP_LABELS[group],
  })),
  { group: null, label: "All" },
];

export const DEFAULT_TAB: StatusGroup = "to_ship";

/** The count to show on a tab: its group's count, or the sum of every group for All. */
export function tabCount(counts: readonly GroupCount[], group: StatusGroup | null): number {
  if (group === null) return counts.reduce((sum, c) => sum + c.count, 0);
  return counts.find((c) => c.group === group)?.count ?? 0;
}

/** The seller's name for a status group ("to_ship" -> "To ship"). */
export function groupLabel(group: StatusGroup): string {
  return GROUP_LABELS[group];
}

/** A TikTok status as words: "AWAITING_SHIPMENT" -> "Awaiting shipment". */
export function statusLabel(status: string): string {
  const words = status.replace(/_/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export type Tone = "neutral" | "ok" | "warn" | "danger" | "accent";

/** The tone of each status group's badge: what needs the seller stands out. */
export const GROUP_TONES: Readonly<Record<StatusGroup, Tone>> = {
  to_ship: "accent",
  on_hold: "warn",
  to_pay: "warn",
  shipping: "neutral",
  delivered: "ok",
  completed: "ok",
  cancelled: "danger",
  unknown: "neutral",
};

/** The tone of a status group's badge. */
export function groupTone(group: StatusGroup): Tone {
  return GROUP_TONES[group];
}

/** A flag chip's words, and the sentence on hover that says what it means for the seller. */
export interface FlagLabel {
  label: string;
  hint: string;
}

export const FLAG_LABELS: Readonly<Record<OrderFlag, FlagLabel>> = {
  fbt: { label: "FBT", hint: "Fulfilled by TikTok: TikTok ships it from its warehouse." },
  on_hold: { label: "On hold", hint: "TikTok holds this order: do not ship it yet." },
  sample: { label: "Sample", hint: "A free sample order." },
  replacement: { label: "Replacement", hint: "Replaces an earlier order." },
  buyer_cancel_request: {
    label: "Cancel requested",
    hint: "The buyer asked to cancel: open the order to approve or reject it.",
  },
};

export function flagLabel(flag: OrderFlag): FlagLabel {
  return FLAG_LABELS[flag];
}

/**
 * The flags worth a chip on a row. "On hold" only matters before shipping: TikTok may leave
 * `is_on_hold_order` set on an order that has long been released and delivered.
 */
export function rowFlags(flags: readonly OrderFlag[], statusGroup: StatusGroup): OrderFlag[] {
  return flags.filter((f) => f !== "on_hold" || statusGroup === "on_hold");
}

/** Flag filters as the toolbar offers them: each "only orders with this flag". */
export type FlagFilterKey = keyof OrderFlagsInput;

/** The row flag each filter keeps, whose label the filter borrows; in the toolbar's order. */
const FILTER_FLAGS: Readonly<Record<FlagFilterKey, OrderFlag>> = {
  on_hold: "on_hold",
  fbt: "fbt",
  sample: "sample",
  replacement: "replacement",
  buyer_request_cancel: "buyer_cancel_request",
};

export const FLAG_FILTERS: readonly { key: FlagFilterKey; label: string }[] = (
  Object.keys(FILTER_FLAGS) as FlagFilterKey[]
).map((key) => ({ key, label: FLAG_LABELS[FILTER_FLAGS[key]].label }));

/** The fulfillment filter's words for each of core's fulfillment types. */
export const FULFILLMENT_LABELS: Record<FulfillmentType, string> = {
  FULFILLMENT_BY_SELLER: "By seller",
  FULFILLMENT_BY_TIKTOK: "FBT",
};

export const FULFILLMENT_FILTERS: readonly { value: FulfillmentType | ""; label: string }[] = [
  { value: "", label: "All fulfillment" },
  ...FULFILLMENT_TYPES.map((value) => ({ value, label: FULFILLMENT_LABELS[value] })),
];

/** A select's value as a fulfillment filter ("" for all). */
export function fulfillmentFilter(value: string): FulfillmentType | "" {
  return FULFILLMENT_TYPES.find((t) => t === value) ?? "";
}

/** A column of the table; `sort` is the key core sorts it by, when sortable. */
export interface Column {
  id: string;
  label: string;
  sort: SortKey | null;
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
  /** A buyer's pending cancellation request: the time left before TikTok decides on its own. */
  { id: "answer_by", label: "Answer by", sort: "cancel_deadline", firstDescending: false },
  { id: "flags", label: "Flags", sort: null, firstDescending: false },
];

export interface SortState {
  key: SortKey;
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
  tab: StatusGroup | null;
  search: string;
  /** Empty means every shop. */
  shopId: string;
  /** `<input type="date">` values; empty means open-ended. */
  createdFrom: number | null;
  createdTo: number | null;
  fulfillment: FulfillmentType | "";
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
