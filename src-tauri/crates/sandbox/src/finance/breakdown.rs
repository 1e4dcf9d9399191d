//! What one order earns at settlement, SKU by SKU, in signed minor units (write-api §H
//! "Traps": fees and costs are negative). A pure function of the shop, the order record and
//! the seed, so statement totals, statement transactions and order transactions always agree.
//!
//! The seller's view of each part:
//! * **Revenue** = gross sales (`subtotal_before_discount`) + seller discounts (negative).
//!   Platform-funded discounts are TikTok's, so they stay in the seller's revenue.
//! * **Shipping**: what the buyer paid for shipping and TikTok's shipping subsidy come in;
//!   the carrier's fee goes out when TikTok ships (the label costs the original shipping fee;
//!   an FBT order also pays per unit), nothing when the seller ships with their own carrier.
//! * **Fees**: the US charges a referral fee, other markets a platform commission and a
//!   transaction fee; a share of orders pays a creator's affiliate commission (in SEA also
//!   restated before tax, outside the sum).
//! * **Taxes**: cross-border orders in the UK and EU carry the VAT TikTok remits (prices
//!   include it); Mexican orders the VAT and income tax TikTok withholds. US sales tax and
//!   retail delivery fees are TikTok's to remit and show only as supplementary amounts.
//!
//! Settlement = revenue + shipping + fees and taxes, as the docs describe (with signs),
//! except for [`DISAGREE_SHARE`] of the orders, drawn from the seed: there TikTok's
//! `settlement_amount` leaves the fees out, exactly as the spec's own example does (revenue
//! 200, fee −30, shipping −70, settlement 130; write-api §H DISAGREE). Clients must show
//! `settlement_amount` as the truth and the difference beside it.

use crate::generator::ShopDef;
use crate::money::Currency;
use crate::orders::{amounts, OrderRec};
use crate::rng::{derive, label, Rng};

/// Share of settled orders whose `settlement_amount` disagrees with their parts (the
/// documented example's case).
pub const DISAGREE_SHARE: f64 = 0.02;
/// Share of orders a creator sold (affiliate commission).
const AFFILIATE_SHARE: f64 = 0.2;
const AFFILIATE_BP: i64 = 1_000;
/// US referral fee.
const REFERRAL_BP: i64 = 800;
/// Platform commission and transaction fee everywhere else.
const COMMISSION_BP: i64 = 500;
const TRANSACTION_FEE_BP: i64 = 180;
/// FBT's per-unit fulfilment charge, in shipping-fee units over 4.
const FBT_PER_UNIT_QUARTERS: i64 = 1;
/// Mexico: VAT (8% of the pre-VAT price, 16% VAT) and income tax (1%) withheld.
const MX_IVA_BP: i64 = 690;
const MX_ISR_BP: i64 = 86;

/// The settled amounts of one SKU, or of a whole order (the sum of its SKUs').
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Parts {
    pub subtotal_before_discount: i64,
    pub seller_discount: i64,
    pub actual_shipping_fee: i64,
    pub shipping_fee_discount: i64,
    pub customer_paid_shipping_fee: i64,
    /// Supplementary shipping details (parts of the three above).
    pub fbm_shipping_cost: i64,
    pub fbt_fulfillment_fee: i64,
    pub fbt_shipping_cost: i64,
    pub seller_shipping_fee_discount: i64,
    pub platform_commission: i64,
    pub referral_fee: i64,
    pub transaction_fee: i64,
    pub affiliate_commission: i64,
    /// SEA: the affiliate commission restated before tax (not part of the fees' sum).
    pub affiliate_commission_before_pit: i64,
    pub vat: i64,
    pub iva: i64,
    pub isr: i64,
}

impl Parts {
    pub fn revenue(&self) -> i64 {
        self.subtotal_before_discount + self.seller_discount
    }

    pub fn shipping(&self) -> i64 {
        self.actual_shipping_fee + self.shipping_fee_discount + self.customer_paid_shipping_fee
    }

    pub fn fee_tax(&self) -> i64 {
        self.platform_commission
            + self.referral_fee
            + self.transaction_fee
            + self.affiliate_commission
            + self.vat
            + self.iva
            + self.isr
    }

    /// Revenue + shipping + fees and taxes: what the docs say the settlement is.
    pub fn sum(&self) -> i64 {
        self.revenue() + self.shipping() + self.fee_tax()
    }

    fn add(&mut self, o: &Parts) {
        self.subtotal_before_discount += o.subtotal_before_discount;
        self.seller_discount += o.seller_discount;
        self.actual_shipping_fee += o.actual_shipping_fee;
        self.shipping_fee_discount += o.shipping_fee_discount;
        self.customer_paid_shipping_fee += o.customer_paid_shipping_fee;
        self.fbm_shipping_cost += o.fbm_shipping_cost;
        self.fbt_fulfillment_fee += o.fbt_fulfillment_fee;
        self.fbt_shipping_cost += o.fbt_shipping_cost;
        self.seller_shipping_fee_discount += o.seller_shipping_fee_discount;
        self.platform_commission += o.platform_commission;
        self.referral_fee += o.referral_fee;
        self.transaction_fee += o.transaction_fee;
        self.affiliate_commission += o.affiliate_commission;
        self.affiliate_commission_before_pit += o.affiliate_commission_before_pit;
        self.vat += o.vat;
        self.iva += o.iva;
        self.isr += o.isr;
    }
}

/// One SKU's share of an order's settlement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkuMoney {
    /// Index into the shop's order catalog.
    pub sku: u16,
    pub quantity: i64,
    pub parts: Parts,
    pub settlement: i64,
}

/// Reference amounts of the whole order (they do not add into the settlement).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Supplementary {
    pub customer_payment: i64,
    pub platform_discount: i64,
    pub sales_tax: i64,
    pub retail_delivery_fee: i64,
}

/// An order's settlement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderMoney {
    pub skus: Vec<SkuMoney>,
    pub total: Parts,
    /// TikTok's `settlement_amount`: the truth.
    pub settlement: i64,
    /// Whether `settlement` leaves the fees out (the documented example's case).
    pub disagrees: bool,
    pub supplementary: Supplementary,
}

/// `-(base × bp / 10,000)`, rounded half up on the magnitude.
fn charge(base: i64, bp: i64) -> i64 {
    -Currency::apply_rate(base.max(0), bp)
}

/// The VAT share of a VAT-inclusive price for a cross-border seller's market, in basis
/// points of the gross (UK and France 20%, Germany 19%).
fn included_vat_bp(shop: &ShopDef) -> i64 {
    if shop.seller_type != "CROSS_BORDER" {
        return 0;
    }
    match shop.region {
        "GB" | "FR" => 1_667,
        "DE" => 1_597,
        _ => 0,
    }
}

/// Whether an order of `shop` was sold by a creator (drawn from the seed, per order).
fn affiliated(shop: &ShopDef, rec: &OrderRec) -> bool {
    Rng::new(derive(shop.seed, &[label("finance-affiliate"), rec.id])).chance(AFFILIATE_SHARE)
}

/// Whether the order's `settlement_amount` disagrees with its parts (per order, from the
/// seed).
pub fn disagrees(shop: &ShopDef, rec: &OrderRec) -> bool {
    Rng::new(derive(shop.seed, &[label("finance-disagree"), rec.id])).chance(DISAGREE_SHARE)
}

/// Splits `amount` over `weights` in proportion, the rounding remainder on the first share,
/// so the shares add up to `amount` exactly.
fn split(amount: i64, weights: &[i64]) -> Vec<i64> {
    let total: i64 = weights.iter().sum();
    if total == 0 {
        return weights.iter().map(|_| 0).collect();
    }
    let mut shares: Vec<i64> = weights.iter().map(|w| amount * w / total).collect();
    let rest = amount - shares.iter().sum::<i64>();
    if let Some(first) = shares.first_mut() {
        *first += rest;
    }
    shares
}

/// The settlement of `rec` (its units not cancelled on their own), SKU by SKU in the order
/// the SKUs first appear.
pub fn order_money(shop: &ShopDef, rec: &OrderRec) -> OrderMoney {
    let mut skus: Vec<SkuMoney> = Vec::new();
    for (i, unit) in rec.units.iter().enumerate() {
        if rec.cancelled_units.contains(&(i as u16)) {
            continue;
        }
        let price = shop
            .catalog
            .get(usize::from(unit.sku))
            .map_or(0, |s| s.price);
        let entry = match skus.iter_mut().position(|s| s.sku == unit.sku) {
            Some(p) => &mut skus[p],
            None => {
                skus.push(SkuMoney {
                    sku: unit.sku,
                    quantity: 0,
                    parts: Parts::default(),
                    settlement: 0,
                });
                let last = skus.len() - 1;
                &mut skus[last]
            }
        };
        entry.quantity += 1;
        entry.parts.subtotal_before_discount += price;
        entry.parts.seller_discount -= unit.seller_discount;
    }
    let a = amounts(shop, rec);
    let paid_shipping = a.shipping_fee;
    let units: Vec<i64> = skus.iter().map(|s| s.quantity).collect();
    let total_units: i64 = units.iter().sum();
    let fbt = rec.fbt;
    let carrier = if fbt {
        rec.ship_original + shop.market.shipping_fees[0] * FBT_PER_UNIT_QUARTERS / 4 * total_units
    } else if rec.tiktok_shipping {
        rec.ship_original
    } else {
        0
    };
    let us = shop.region == "US";
    let sea = crate::finance::market::is_sea(shop);
    let shipping_shares = [
        split(-carrier, &units),
        split(a.shipping_fee_platform_discount, &units),
        split(paid_shipping, &units),
        split(-a.shipping_fee_seller_discount, &units),
    ];
    let affiliate = affiliated(shop, rec);
    let vat_bp = included_vat_bp(shop);
    let mexico = shop.region == "MX";
    let disagrees = disagrees(shop, rec);
    let mut total = Parts::default();
    for (i, sku) in skus.iter_mut().enumerate() {
        let p = &mut sku.parts;
        p.actual_shipping_fee = shipping_shares[0][i];
        p.shipping_fee_discount = shipping_shares[1][i];
        p.customer_paid_shipping_fee = shipping_shares[2][i];
        p.seller_shipping_fee_discount = shipping_shares[3][i];
        match (fbt, us) {
            (true, true) => p.fbt_fulfillment_fee = p.actual_shipping_fee,
            (true, false) => p.fbt_shipping_cost = p.actual_shipping_fee,
            (false, _) => p.fbm_shipping_cost = p.actual_shipping_fee,
        }
        let base = p.revenue();
        if us {
            p.referral_fee = charge(base, REFERRAL_BP);
        } else {
            p.platform_commission = charge(base, COMMISSION_BP);
            p.transaction_fee = charge(base, TRANSACTION_FEE_BP);
        }
        if affiliate {
            p.affiliate_commission = charge(base, AFFILIATE_BP);
            if sea {
                p.affiliate_commission_before_pit = p.affiliate_commission;
            }
        }
        p.vat = charge(base, vat_bp);
        if mexico {
            p.iva = charge(base, MX_IVA_BP);
            p.isr = charge(base, MX_ISR_BP);
        }
        sku.settlement = if disagrees {
            p.revenue() + p.shipping()
        } else {
            p.sum()
        };
        total.add(p);
    }
    let settlement = skus.iter().map(|s| s.settlement).sum();
    OrderMoney {
        skus,
        total,
        settlement,
        disagrees,
        supplementary: Supplementary {
            customer_payment: a.total_amount,
            platform_discount: a.platform_discount,
            sales_tax: if us { a.tax } else { 0 },
            retail_delivery_fee: a.retail_delivery_fee.unwrap_or(0),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_shares_add_up_exactly() {
        assert_eq!(split(-599, &[2, 1]), vec![-400, -199]);
        assert_eq!(split(100, &[1, 1, 1]), vec![34, 33, 33]);
        assert_eq!(split(7, &[]), Vec::<i64>::new());
        assert_eq!(split(5, &[0, 0]), vec![0, 0]);
    }

    #[test]
    fn fees_are_negative_and_round_half_up() {
        assert_eq!(charge(1_000, 725), -73);
        assert_eq!(charge(-50, 800), 0);
    }
}
