//! The Tauri commands, written once in the table at the bottom of this file.
//!
//! Each entry of `commands!` becomes
//! - an async `#[tauri::command]` that waits for the facade and returns
//!   `Result<T, shopdock_core::ApiError>` (a failure reaches the UI as that `ApiError`),
//! - a line of [`handler`], which registers it with the app,
//! - a [`CommandSig`] in [`signatures`], from which `bindings.rs` writes its typed TypeScript
//!   function into `ui/src/lib/bindings.ts`.
//!
//! Adding a command is one entry: doc comment, name, the variable that holds the facade
//! (optionally `shopdock with core`, which also names the shell's `Core` for the few commands
//! that need what only the shell knows, such as the export folder), the arguments (each type must be `serde::Deserialize + ts_rs::TS`), the return type (`Serialize +
//! TS`) and a body that calls the facade. Then run `SHOPDOCK_WRITE_BINDINGS=1 cargo test -p
//! shopdock --lib bindings` to regenerate the TypeScript.

use std::sync::Arc;

use shopdock_core::{
    ArrangeInput, ArrangementOptionsView, AuthOutcome, AuthSession, CarrierMappingView,
    CarrierSuggestionsView, ConfirmHandover, ConnectionReport, CorrectTrackingInput, OptionsPatch,
    OptionsView, OrderDetailView, OrderPageView, OrderQueryInput, OutboxCountsView,
    OutboxEntryView, OutboxListInput, PollIntervalView, RegistrationInput, ShipInput, ShopView,
    SyncStatusView,
};
use shopdock_core::{
    AutoLinkProposal, AutoLinkResult, BrokenLinkView, LinkPartView, LocalSkuInput, LocalSkuView,
    MappingExportView, MappingPreview, MappingResult, SkuImportPreview, SkuImportResult,
    SkuLinkView, SpreadsheetFormat, TikTokSkuView,
};
use shopdock_core::{
    BackupView, DatabaseNotice, LabelsInput, PrintInput, PrintedDocument, PrintedLabels,
};
use shopdock_core::{BulkShipResult, TrackingPreview};
use shopdock_core::{CancelReasonView, CancellationListInput, CancellationView, SellerCancelInput};
use shopdock_core::{
    FinanceExportInput, FinanceExportRows, FinanceQueryInput, FinanceRange, FinanceSummaryInput,
    FinanceSummaryView, OrderEarningsRowView, OrderEarningsView, PayoutView, StatementDetailView,
    StatementPageView,
};
use shopdock_core::{
    ProductDrawerView, ProductImportStatusView, ProductPageView, ProductQueryInput,
};
use shopdock_core::{StockReconcileView, StockSettingsView, StockStatusView};
use ts_rs::TypeVisitor as _;

use crate::bindings::CommandSig;
use crate::facade::Core;
use crate::preferences::{Folder, SettingsInput, SettingsView};

/// Expands the command table; see the module docs.
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($shopdock:ident $(with $core:ident)? $(, $arg:ident: $ty:ty)* $(,)?)
            -> $ret:ty $body:block
    )*) => {
        $(
            $(#[doc = $doc])*
            #[tauri::command]
            pub async fn $name(
                core: tauri::State<'_, Arc<Core>>,
                $($arg: $ty),*
            ) -> Result<$ret, shopdock_core::ApiError> {
                let $shopdock = core.get().await?;
                $(let $core: &Core = &core;)?
                $body
            }
        )*

        /// The invoke handler that routes every command of the table.
        pub fn handler<R: tauri::Runtime>(
        ) -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![$($name),*]
        }

        /// Every command of the table, in table order, for the bindings generator.
        pub fn signatures() -> Vec<CommandSig> {
            vec![$(
                CommandSig {
                    name: stringify!($name),
                    docs: &[$($doc),*],
                    args: vec![$((stringify!($arg), <$ty as ts_rs::TS>::name())),*],
                    returns: <$ret as ts_rs::TS>::name(),
                    visit_types: |types| {
                        types.visit::<$ret>();
                        $(types.visit::<$ty>();)*
                    },
                }
            ),*]
        }
    };
}

commands! {
    /// Every registered shop, demo shop included, in the order they were added.
    fn list_shops(shopdock) -> Vec<ShopView> {
        shopdock.list_shops().await
    }

    /// Registers (or returns the existing) demo shop, backed by the in-process sandbox.
    fn add_demo_shop(shopdock) -> ShopView {
        shopdock.add_demo_shop().await
    }

    /// Registers a real shop. Nothing is saved unless every field is valid: a `Validation`
    /// error lists each problem in `fields`.
    fn register_shop(shopdock, input: RegistrationInput) -> ShopView {
        shopdock.register_shop(input).await
    }

    /// Edits a shop's registration; an absent `app_secret` keeps the saved one. Changing the
    /// app key or shop disconnects it.
    fn update_shop(shopdock, shop_id: String, input: RegistrationInput) -> ShopView {
        shopdock.update_shop(&shop_id, input).await
    }

    /// Removes a shop with its keyring entries and every order stored for it.
    fn remove_shop(shopdock, shop_id: String) -> () {
        shopdock.remove_shop(&shop_id).await
    }

    /// Starts Get Auth: opens the browser and returns at once; the outcome arrives as the
    /// `AuthFinished` event.
    fn begin_auth(shopdock, shop_id: String) -> AuthSession {
        shopdock.begin_auth(&shop_id).await
    }

    /// Stops a Get Auth that is waiting for the browser.
    fn cancel_auth(shopdock, shop_id: String) -> () {
        shopdock.cancel_auth(&shop_id);
        Ok(())
    }

    /// The manual fallback of Get Auth: the address the browser ended on (or the code).
    fn submit_redirect(shopdock, shop_id: String, pasted: String) -> AuthOutcome {
        shopdock.submit_redirect(&shop_id, &pasted).await
    }

    /// Completes a `ChooseShop` outcome with the shop the seller picked.
    fn choose_authorized_shop(shopdock, shop_id: String, tiktok_shop_id: String) -> AuthOutcome {
        shopdock.choose_authorized_shop(&shop_id, &tiktok_shop_id).await
    }

    /// Test Connection: every check, passing or failing with its fix.
    fn test_connection(shopdock, shop_id: String) -> ConnectionReport {
        shopdock.test_connection(&shop_id).await
    }

    /// The shop's automation options and poll interval.
    fn shop_options(shopdock, shop_id: String) -> OptionsView {
        shopdock.shop_options(&shop_id).await
    }

    /// Changes options; nothing is saved unless the whole patch is valid.
    fn set_shop_options(shopdock, shop_id: String, patch: OptionsPatch) -> OptionsView {
        shopdock.set_shop_options(&shop_id, patch).await
    }

    /// The automatic backups of the database, newest first (Settings).
    fn backups(shopdock) -> Vec<BackupView> {
        shopdock.backups().await
    }

    /// Backs the database up now, beside the automatic backups.
    fn backup_now(shopdock) -> BackupView {
        shopdock.backup_now().await
    }

    /// The poll interval a shop added now starts with (Settings).
    fn default_poll_interval(shopdock) -> PollIntervalView {
        shopdock.default_poll_interval().await
    }

    /// Sets every shop's poll interval and the one shops added later start with.
    fn set_poll_interval_everywhere(shopdock, secs: u32) -> PollIntervalView {
        shopdock.set_poll_interval_everywhere(secs).await
    }

    /// One page of the orders table, with the counts of the status tabs.
    fn query_orders(shopdock, input: OrderQueryInput) -> OrderPageView {
        shopdock.query_orders(input).await
    }

    /// Everything stored about one order, for the detail drawer.
    fn order_detail(shopdock, shop_id: String, order_id: String) -> OrderDetailView {
        shopdock.order_detail(&shop_id, &order_id).await
    }

    /// Writes every order of the view (all pages) as CSV into the Downloads folder (else the
    /// home folder) as `shopdock-orders-YYYYMMDD-HHMMSS.csv`; returns the file's path.
    fn export_orders_csv(shopdock with core, input: OrderQueryInput) -> String {
        let path = core.export_path("orders", "csv")?;
        shopdock.export_orders_csv(input, &path).await?;
        Ok(path.display().to_string())
    }

    /// "Sync now": the shop's next order pull starts at once.
    fn sync_now(shopdock, shop_id: String) -> () {
        shopdock.sync_now(&shop_id);
        Ok(())
    }

    /// The sync engine's last known state of every shop (then `SyncStatus` events follow).
    fn sync_statuses(shopdock) -> Vec<SyncStatusView> {
        Ok(shopdock.sync_statuses())
    }

    /// Fetches every order created in `[from, to)` (Unix seconds) in the background; progress
    /// arrives as `BackfillProgress` events, an early end as `BackfillStopped`.
    fn start_backfill(shopdock, shop_id: String, from: i64, to: i64) -> () {
        shopdock.start_backfill(&shop_id, from, to).await
    }

    /// Cancels the shop's running backfill; what it fetched stays.
    fn cancel_backfill(shopdock, shop_id: String) -> () {
        shopdock.cancel_backfill(&shop_id);
        Ok(())
    }

    /// Queues Mark Package As Shipped for a seller-shipped order (carrier + tracking). An order
    /// that cannot ship is refused with the reason; shipping it again returns the same row.
    fn ship_order(shopdock, shop_id: String, input: ShipInput) -> OutboxEntryView {
        shopdock.ship_order(&shop_id, input).await
    }

    /// What the seller can choose to arrange one order's shipment: the route for its market
    /// and shipping type, pickup slots / drop-off, or the US label services. An order that
    /// cannot be arranged now is refused with the reason.
    fn arrangement_options(shopdock, shop_id: String, order_id: String) -> ArrangementOptionsView {
        shopdock.arrangement_options(&shop_id, &order_id).await
    }

    /// Queues the arrangement (pickup in a slot, drop-off, SEA's Seller Center setting, or a
    /// US TikTok label) once per order; arranging again returns the same row.
    fn arrange_shipment(shopdock, shop_id: String, input: ArrangeInput) -> OutboxEntryView {
        shopdock.arrange_shipment(&shop_id, input).await
    }

    /// How automatic order confirmation hands packages over where the seller chooses
    /// (pickup in the earliest slot, or drop-off).
    fn confirm_handover(shopdock, shop_id: String) -> ConfirmHandover {
        shopdock.confirm_handover(&shop_id).await
    }

    /// Sets how automatic order confirmation hands packages over.
    fn set_confirm_handover(shopdock, shop_id: String, handover: ConfirmHandover) -> ConfirmHandover {
        shopdock.set_confirm_handover(&shop_id, handover).await
    }

    /// Buyers' cancellation requests and cancels of one shop or all, pending requests first
    /// (soonest deadline first).
    fn cancellations(shopdock, input: CancellationListInput) -> Vec<CancellationView> {
        shopdock.cancellations(input).await
    }

    /// One order's cancellations, newest first.
    fn order_cancellations(shopdock, shop_id: String, order_id: String) -> Vec<CancellationView> {
        shopdock.order_cancellations(&shop_id, &order_id).await
    }

    /// The reasons the seller may cancel this order with now (TikTok's Get Aftersale
    /// Eligibility first, then the market's reasons for the order's status). An order the
    /// seller cannot cancel is refused with the reason.
    fn cancel_reasons(shopdock, shop_id: String, order_id: String) -> Vec<CancelReasonView> {
        shopdock.cancel_reasons(&shop_id, &order_id).await
    }

    /// The reasons the seller may reject a buyer's request with (TikTok's Get Reject Reasons).
    fn reject_reasons(shopdock, shop_id: String, cancel_id: String) -> Vec<CancelReasonView> {
        shopdock.reject_reasons(&shop_id, &cancel_id).await
    }

    /// Queues the approval of a buyer's pending request (once: approving again returns the
    /// same row); the order follows TikTok's answer.
    fn approve_cancellation(shopdock, shop_id: String, cancel_id: String) -> OutboxEntryView {
        shopdock.approve_cancellation(&shop_id, &cancel_id).await
    }

    /// Queues the rejection of a buyer's pending request with a reason from `reject_reasons`
    /// and an optional comment for the buyer.
    fn reject_cancellation(
        shopdock,
        shop_id: String,
        cancel_id: String,
        reason: String,
        comment: Option<String>,
    ) -> OutboxEntryView {
        shopdock
            .reject_cancellation(&shop_id, &cancel_id, &reason, comment)
            .await
    }

    /// Queues the seller's cancel of an order (or, US and UK out of stock, some of its items)
    /// with a reason from `cancel_reasons`; a reason that does not fit is refused, nothing sent.
    fn seller_cancel(shopdock, shop_id: String, input: SellerCancelInput) -> OutboxEntryView {
        shopdock.seller_cancel(&shop_id, input).await
    }

    /// What Shopdock sent to TikTok and what failed, newest first.
    fn list_outbox(shopdock, input: OutboxListInput) -> Vec<OutboxEntryView> {
        shopdock.list_outbox(input).await
    }

    /// Sends a failed change again.
    fn retry_outbox(shopdock, id: i64) -> OutboxEntryView {
        shopdock.retry_outbox(id).await
    }

    /// Gives up on a change that was not sent.
    fn dismiss_outbox(shopdock, id: i64) -> OutboxEntryView {
        shopdock.dismiss_outbox(id).await
    }

    /// Each shop's outgoing changes by state, for the shop cards.
    fn outbox_counts(shopdock) -> Vec<OutboxCountsView> {
        shopdock.outbox_counts().await
    }

    /// Refuses a tracking file over the size limit before the window reads it (the CLI's
    /// message), so a huge file never crosses IPC.
    fn check_tracking_upload(shopdock, name: String, size: u64) -> () {
        shopdock.check_tracking_upload(&name, size)
    }

    /// A bulk tracking file the seller picked (its name gives the format: CSV, XLSX, XLS, ODS)
    /// checked row by row against the stored orders and TikTok's carriers; nothing is queued.
    /// `shop_id`: the shop its orders belong to (`null` looks in every shop).
    fn preview_tracking_upload(shopdock, name: String, bytes: Vec<u8>, shop_id: Option<String>)
        -> TrackingPreview {
        shopdock.preview_tracking_upload(&name, bytes, shop_id.as_deref()).await
    }

    /// Checks the file again and queues its valid rows (one transaction); rows whose order was
    /// queued before are not queued twice.
    fn ship_from_upload(shopdock, name: String, bytes: Vec<u8>, shop_id: Option<String>)
        -> BulkShipResult {
        shopdock.ship_from_upload(&name, bytes, shop_id.as_deref()).await
    }

    /// TikTok's carriers for an order, the likeliest for `name` first, and what `name`
    /// resolves to without asking (a remembered mapping or a provider's own name).
    fn carrier_suggestions(
        shopdock,
        shop_id: String,
        order_id: String,
        name: String,
    ) -> CarrierSuggestionsView {
        shopdock.carrier_suggestions(&shop_id, &order_id, &name).await
    }

    /// Remembers that the seller's carrier name means one of TikTok's providers.
    fn remember_carrier(
        shopdock,
        shop_id: String,
        seller_name: String,
        provider_name: String,
    ) -> CarrierMappingView {
        shopdock
            .remember_carrier(&shop_id, &seller_name, &provider_name)
            .await
    }

    /// The shop's remembered carrier names (a broken one says so).
    fn carrier_mappings(shopdock, shop_id: String) -> Vec<CarrierMappingView> {
        shopdock.carrier_mappings(&shop_id).await
    }

    /// Forgets a remembered carrier name; false when it was not remembered.
    fn forget_carrier(shopdock, shop_id: String, seller_name: String) -> bool {
        shopdock.forget_carrier(&shop_id, &seller_name).await
    }

    /// Queues a correction of a shipped order's carrier and tracking number. TikTok allows a
    /// single update, so without `confirmed` the answer is `ConfirmationRequired` with the
    /// question to ask; send it again confirmed.
    fn correct_tracking(
        shopdock,
        shop_id: String,
        input: CorrectTrackingInput,
    ) -> OutboxEntryView {
        shopdock.correct_tracking(&shop_id, input).await
    }

    /// Packing slips or a pick list of the picked orders (or of a tab's seller-shipped orders)
    /// as one PDF, written to `input.path` or `documents/` in Shopdock's data folder.
    fn print_documents(shopdock, input: PrintInput) -> PrintedDocument {
        shopdock.print_documents(input).await
    }

    /// TikTok's shipping labels of the picked orders (or of a tab's) as one PDF, written to
    /// `input.path` or `documents/` in Shopdock's data folder. Kept labels print as they are;
    /// the others are fetched and kept first, `LabelsProgress` events following the print. The
    /// orders without a label come back with the reason; none at all is a `NotFound` error.
    fn print_labels(shopdock, input: LabelsInput) -> PrintedLabels {
        shopdock.print_labels(input).await
    }

    /// Stops the label print `job_id` (the labels downloaded so far stay kept); false when no
    /// such print is running.
    fn cancel_label_print(shopdock, job_id: String) -> bool {
        Ok(shopdock.cancel_label_print(&job_id))
    }

    /// Opens a printed PDF in the system's PDF viewer.
    fn open_document(_shopdock with core, path: String) -> () {
        crate::viewer::open_pdf(&core.app, &path)
    }

    /// What opening found wrong with the database and did about it (a damaged file kept aside,
    /// the backup restored); `null` when it was sound. The window shows it once.
    fn database_notice(shopdock) -> Option<DatabaseNotice> {
        Ok(shopdock.database_notice())
    }

    /// The Settings screen: the seller's choices, the data and log folders, the version.
    fn app_settings(shopdock with core) -> SettingsView {
        crate::preferences::view(&core.app, shopdock)
    }

    /// Saves the Settings screen's choices (start at login registers with the desktop).
    fn set_app_settings(shopdock with core, input: SettingsInput) -> SettingsView {
        crate::preferences::apply(&core.app, shopdock, input)
    }

    /// Opens the data or the log folder in the file manager.
    fn open_folder(shopdock with core, folder: Folder) -> () {
        crate::preferences::open_folder(&core.app, shopdock, folder)
    }

    /// The seller's own SKUs (one list for every shop), by code.
    fn list_local_skus(shopdock) -> Vec<LocalSkuView> {
        shopdock.local_skus().await
    }

    /// Creates or edits one of the seller's SKUs; a field left out keeps its value.
    fn save_local_sku(shopdock, input: LocalSkuInput) -> LocalSkuView {
        shopdock.save_local_sku(input).await
    }

    /// Deletes one of the seller's SKUs (refused while a TikTok SKU is linked to it).
    fn delete_local_sku(shopdock, code: String) -> () {
        shopdock.delete_local_sku(&code).await
    }

    /// Checks a SKU file picked in the window, row by row; nothing is saved.
    fn preview_sku_upload(shopdock, name: String, bytes: Vec<u8>) -> SkuImportPreview {
        shopdock.preview_sku_upload(&name, bytes).await
    }

    /// Saves a SKU file in one transaction: all of it, or only the rows without a problem.
    fn import_sku_upload(shopdock, name: String, bytes: Vec<u8>, only_valid_rows: bool)
        -> SkuImportResult
    {
        shopdock.import_sku_upload(&name, bytes, only_valid_rows).await
    }

    /// Writes the SKU list into the Downloads folder (else home) as CSV or Excel; returns the
    /// file's path.
    fn export_local_skus(shopdock with core, format: SpreadsheetFormat) -> String {
        let path = core.export_path("skus", format.extension())?;
        shopdock.export_local_skus(&path).await?;
        Ok(path.display().to_string())
    }

    /// Every link of a shop's TikTok SKUs, each with its SKU as the catalog has it.
    fn sku_links(shopdock, shop_id: String) -> Vec<SkuLinkView> {
        shopdock.sku_links(&shop_id).await
    }

    /// Links a TikTok SKU to one of the seller's codes times a factor, or to a bundle.
    fn set_sku_link(shopdock, shop_id: String, sku_id: String, parts: Vec<LinkPartView>)
        -> SkuLinkView
    {
        shopdock.set_sku_link(&shop_id, &sku_id, parts).await
    }

    /// Removes a TikTok SKU's link; false when it had none.
    fn remove_sku_link(shopdock, shop_id: String, sku_id: String) -> bool {
        shopdock.remove_sku_link(&shop_id, &sku_id).await
    }

    /// TikTok SKUs without a link whose seller SKU equals one of the seller's codes.
    fn auto_link_proposals(shopdock, shop_id: String) -> Vec<AutoLinkProposal> {
        shopdock.auto_link_proposals(&shop_id).await
    }

    /// Links the chosen proposals (by TikTok SKU id).
    fn accept_auto_links(shopdock, shop_id: String, sku_ids: Vec<String>) -> AutoLinkResult {
        shopdock.accept_auto_links(&shop_id, Some(sku_ids)).await
    }

    /// Checks a mapping file picked in the window, row by row; nothing is linked. `shop_id` is
    /// the shop of rows without a shop column (`null`: each row's SKU id finds its shop).
    fn preview_mapping_upload(shopdock, name: String, bytes: Vec<u8>, shop_id: Option<String>)
        -> MappingPreview
    {
        shopdock.preview_mapping_upload(&name, bytes, shop_id.as_deref()).await
    }

    /// Links the TikTok SKUs of a mapping file in one transaction: all of them, or only those
    /// whose rows have no problem.
    fn import_mapping_upload(
        shopdock,
        name: String,
        bytes: Vec<u8>,
        shop_id: Option<String>,
        only_valid_rows: bool,
    ) -> MappingResult {
        shopdock
            .import_mapping_upload(&name, bytes, shop_id.as_deref(), only_valid_rows)
            .await
    }

    /// Writes a shop's TikTok SKUs (every shop's with `null`) and their links into the
    /// Downloads folder (else home) as CSV or Excel, in the columns the mapping import reads,
    /// an unlinked SKU with its code left empty to fill in.
    fn export_sku_links(shopdock with core, shop_id: Option<String>, format: SpreadsheetFormat)
        -> MappingExportView
    {
        let path = core.export_path("links", format.extension())?;
        shopdock.export_sku_links(&path, shop_id.as_deref()).await
    }

    /// A shop's TikTok SKUs without a link.
    fn unmapped_skus(shopdock, shop_id: String) -> Vec<TikTokSkuView> {
        shopdock.unmapped_skus(&shop_id).await
    }

    /// Links whose TikTok SKU is gone or moved to another product.
    fn broken_links(shopdock, shop_id: String) -> Vec<BrokenLinkView> {
        shopdock.broken_links(&shop_id).await
    }

    /// One page of the products list, with the counts per status.
    fn query_products(shopdock, input: ProductQueryInput) -> ProductPageView {
        shopdock.query_products(input).await
    }

    /// One product with its SKUs, prices and stock per warehouse, for the drawer.
    fn product_drawer(shopdock, shop_id: String, product_id: String) -> ProductDrawerView {
        shopdock.product_drawer(&shop_id, &product_id).await
    }

    /// Where a shop's product import stands.
    fn product_import_status(shopdock, shop_id: String) -> ProductImportStatusView {
        shopdock.product_import_status(&shop_id).await
    }

    /// Imports the shop's products in the background (every product when `full`, else what
    /// changed); progress arrives as `ProductImportProgress` events, an early end as
    /// `ProductImportStopped`.
    fn start_product_import(shopdock, shop_id: String, full: bool) -> () {
        shopdock.start_product_import(&shop_id, full).await
    }

    /// Stops the shop's running product import; what was imported stays, and the next import
    /// resumes.
    fn cancel_product_import(shopdock, shop_id: String) -> () {
        shopdock.cancel_product_import(&shop_id);
        Ok(())
    }

    /// Each linked TikTok SKU's stock figure and price, what TikTok last confirmed, and where
    /// its push stands; with the shop's stock rules and reconciliation findings.
    fn stock_status(shopdock, shop_id: String) -> StockStatusView {
        shopdock.stock_status(&shop_id).await
    }

    /// Saves the shop's stock rules; a change pushes the products it moves.
    fn set_stock_settings(shopdock, shop_id: String, input: StockSettingsView) -> StockSettingsView {
        shopdock.set_stock_settings(&shop_id, input).await
    }

    /// Queues a stock push of every linked product of the shop now; returns how many.
    fn push_stock_now(shopdock, shop_id: String) -> u32 {
        shopdock.push_stock_now(&shop_id).await
    }

    /// Compares TikTok's stock with Shopdock's figures now and corrects what drifted.
    fn reconcile_stock(shopdock, shop_id: String) -> StockReconcileView {
        shopdock.reconcile_stock(&shop_id).await
    }

    /// The statements of the days `input` selects (newest first), each with its payout.
    fn finance_statements(shopdock, input: FinanceQueryInput) -> StatementPageView {
        shopdock.finance_statements(input).await
    }

    /// One statement with its transactions: orders, reserves and adjustments (with or
    /// without an order).
    fn finance_statement(shopdock, shop_id: String, statement_id: String) -> StatementDetailView {
        shopdock.finance_statement(&shop_id, &statement_id).await
    }

    /// Payouts created in the days `input` selects, newest first (none in SEA, where each
    /// statement's payment status tells).
    fn finance_payments(shopdock, input: FinanceQueryInput) -> Vec<PayoutView> {
        shopdock.finance_payments(input).await
    }

    /// What one order earned as imported: TikTok's settlement, the parts and any gap between
    /// them, adjustments, and profit where the seller's costs allow; `not_settled` says so.
    fn order_earnings(shopdock, shop_id: String, order_id: String) -> OrderEarningsView {
        shopdock.order_earnings(&shop_id, &order_id).await
    }

    /// The earnings columns of some orders of one shop (the orders table's visible page), in
    /// the order asked.
    fn orders_earnings(shopdock, shop_id: String, order_ids: Vec<String>)
        -> Vec<OrderEarningsRowView>
    {
        shopdock.orders_earnings(&shop_id, order_ids).await
    }

    /// Asks TikTok what one order earned now (Get Order Transactions), stores it and returns
    /// the order's earnings; `FinanceChanged` follows.
    fn refresh_order_earnings(shopdock, shop_id: String, order_id: String) -> OrderEarningsView {
        shopdock.refresh_order_earnings(&shop_id, &order_id).await
    }

    /// The period's money per currency (revenue, fees by kind, shipping, adjustments,
    /// payouts), charted by day or week.
    fn finance_summary(shopdock, input: FinanceSummaryInput) -> FinanceSummaryView {
        shopdock.finance_summary(input).await
    }

    /// Imports the shop's statements, payouts and transactions in the background: what is
    /// new without `range`, the statements of the days `range` covers with one. Progress
    /// arrives as `FinanceImportProgress` events, an early end as `FinanceImportStopped`.
    fn start_finance_import(shopdock, shop_id: String, range: Option<FinanceRange>) -> () {
        shopdock.start_finance_import(&shop_id, range).await
    }

    /// Stops the shop's running finance import; what it stored stays, and the next import
    /// resumes.
    fn cancel_finance_import(shopdock, shop_id: String) -> () {
        shopdock.cancel_finance_import(&shop_id);
        Ok(())
    }

    /// Whether a finance import of the shop is running (the automatic one included).
    fn finance_import_running(shopdock, shop_id: String) -> bool {
        Ok(shopdock.finance_import_running(&shop_id))
    }

    /// Writes the finances of the days `input` selects into the Downloads folder (else home):
    /// a CSV of `input.rows` (statements, transactions or per-order earnings) or an Excel
    /// workbook with a sheet of each; returns the file's path.
    fn export_finance(shopdock with core, format: SpreadsheetFormat, input: FinanceExportInput)
        -> String
    {
        let what = match (format, input.rows) {
            (SpreadsheetFormat::Xlsx, _) => "finances",
            (_, Some(FinanceExportRows::Statements)) => "statements",
            (_, Some(FinanceExportRows::Orders)) => "earnings",
            (_, Some(FinanceExportRows::Transactions) | None) => "transactions",
        };
        let path = core.export_path(what, format.extension())?;
        shopdock.export_finance(&path, input).await?;
        Ok(path.display().to_string())
    }
}
