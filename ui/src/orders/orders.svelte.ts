// The orders page's state: filters, sort, page, the rows core returned, and the open order.
// Every change asks core for the page again (server-side filtering, sorting and paging); a
// response that arrives after a newer request is dropped. The API is injected so the tests can
// drive it without Tauri.
import type {
  ApiError,
  OrderDetailView,
  OrderPageView,
  OrderQueryInput,
  OrderRowView,
  StatusGroup,
} from "../lib/bindings";
import { toApiError } from "../lib/ipc";
import {
  buildQuery,
  DEFAULT_SORT,
  defaultFilters,
  nextSort,
  PAGE_SIZE,
  type Column,
  type OrderFilters,
  type SortState,
} from "./orders";

export interface OrdersApi {
  queryOrders(input: OrderQueryInput): Promise<OrderPageView>;
  orderDetail(shopId: string, orderId: string): Promise<OrderDetailView>;
}

export interface OrderKey {
  shop_id: string;
  order_id: string;
}

export class OrdersModel {
  filters: OrderFilters = $state(defaultFilters());
  sort: SortState = $state(DEFAULT_SORT);
  offset = $state(0);
  page: OrderPageView | null = $state(null);
  loading = $state(false);
  error: ApiError | null = $state(null);

  /** The order open in the drawer, its detail once loaded, and why it failed. */
  open: OrderKey | null = $state(null);
  detail: OrderDetailView | null = $state(null);
  detailError: ApiError | null = $state(null);

  readonly #api: OrdersApi;
  #generation = 0;
  #detailGeneration = 0;

  constructor(api: OrdersApi) {
    this.#api = api;
  }

  /** The query of the current view (the export uses it too). */
  query(): OrderQueryInput {
    return buildQuery(this.filters, this.sort, this.offset);
  }

  /** Fetches the current page; the rows on screen stay until the new ones arrive. */
  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const page = await this.#api.queryOrders(this.query());
      if (generation !== this.#generation) return;
      // A page past the end (orders moved to another tab) steps back to the last page.
      if (page.rows.length === 0 && this.offset > 0 && page.total > 0) {
        this.offset = Math.max(0, Math.floor((page.total - 1) / PAGE_SIZE) * PAGE_SIZE);
        void this.load();
        return;
      }
      this.page = page;
      this.error = null;
    } catch (error) {
      if (generation !== this.#generation) return;
      this.error = toApiError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** Live refresh (OrdersChanged): the same page, and the open order's detail. */
  async refresh(): Promise<void> {
    await Promise.all([this.load(), this.open ? this.#loadDetail(this.open) : Promise.resolve()]);
  }

  setTab(group: StatusGroup | null): Promise<void> {
    this.filters.tab = group;
    this.offset = 0;
    return this.load();
  }

  /** Applies a change to the filters and goes back to the first page. */
  setFilters(patch: Partial<OrderFilters>): Promise<void> {
    this.filters = { ...this.filters, ...patch };
    this.offset = 0;
    return this.load();
  }

  clearFilters(): Promise<void> {
    this.filters = { ...defaultFilters(), tab: this.filters.tab };
    this.offset = 0;
    return this.load();
  }

  sortBy(column: Column): Promise<void> {
    this.sort = nextSort(this.sort, column);
    this.offset = 0;
    return this.load();
  }

  get hasPrevious(): boolean {
    return this.offset > 0;
  }

  get hasNext(): boolean {
    return this.page !== null && this.offset + this.page.rows.length < this.page.total;
  }

  previous(): Promise<void> {
    if (!this.hasPrevious) return Promise.resolve();
    this.offset = Math.max(0, this.offset - PAGE_SIZE);
    return this.load();
  }

  next(): Promise<void> {
    if (!this.hasNext) return Promise.resolve();
    this.offset += PAGE_SIZE;
    return this.load();
  }

  /** Opens an order in the drawer (or switches the drawer to it). */
  openOrder(row: OrderKey | OrderRowView): Promise<void> {
    const key = { shop_id: row.shop_id, order_id: row.order_id };
    if (this.open?.shop_id !== key.shop_id || this.open.order_id !== key.order_id) {
      this.detail = null;
    }
    this.open = key;
    this.detailError = null;
    return this.#loadDetail(key);
  }

  closeOrder(): void {
    this.#detailGeneration++;
    this.open = null;
    this.detail = null;
    this.detailError = null;
  }

  async #loadDetail(key: OrderKey): Promise<void> {
    const generation = ++this.#detailGeneration;
    try {
      const detail = await this.#api.orderDetail(key.shop_id, key.order_id);
      if (generation !== this.#detailGeneration) return;
      this.detail = detail;
      this.detailError = null;
    } catch (error) {
      if (generation !== this.#detailGeneration) return;
      this.detailError = toApiError(error);
    }
  }
}
