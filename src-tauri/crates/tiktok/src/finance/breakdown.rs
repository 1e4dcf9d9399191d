//! The amount lists of a settlement (SPEC:finance/get-transactions-by-statement,
//! get-transactions-by-order): revenue, shipping costs, fees and taxes, and the
//! "supplementary" amounts TikTok sends for reference only.
//!
//! Every amount is a signed [`Decimal`] (fees and costs are negative, write-api §H "Traps"),
//! `None` when TikTok left it out or sent `""` (the deprecated supplementary
//! `fbt_fulfillment_fee_reimbursement_amount` is documented to be `""`). Each list's `total`
//! adds the amounts the docs say "directly contribute" to its parent amount, with their signs;
//! TikTok's own parent amount stays the truth, and a difference is the caller's to show.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A struct of optional decimal amounts, each read leniently and written as a string, with
/// `amounts()` listing `(wire name, value)` in the reference's order.
macro_rules! amounts {
    (
        $(#[$meta:meta])* $name:ident {
            $($(#[$fmeta:meta])* $field:ident,)+
        }
        $(extra { $($(#[$xmeta:meta])* $xfield:ident : $xty:ty,)+ })?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
        #[serde(default)]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(
                    deserialize_with = "crate::lenient::decimal",
                    skip_serializing_if = "Option::is_none"
                )]
                pub $field: Option<Decimal>,
            )+
            $($($(#[$xmeta])* pub $xfield: $xty,)+)?
        }

        impl $name {
            /// Every amount as `(wire name, value)`, in the reference's order.
            pub fn amounts(&self) -> Vec<(&'static str, Option<Decimal>)> {
                vec![$((stringify!($field), self.$field),)+]
            }

            /// Every amount by wire name, to fill (the sandbox writes them this way).
            pub fn amounts_mut(&mut self) -> Vec<(&'static str, &mut Option<Decimal>)> {
                vec![$((stringify!($field), &mut self.$field),)+]
            }
        }
    };
}

/// Sums the amounts whose names are not in `skip`, absent ones as zero.
fn sum_except(amounts: &[(&'static str, Option<Decimal>)], skip: &[&str]) -> Decimal {
    amounts
        .iter()
        .filter(|(name, _)| !skip.contains(name))
        .filter_map(|(_, v)| *v)
        .sum()
}

amounts!(
    /// What makes up `revenue_amount` (net sales).
    RevenueBreakdown {
        /// Gross sales: item prices before any discount.
        subtotal_before_discount_amount,
        /// Discounts the seller funded (negative in the by-order example).
        seller_discount_amount,
        refund_subtotal_before_discount_amount,
        seller_discount_refund_amount,
        /// Saudi Arabia only.
        cod_service_fee_amount,
        /// Saudi Arabia only.
        refund_cod_service_fee_amount,
    }
);

impl RevenueBreakdown {
    /// The signed sum: "equivalent to `revenue_amount`".
    pub fn total(&self) -> Decimal {
        sum_except(&self.amounts(), &[])
    }
}

amounts!(
    /// What makes up `shipping_cost_amount`.
    ShippingCostBreakdown {
        /// The carrier's fee for the measured parcel.
        actual_shipping_fee_amount,
        /// TikTok's shipping subsidies and incentives.
        shipping_fee_discount_amount,
        /// What the buyer paid for shipping (negative: refunded).
        customer_paid_shipping_fee_amount,
        return_shipping_fee_amount,
        /// Indonesia only.
        replacement_shipping_fee_amount,
        /// Indonesia only.
        exchange_shipping_fee_amount,
        signature_confirmation_fee_amount,
        shipping_insurance_fee_amount,
        /// US FBT orders that do not qualify for free shipping.
        fbt_fulfillment_fee_reimbursement_amount,
        return_shipping_label_fee_amount,
        seller_self_shipping_service_fee_amount,
        return_shipping_fee_paid_buyer_amount,
        failed_delivery_subsidy_amount,
        /// At this level in Get Statement Transactions; Get Order Transactions has it under
        /// `supplementary_component`.
        shipping_fee_guarantee_reimbursement,
        fbt_free_shipping_fee_amount,
        free_return_subsidy_amount,
    }
    extra {
        /// Details for reference; not part of the sum.
        #[serde(skip_serializing_if = "Option::is_none")]
        supplementary_component: Option<ShippingSupplementary>,
    }
);

impl ShippingCostBreakdown {
    /// The signed sum of the contributing amounts ("equivalent to `shipping_cost_amount`").
    pub fn total(&self) -> Decimal {
        sum_except(&self.amounts(), &[])
    }
}

amounts!(
    /// Shipping details that "do not directly contribute" to `shipping_cost_amount` (the
    /// parts of `actual_shipping_fee_amount`, `shipping_fee_discount_amount` and
    /// `customer_paid_shipping_fee_amount`). The two transaction endpoints list slightly
    /// different fields; this is their union.
    ShippingSupplementary {
        platform_shipping_fee_discount_amount,
        promo_shipping_incentive_amount,
        shipping_fee_subsidy_amount,
        seller_shipping_fee_discount_amount,
        /// US only.
        customer_shipping_fee_offset_amount,
        fbm_shipping_cost_amount,
        /// EU and UK FBT orders.
        fbt_shipping_cost_amount,
        /// US FBT orders.
        fbt_fulfillment_fee_amount,
        /// Deprecated: documented to be `""` (read as `None`).
        fbt_fulfillment_fee_reimbursement_amount,
        return_refund_subsidy_amount,
        refunded_customer_shipping_fee_amount,
        /// Get Statement Transactions only.
        customer_shipping_fee,
        /// Get Statement Transactions only.
        refund_customer_shipping_fee,
        /// Get Order Transactions only (the other endpoint has it in the breakdown).
        shipping_fee_guarantee_reimbursement,
    }
);

amounts!(
    /// The fees of `fee_tax_breakdown`.
    Fees {
        platform_commission_amount,
        /// US only.
        referral_fee_amount,
        refund_administration_fee_amount,
        transaction_fee_amount,
        credit_card_handling_fee_amount,
        /// Paid to the creator who sold the item.
        affiliate_commission_amount,
        /// SEA only: the creator's commission before personal income tax was withheld. It
        /// restates `affiliate_commission_amount` before tax, so [`Fees::total`] leaves it
        /// out (counting both would charge the commission twice; the reference does not say,
        /// this is Shopdock's reading).
        affiliate_commission_amount_before_pit,
        affiliate_partner_commission_amount,
        affiliate_ads_commission_amount,
        sfp_service_fee_amount,
        live_specials_fee_amount,
        bonus_cashback_service_fee_amount,
        mall_service_fee_amount,
        voucher_xtra_service_fee_amount,
        flash_sales_service_fee_amount,
        cofunded_promotion_service_fee_amount,
        pre_order_service_fee_amount,
        tsp_commission_amount,
        dt_handling_fee_amount,
        epr_pob_service_fee_amount,
        seller_paylater_handling_fee_amount,
        /// Brazil only.
        fee_per_item_sold_amount,
        cofunded_creator_bonus_amount,
        /// Indonesia only.
        dynamic_commission_amount,
        external_affiliate_marketing_fee_amount,
        vn_fix_infrastructure_fee,
        affiliate_commission_deposit,
        affiliate_commission_release,
        tap_shop_ads_commission,
        shipping_fee_guarantee_service_fee,
        installation_service_fee,
        campaign_resource_fee,
    }
);

impl Fees {
    /// The fees' signed sum, without `affiliate_commission_amount_before_pit`.
    pub fn total(&self) -> Decimal {
        sum_except(&self.amounts(), &["affiliate_commission_amount_before_pit"])
    }
}

amounts!(
    /// The taxes of `fee_tax_breakdown`.
    Taxes {
        /// Cross-border orders: VAT the platform paid on the seller's behalf.
        vat_amount,
        /// Cross-border orders (Japan: the consumption tax, JCT).
        import_vat_amount,
        customs_duty_amount,
        customs_clearance_amount,
        /// Malaysia, low-value imports.
        sst_amount,
        /// Singapore, low-value imports.
        gst_amount,
        /// Mexico: VAT withheld.
        iva_amount,
        /// Mexico: income tax withheld.
        isr_amount,
        anti_dumping_duty_amount,
        /// Local orders: VAT the platform paid on the seller's behalf.
        local_vat_amount,
        pit_amount,
    }
);

impl Taxes {
    pub fn total(&self) -> Decimal {
        sum_except(&self.amounts(), &[])
    }
}

/// What makes up `fee_tax_amount` (shipping costs excluded).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeeTaxBreakdown {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fee: Option<Fees>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tax: Option<Taxes>,
}

impl FeeTaxBreakdown {
    /// Fees plus taxes, signed ("equivalent to `fee_tax_amount`").
    pub fn total(&self) -> Decimal {
        self.fee.as_ref().map_or(Decimal::ZERO, Fees::total)
            + self.tax.as_ref().map_or(Decimal::ZERO, Taxes::total)
    }
}

amounts!(
    /// Amounts of an order transaction for reference: "These amounts do not directly
    /// contribute to the settlement amount" (what the buyer paid, platform-funded discounts,
    /// US sales tax and retail delivery fees TikTok collects and remits).
    TransactionSupplementary {
        customer_payment_amount,
        customer_refund_amount,
        platform_discount_amount,
        platform_discount_refund_amount,
        seller_cofunded_discount_amount,
        seller_cofunded_discount_refund_amount,
        platform_cofunded_discount_amount,
        platform_cofunded_discount_refund_amount,
        /// Colorado, US.
        retail_delivery_fee_amount,
        retail_delivery_fee_payment_amount,
        retail_delivery_fee_refund_amount,
        sales_tax_amount,
        sales_tax_payment_amount,
        sales_tax_refund_amount,
    }
);

amounts!(
    /// A statement's totals that "directly contribute to `total_settlement_amount`".
    TotalSettlementBreakdown {
        total_revenue_amount,
        total_shipping_cost_amount,
        total_fee_tax_amount,
        total_adjustment_amount,
    }
);

impl TotalSettlementBreakdown {
    pub fn total(&self) -> Decimal {
        sum_except(&self.amounts(), &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn totals_add_signed_amounts_and_leave_the_pre_tax_restatement_out() {
        let fees: Fees = serde_json::from_str(
            r#"{"referral_fee_amount":"-2","transaction_fee_amount":"-2",
                "affiliate_commission_amount":"-1.5","affiliate_commission_amount_before_pit":"-2",
                "sfp_service_fee_amount":null,"campaign_resource_fee":""}"#,
        )
        .unwrap();
        assert_eq!(fees.total(), d("-5.5"));
        let shipping: ShippingCostBreakdown = serde_json::from_str(
            r#"{"actual_shipping_fee_amount":"-50","customer_paid_shipping_fee_amount":"5.99",
                "supplementary_component":{"fbm_shipping_cost_amount":"-50",
                "fbt_fulfillment_fee_reimbursement_amount":""}}"#,
        )
        .unwrap();
        assert_eq!(shipping.total(), d("-44.01"));
        let supplementary = shipping.supplementary_component.unwrap();
        assert_eq!(supplementary.fbt_fulfillment_fee_reimbursement_amount, None);
        assert_eq!(supplementary.fbm_shipping_cost_amount, Some(d("-50")));
    }

    #[test]
    fn amounts_write_back_as_the_strings_they_were() {
        let revenue: RevenueBreakdown = serde_json::from_str(
            r#"{"subtotal_before_discount_amount":"210","seller_discount_amount":"-10.50"}"#,
        )
        .unwrap();
        assert_eq!(revenue.total(), d("199.50"));
        assert_eq!(
            serde_json::to_string(&revenue).unwrap(),
            r#"{"subtotal_before_discount_amount":"210","seller_discount_amount":"-10.50"}"#
        );
        assert_eq!(revenue.amounts().len(), 6);
    }
}
