//! Statements and transactions as TikTok sends them, built from the ledger and the order
//! records with the client's own model types. Every amount of a breakdown is sent (zero
//! where nothing applies, as the spec examples do); the statement-level amounts follow the
//! market rules of [`super::market`]. The deprecated supplementary
//! `fbt_fulfillment_fee_reimbursement_amount` ("will return an empty string") is left out.

use super::breakdown::{order_money, Parts, Supplementary};
use super::events::{Entry, EntryKind};
use super::ledger::{statement_time_of, StatementRec};
use super::market;
use super::payouts::Payouts;
use crate::generator::ShopDef;
use crate::money::MoneyShapes;
use crate::orders::OrderStore;
use rust_decimal::Decimal;
use shopdock_tiktok::finance::{
    FeeTaxBreakdown, Fees, OrderTransactionsData, ReserveStatus, RevenueBreakdown,
    ShippingCostBreakdown, ShippingSupplementary, SkuTransaction, Statement, StatementTransaction,
    Taxes, TransactionSupplementary, TransactionType,
};
use std::str::FromStr;

/// An amount in the shop's money shapes; `salt` varies the shape of a varied shop's amounts.
pub fn money(shop: &ShopDef, minor: i64, salt: u64) -> Decimal {
    let cur = shop.currency();
    let fixed = Decimal::new(minor, cur.decimals);
    if shop.money_shapes == MoneyShapes::Fixed {
        return fixed;
    }
    Decimal::from_str(&shop.money_shapes.write(cur, minor, salt)).unwrap_or(fixed)
}

/// Which endpoint a shipping breakdown is for: they place two fields differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    StatementTransactions,
    OrderTransactions,
}

/// Amounts of one record, each written with its own salt.
struct Writer<'a> {
    shop: &'a ShopDef,
    salt: u64,
}

impl Writer<'_> {
    fn m(&mut self, minor: i64) -> Option<Decimal> {
        self.salt = self.salt.wrapping_add(1);
        Some(money(self.shop, minor, self.salt))
    }

    fn revenue(&mut self, p: &Parts) -> RevenueBreakdown {
        RevenueBreakdown {
            subtotal_before_discount_amount: self.m(p.subtotal_before_discount),
            seller_discount_amount: self.m(p.seller_discount),
            refund_subtotal_before_discount_amount: self.m(0),
            seller_discount_refund_amount: self.m(0),
            cod_service_fee_amount: self.m(0),
            refund_cod_service_fee_amount: self.m(0),
        }
    }

    fn shipping(&mut self, p: &Parts, endpoint: Endpoint) -> ShippingCostBreakdown {
        let by_statement = endpoint == Endpoint::StatementTransactions;
        let supplementary = ShippingSupplementary {
            platform_shipping_fee_discount_amount: self.m(p.shipping_fee_discount),
            promo_shipping_incentive_amount: self.m(0),
            shipping_fee_subsidy_amount: self.m(0),
            seller_shipping_fee_discount_amount: self.m(p.seller_shipping_fee_discount),
            customer_shipping_fee_offset_amount: self.m(0),
            fbm_shipping_cost_amount: self.m(p.fbm_shipping_cost),
            fbt_shipping_cost_amount: self.m(p.fbt_shipping_cost),
            fbt_fulfillment_fee_amount: self.m(p.fbt_fulfillment_fee),
            fbt_fulfillment_fee_reimbursement_amount: None,
            return_refund_subsidy_amount: self.m(0),
            refunded_customer_shipping_fee_amount: self.m(0),
            customer_shipping_fee: if by_statement {
                self.m(p.customer_paid_shipping_fee)
            } else {
                None
            },
            refund_customer_shipping_fee: if by_statement { self.m(0) } else { None },
            shipping_fee_guarantee_reimbursement: if by_statement { None } else { self.m(0) },
        };
        ShippingCostBreakdown {
            actual_shipping_fee_amount: self.m(p.actual_shipping_fee),
            shipping_fee_discount_amount: self.m(p.shipping_fee_discount),
            customer_paid_shipping_fee_amount: self.m(p.customer_paid_shipping_fee),
            return_shipping_fee_amount: self.m(0),
            replacement_shipping_fee_amount: self.m(0),
            exchange_shipping_fee_amount: self.m(0),
            signature_confirmation_fee_amount: self.m(0),
            shipping_insurance_fee_amount: self.m(0),
            fbt_fulfillment_fee_reimbursement_amount: self.m(0),
            return_shipping_label_fee_amount: self.m(0),
            seller_self_shipping_service_fee_amount: self.m(0),
            return_shipping_fee_paid_buyer_amount: self.m(0),
            failed_delivery_subsidy_amount: self.m(0),
            shipping_fee_guarantee_reimbursement: if by_statement { self.m(0) } else { None },
            fbt_free_shipping_fee_amount: self.m(0),
            free_return_subsidy_amount: self.m(0),
            supplementary_component: Some(supplementary),
        }
    }

    fn fee_tax(&mut self, p: &Parts) -> FeeTaxBreakdown {
        let mut fee = Fees::default();
        for (name, slot) in fee.amounts_mut() {
            let minor = match name {
                "platform_commission_amount" => p.platform_commission,
                "referral_fee_amount" => p.referral_fee,
                "transaction_fee_amount" => p.transaction_fee,
                "affiliate_commission_amount" => p.affiliate_commission,
                "affiliate_commission_amount_before_pit" => p.affiliate_commission_before_pit,
                _ => 0,
            };
            *slot = self.m(minor);
        }
        let mut tax = Taxes::default();
        for (name, slot) in tax.amounts_mut() {
            let minor = match name {
                "vat_amount" => p.vat,
                "iva_amount" => p.iva,
                "isr_amount" => p.isr,
                _ => 0,
            };
            *slot = self.m(minor);
        }
        FeeTaxBreakdown {
            fee: Some(fee),
            tax: Some(tax),
        }
    }

    fn supplementary(&mut self, s: &Supplementary) -> TransactionSupplementary {
        TransactionSupplementary {
            customer_payment_amount: self.m(s.customer_payment),
            customer_refund_amount: self.m(0),
            platform_discount_amount: self.m(s.platform_discount),
            platform_discount_refund_amount: self.m(0),
            seller_cofunded_discount_amount: self.m(0),
            seller_cofunded_discount_refund_amount: self.m(0),
            platform_cofunded_discount_amount: self.m(0),
            platform_cofunded_discount_refund_amount: self.m(0),
            retail_delivery_fee_amount: self.m(s.retail_delivery_fee),
            retail_delivery_fee_payment_amount: self.m(s.retail_delivery_fee),
            retail_delivery_fee_refund_amount: self.m(0),
            sales_tax_amount: self.m(s.sales_tax),
            sales_tax_payment_amount: self.m(s.sales_tax),
            sales_tax_refund_amount: self.m(0),
        }
    }
}

/// A statement of Get Statements.
pub fn statement(shop: &ShopDef, st: &StatementRec, payouts: &Payouts, now: i64) -> Statement {
    let t = &st.totals;
    let mut w = Writer { shop, salt: st.id };
    let fee = if market::fee_includes_shipping(shop) {
        t.fee_tax + t.shipping
    } else {
        t.fee_tax
    };
    let (payment_status, payment_id) = payouts.statement_payment(st.time, now);
    let net_sales = market::statement_has_net_sales(shop);
    Statement {
        id: st.id.to_string(),
        statement_time: Some(st.time),
        settlement_amount: w.m(t.settlement),
        currency: shop.currency().code.to_string(),
        revenue_amount: market::statement_has_revenue(shop)
            .then(|| w.m(t.revenue))
            .flatten(),
        fee_amount: w.m(fee),
        adjustment_amount: w.m(t.adjustment),
        payment_status,
        payment_id,
        net_sales_amount: net_sales.then(|| w.m(t.revenue)).flatten(),
        shipping_cost_amount: net_sales.then(|| w.m(t.shipping)).flatten(),
    }
}

/// A transaction of Get Statement Transactions as of `now`. A withheld reserve's
/// `estimated_release_time` "returns an empty value if the reserve funds have already been
/// released": the sandbox reads that literally, so it disappears once the statement holding
/// the release is closed (and the RELEASED transaction visible).
pub fn transaction(
    shop: &ShopDef,
    store: &OrderStore,
    entry: &Entry,
    now: i64,
) -> StatementTransaction {
    let mut w = Writer {
        shop,
        salt: entry.id,
    };
    let id = entry.id.to_string();
    match &entry.kind {
        EntryKind::Order { pos, order_id } => {
            let rec = store.rec(*pos);
            let om = order_money(shop, rec);
            let p = &om.total;
            StatementTransaction {
                id,
                kind: TransactionType::Order,
                order_id: order_id.to_string(),
                order_create_time: Some(rec.create_time),
                settlement_amount: w.m(om.settlement),
                revenue_amount: w.m(p.revenue()),
                revenue_breakdown: Some(w.revenue(p)),
                shipping_cost_amount: w.m(p.shipping()),
                shipping_cost_breakdown: Some(w.shipping(p, Endpoint::StatementTransactions)),
                fee_tax_amount: w.m(p.fee_tax()),
                fee_tax_breakdown: Some(w.fee_tax(p)),
                supplementary_component: Some(w.supplementary(&om.supplementary)),
                ..StatementTransaction::default()
            }
        }
        EntryKind::Adjustment {
            adjustment_id,
            kind,
            order_id,
            amount,
        } => StatementTransaction {
            id,
            kind: kind.clone(),
            adjustment_id: adjustment_id.to_string(),
            adjustment_order_id: order_id.map(|o| o.to_string()).unwrap_or_default(),
            adjustment_amount: w.m(*amount),
            settlement_amount: w.m(*amount),
            ..StatementTransaction::default()
        },
        EntryKind::Reserve {
            reserve_id,
            order_id,
            amount,
            release_time,
        } => StatementTransaction {
            id,
            kind: TransactionType::Reserve,
            reserve_id: reserve_id.to_string(),
            reserve_amount: w.m(*amount),
            associated_order_id: order_id.to_string(),
            reserve_status: if release_time.is_some() {
                ReserveStatus::Collected
            } else {
                ReserveStatus::Released
            },
            estimated_release_time: release_time.filter(|t| statement_time_of(*t) > now),
            ..StatementTransaction::default()
        },
    }
}

/// `data` of Get Order Transactions for an order settled in statement `statement_id`.
pub fn order_transactions(
    shop: &ShopDef,
    store: &OrderStore,
    pos: u32,
    statement_id: u64,
) -> OrderTransactionsData<SkuTransaction> {
    let rec = store.rec(pos);
    let om = order_money(shop, rec);
    let mut w = Writer { shop, salt: rec.id };
    let skus: Vec<SkuTransaction> = om
        .skus
        .iter()
        .map(|s| {
            let sku = shop.catalog.get(usize::from(s.sku));
            let p = &s.parts;
            SkuTransaction {
                sku_id: sku.map(|k| k.sku_id.clone()).unwrap_or_default(),
                sku_name: sku.map(|k| k.sku_name.clone()).unwrap_or_default(),
                statement_id: statement_id.to_string(),
                product_name: sku.map(|k| k.product_name.clone()).unwrap_or_default(),
                quantity: Some(s.quantity),
                settlement_amount: w.m(s.settlement),
                revenue_amount: w.m(p.revenue()),
                revenue_breakdown: Some(w.revenue(p)),
                shipping_cost_amount: w.m(p.shipping()),
                shipping_cost_breakdown: Some(w.shipping(p, Endpoint::OrderTransactions)),
                fee_tax_amount: w.m(p.fee_tax()),
                fee_tax_breakdown: Some(w.fee_tax(p)),
            }
        })
        .collect();
    let p = &om.total;
    OrderTransactionsData {
        order_id: rec.id.to_string(),
        order_create_time: Some(rec.create_time),
        currency: shop.currency().code.to_string(),
        revenue_amount: w.m(p.revenue()),
        fee_and_tax_amount: w.m(p.fee_tax()),
        shipping_cost_amount: w.m(p.shipping()),
        settlement_amount: w.m(om.settlement),
        total_count: Some(skus.len() as i64),
        sku_transactions: skus,
    }
}
