// Values the order tests share.
import type { OrderRowView, PaymentView } from "../lib/bindings";

/** A payment breakdown with no amounts (an order TikTok sent without one). */
export const noPayment: PaymentView = {
  original_total_product_price: null,
  seller_discount: null,
  platform_discount: null,
  sub_total: null,
  shipping_fee: null,
  original_shipping_fee: null,
  shipping_fee_seller_discount: null,
  shipping_fee_platform_discount: null,
  tax: null,
  retail_delivery_fee: null,
  small_order_fee: null,
  buyer_service_fee: null,
  handling_fee: null,
  item_insurance_fee: null,
};

/** A To ship row of shop s1 in USD; `fields` overrides any column. */
export function orderRow(order_id: string, fields: Partial<OrderRowView> = {}): OrderRowView {
  return {
    shop_id: "s1",
    order_id,
    status: "AWAITING_SHIPMENT",
    status_group: "to_ship",
    create_time: 1,
    update_time: 1,
    buyer_name: null,
    buyer_email: null,
    currency: "USD",
    total_amount: "1.00",
    item_count: 1,
    first_item_name: null,
    fulfillment_type: null,
    ship_by: null,
    tracking_number: null,
    flags: [],
    cancelled_items: 0,
    outbox: null,
    ...fields,
  };
}
