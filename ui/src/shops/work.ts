// What each shop card counts beside its connection: orders waiting to ship and outgoing changes
// that failed or wait (from core's outbox counts). Loaded on Shops and again when core reports
// OrdersChanged or OutboxChanged. The API is injected, so the tests drive it without Tauri.
import type { OrderPageView, OrderQueryInput, OutboxCountsView } from "../lib/bindings";
import { failureCount, pendingCount } from "../activity/outbox";
import { buildQuery, DEFAULT_SORT, defaultFilters } from "../orders/orders";

export interface ShopWork {
  /** Orders in To ship; null when it could not be counted. */
  toShip: number | null;
  /** Failed changes and changes waiting for the seller. */
  failures: number;
  /** Changes queued or on their way. */
  pending: number;
}

export interface ShopWorkApi {
  queryOrders(input: OrderQueryInput): Promise<OrderPageView>;
  outboxCounts(): Promise<OutboxCountsView[]>;
}

/** The To ship count of one shop: one row asked for, the total is what counts. */
export function toShipQuery(shopId: string): OrderQueryInput {
  return {
    ...buildQuery({ ...defaultFilters(), tab: "to_ship", shopId }, DEFAULT_SORT, 0),
    limit: 1,
  };
}

/** Each shop's work; a count that fails to load is left out rather than shown wrong. */
export async function loadShopWork(
  shopIds: readonly string[],
  api: ShopWorkApi,
): Promise<Record<string, ShopWork>> {
  const [counts, toShip] = await Promise.all([
    api.outboxCounts().catch(() => [] as OutboxCountsView[]),
    Promise.all(
      shopIds.map((id) =>
        api.queryOrders(toShipQuery(id)).then(
          (page) => (page.counts_exact ? page.total : null),
          () => null,
        ),
      ),
    ),
  ]);
  return Object.fromEntries(
    shopIds.map((id, i) => [
      id,
      { toShip: toShip[i] ?? null, failures: failureCount(counts, id), pending: pendingCount(counts, id) },
    ]),
  );
}

/** The card's line: "3 to ship · 1 failed to send", or null when there is nothing to say. */
export function workPhrases(work: ShopWork | undefined): { toShip: string | null; failures: string | null; pending: string | null } {
  if (!work) return { toShip: null, failures: null, pending: null };
  return {
    toShip: work.toShip === null ? null : work.toShip === 0 ? "Nothing to ship" : `${work.toShip} to ship`,
    failures: work.failures === 0 ? null : `${work.failures} failed to send`,
    pending: work.pending === 0 ? null : `${work.pending} sending`,
  };
}
