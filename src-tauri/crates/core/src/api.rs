//! The types that cross to the UI (and the CLI's `--json`). They derive `ts_rs::TS`, and the
//! shell generates the TypeScript bindings from them. Ids are strings and money is a decimal
//! string end to end; nothing here ever holds a secret.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use crate::cancellations::{
    CancelReasonView, CancellationListInput, CancellationView, SellerCancelInput,
};
pub use crate::finance::{
    AmountPartView, CurrencySummaryView, EarningsSkuView, FinanceExportInput, FinanceExportSummary,
    FinanceImportProgressView, FinanceImportSummary, FinanceQueryInput, FinanceRange,
    FinanceSummaryInput, FinanceSummaryView, OrderEarningsRowView, OrderEarningsView,
    OrderTransactionView, PayoutView, StatementDetailView, StatementPageView, StatementRowView,
    SummaryBucketView, TransactionView,
};
pub use crate::products::{
    BundlePartView, ProductDrawerView, ProductImportProgressView, ProductImportStatusView,
    ProductImportSummary, ProductPageView, ProductQueryInput, ProductRowView, ProductSkuView,
    ProductStatusCount, SkuStockView,
};
pub use crate::skus::{
    AutoLinkProposal, AutoLinkResult, BrokenLinkView, LinkPartView, LocalSkuInput, LocalSkuView,
    MappingExportView, MappingPreview, MappingResult, MappingRow, SkuImportPreview,
    SkuImportResult, SkuImportRow, SkuLinkView, SkuProblem, TikTokSkuView, UnmappedLineView,
};
pub use crate::stock::reconcile::{StockFindingView, StockReconcileView};
pub use crate::stock::views::{SkuSyncView, StockSettingsView, StockStatusView};
pub use crate::words::{
    ChartStep, EarningsSource, EarningsStatus, FinanceExportRows, FinanceImportStep, UnitsFrom,
};
pub use crate::words::{
    CheckKind, FormField, FulfillmentType, OptionKey, OrderFlag, OutboxKind, OutboxState, Region,
    SortKey, StatusGroup, SyncState,
};
pub use crate::words::{DocumentKind, LabelSize, NoLabelReason, PageSize};
pub use crate::words::{PushState, StockShare};
pub use crate::words::{SkuFileColumn, SkuProblemKind, SkuRowStatus, SpreadsheetFormat};

/// One shop as the shops page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ShopView {
    pub id: String,
    pub label: String,
    pub region: Region,
    pub app_key: String,
    pub service_id: String,
    /// The Shop ID or shop code the seller typed.
    pub shop_hint: String,
    pub redirect_port: u16,
    pub authorize_url: String,
    /// The Open API and token service hosts (TikTok's, or a sandbox's).
    pub api_base: String,
    pub auth_base: String,
    pub is_demo: bool,
    pub status: ShopStatus,
    /// What TikTok told us once authorized.
    pub tiktok: Option<AuthorizedShopView>,
    /// Unix seconds when the authorization itself ends (the refresh token's expiry).
    pub authorization_ends_at: Option<i64>,
    /// One calm sentence when the shop needs attention (e.g. authorization ends soon).
    pub banner: Option<String>,
}

/// The TikTok shop a registration is connected to.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuthorizedShopView {
    pub shop_id: String,
    pub name: String,
    pub code: Option<String>,
    pub region: Option<String>,
    pub seller_type: Option<String>,
    pub seller_name: Option<String>,
    pub granted_scopes: Vec<String>,
    /// Unix seconds when the current access token expires (refreshed automatically).
    pub access_expires_at: i64,
}

/// The status chip of a shop.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind")]
pub enum ShopStatus {
    NotConnected,
    Connected,
    ExpiresSoon { days: u32 },
    ReconnectNeeded { reason: String },
    SyncPaused,
}

/// What the seller types to register (or edit) a shop. `app_secret` is `None` when editing
/// and the seller did not replace it: a saved secret is never shown again, only replaced.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
pub struct RegistrationInput {
    pub label: String,
    pub region: Region,
    pub app_key: String,
    pub app_secret: Option<String>,
    pub service_id: String,
    pub shop_hint: String,
    pub redirect_port: u16,
    /// Empty means the default link for the region.
    pub authorize_url: String,
    /// Advanced: the Open API host; empty means TikTok's. Point it (and `auth_base`) at a
    /// sandbox served by `shopdock sandbox serve` to rehearse with a real-looking shop.
    #[serde(default)]
    pub api_base: String,
    /// Advanced: the token service host; empty means TikTok's.
    #[serde(default)]
    pub auth_base: String,
}

/// A field the seller must fix, with a specific message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    pub field: FormField,
    pub message: String,
}

/// Get Auth has started: the browser was (or could not be) opened on `authorize_url`.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct AuthSession {
    pub shop_id: String,
    pub authorize_url: String,
    /// The loopback port listening for the redirect.
    pub port: u16,
    /// Unix seconds when the wait ends.
    pub expires_at: i64,
    /// False when no browser could be opened: the UI offers "Copy the link".
    pub browser_opened: bool,
}

/// A shop the authorized account owns, offered when the typed Shop ID/code matched none.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShopCandidate {
    pub shop_id: String,
    pub name: String,
    pub code: String,
    pub region: String,
}

/// How a Get Auth ended.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind")]
pub enum AuthOutcome {
    /// Boxed: a shop view is large and outcomes travel in events.
    Connected {
        shop: Box<ShopView>,
    },
    /// Tokens are valid but the typed shop is not among the authorized ones: pick one.
    ChooseShop {
        candidates: Vec<ShopCandidate>,
    },
    Failed {
        error: ApiError,
    },
}

/// One line of Test Connection.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct CheckResult {
    pub check: CheckKind,
    /// The scope a [`CheckKind::Scope`] line checks.
    pub scope: Option<String>,
    pub label: String,
    pub passed: bool,
    /// Not run because an earlier check failed (shown neither green nor red).
    pub skipped: bool,
    pub message: String,
    /// What to do when it failed.
    pub fix: Option<String>,
}

/// The Test Connection verdict.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ConnectionReport {
    pub shop_id: String,
    pub passed: bool,
    pub checks: Vec<CheckResult>,
    /// Server clock minus ours, seconds.
    pub clock_skew_secs: Option<i64>,
    pub checked_at: i64,
}

/// One automation option as the Options panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OptionView {
    pub key: OptionKey,
    pub label: String,
    pub description: String,
    pub enabled: bool,
    /// False when the capability is not built yet or cannot work for this shop.
    pub available: bool,
    pub unavailable_reason: Option<String>,
    /// The TikTok scopes this option needs ("a or b" where either will do).
    pub scopes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OptionsView {
    pub shop_id: String,
    pub options: Vec<OptionView>,
    pub poll_interval_secs: u32,
}

/// The poll interval set for every shop (Settings), which shops added later start with.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PollIntervalView {
    pub poll_interval_secs: u32,
    /// How many shops there are (all of them use it after a change).
    pub shops: u32,
}

/// A change to options: only the given fields change.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
pub struct OptionsPatch {
    /// key -> enabled.
    pub set: Vec<OptionToggle>,
    pub poll_interval_secs: Option<u32>,
}

#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct OptionToggle {
    pub key: OptionKey,
    pub enabled: bool,
}

/// Stable codes the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub enum ErrorCode {
    ReauthRequired,
    TokenExpired,
    ScopeMissing,
    InvalidCredentials,
    /// This computer's clock is too far from TikTok's for it to accept requests.
    ClockSkew,
    ShopNotAuthorized,
    RateLimited,
    Network,
    ApiRejected,
    Validation,
    SecretStore,
    Storage,
    NotFound,
    Conflict,
    AuthFlow,
    Cancelled,
    Internal,
    /// The change spends something TikTok allows only once (a tracking correction): ask the
    /// seller, then send it again confirmed.
    ConfirmationRequired,
    /// The disk is full: nothing was written, sync pauses and resumes by itself once space
    /// is freed.
    DiskFull,
    /// Another Shopdock process (the window, a CLI command) has the database open, so it
    /// cannot be replaced (restore) or recovered now.
    DatabaseInUse,
}

/// The one error type that crosses to the UI: `{code, message, detail, fields}`.
#[derive(Debug, Clone, PartialEq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    /// A sentence for the seller: what happened and what to do.
    pub message: String,
    /// Technical detail (TikTok code and request id, OS error), for support.
    pub detail: Option<String>,
    /// Per-field problems of a form.
    pub fields: Vec<FieldError>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            detail: None,
            fields: Vec::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// What background work tells the UI. The shell forwards each one as the Tauri event
/// `shopdock://event`; the UI never polls.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type")]
pub enum CoreEvent {
    /// A shop was added, changed or removed: reload the shops list.
    ShopsChanged,
    /// A Get Auth started for a shop.
    AuthStarted { session: AuthSession },
    /// A Get Auth ended (connected, needs a shop choice, or failed).
    AuthFinished {
        shop_id: String,
        outcome: AuthOutcome,
    },
    /// The engine stored new or changed orders of a shop: refresh the orders table.
    OrdersChanged {
        shop_id: String,
        inserted: u32,
        updated: u32,
    },
    /// An incremental pull stored orders the shop never had before, and the shop wants to hear
    /// about them: one event per pull, never for a shop's first pull or a backfill (the rule is
    /// in `notifications`). The shell shows it as a desktop notification.
    NewOrders {
        shop_id: String,
        shop_label: String,
        /// How many new orders the pull stored.
        count: u32,
        /// The newest of them (latest creation time).
        newest_order_id: String,
        /// The product name of its first item.
        newest_item_name: Option<String>,
        /// Unix seconds.
        newest_created_at: i64,
    },
    /// A pull stored buyers' cancellation requests the shop never had before (one event per
    /// pull, never for a shop's first pull; the rule is in `cancellations::news`). The shell
    /// shows it as one desktop notification that opens the orders.
    CancellationRequests {
        shop_id: String,
        shop_label: String,
        /// How many new requests the pull stored.
        count: u32,
        /// The order of the request to answer first (soonest deadline).
        order_id: String,
        /// Its buyer's reason in words.
        #[ts(optional = nullable)]
        reason: Option<String>,
        /// Unix seconds when TikTok decides it on its own.
        #[ts(optional = nullable)]
        deadline: Option<i64>,
    },
    /// A shop's sync state changed (started, finished, backing off, failed).
    SyncStatus { status: SyncStatusView },
    /// Progress of a date-range backfill.
    BackfillProgress { progress: BackfillProgressView },
    /// A backfill ended early: cancelled (code `Cancelled`) or failed. Starting the same range
    /// again resumes it.
    BackfillStopped { shop_id: String, error: ApiError },
    /// A shop's outbox changed (a change queued, sent, failed, retried or dismissed): refresh
    /// the Activity list, the order's outgoing state and the shop card's counts.
    OutboxChanged { shop_id: String },
    /// Progress of a label print ([`crate::Shopdock::print_labels`]).
    LabelsProgress { progress: LabelsProgressView },
    /// Progress of a shop's product import, one step at a time: a full import (`full`), then
    /// the changes since; the import is over when a step that is not `full` finishes.
    ProductImportProgress { progress: ProductImportProgressView },
    /// A product import started in the background ended early: cancelled (code `Cancelled`)
    /// or failed. Starting it again resumes it.
    ProductImportStopped { shop_id: String, error: ApiError },
    /// Thumbnails of a shop's products were downloaded (after an import) or removed: refresh
    /// the products list and drawer, which show the cached ones.
    ProductThumbnailsChanged { shop_id: String },
    /// The seller's SKUs changed (an edit, an import): refresh the SKUs list; the stock and
    /// price of the TikTok SKUs linked to `codes` may need pushing.
    LocalSkusChanged { codes: Vec<String> },
    /// A shop's SKU links changed (set, removed, auto-linked, imported): refresh the mapping
    /// views; the linked TikTok SKUs' stock may need pushing.
    SkuLinksChanged { shop_id: String },
    /// Progress of a shop's finance import, step by step (statements, payments, each
    /// statement's transactions, each settled order's); `finished` on the last event.
    FinanceImportProgress { progress: FinanceImportProgressView },
    /// A finance import started in the background ended early: cancelled (code `Cancelled`)
    /// or failed. Starting it again resumes it.
    FinanceImportStopped { shop_id: String, error: ApiError },
    /// A shop's statements, payouts or order earnings changed: refresh the statements screen
    /// and the earnings in the order drawer and the orders table.
    FinanceChanged { shop_id: String },
}

/// What the sync engine is doing for a shop.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct SyncStatusView {
    pub shop_id: String,
    pub state: SyncState,
    /// Unix seconds of the last pull that finished.
    pub last_sync_at: Option<i64>,
    pub last_error: Option<String>,
}

/// A backfill's progress: `fetched` of `total` orders (TikTok's `total_count`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BackfillProgressView {
    pub shop_id: String,
    pub job_id: i64,
    pub fetched: u64,
    pub total: u64,
    pub windows_done: u32,
    pub windows_total: u32,
    pub finished: bool,
}

/// What the orders table asks for.
#[derive(Debug, Clone, Default, Deserialize, Serialize, TS)]
pub struct OrderQueryInput {
    /// Empty = every shop.
    pub shop_ids: Vec<String>,
    /// A tab; `None` = All.
    pub status_group: Option<StatusGroup>,
    /// Unix seconds, inclusive.
    pub created_from: Option<i64>,
    /// Unix seconds, exclusive.
    pub created_to: Option<i64>,
    pub fulfillment_type: Option<FulfillmentType>,
    pub flags: OrderFlagsInput,
    pub search: Option<String>,
    /// `None` = by creation time.
    pub sort: Option<SortKey>,
    pub descending: bool,
    pub offset: u32,
    /// Rows per page (default 100, at most 1000).
    pub limit: Option<u32>,
}

/// Flag filters: `None` ignores the flag.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, TS)]
pub struct OrderFlagsInput {
    pub on_hold: Option<bool>,
    pub fbt: Option<bool>,
    pub sample: Option<bool>,
    pub replacement: Option<bool>,
    pub buyer_request_cancel: Option<bool>,
}

/// One row of the orders table. Money stays a decimal string in its currency.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OrderRowView {
    pub shop_id: String,
    pub order_id: String,
    pub status: String,
    pub status_group: StatusGroup,
    pub create_time: i64,
    pub update_time: i64,
    pub buyer_name: Option<String>,
    pub buyer_email: Option<String>,
    pub currency: Option<String>,
    pub total_amount: Option<String>,
    pub item_count: u32,
    pub first_item_name: Option<String>,
    pub fulfillment_type: Option<String>,
    /// Ship-by deadline (Unix seconds).
    pub ship_by: Option<i64>,
    pub tracking_number: Option<String>,
    pub flags: Vec<OrderFlag>,
    /// The buyer's pending cancellation request: when TikTok decides if the seller does not
    /// answer (Unix seconds), and the buyer's reason.
    #[ts(optional = nullable)]
    pub cancel_deadline: Option<i64>,
    #[ts(optional = nullable)]
    pub cancel_request_reason: Option<String>,
    /// How many line items are cancelled: a partial cancel leaves the order's status as it
    /// was, only its items say so.
    pub cancelled_items: u32,
    /// The order's latest outgoing change (dismissed ones aside), so the table shows it.
    pub outbox: Option<OrderOutboxView>,
}

/// Where an order's latest outgoing change stands, for its tag in the orders table.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OrderOutboxView {
    pub id: i64,
    pub kind: OutboxKind,
    pub state: OutboxState,
    /// Why it failed, in the seller's words.
    pub reason: Option<String>,
    /// TikTok accepted it but doubted something (its US tracking warning).
    pub warning: Option<String>,
    pub updated_at: i64,
}

/// A page of the orders table with the tab counts.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OrderPageView {
    pub rows: Vec<OrderRowView>,
    /// Orders matching the view; when `counts_exact` is false, only how far the pages are known
    /// to go (the rows so far, plus one when another page follows).
    pub total: u64,
    /// Orders per tab for the same filters (without the tab itself); empty when not exact.
    pub group_counts: Vec<GroupCount>,
    /// False for a search matching thousands of orders: counting them all per tab would make
    /// every keystroke slow, so the page only says whether another page follows.
    pub counts_exact: bool,
    /// Orders of the shops in view that TikTok sent but Shopdock could not read: kept raw and
    /// read again on every pull, shown so the seller knows (usually none).
    pub unreadable: Vec<UnreadableOrderView>,
}

/// An order TikTok sent that Shopdock could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UnreadableOrderView {
    pub shop_id: String,
    /// When the JSON showed one.
    pub order_id: Option<String>,
    /// Why it could not be read (for support).
    pub reason: String,
    /// The JSON exactly as TikTok sent it.
    pub raw_json: String,
    /// Unix seconds.
    pub first_seen_at: i64,
    pub last_seen_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct GroupCount {
    pub group: StatusGroup,
    pub count: u64,
}

/// One line item in the detail drawer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OrderItemView {
    pub line_item_id: String,
    pub sku_id: Option<String>,
    pub seller_sku: Option<String>,
    pub product_name: Option<String>,
    pub sku_name: Option<String>,
    pub sale_price: Option<String>,
    pub display_status: Option<String>,
    pub package_id: Option<String>,
    pub tracking_number: Option<String>,
}

/// A status the order was seen in, and when.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct StatusChangeView {
    pub status: String,
    pub at: i64,
}

/// Everything the detail drawer shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OrderDetailView {
    pub row: OrderRowView,
    pub items: Vec<OrderItemView>,
    /// Absent while TikTok withholds it (unpaid, on hold).
    pub recipient: Option<RecipientView>,
    pub payment: PaymentView,
    pub packages: Vec<PackageView>,
    pub history: Vec<StatusChangeView>,
    /// The order JSON exactly as TikTok sent it.
    pub raw_json: String,
    /// Why automatic confirmation leaves this order alone for now (`None`: it would arrange
    /// it).
    #[ts(optional = nullable)]
    pub confirmation_wait: Option<ConfirmationWaitView>,
    /// The order's latest outgoing change in full (`row.outbox` is its tag): how an arranged
    /// shipment is handed over, the package TikTok shipped, TikTok's warning.
    #[ts(optional = nullable)]
    pub outbox_entry: Option<OutboxEntryView>,
    /// The order's cancellations, newest first: a buyer's pending request to answer, and the
    /// cancels already made (cancelled line items are marked on `items`).
    pub cancellations: Vec<CancellationView>,
    /// Line items whose TikTok SKU links to none of the seller's SKUs, so stock sync cannot
    /// count them (empty while the shop links no SKU at all).
    pub unlinked_line_ids: Vec<String>,
}

/// The recipient address as stored (TikTok's field names; the phone number comes masked).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RecipientView {
    pub name: Option<String>,
    pub phone_number: Option<String>,
    pub full_address: Option<String>,
    /// The street part of `full_address`.
    pub address_detail: Option<String>,
    /// `address_line1..4` that are not empty.
    pub address_lines: Vec<String>,
    /// District names from the country down.
    pub districts: Vec<String>,
    pub postal_code: Option<String>,
    pub region_code: Option<String>,
}

/// The payment breakdown, decimal strings in the order's currency (TikTok's field names; the
/// total and currency are on the row).
#[derive(Debug, Clone, Default, PartialEq, Serialize, TS)]
pub struct PaymentView {
    pub original_total_product_price: Option<String>,
    pub seller_discount: Option<String>,
    pub platform_discount: Option<String>,
    pub sub_total: Option<String>,
    pub shipping_fee: Option<String>,
    pub original_shipping_fee: Option<String>,
    pub shipping_fee_seller_discount: Option<String>,
    pub shipping_fee_platform_discount: Option<String>,
    pub tax: Option<String>,
    pub retail_delivery_fee: Option<String>,
    pub small_order_fee: Option<String>,
    pub buyer_service_fee: Option<String>,
    pub handling_fee: Option<String>,
    pub item_insurance_fee: Option<String>,
}

/// One package of the order.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PackageView {
    pub package_id: String,
    pub tracking_number: Option<String>,
    pub shipping_provider: Option<String>,
}

/// What the seller ships: the seller's own carrier and tracking number for an order shipped
/// by the seller. `line_item_ids` empty = every line item not shipped yet.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, TS)]
pub struct ShipInput {
    pub order_id: String,
    /// The carrier's name as the seller knows it: a name the seller mapped once (see
    /// `remember_carrier`), or the name of one of TikTok's providers for the order's delivery
    /// option (case, spaces and punctuation aside). Anything else is refused with suggestions.
    pub carrier: String,
    pub tracking_number: String,
    #[serde(default)]
    pub line_item_ids: Vec<String>,
}

/// One outgoing change, as the Activity screen, the order drawer and the CLI show it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct OutboxEntryView {
    pub id: i64,
    pub shop_id: String,
    pub kind: OutboxKind,
    /// What the change acts on (an order id for shipping).
    pub target: String,
    pub order_id: Option<String>,
    pub state: OutboxState,
    /// How many times Shopdock tried to send it.
    pub attempts: u32,
    /// Unix seconds when it is tried (or checked) next, while it waits.
    pub next_try_at: Option<i64>,
    /// Why the last attempt did not succeed, in the seller's words.
    pub last_error: Option<String>,
    /// TikTok's error code (or Shopdock's word) for `last_error`.
    pub last_error_code: Option<String>,
    /// The carrier and tracking number of a shipment.
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    /// TikTok accepted the change but doubted something (its US tracking warning).
    pub warning: Option<String>,
    /// How an arranged shipment is handed over ("Drop-off", "TikTok label: ...").
    #[ts(optional = nullable)]
    pub arrangement: Option<String>,
    /// The package TikTok shipped (kept at once: in the US it exists only from then on).
    #[ts(optional = nullable)]
    pub package_id: Option<String>,
    /// The seller may press Retry (a failed row) or Dismiss (a row not sent).
    pub can_retry: bool,
    pub can_dismiss: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub sent_at: Option<i64>,
}

/// Which outgoing changes to list: newest first.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, TS)]
pub struct OutboxListInput {
    /// `None` = every shop.
    #[serde(default)]
    pub shop_id: Option<String>,
    #[serde(default)]
    pub kind: Option<OutboxKind>,
    /// Only failed rows and rows that wait for the seller.
    #[serde(default)]
    pub failed_only: bool,
    /// Only rows older than this id (paging).
    #[serde(default)]
    pub before_id: Option<i64>,
    /// At most this many rows (default 100, at most 1000).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A shop's outgoing changes by state, for the shop card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct OutboxCountsView {
    pub shop_id: String,
    pub queued: u64,
    /// Being sent or checked.
    pub in_flight: u64,
    pub failed: u64,
    pub needs_attention: u64,
}

/// One row of a bulk tracking file, as the preview shows it before anything is queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrackingPreviewRow {
    /// The row's line in the file (the header is line 1).
    pub line: u32,
    pub order_id: String,
    /// The carrier as written in the file.
    pub carrier: String,
    /// The tracking number as written in the file.
    pub tracking: String,
    /// Every reason the row cannot ship, in one sentence each; `None` = it will be queued.
    pub problem: Option<String>,
    /// The same reasons one by one, each with its kind (empty = it will be queued).
    pub problems: Vec<TrackingProblem>,
    /// When the carrier is not one TikTok lists for the order: the likeliest providers, to
    /// confirm one (remembered for later files).
    pub carrier_suggestions: Vec<String>,
    /// The shop whose stored order the row names (`None` when no shop has it).
    pub shop_id: Option<String>,
    /// The outgoing change Shopdock already has for this order (the file was sent before):
    /// shipping the file again does not queue it twice.
    pub outbox_id: Option<i64>,
}

/// A bulk tracking file checked row by row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrackingPreview {
    pub rows: Vec<TrackingPreviewRow>,
    /// Rows without a problem.
    pub valid: u32,
}

/// What shipping a bulk tracking file queued.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct BulkShipResult {
    /// Rows queued now.
    pub queued: u32,
    /// Valid rows whose order Shopdock had queued (or sent) already.
    pub already_queued: u32,
    /// Rows with a problem: nothing queued for them.
    pub refused: u32,
    /// The outgoing change of every valid row, in file order.
    pub entry_ids: Vec<i64>,
}

pub use crate::words::TrackingProblemKind;

/// One reason a bulk tracking file's row cannot ship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct TrackingProblem {
    pub kind: TrackingProblemKind,
    /// The specifics and the fix, in one sentence.
    pub message: String,
}

impl TrackingProblem {
    pub fn new(kind: TrackingProblemKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
        }
    }
}

/// One of TikTok's providers for an order, as the carrier picker offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CarrierSuggestion {
    /// TikTok's name for it (what a mapping remembers).
    pub provider_name: String,
    /// Its id for this order's delivery option.
    pub provider_id: String,
    /// The name typed looks like this provider: offered first, never picked without the
    /// seller's confirmation.
    pub likely: bool,
}

/// What a carrier name means for one order: TikTok's providers for the order's delivery
/// option, the likeliest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CarrierSuggestionsView {
    pub order_id: String,
    /// The carrier name as asked about.
    pub carrier: String,
    /// The provider the name resolves to without asking (remembered, or the provider's own
    /// name); `None` = the seller must choose.
    pub resolved: Option<String>,
    /// The provider the name is remembered as, when TikTok no longer lists it for this order.
    pub broken_mapping: Option<String>,
    pub providers: Vec<CarrierSuggestion>,
}

/// One of the seller's carrier names mapped to a TikTok provider.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct CarrierMappingView {
    pub shop_id: String,
    /// The seller's name as typed when it was confirmed.
    pub seller_name: String,
    /// TikTok's provider name.
    pub provider_name: String,
    /// Whether TikTok still lists the provider for the shop's delivery options: false =
    /// broken (it is not used; map the name again); absent = TikTok could not be asked.
    pub provider_listed: Option<bool>,
    /// Unix seconds.
    pub updated_at: i64,
}

/// A correction of a shipped order's carrier and tracking number. TikTok allows a single
/// update per order (within 72 h of shipment in the US, UK and SEA), so it is sent only with
/// `confirmed`; without it the answer is [`ErrorCode::ConfirmationRequired`] saying so.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, TS)]
pub struct CorrectTrackingInput {
    pub order_id: String,
    pub carrier: String,
    pub tracking_number: String,
    /// The seller confirmed spending the order's single update.
    #[serde(default)]
    pub confirmed: bool,
    /// For an order shipped in several packages: the package to correct.
    #[serde(default)]
    pub package_id: Option<String>,
}

/// How an order's shipment is arranged, by market and shipping type (write-api §A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ArrangeRoute {
    /// Seller shipping in US/UK/EU/JP: the seller's tracking (Mark Package As Shipped).
    MarkShipped,
    /// US TikTok Shipping: buy a TikTok label (Create Packages).
    BuyLabel,
    /// TikTok Shipping elsewhere: pickup or drop-off (Ship Package).
    Handover,
    /// Seller shipping in SEA and LATAM: the seller's tracking through Ship Package.
    SelfShipment,
}

/// A pickup time slot, Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct PickupSlotView {
    pub start_time: i64,
    pub end_time: i64,
}

/// A US TikTok Shipping label service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ShippingServiceView {
    pub id: String,
    pub name: String,
    /// The carrier (shipping provider) name.
    pub provider: String,
    /// Estimated price, a decimal string in `currency`.
    pub price: String,
    pub currency: String,
    pub earliest_delivery_days: Option<i64>,
    pub latest_delivery_days: Option<i64>,
    /// TikTok's default service (used when the seller picks none).
    pub is_default: bool,
}

/// What the seller can choose when arranging one order's shipment.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ArrangementOptionsView {
    pub shop_id: String,
    pub order_id: String,
    pub route: ArrangeRoute,
    /// One sentence: what arranging does for this order.
    pub summary: String,
    /// The package Ship Package acts on (outside the US it exists from payment on).
    pub package_id: Option<String>,
    /// SEA: pickup or drop-off is the warehouse's Seller Center setting; nothing to choose.
    pub handover_set_in_seller_center: bool,
    pub can_pickup: bool,
    pub can_drop_off: bool,
    /// UK only.
    pub can_van_collection: bool,
    /// The pickup slots that can still be booked, earliest first.
    pub pickup_slots: Vec<PickupSlotView>,
    /// Where drop-off points are listed.
    pub drop_off_point_url: Option<String>,
    /// US label services, TikTok's default flagged.
    pub services: Vec<ShippingServiceView>,
    /// TikTok allocates the label service for this seller: only one is offered and a chosen
    /// id is ignored.
    pub service_allocated: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum WeightUnit {
    Gram,
    Pound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LengthUnit {
    Cm,
    Inch,
}

/// A package weight: a positive decimal string.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct PackageWeightInput {
    pub value: String,
    pub unit: WeightUnit,
}

/// Package dimensions, all three together: positive decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct PackageDimensionInput {
    pub length: String,
    pub width: String,
    pub height: String,
    pub unit: LengthUnit,
}

/// How the seller arranges the shipment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ArrangeChoice {
    /// The carrier collects in this slot (one of the options' `pickup_slots`).
    Pickup { slot: PickupSlotView },
    /// The seller drops the package off.
    DropOff,
    /// SEA: hand over as the warehouse's Seller Center setting says.
    AsSellerCenterSays,
    /// US: buy TikTok's label. No service = TikTok's default; weight and dimensions may be
    /// left out (TikTok then uses the package's own).
    BuyLabel {
        #[serde(default)]
        service_id: Option<String>,
        #[serde(default)]
        weight: Option<PackageWeightInput>,
        #[serde(default)]
        dimension: Option<PackageDimensionInput>,
    },
}

/// Arrange one order's shipment.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, TS)]
pub struct ArrangeInput {
    pub order_id: String,
    pub choice: ArrangeChoice,
}

/// Why automatic confirmation leaves an order alone for now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConfirmationWaitView {
    pub reason: String,
    /// Unix seconds when the wait ends by itself, when known (the buyer's remorse hour).
    pub until: Option<i64>,
}

/// The default handover of automatic confirmation (outside SEA, where Seller Center decides).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ConfirmHandover {
    /// Pickup in the earliest slot that can be booked when the change is sent.
    Pickup,
    DropOff,
}

/// What to print: the orders the seller picked, or every seller-shipped order of a tab.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct PrintInput {
    /// Only this shop's orders; `None` = every shop.
    pub shop_id: Option<String>,
    /// The orders to print, in this order. Empty = every seller-shipped order of `status_group`.
    pub order_ids: Vec<String>,
    /// With no `order_ids`: the tab to print (usually `to_ship`), oldest order first.
    pub status_group: Option<StatusGroup>,
    pub kind: DocumentKind,
    pub size: PageSize,
    /// Where to write the PDF; `None` = `documents/` in Shopdock's data folder.
    pub path: Option<String>,
}

/// A PDF Shopdock wrote.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PrintedDocument {
    pub path: String,
    pub kind: DocumentKind,
    pub pages: u32,
    /// The orders it covers.
    pub orders: u32,
    /// The file's size.
    pub bytes: u64,
}

/// Which orders' TikTok shipping labels to print: the picked ones, or every seller-fulfilled
/// order of a tab.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct LabelsInput {
    /// Only this shop's orders; `None` = every shop.
    pub shop_id: Option<String>,
    /// The orders, in this order. Empty = every order of `status_group`.
    pub order_ids: Vec<String>,
    /// With no `order_ids`: the tab (usually `to_ship`), oldest order first.
    pub status_group: Option<StatusGroup>,
    pub size: LabelSize,
    /// Where to write the PDF; `None` = `documents/` in Shopdock's data folder.
    pub path: Option<String>,
    /// Names this print in [`CoreEvent::LabelsProgress`] and for
    /// [`crate::Shopdock::cancel_label_print`]; `None` = Shopdock picks one.
    pub job_id: Option<String>,
}

/// An order without a label in the printed file, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MissingLabelView {
    pub shop_id: String,
    pub order_id: String,
    pub reason: NoLabelReason,
    /// What to do instead, in the seller's words.
    pub message: String,
}

/// The labels Shopdock printed: one PDF with every label found, and the orders left out.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct PrintedLabels {
    pub path: String,
    pub size: LabelSize,
    pub pages: u32,
    /// Orders with their label(s) in the file.
    pub orders: u32,
    /// Labels in the file (an order shipped in two packages has two).
    pub labels: u32,
    /// The file's size.
    pub bytes: u64,
    pub missing: Vec<MissingLabelView>,
}

/// A kept TikTok label of an order (downloaded once; it prints offline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KeptLabelView {
    pub package_id: String,
    pub size: LabelSize,
    pub tracking_number: Option<String>,
    pub path: String,
    /// Unix seconds.
    pub fetched_at: i64,
}

/// How far a label print is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LabelsProgressView {
    pub job_id: String,
    /// Orders resolved (a label found, or why not).
    pub done: u32,
    pub total: u32,
    /// Orders whose label the carrier is still generating: Shopdock is waiting to retry.
    pub generating: u32,
}

/// What opening found wrong with the database and did about it: shown once, prominently.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct DatabaseNotice {
    /// What SQLite reported (for support).
    pub problem: String,
    /// The folder the damaged database was moved to (kept, never deleted).
    pub damaged_kept_at: String,
    /// The backup now in use; `None` when there was none and Shopdock started empty.
    pub restored_from: Option<String>,
    /// Unix seconds when that backup was taken.
    pub backup_taken_at: Option<i64>,
    /// What happened and what was kept, in the seller's words.
    pub message: String,
}

/// One backup of the database.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct BackupView {
    pub path: String,
    /// Unix seconds.
    pub taken_at: i64,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct RestoreView {
    /// The schema version of the restored file (brought up to date since).
    pub from_version: u32,
    /// Where the replaced database was kept; `None` when there was none.
    pub kept_aside: Option<String>,
    pub message: String,
}
