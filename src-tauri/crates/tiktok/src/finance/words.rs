//! The enumerated words of the finance endpoints (SPEC:finance/get-statements, get-payments,
//! get-transactions-by-statement). Unknown values are kept as sent
//! ([`crate::product::words`] explains the pattern): TikTok adds adjustment types often, and
//! documents some only in prose ("Violation fee （settlement fee）").

use crate::product::words::word_enum;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

word_enum!(
    /// Whether a statement's (or a payment's) money reached the seller's bank account.
    PaymentStatus {
        Paid = "PAID",
        Failed = "FAILED",
        Processing = "PROCESSING",
    }
);

word_enum!(
    /// A statement's `status` in Get Statement Transactions ("Only supports `SETTLED`").
    StatementStatus {
        Settled = "SETTLED",
    }
);

word_enum!(
    /// A statement transaction's `type`: an order's settlement, a reserve movement, or one of
    /// the adjustment types.
    TransactionType {
        /// An order's settlement.
        Order = "ORDER",
        /// Reserve funds withheld from or released to the seller.
        Reserve = "RESERVE",
        ChargeBack = "CHARGE_BACK",
        CustomerServiceCompensation = "CUSTOMER_SERVICE_COMPENSATION",
        DeductionsIncurredBySeller = "DEDUCTIONS_INCURRED_BY_SELLER",
        GmvPaymentForAds = "GMV_PAYMENT_FOR_ADS",
        PlatformCommissionAdjustment = "PLATFORM_COMMISSION_ADJUSTMENT",
        PlatformCommissionCompensation = "PLATFORM_COMMISSION_COMPENSATION",
        PlatformPenalty = "PLATFORM_PENALTY",
        PromotionAdjustment = "PROMOTION_ADJUSTMENT",
        Rebate = "REBATE",
        PlatformCompensation = "PLATFORM_COMPENSATION",
        PlatformReimbursement = "PLATFORM_REIMBURSEMENT",
        CofundedCreatorRewards = "COFUNDED_CREATOR_REWARDS",
        FbtWarehouseServiceFee = "FBT_WAREHOUSE_SERVICE_FEE",
        LogisticsReimbursement = "LOGISTICS_REIMBURSEMENT",
        ShippingFeeAdjustment = "SHIPPING_FEE_ADJUSTMENT",
        ShippingFeeCompensation = "SHIPPING_FEE_COMPENSATION",
        ShippingFeeRebate = "SHIPPING_FEE_REBATE",
        SampleShippingFee = "SAMPLE_SHIPPING_FEE",
        SellerMissionReward = "SELLER_MISSION_REWARD",
        OtherAdjustment = "OTHER_ADJUSTMENT",
    }
);

impl TransactionType {
    /// Every type but `ORDER` and `RESERVE` is an adjustment, including types the reference
    /// does not list (an adjustment may carry no order at all).
    pub fn is_adjustment(&self) -> bool {
        !matches!(self, TransactionType::Order | TransactionType::Reserve)
            && !self.as_str().is_empty()
    }
}

word_enum!(
    /// A reserve transaction's `reserve_status`. The spec's own example writes `Collected`;
    /// [`ReserveStatus::read`] accepts any case.
    ReserveStatus {
        /// Part of an order's settlement withheld.
        Collected = "COLLECTED",
        /// Withheld funds paid out to the seller.
        Released = "RELEASED",
    }
);

impl ReserveStatus {
    /// A documented word in any case (`Collected`, `COLLECTED`), else [`Self::Other`] as sent.
    pub fn read(s: &str) -> Self {
        let upper = s.trim().to_ascii_uppercase();
        match ReserveStatus::parse(&upper) {
            ReserveStatus::Other(_) => ReserveStatus::Other(s.to_owned()),
            known => known,
        }
    }
}

/// Deserializes a [`ReserveStatus`] in any case.
pub(crate) fn reserve_status<'de, D>(deserializer: D) -> Result<ReserveStatus, D::Error>
where
    D: Deserializer<'de>,
{
    let s = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
    Ok(ReserveStatus::read(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjustment_types_new_and_prose_ones_included_are_adjustments() {
        for t in [
            "CHARGE_BACK",
            "Violation fee （settlement fee）",
            "NEW_KIND",
        ] {
            assert!(TransactionType::parse(t).is_adjustment(), "{t}");
        }
        assert!(!TransactionType::Order.is_adjustment());
        assert!(!TransactionType::Reserve.is_adjustment());
        assert!(!TransactionType::default().is_adjustment());
        let prose = TransactionType::parse("Violation fee （settlement fee）");
        assert_eq!(prose.as_str(), "Violation fee （settlement fee）");
    }

    #[test]
    fn reserve_status_reads_the_examples_capitalisation() {
        assert_eq!(ReserveStatus::read("Collected"), ReserveStatus::Collected);
        assert_eq!(ReserveStatus::read("RELEASED"), ReserveStatus::Released);
        assert_eq!(
            ReserveStatus::read("Pending"),
            ReserveStatus::Other("Pending".into())
        );
    }
}
