// Values the order tests share.
import type { PaymentView } from "../lib/bindings";

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
