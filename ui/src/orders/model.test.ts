import { describe, expect, it } from "vitest";
import type { OrderDetailView, OrderPageView, OrderQueryInput, OrderRowView } from "../lib/bindings";
import { noPayment, orderRow } from "./fixtures.test-support";
import { COLUMNS } from "./orders";
import { OrdersModel, type OrdersApi } from "./orders.svelte";

const row = (order_id: string): OrderRowView => orderRow(order_id);

function page(ids: string[], total = ids.length): OrderPageView {
  return { rows: ids.map(row), total, group_counts: [], counts_exact: true, unreadable: [] };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res) => (resolve = res));
  return { promise, resolve };
}

/** An API that records queries and answers from a script. */
function api(answer: (q: OrderQueryInput) => Promise<OrderPageView>): OrdersApi & { queries: OrderQueryInput[] } {
  const queries: OrderQueryInput[] = [];
  return {
    queries,
    queryOrders: (q) => {
      queries.push(q);
      return answer(q);
    },
    orderDetail: (shop, id): Promise<OrderDetailView> =>
      Promise.resolve({
        row: { ...row(id), shop_id: shop },
        items: [],
        recipient: null,
        payment: noPayment,
        packages: [],
        history: [],
        raw_json: "{}",
        cancellations: [],
        unlinked_line_ids: [],
      }),
  };
}

describe("OrdersModel", () => {
  it("starts on To ship, newest first, first page", async () => {
    const fake = api(() => Promise.resolve(page(["1"])));
    const model = new OrdersModel(fake);
    await model.load();
    expect(fake.queries[0]).toMatchObject({ status_group: "to_ship", sort: "created", descending: true, offset: 0 });
    expect(model.page?.rows.map((r) => r.order_id)).toEqual(["1"]);
  });

  it("drops a page that arrives after a newer request", async () => {
    const slow = deferred<OrderPageView>();
    let calls = 0;
    const model = new OrdersModel(api(() => (++calls === 1 ? slow.promise : Promise.resolve(page(["new"])))));
    const first = model.load();
    await model.setTab("completed");
    slow.resolve(page(["stale"]));
    await first;
    expect(model.page?.rows.map((r) => r.order_id)).toEqual(["new"]);
    expect(model.loading).toBe(false);
  });

  it("pages by 100 and goes back to the first page when the view changes", async () => {
    const fake = api((q) => Promise.resolve(page(Array.from({ length: q.offset === 0 ? 100 : 50 }, (_, i) => `${q.offset + i}`), 150)));
    const model = new OrdersModel(fake);
    await model.load();
    expect(model.hasNext).toBe(true);
    await model.next();
    expect(model.offset).toBe(100);
    expect(model.hasNext).toBe(false);
    const total = COLUMNS.find((c) => c.id === "total");
    if (total) await model.sortBy(total);
    expect(model.offset).toBe(0);
    expect(fake.queries.at(-1)).toMatchObject({ sort: "total", descending: true, offset: 0 });
  });

  it("keeps the page on a live refresh and steps back when the page emptied", async () => {
    let total = 150;
    const fake = api((q) => Promise.resolve(q.offset >= total ? page([], total) : page(["x"], total)));
    const model = new OrdersModel(fake);
    await model.load();
    await model.next();
    total = 80;
    await model.refresh();
    await new Promise((r) => setTimeout(r, 0));
    expect(model.offset).toBe(0);
  });

  it("opens an order's detail and forgets it on close", async () => {
    const model = new OrdersModel(api(() => Promise.resolve(page(["1"]))));
    await model.openOrder({ shop_id: "s1", order_id: "576653688135258178" });
    expect(model.detail?.row.order_id).toBe("576653688135258178");
    model.closeOrder();
    expect(model.open).toBeNull();
    expect(model.detail).toBeNull();
  });
});
