//! The outbox's stored words and records: what a row is, and what its calls take and return.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSqlOutput, ValueRef};
use rusqlite::ToSql;

/// What an outbox row asks TikTok to do. Stored as its snake_case word; the table has no check on
/// it, so a new kind needs no migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxKind {
    /// Arrange shipment through TikTok (Ship Package with a handover method, or a bought label).
    ArrangeShipment,
    /// Mark Package As Shipped with the seller's tracking number and carrier.
    MarkShipped,
    /// Correct a shipped order's tracking (TikTok allows a single update).
    UpdateTracking,
    /// The seller cancels an order (or some of its lines): Cancel Order.
    SellerCancel,
    /// Approve a buyer's cancellation request.
    ApproveCancellation,
    /// Reject a buyer's cancellation request.
    RejectCancellation,
    /// An absolute stock quantity.
    Stock,
    /// An absolute price.
    Price,
    /// A product's content (title, images, attributes, ...).
    ProductEdit,
}

impl OutboxKind {
    /// Every kind, in declaration order.
    pub const ALL: [OutboxKind; 9] = [
        OutboxKind::ArrangeShipment,
        OutboxKind::MarkShipped,
        OutboxKind::UpdateTracking,
        OutboxKind::SellerCancel,
        OutboxKind::ApproveCancellation,
        OutboxKind::RejectCancellation,
        OutboxKind::Stock,
        OutboxKind::Price,
        OutboxKind::ProductEdit,
    ];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::ArrangeShipment => "arrange_shipment",
            OutboxKind::MarkShipped => "mark_shipped",
            OutboxKind::UpdateTracking => "update_tracking",
            OutboxKind::SellerCancel => "seller_cancel",
            OutboxKind::ApproveCancellation => "approve_cancellation",
            OutboxKind::RejectCancellation => "reject_cancellation",
            OutboxKind::Stock => "stock",
            OutboxKind::Price => "price",
            OutboxKind::ProductEdit => "product_edit",
        }
    }

    /// The kind a stored spelling names.
    pub fn parse(word: &str) -> Option<OutboxKind> {
        OutboxKind::ALL.into_iter().find(|k| k.as_str() == word)
    }
}

/// Where a row stands. The transitions are in the table of the [`crate::outbox`] module docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutboxState {
    /// Waiting to be claimed at `next_try_at`.
    Queued,
    /// Claimed by a drainer: the call may be in flight.
    Sending,
    /// The last send may or may not have reached TikTok (timeout, reset, 5xx, an undecodable
    /// reply, a crash while sending): the drainer reads TikTok's state before any resend.
    NeedsCheck,
    /// TikTok applied the change.
    Sent,
    /// TikTok refused for a reason that may pass (rate limit, a transient code): tried again at
    /// `next_try_at`.
    Failed,
    /// Not tried again until the seller retries or dismisses it.
    NeedsAttention,
    /// The seller gave up on it.
    Dismissed,
    /// A newer absolute value for the same key replaced it before it was settled.
    Superseded,
}

impl OutboxState {
    /// Every state, in declaration order.
    pub const ALL: [OutboxState; 8] = [
        OutboxState::Queued,
        OutboxState::Sending,
        OutboxState::NeedsCheck,
        OutboxState::Sent,
        OutboxState::Failed,
        OutboxState::NeedsAttention,
        OutboxState::Dismissed,
        OutboxState::Superseded,
    ];

    /// The states the Activity screen's "failed only" filter shows.
    pub const PROBLEMS: [OutboxState; 2] = [OutboxState::Failed, OutboxState::NeedsAttention];

    /// The stored spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxState::Queued => "queued",
            OutboxState::Sending => "sending",
            OutboxState::NeedsCheck => "needs_check",
            OutboxState::Sent => "sent",
            OutboxState::Failed => "failed",
            OutboxState::NeedsAttention => "needs_attention",
            OutboxState::Dismissed => "dismissed",
            OutboxState::Superseded => "superseded",
        }
    }

    /// The state a stored spelling names.
    pub fn parse(word: &str) -> Option<OutboxState> {
        OutboxState::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// Waiting for a drainer's claim (these rows have a `next_try_at`).
    pub fn is_due_later(self) -> bool {
        matches!(
            self,
            OutboxState::Queued | OutboxState::Failed | OutboxState::NeedsCheck
        )
    }

    /// Nothing more will happen to the row by itself or by the seller.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            OutboxState::Sent | OutboxState::Dismissed | OutboxState::Superseded
        )
    }
}

impl std::fmt::Display for OutboxState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn word_from_sql<T>(value: ValueRef<'_>, parse: impl Fn(&str) -> Option<T>) -> FromSqlResult<T> {
    let text = value.as_str()?;
    parse(text).ok_or_else(|| FromSqlError::Other(format!("unknown value {text:?}").into()))
}

impl ToSql for OutboxKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl FromSql for OutboxKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        word_from_sql(value, OutboxKind::parse)
    }
}

impl ToSql for OutboxState {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl FromSql for OutboxState {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        word_from_sql(value, OutboxState::parse)
    }
}

/// How a new intent relates to earlier ones with the same key (within one shop and kind). The key
/// should name the target (and, for a partial shipment, its lines), e.g. `order:5770…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dedupe {
    /// Every intent is its own row.
    None,
    /// At most one row per key that is not dismissed, sent ones included: a second click on Ship,
    /// or an automatic confirmation that runs again, finds the first row and writes nothing.
    Once(String),
    /// For absolute values (stock, price): at most one row per key waiting to be sent, and a
    /// newer value replaces its payload. A row already claimed is left alone; the new value
    /// queues behind it.
    Latest(String),
}

impl Dedupe {
    pub(crate) fn rule(&self) -> &'static str {
        match self {
            Dedupe::None => "none",
            Dedupe::Once(_) => "once",
            Dedupe::Latest(_) => "latest",
        }
    }

    pub(crate) fn key(&self) -> Option<&str> {
        match self {
            Dedupe::None => None,
            Dedupe::Once(key) | Dedupe::Latest(key) => Some(key),
        }
    }

    pub(crate) fn from_stored(rule: &str, key: Option<String>) -> Result<Dedupe, String> {
        match (rule, key) {
            ("none", None) => Ok(Dedupe::None),
            ("once", Some(key)) => Ok(Dedupe::Once(key)),
            ("latest", Some(key)) => Ok(Dedupe::Latest(key)),
            (rule, key) => Err(format!("dedupe rule {rule:?} with key {key:?}")),
        }
    }
}

/// A change to send, written with the local change it stands for.
#[derive(Debug, Clone, PartialEq)]
pub struct NewIntent {
    pub shop_id: String,
    pub kind: OutboxKind,
    /// What the change acts on: an order, package, SKU or product id (TikTok's, as a string).
    /// A target's changes are sent one at a time, in the order they were queued.
    pub target: String,
    /// The order the change belongs to, when it belongs to one: the orders table shows its state.
    pub order_id: Option<String>,
    /// What the drainer needs to make the call, in core's own shape.
    pub payload: serde_json::Value,
    pub dedupe: Dedupe,
}

/// What [`crate::WriteTxn::enqueue`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    /// A new row, queued.
    Queued(i64),
    /// A [`Dedupe::Once`] key already has this row: nothing was written.
    AlreadyThere { id: i64, state: OutboxState },
    /// A [`Dedupe::Latest`] key's waiting row now carries the new payload and is queued.
    Replaced(i64),
}

impl Enqueued {
    /// The row that now stands for the intent.
    pub fn id(self) -> i64 {
        match self {
            Enqueued::Queued(id) | Enqueued::Replaced(id) | Enqueued::AlreadyThere { id, .. } => id,
        }
    }
}

/// Why the last attempt did not succeed: a stable code (TikTok's number or core's word) and the
/// seller-facing reason core chose for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxProblem {
    pub code: String,
    pub reason: String,
}

/// One stored row.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxEntry {
    pub id: i64,
    pub shop_id: String,
    pub kind: OutboxKind,
    pub target: String,
    pub order_id: Option<String>,
    pub payload: serde_json::Value,
    pub dedupe: Dedupe,
    pub state: OutboxState,
    /// The last send may have reached TikTok: reconcile before sending again. Kept through
    /// failures and retries until TikTok's answer or state settles it.
    pub outcome_unknown: bool,
    /// How many times a drainer claimed the row.
    pub attempts: u32,
    /// When the row is due; set exactly while it waits for a claim.
    pub next_try_at: Option<i64>,
    /// Kept after a later success, as history; the state says whether it still matters.
    pub last_error: Option<OutboxProblem>,
    /// What TikTok answered on success, e.g. the package id or a warning message.
    pub result: Option<serde_json::Value>,
    pub created_at: i64,
    pub updated_at: i64,
    pub sent_at: Option<i64>,
}

/// Proof of one claim. Marking a row needs the ticket of its current claim, so a drainer whose
/// claim was taken over (its lease expired and another drainer recovered the row) cannot settle it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClaimTicket {
    pub id: i64,
    /// The row's attempt count after this claim.
    pub attempt: u32,
}

/// A row handed to a drainer, now `sending`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimedIntent {
    pub ticket: ClaimTicket,
    pub entry: OutboxEntry,
}

impl ClaimedIntent {
    /// The previous send may have landed: read TikTok's state first, and send only if the change
    /// is not there.
    pub fn must_reconcile(&self) -> bool {
        self.entry.outcome_unknown
    }
}

/// The result of asking for a shop's drain lease.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DrainLease {
    /// The caller now holds the lease. `recovered` rows its predecessor left `sending` are now
    /// `needs_check` (or `superseded`).
    Acquired { recovered: u64 },
    /// The caller already held it; its expiry moved.
    Renewed,
    /// Another drainer holds it until `expires_at`.
    HeldByOther { holder: String, expires_at: i64 },
}

/// A shop's rows by state, for the shop card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutboxCounts {
    pub queued: u64,
    /// `sending` and `needs_check`.
    pub in_flight: u64,
    pub failed: u64,
    pub needs_attention: u64,
}

impl OutboxCounts {
    /// Rows still to be sent or checked.
    pub fn pending(&self) -> u64 {
        self.queued + self.in_flight
    }

    /// Rows the shop card shows as failures.
    pub fn problems(&self) -> u64 {
        self.failed + self.needs_attention
    }
}

/// The latest row of an order, for the orders table's column and the drawer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderOutboxStatus {
    pub id: i64,
    pub kind: OutboxKind,
    pub state: OutboxState,
    pub last_error: Option<OutboxProblem>,
    /// What TikTok answered on success (e.g. its US tracking warning), shown on the order.
    pub result: Option<serde_json::Value>,
    pub updated_at: i64,
}

/// Which rows the Activity list shows. Newest first; page with `before_id`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxFilter {
    pub shop_id: Option<String>,
    pub kind: Option<OutboxKind>,
    /// Only rows in these states; empty = every state.
    pub states: Vec<OutboxState>,
    /// Only rows older than this id (the previous page's `next_before_id`).
    pub before_id: Option<i64>,
    /// At most this many rows (capped at [`MAX_OUTBOX_PAGE`]).
    pub limit: u32,
}

impl Default for OutboxFilter {
    fn default() -> Self {
        OutboxFilter {
            shop_id: None,
            kind: None,
            states: Vec::new(),
            before_id: None,
            limit: 100,
        }
    }
}

/// The most rows one list call returns.
pub const MAX_OUTBOX_PAGE: u32 = 1000;

/// One page of the Activity list.
#[derive(Debug, Clone, PartialEq)]
pub struct OutboxPage {
    pub entries: Vec<OutboxEntry>,
    /// Pass as `before_id` for the next page; `None` on the last page.
    pub next_before_id: Option<i64>,
}
