//! The closed vocabularies that cross IPC and the CLI as words: tabs, flags, sort keys, regions,
//! sync states, option keys, form fields, Test Connection checks and printed documents. Each is a
//! Rust enum exported to TypeScript (with the list of its values), so the UI holds no hand-copied
//! word list and the bindings drift test covers them; the CLI parses them with [`parse_word`],
//! whose error lists the valid values.

use serde::{Deserialize, Serialize};
use std::str::FromStr;
use strum::{EnumString, IntoStaticStr, VariantArray, VariantNames};
use ts_rs::TS;

/// A word that is not one of an enum's values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{value:?} is not a valid {what}; valid values: {}", valid.join(", "))]
pub struct UnknownWord {
    pub what: &'static str,
    pub value: String,
    pub valid: &'static [&'static str],
}

/// Parses `value` as one of `T`'s words, naming `what` it is and the valid values when it is not.
pub fn parse_word<T: FromStr + VariantNames>(
    what: &'static str,
    value: &str,
) -> Result<T, UnknownWord> {
    T::from_str(value.trim()).map_err(|_| UnknownWord {
        what,
        value: value.to_owned(),
        valid: T::VARIANTS,
    })
}

macro_rules! word_enum {
    ($(#[$meta:meta])* $case:literal $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS,
            EnumString, IntoStaticStr, VariantArray, VariantNames,
        )]
        #[serde(rename_all = $case)]
        #[strum(serialize_all = $case)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// The word as it crosses IPC and the CLI.
            pub fn as_str(self) -> &'static str {
                self.into()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

word_enum! {
    /// The seller-facing tabs of the orders table, in display order.
    "snake_case" StatusGroup {
        ToShip, OnHold, ToPay, Shipping, Delivered, Completed, Cancelled,
        /// A status Shopdock does not know (kept as TikTok sent it).
        Unknown,
    }
}

word_enum! {
    /// What an order row is marked with besides its status.
    "snake_case" OrderFlag {
        /// Fulfilled by TikTok.
        Fbt,
        OnHold,
        Sample,
        Replacement,
        /// The buyer asked to cancel.
        BuyerCancelRequest,
    }
}

word_enum! {
    /// The columns the orders table sorts by.
    "snake_case" SortKey {
        Shop, OrderId, Status, Created, Updated, Paid, Buyer, Email, Total, Items, Product,
        Fulfillment, Shipping, ShipBy, Tracking,
        /// When TikTok decides a pending buyer cancellation request ("answer by").
        CancelDeadline,
    }
}

word_enum! {
    /// Who fulfils an order (TikTok's words, as the filter sends them).
    "SCREAMING_SNAKE_CASE" FulfillmentType {
        FulfillmentBySeller,
        /// Fulfilled by TikTok (FBT).
        FulfillmentByTiktok,
    }
}

word_enum! {
    /// The TikTok Shop platform an app belongs to; decides the authorization host.
    "UPPERCASE" Region {
        /// United States.
        Us,
        /// Rest of world.
        Row,
    }
}

word_enum! {
    /// What the sync engine is doing for a shop.
    "snake_case" SyncState {
        Idle,
        Syncing,
        /// Needs Get Auth (or the seller paused it).
        Paused,
        /// Automatic download is switched off.
        Off,
        Error,
    }
}

word_enum! {
    /// The per-shop automation options.
    "snake_case" OptionKey {
        AutoDownload, NotifyNewOrders, AutoConfirm, AutoShipInstructions, AutoStockSync,
        PriceUpload, TrackingUpload, QueryShippingChanges, QueryStatusChanges,
    }
}

word_enum! {
    /// The fields of Shopdock's forms that a validation error can point at.
    "snake_case" FormField {
        Label, Region, AppKey, AppSecret, ServiceId, ShopHint, RedirectPort, AuthorizeUrl,
        ApiBase, AuthBase,
        /// The automation options (the message names the option).
        Options,
        PollIntervalSecs,
        /// A date range's start and end.
        From,
        To,
        /// A shipment's carrier.
        Carrier,
        TrackingNumber,
        /// A cancel or reject reason.
        Reason,
        /// The line items of an item-level cancel.
        LineItemIds,
        /// A local SKU's code, stock, price and cost.
        SkuCode,
        OnHand,
        Price,
        Cost,
        /// A shop's stock rules: units held back, the percentage offered, the minutes
        /// between reconciliations, and the currency of the seller's prices.
        StockBuffer,
        StockPercent,
        ReconcileMinutes,
        PriceCurrency,
    }
}

word_enum! {
    /// The lines of Test Connection.
    "snake_case" CheckKind {
        Credentials, Token, ShopCipher,
        /// One TikTok scope (named by the check's `scope`).
        Scope,
        Clock,
    }
}

word_enum! {
    /// What an outbox row asks TikTok to do (the Activity screen's kind filter).
    "snake_case" OutboxKind {
        /// Arrange shipment through TikTok (handover or bought label).
        ArrangeShipment,
        /// Mark Package As Shipped with the seller's tracking number and carrier.
        MarkShipped,
        /// Correct a shipped order's tracking.
        UpdateTracking,
        /// The seller cancels an order (or some of its items).
        SellerCancel,
        /// Approve a buyer's cancellation request.
        ApproveCancellation,
        /// Reject a buyer's cancellation request.
        RejectCancellation,
        Stock,
        Price,
        ProductEdit,
    }
}

word_enum! {
    /// Where an outbox row stands.
    "snake_case" OutboxState {
        /// Waiting to be sent.
        Queued,
        /// Being sent now.
        Sending,
        /// The last send may have reached TikTok: Shopdock reads TikTok's state before any resend.
        NeedsCheck,
        /// TikTok applied the change.
        Sent,
        /// TikTok refused for a reason that may pass: tried again automatically.
        Failed,
        /// Waits for the seller: Retry or Dismiss.
        NeedsAttention,
        /// The seller gave up on it.
        Dismissed,
        /// A newer value replaced it before it was sent.
        Superseded,
    }
}

word_enum! {
    /// Which of Shopdock's own shipping documents to print.
    "snake_case" DocumentKind {
        /// One slip per order: shop, order id and barcode, ship-to, items, buyer message.
        PackingSlips,
        /// What to take off the shelves for the orders, one line per SKU and variant.
        PickList,
    }
}

word_enum! {
    /// The paper a document is printed on.
    "lowercase" PageSize {
        /// 4 × 6 in thermal labels.
        #[serde(rename = "4x6")]
        #[strum(serialize = "4x6")]
        FourBySix,
        A4,
        /// US Letter, 8.5 × 11 in.
        Letter,
    }
}

word_enum! {
    /// The size of TikTok's shipping labels: the API offers A6 (its default) and A5 only.
    "lowercase" LabelSize {
        A6,
        A5,
    }
}

impl LabelSize {
    /// TikTok's word for the size (`document_size`).
    pub fn tiktok_word(self) -> &'static str {
        match self {
            LabelSize::A6 => "A6",
            LabelSize::A5 => "A5",
        }
    }
}

word_enum! {
    /// Why an order has no TikTok shipping label to print.
    "snake_case" NoLabelReason {
        /// The seller ships it: TikTok has no label; print the carrier's.
        SellerShipping,
        /// Shipment is not arranged yet.
        NotArranged,
        /// The carrier has already picked the package up.
        PickedUp,
        /// The order or its package was cancelled.
        Cancelled,
        /// Fulfilled by TikTok: its warehouse prints the label.
        FulfilledByTiktok,
        /// The carrier was still generating the label after Shopdock's retries.
        StillGenerating,
        /// TikTok refused for another reason (the message says which).
        Refused,
        /// TikTok could not be reached and no label was kept for it.
        Unreachable,
    }
}

impl Default for Region {
    /// Most sellers who find Shopdock sell in the US.
    fn default() -> Self {
        Region::Us
    }
}

word_enum! {
    /// What is wrong with one row of a bulk tracking file, so the window can label it; the
    /// row's sentence says the specifics and the fix.
    "snake_case" TrackingProblemKind {
        /// An order id, carrier or tracking number cell is empty.
        MissingValue,
        /// No shop in Shopdock has this order (a typo, or not synced yet).
        UnknownOrder,
        /// The order cannot be marked shipped now (its status, FBT, TikTok shipping, a
        /// buyer's cancellation request, items already shipped).
        CannotShip,
        /// TikTok lists no carrier of that name for the order.
        UnknownCarrier,
        /// TikTok's carriers for the order could not be had (no delivery option, a failed
        /// call).
        CarriersUnavailable,
        /// The same order is on several rows of the file.
        DuplicateOrder,
        /// The same tracking number is on several rows of the file.
        DuplicateTracking,
        /// An id or number a spreadsheet mangled, or characters TikTok does not accept.
        MalformedNumber,
        /// The order as stored could not be read.
        UnreadableOrder,
    }
}

word_enum! {
    /// What applying one row of a SKU or mapping file would do.
    "snake_case" SkuRowStatus {
        /// The row matches what is stored: nothing to change.
        Ok,
        /// A SKU (or link) Shopdock does not have yet.
        New,
        /// Changes a stored SKU (or link).
        Changed,
        /// The row has a problem: it is not applied.
        Error,
        /// A mapping row naming a TikTok SKU but no code (a row of an exported file left
        /// empty): it links nothing, and the SKU stays as it is.
        Blank,
    }
}

word_enum! {
    /// What is wrong with (or worth a look in) one row of a SKU or mapping file; the row's
    /// sentence says the specifics and the fix.
    "snake_case" SkuProblemKind {
        /// The code cell is empty.
        MissingCode,
        /// The same code (ignoring case and surrounding spaces) is on several rows.
        DuplicateCode,
        /// A code or id cell a spreadsheet stored as a number (leading zeros and digits past
        /// the 15th do not survive that).
        NumberForText,
        /// The code looks like a stored code without its leading zeros (00123 read as 123).
        LeadingZerosLost,
        /// The stock is below zero.
        NegativeStock,
        /// The stock is not a whole number.
        FractionalStock,
        /// The stock is not a number at all, or too large.
        BadStock,
        /// The price is not an amount (negative, more than two decimals, not a number).
        BadPrice,
        /// The cost is not an amount.
        BadCost,
        /// A mapping row without a TikTok SKU id.
        MissingSkuId,
        /// The TikTok SKU is not in the imported catalog (or is in several shops' catalogs).
        UnknownSku,
        /// No shop matches the shop cell.
        UnknownShop,
        /// The code is not one of the seller's SKUs.
        UnknownCode,
        /// The factor is not a whole number of at least 1.
        BadFactor,
        /// Another row of the same bundle has a problem, so the bundle is not applied.
        BundleRefused,
    }
}

word_enum! {
    /// The file types a list is exported as: CSV for any tool, an Excel workbook for the
    /// seller and the accountant (codes kept as text there).
    "snake_case" SpreadsheetFormat { Csv, Xlsx }
}

impl SpreadsheetFormat {
    /// The file name extension, which is also the word.
    pub fn extension(self) -> &'static str {
        self.as_str()
    }

    /// The format a file name asks for by its extension (any case), if Shopdock writes it.
    pub fn of_path(path: &std::path::Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        parse_word::<Self>("format", &ext).ok()
    }
}

word_enum! {
    /// The columns of a SKU or mapping file, so the window can point at the cell.
    "snake_case" SkuFileColumn {
        Code, Name, Stock, Price, Cost,
        /// The shop of a mapping row (optional: the SKU id finds it).
        Shop,
        /// TikTok's SKU id of a mapping row.
        SkuId,
        /// Units of the code per unit sold, on a mapping row.
        Factor,
    }
}

word_enum! {
    /// How shops selling the same local SKU share its free units (stock sync, issue 12).
    "snake_case" StockShare {
        /// Every shop is offered all free units (the buffer and a fast resync guard against
        /// overselling).
        Full,
        /// The free units are divided evenly between the shops, rounded down.
        Split,
    }
}

word_enum! {
    /// Where a TikTok SKU's stock or price push stands.
    "snake_case" PushState {
        /// A push is queued, being sent, or waits to be retried.
        Pending,
        /// TikTok holds Shopdock's figure.
        Pushed,
        /// TikTok refused it, or Shopdock cannot compute it: the reason says why.
        Failed,
        /// Nothing was pushed yet (sync off, or the SKU was never pushed).
        NotPushed,
    }
}

/// Every value of a word enum, in declaration order.
pub fn all<T: VariantArray + Copy>() -> &'static [T] {
    T::VARIANTS
}

word_enum! {
    /// Where an order stands with TikTok's money (finance): TikTok shows what an order earned
    /// only once it is settled, some days after delivery.
    "snake_case" EarningsStatus {
        /// Settled: TikTok's settlement amount is known.
        Settled,
        /// Not settled yet, or its statement not imported yet.
        NotSettled,
        /// Not settled, but adjustments name it (a lost parcel's reimbursement, a free
        /// sample's shipping fee, a chargeback).
        AdjustmentsOnly,
    }
}

word_enum! {
    /// Where an order's earnings were read.
    "snake_case" EarningsSource {
        /// Its transactions in the imported statements.
        Statements,
        /// Get Order Transactions, its statement not imported.
        Order,
    }
}

word_enum! {
    /// Where the units of an order's profit come from.
    "snake_case" UnitsFrom {
        /// The units TikTok settled.
        Settled,
        /// The order's line items that are not cancelled.
        Ordered,
    }
}

word_enum! {
    /// What a finance import is doing.
    "snake_case" FinanceImportStep {
        Statements,
        Payments,
        /// Each statement's transactions.
        Transactions,
        /// Each settled order's transactions (units per SKU).
        Orders,
    }
}

word_enum! {
    /// The finance chart's step.
    "snake_case" ChartStep { Day, Week }
}

word_enum! {
    /// What one finance CSV holds (a workbook holds all three, one sheet each).
    "snake_case" FinanceExportRows {
        /// One row per statement.
        Statements,
        /// One row per statement transaction.
        Transactions,
        /// One row per settled order.
        Orders,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip_through_serde_and_strum_alike() {
        for g in all::<StatusGroup>() {
            let json = serde_json::to_string(g).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", g.as_str()));
            assert_eq!(parse_word::<StatusGroup>("tab", g.as_str()), Ok(*g));
        }
        for k in all::<SortKey>() {
            assert_eq!(
                serde_json::to_string(k).unwrap_or_default(),
                format!("\"{k}\"")
            );
        }
        assert_eq!(Region::Us.as_str(), "US");
        assert_eq!(
            serde_json::to_string(&Region::Row).unwrap_or_default(),
            "\"ROW\""
        );
        assert_eq!(SortKey::ShipBy.as_str(), "ship_by");
        assert_eq!(
            OrderFlag::BuyerCancelRequest.as_str(),
            "buyer_cancel_request"
        );
        for size in all::<PageSize>() {
            assert_eq!(
                serde_json::to_string(size).unwrap_or_default(),
                format!("\"{size}\"")
            );
        }
        assert_eq!(
            parse_word::<PageSize>("size", "4x6"),
            Ok(PageSize::FourBySix)
        );
        assert_eq!(PageSize::Letter.as_str(), "letter");
        assert_eq!(DocumentKind::PickList.as_str(), "pick_list");
    }

    #[test]
    fn an_unknown_word_names_every_valid_value() {
        let e = parse_word::<StatusGroup>("status", "nonsense").unwrap_err();
        let text = e.to_string();
        assert!(
            text.contains("\"nonsense\" is not a valid status"),
            "{text}"
        );
        for g in all::<StatusGroup>() {
            assert!(text.contains(g.as_str()), "{text}");
        }
    }
}
