//! Stock and price sync (schema: the migration "stock and price sync"; core's `stock` module
//! has the rules and the calls).
//!
//! * `settings`: each shop's stock rules and reconciliation clock, and the currency of the
//!   seller's own prices.
//! * `marks`: which products may need a push. Triggers write a mark in the transaction of
//!   every change that can move a figure (a stock count, a price, a link, an option turned on,
//!   a product going live), and `Store::flush_sync_marks` turns marks into outbox rows, one
//!   per product, so no change is lost and a burst costs one push.
//! * `orders`: what orders do to stock. Units of unshipped orders are *reserved* (counted
//!   from the stored orders of every shop whenever a figure is computed); a line that ships
//!   leaves the on-hand count once (`WriteTxn::stock_after_orders`, in the transaction that
//!   stores the order); a cancelled line reserves nothing.
//! * `inputs`: everything a push of some products of a shop needs, from one snapshot.
//! * `state`: what the last push of each SKU did, and what reconciliation found.

mod inputs;
mod marks;
mod orders;
mod settings;
mod state;

pub use inputs::{
    LinkedSkuInputs, LocalStockRow, PriceInputs, PricedSku, ProductInputs, StockInputs,
};
pub use marks::{SyncKind, SyncMark};
pub use orders::OrderStockEffects;
pub use settings::{ShareRule, StockSettings};
pub use state::{PriceSyncRow, SkuPriceResult, SkuStockResult, StockFinding, StockSyncRow};
