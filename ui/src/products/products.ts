// The products list in the window: TikTok's status words as a seller reads them, a price range,
// the import's progress line, and where a cached thumbnail is served. Pure (but for the
// platform's URL form of the thumbnail), so the tests cover them without a window.
import { convertFileSrc } from "@tauri-apps/api/core";
import type { ProductImportProgressView, ProductRowView } from "../lib/bindings";
import { formatMoney } from "../lib/money";
import { plural } from "../lib/text";

/**
 * TikTok's product statuses (write-api §G) in the words Seller Center uses; a status TikTok adds
 * later shows as sent, in lower case.
 */
const STATUS_LABELS: Readonly<Record<string, string>> = {
  ACTIVATE: "Live",
  DRAFT: "Draft",
  PENDING: "Under review",
  FAILED: "Failed review",
  SELLER_DEACTIVATED: "Deactivated",
  PLATFORM_DEACTIVATED: "Suspended by TikTok",
  FREEZE: "Frozen",
  DELETED: "Deleted",
};

export function statusLabel(status: string): string {
  return STATUS_LABELS[status] ?? status.toLowerCase().replaceAll("_", " ");
}

/** "$12.00", "$9.00 – $14.00", or "—" without prices. */
export function priceRange(row: Pick<ProductRowView, "price_min" | "price_max" | "currency">): string {
  if (!row.price_min) return "—";
  const min = formatMoney(row.price_min, row.currency);
  if (!row.price_max || row.price_max === row.price_min) return min;
  return `${min} – ${formatMoney(row.price_max, row.currency)}`;
}

/** The import's line above the list while it runs. */
export function importProgressText(p: ProductImportProgressView): string {
  const what = p.full ? "Importing products" : "Importing changed products";
  if (p.total === 0) return `${what}…`;
  return `${what}: ${p.imported.toLocaleString()} of ${plural(p.total, "product")}`;
}

/** 0..100 for the progress bar. */
export function importPercent(p: ProductImportProgressView): number {
  if (p.total === 0) return 0;
  return Math.min(100, Math.round((p.imported / p.total) * 100));
}

/**
 * The URL of a cached thumbnail (`thumbnail_key` of a row or the drawer): the shell's `thumb:`
 * scheme, in the form this platform's webview uses (`thumb://localhost/…` on Linux).
 */
export function thumbnailSrc(key: string): string {
  return convertFileSrc(key, "thumb");
}
