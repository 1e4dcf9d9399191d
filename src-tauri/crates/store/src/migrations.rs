//! Ordered schema migrations. The schema version is `PRAGMA user_version`: step `MIGRATIONS[i]`
//! takes the database from version `i` to `i + 1`.
//!
//! Rules for adding a step: append, never edit a released step; one step = one transaction, so a
//! failed step leaves the database at the previous version; data the step changes is transformed in
//! SQL inside the step; add a test in this file that opens a database at the previous version,
//! applies the step, and checks its effect.

use crate::StoreError;
use rusqlite::{Connection, TransactionBehavior};

/// The tokenizer of the order search index. Search input is split into words by this same
/// tokenizer (see `order_query`), so a word typed always matches how it was indexed.
macro_rules! fts_tokenizer {
    () => {
        "unicode61 remove_diacritics 2 categories 'L* N* Co M*'"
    };
}
pub(crate) use fts_tokenizer;

/// One schema step.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Short name, shown in errors.
    pub name: &'static str,
    /// SQL executed as one batch inside the step's transaction.
    pub sql: &'static str,
}

/// The schema version this build creates and understands.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Every step, in order. Versions are positions: the first step produces version 1.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        name: "shops and their options",
        sql: r#"
CREATE TABLE shops (
    id                 TEXT PRIMARY KEY NOT NULL,
    label              TEXT NOT NULL,
    region             TEXT NOT NULL CHECK (region IN ('US', 'ROW')),
    app_key            TEXT NOT NULL,
    service_id         TEXT NOT NULL,
    shop_hint          TEXT NOT NULL,
    redirect_port      INTEGER NOT NULL CHECK (redirect_port BETWEEN 1 AND 65535),
    authorize_url      TEXT NOT NULL,
    api_base           TEXT NOT NULL,
    auth_base          TEXT NOT NULL,
    is_demo            INTEGER NOT NULL DEFAULT 0,
    created_at         INTEGER NOT NULL,
    tiktok_shop_id     TEXT,
    shop_cipher        TEXT,
    shop_name          TEXT,
    shop_code          TEXT,
    shop_region        TEXT,
    seller_type        TEXT,
    seller_name        TEXT,
    seller_base_region TEXT,
    open_id            TEXT,
    granted_scopes     TEXT,
    access_expires_at  INTEGER,
    refresh_expires_at INTEGER,
    auth_state         TEXT NOT NULL DEFAULT 'not_connected'
                       CHECK (auth_state IN ('not_connected', 'connected', 'reauth_needed')),
    auth_problem       TEXT,
    sync_paused        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX shops_by_created ON shops (created_at);

CREATE TABLE shop_options (
    shop_id                TEXT PRIMARY KEY NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    auto_download          INTEGER NOT NULL,
    auto_confirm           INTEGER NOT NULL,
    auto_ship_instructions INTEGER NOT NULL,
    auto_stock_sync        INTEGER NOT NULL,
    price_upload           INTEGER NOT NULL,
    tracking_upload        INTEGER NOT NULL,
    query_shipping_changes INTEGER NOT NULL,
    query_status_changes   INTEGER NOT NULL,
    poll_interval_secs     INTEGER NOT NULL CHECK (poll_interval_secs > 0)
) WITHOUT ROWID;
"#,
    },
    Migration {
        name: "orders, line items, raw payloads, status history, tab counts",
        // `id` is a stable integer key (an INTEGER PRIMARY KEY survives VACUUM, an implicit rowid
        // may not) that child tables and the full-text index refer to; the natural key (shop_id,
        // order_id) is UNIQUE and is what every API uses. raw_json lives in its own table so the
        // rows the table view scans stay small and dense.
        sql: r#"
CREATE TABLE orders (
    id                      INTEGER PRIMARY KEY,
    shop_id                 TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    order_id                TEXT NOT NULL,
    status                  TEXT NOT NULL,
    status_group            TEXT NOT NULL,
    create_time             INTEGER NOT NULL,
    update_time             INTEGER NOT NULL,
    paid_time               INTEGER,
    buyer_user_id           TEXT,
    buyer_name              TEXT,
    buyer_email             TEXT,
    currency                TEXT,
    total_amount            TEXT,
    item_count              INTEGER NOT NULL,
    first_item_name         TEXT,
    fulfillment_type        TEXT,
    shipping_type           TEXT,
    rts_sla_time            INTEGER,
    tracking_number         TEXT,
    is_fbt                  INTEGER NOT NULL,
    is_replacement          INTEGER NOT NULL,
    replaced_order_id       TEXT,
    is_sample               INTEGER NOT NULL,
    is_buyer_request_cancel INTEGER NOT NULL,
    is_on_hold              INTEGER NOT NULL,
    UNIQUE (shop_id, order_id)
);
-- The table view's sorts and filters. Each index ends (implicitly) with `id`, the tiebreak, so a
-- sort on the indexed column needs no separate sort step.
CREATE INDEX orders_by_group_created ON orders (status_group, create_time);
CREATE INDEX orders_by_shop_group_created ON orders (shop_id, status_group, create_time);
CREATE INDEX orders_by_created ON orders (create_time);
CREATE INDEX orders_by_shop_created ON orders (shop_id, create_time);
CREATE INDEX orders_by_updated ON orders (update_time);
CREATE INDEX orders_by_group_ship_by ON orders (status_group, rts_sla_time);
-- "Only orders with flag X": flags are rare, so these partial indexes are small and cheap to keep,
-- and the filtered view and its tab counts read only the flagged orders.
CREATE INDEX orders_on_hold ON orders (status_group, create_time) WHERE is_on_hold = 1;
CREATE INDEX orders_fbt ON orders (status_group, create_time) WHERE is_fbt = 1;
CREATE INDEX orders_sample ON orders (status_group, create_time) WHERE is_sample = 1;
CREATE INDEX orders_replacement ON orders (status_group, create_time) WHERE is_replacement = 1;
CREATE INDEX orders_buyer_cancel ON orders (status_group, create_time)
    WHERE is_buyer_request_cancel = 1;

CREATE TABLE order_payloads (
    order_ref INTEGER PRIMARY KEY REFERENCES orders (id) ON DELETE CASCADE,
    raw_json  TEXT NOT NULL
);

CREATE TABLE order_items (
    order_ref       INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line_item_id    TEXT NOT NULL,
    position        INTEGER NOT NULL,
    sku_id          TEXT,
    seller_sku      TEXT,
    product_id      TEXT,
    product_name    TEXT,
    sku_name        TEXT,
    sale_price      TEXT,
    display_status  TEXT,
    package_id      TEXT,
    tracking_number TEXT,
    PRIMARY KEY (order_ref, line_item_id)
) WITHOUT ROWID;

-- `id` keeps the order of changes that share a second.
CREATE TABLE order_status_history (
    id        INTEGER PRIMARY KEY,
    order_ref INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    at        INTEGER NOT NULL,
    status    TEXT NOT NULL
);
CREATE INDEX order_status_history_by_order ON order_status_history (order_ref, at);

-- Orders per (shop, status group), so the tabs' counts and the unfiltered total never scan a
-- million rows. Inserts and regroupings are counted by the upsert code, once per page (a trigger
-- per row would cost more than the rest of the row's write); deletions, rare and possibly by
-- cascade, by the trigger below.
CREATE TABLE order_group_counts (
    shop_id      TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    status_group TEXT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (shop_id, status_group)
) WITHOUT ROWID;
CREATE TRIGGER orders_count_delete AFTER DELETE ON orders BEGIN
    UPDATE order_group_counts SET n = n - 1
    WHERE shop_id = old.shop_id AND status_group = old.status_group;
END;
"#,
    },
    Migration {
        name: "full-text search over orders",
        // What is indexed is composed in Rust (`orders::SearchText`), once per order write. The
        // table keeps its own copy of the text, so an update can tell whether the text changed
        // (most status changes do not change it) and a delete needs nothing but the rowid.
        // `detail=none`: the index holds which rows have a term, not where. Position lists made
        // the index several times larger, and merging it slowed upserts from ~20k to ~6k orders/s
        // by a million orders; search matches words anywhere in an order, which is what an order
        // search needs. `columnsize=0`: no per-row sizes, which only ranking would use.
        // Marks (M*) are word characters, so Thai and Indic words stay whole.
        // Versions 2 and 3 were released together: no database holds orders without an entry.
        sql: concat!(
            r#"
CREATE VIRTUAL TABLE orders_fts USING fts5 (
    order_id, buyer, skus, products, tracking,
    columnsize = 0,
    detail = none,
    tokenize = ""#,
            fts_tokenizer!(),
            r#""
);
-- Any way an order disappears (shop deleted, order deleted) takes its index entry with it.
CREATE TRIGGER orders_fts_delete AFTER DELETE ON orders BEGIN
    DELETE FROM orders_fts WHERE rowid = old.id;
END;
"#
        ),
    },
    Migration {
        name: "sync watermarks and backfill windows",
        sql: r#"
CREATE TABLE sync_state (
    shop_id   TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    job       TEXT NOT NULL,
    watermark INTEGER NOT NULL,
    cursor    TEXT,
    PRIMARY KEY (shop_id, job)
) WITHOUT ROWID;

CREATE TABLE backfill_jobs (
    id          INTEGER PRIMARY KEY,
    shop_id     TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    range_start INTEGER NOT NULL,
    range_end   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX backfill_jobs_by_shop ON backfill_jobs (shop_id);

CREATE TABLE backfill_windows (
    id           INTEGER PRIMARY KEY,
    job_id       INTEGER NOT NULL REFERENCES backfill_jobs (id) ON DELETE CASCADE,
    window_start INTEGER NOT NULL,
    window_end   INTEGER NOT NULL CHECK (window_end > window_start),
    state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    fetched      INTEGER NOT NULL DEFAULT 0,
    cursor       TEXT
);
CREATE INDEX backfill_windows_by_job ON backfill_windows (job_id, state);
"#,
    },
    Migration {
        name: "indexes for sorting by update time and ship-by within a shop",
        // The table sorts by any date column within a tab, for all shops or one. Step 2 covered
        // the created-time sorts and the all-shops ship-by sort; without these the remaining
        // combinations sort a whole tab (tens of thousands of rows at a million orders) per
        // page. Each index ends in the row id, the tiebreak, so the page is read in order.
        sql: r#"
CREATE INDEX orders_by_group_updated ON orders (status_group, update_time);
CREATE INDEX orders_by_shop_group_updated ON orders (shop_id, status_group, update_time);
CREATE INDEX orders_by_shop_group_ship_by ON orders (shop_id, status_group, rts_sla_time);
CREATE INDEX orders_by_shop_updated ON orders (shop_id, update_time);
CREATE INDEX orders_by_ship_by ON orders (rts_sla_time);
"#,
    },
    Migration {
        name: "desktop notification option",
        // On by default: a new order is what a seller most wants to hear about. Existing rows get
        // the default too, so nothing a seller saved changes meaning.
        sql: r#"
ALTER TABLE shop_options ADD COLUMN notify_new_orders INTEGER NOT NULL DEFAULT 1;
"#,
    },
    Migration {
        name: "recipient address, payment breakdown and packages as columns",
        // The payload row becomes the order's detail row: the raw JSON plus the recipient
        // address and the payment breakdown, so the drawer, exports and later reconciliation
        // read typed columns instead of parsing JSON, at no extra row per order. Packages get
        // their own table (an order ships in zero, one or several). Orders stored before this
        // step are filled from their raw JSON here, so no re-download is needed.
        sql: r#"
ALTER TABLE order_payloads RENAME TO order_details;
ALTER TABLE order_details ADD COLUMN recipient_name TEXT;
ALTER TABLE order_details ADD COLUMN recipient_phone TEXT;
ALTER TABLE order_details ADD COLUMN full_address TEXT;
ALTER TABLE order_details ADD COLUMN address_detail TEXT;
ALTER TABLE order_details ADD COLUMN address_lines TEXT;
ALTER TABLE order_details ADD COLUMN districts TEXT;
ALTER TABLE order_details ADD COLUMN postal_code TEXT;
ALTER TABLE order_details ADD COLUMN region_code TEXT;
ALTER TABLE order_details ADD COLUMN sub_total TEXT;
ALTER TABLE order_details ADD COLUMN original_total_product_price TEXT;
ALTER TABLE order_details ADD COLUMN seller_discount TEXT;
ALTER TABLE order_details ADD COLUMN platform_discount TEXT;
ALTER TABLE order_details ADD COLUMN shipping_fee TEXT;
ALTER TABLE order_details ADD COLUMN original_shipping_fee TEXT;
ALTER TABLE order_details ADD COLUMN shipping_fee_seller_discount TEXT;
ALTER TABLE order_details ADD COLUMN shipping_fee_platform_discount TEXT;
ALTER TABLE order_details ADD COLUMN tax TEXT;
ALTER TABLE order_details ADD COLUMN retail_delivery_fee TEXT;
ALTER TABLE order_details ADD COLUMN small_order_fee TEXT;
ALTER TABLE order_details ADD COLUMN buyer_service_fee TEXT;
ALTER TABLE order_details ADD COLUMN handling_fee TEXT;
ALTER TABLE order_details ADD COLUMN item_insurance_fee TEXT;

CREATE TABLE order_packages (
    order_ref        INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    package_id       TEXT NOT NULL,
    position         INTEGER NOT NULL,
    tracking_number  TEXT,
    shipping_provider TEXT,
    PRIMARY KEY (order_ref, package_id)
) WITHOUT ROWID;

-- Earlier orders, from their JSON (NULLIF: TikTok sends "" for an absent value).
UPDATE order_details SET
    recipient_name = NULLIF(json_extract(raw_json, '$.recipient_address.name'), ''),
    recipient_phone = NULLIF(json_extract(raw_json, '$.recipient_address.phone_number'), ''),
    full_address = NULLIF(json_extract(raw_json, '$.recipient_address.full_address'), ''),
    address_detail = NULLIF(json_extract(raw_json, '$.recipient_address.address_detail'), ''),
    postal_code = NULLIF(json_extract(raw_json, '$.recipient_address.postal_code'), ''),
    region_code = NULLIF(json_extract(raw_json, '$.recipient_address.region_code'), ''),
    sub_total = NULLIF(json_extract(raw_json, '$.payment.sub_total'), ''),
    original_total_product_price =
        NULLIF(json_extract(raw_json, '$.payment.original_total_product_price'), ''),
    seller_discount = NULLIF(json_extract(raw_json, '$.payment.seller_discount'), ''),
    platform_discount = NULLIF(json_extract(raw_json, '$.payment.platform_discount'), ''),
    shipping_fee = NULLIF(json_extract(raw_json, '$.payment.shipping_fee'), ''),
    original_shipping_fee = NULLIF(json_extract(raw_json, '$.payment.original_shipping_fee'), ''),
    shipping_fee_seller_discount =
        NULLIF(json_extract(raw_json, '$.payment.shipping_fee_seller_discount'), ''),
    shipping_fee_platform_discount =
        NULLIF(json_extract(raw_json, '$.payment.shipping_fee_platform_discount'), ''),
    tax = NULLIF(json_extract(raw_json, '$.payment.tax'), ''),
    retail_delivery_fee = NULLIF(json_extract(raw_json, '$.payment.retail_delivery_fee'), ''),
    small_order_fee = NULLIF(json_extract(raw_json, '$.payment.small_order_fee'), ''),
    buyer_service_fee = NULLIF(json_extract(raw_json, '$.payment.buyer_service_fee'), ''),
    handling_fee = NULLIF(json_extract(raw_json, '$.payment.handling_fee'), ''),
    item_insurance_fee = NULLIF(json_extract(raw_json, '$.payment.item_insurance_fee'), ''),
    address_lines = (
        SELECT group_concat(line, char(10)) FROM (
            SELECT json_extract(raw_json, '$.recipient_address.' || k) AS line
            FROM (SELECT 'address_line1' AS k UNION ALL SELECT 'address_line2'
                  UNION ALL SELECT 'address_line3' UNION ALL SELECT 'address_line4')
        ) WHERE line <> ''
    ),
    districts = (
        SELECT group_concat(json_extract(d.value, '$.address_name'), char(10))
        FROM json_each(raw_json, '$.recipient_address.district_info') d
        WHERE json_extract(d.value, '$.address_name') <> ''
    )
WHERE json_valid(raw_json);

-- A package's tracking number and carrier are on its line items.
INSERT OR IGNORE INTO order_packages
    (order_ref, package_id, position, tracking_number, shipping_provider)
SELECT d.order_ref, json_extract(p.value, '$.id'), p.key,
       (SELECT NULLIF(json_extract(li.value, '$.tracking_number'), '')
        FROM json_each(d.raw_json, '$.line_items') li
        WHERE json_extract(li.value, '$.package_id') = json_extract(p.value, '$.id')
          AND json_extract(li.value, '$.tracking_number') <> ''
        ORDER BY li.key LIMIT 1),
       (SELECT NULLIF(json_extract(li.value, '$.shipping_provider_name'), '')
        FROM json_each(d.raw_json, '$.line_items') li
        WHERE json_extract(li.value, '$.package_id') = json_extract(p.value, '$.id')
          AND json_extract(li.value, '$.shipping_provider_name') <> ''
        ORDER BY li.key LIMIT 1)
FROM order_details d, json_each(d.raw_json, '$.packages') p
WHERE json_valid(d.raw_json) AND json_extract(p.value, '$.id') <> '';
"#,
    },
    Migration {
        name: "index for sorting one shop's orders by ship-by",
        // The last date sort without an index: one shop, All tab, by ship-by sorted a third of
        // a million orders per page (0.9 s at a million orders).
        sql: r#"
CREATE INDEX orders_by_shop_ship_by ON orders (shop_id, rts_sla_time);
"#,
    },
    Migration {
        name: "indexes for sorting by total, buyer, product, status and order id",
        // Without them these sorts read and sorted every order (120-290 ms at a million). One
        // index over all orders per sort, not one per tab and shop: a tab or a shop is either
        // dense in it (then walking it finds a page quickly) or small (then its orders are
        // read through the tab indexes and sorted), see `order_query`. The expressions are the
        // sort terms themselves, so the walk needs no sort step.
        sql: r#"
CREATE INDEX orders_by_total ON orders (CAST(total_amount AS REAL));
CREATE INDEX orders_by_buyer ON orders (buyer_name COLLATE NOCASE);
CREATE INDEX orders_by_product ON orders (first_item_name COLLATE NOCASE);
CREATE INDEX orders_by_status ON orders (status);
CREATE INDEX orders_by_order_id ON orders (length(order_id), order_id);
"#,
    },
    Migration {
        name: "outbox of outgoing changes and its per-shop drain lease",
        // One row per change Shopdock must send to TikTok, written in the transaction of the local
        // change it stands for (see `outbox`). `next_try_at` is set exactly while a row waits to be
        // claimed, so the claim index holds only those rows. `outcome_unknown` survives retries:
        // a row whose last send may have landed is reconciled before any resend. The two unique
        // indexes are the dedupe rules: a `once` key (a shipment, a cancellation) has at most one
        // row that is not dismissed; a `latest` key (an absolute stock or price value) has at most
        // one row waiting to be sent, which a newer value replaces.
        sql: r#"
CREATE TABLE outbox (
    id                INTEGER PRIMARY KEY,
    shop_id           TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    target            TEXT NOT NULL CHECK (target <> ''),
    order_id          TEXT,
    payload           TEXT NOT NULL CHECK (json_valid(payload)),
    dedupe_rule       TEXT NOT NULL CHECK (dedupe_rule IN ('none', 'once', 'latest')),
    dedupe_key        TEXT,
    state             TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'needs_check', 'sent',
                          'failed', 'needs_attention', 'dismissed', 'superseded')),
    outcome_unknown   INTEGER NOT NULL DEFAULT 0 CHECK (outcome_unknown IN (0, 1)),
    attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_try_at       INTEGER,
    last_error_code   TEXT,
    last_error_reason TEXT,
    result            TEXT CHECK (result IS NULL OR json_valid(result)),
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    sent_at           INTEGER,
    CHECK ((dedupe_rule = 'none') = (dedupe_key IS NULL)),
    CHECK ((state IN ('queued', 'failed', 'needs_check')) = (next_try_at IS NOT NULL)),
    CHECK (state <> 'needs_check' OR outcome_unknown = 1),
    CHECK ((state = 'sent') = (sent_at IS NOT NULL)),
    CHECK ((last_error_code IS NULL) = (last_error_reason IS NULL))
);
-- What is due for a shop (the drainer's claim).
CREATE INDEX outbox_due ON outbox (shop_id, next_try_at) WHERE next_try_at IS NOT NULL;
-- A target's changes are sent one at a time, in order: the claim looks for earlier rows of the
-- target that are not settled yet.
CREATE INDEX outbox_by_target ON outbox (shop_id, target, state);
-- The Activity list and the shop card's counts (per shop or across shops, by state).
CREATE INDEX outbox_by_shop_state ON outbox (shop_id, state);
CREATE INDEX outbox_by_state ON outbox (state);
CREATE INDEX outbox_by_shop ON outbox (shop_id);
-- The orders table's column: the latest row per order.
CREATE INDEX outbox_by_order ON outbox (shop_id, order_id) WHERE order_id IS NOT NULL;
CREATE UNIQUE INDEX outbox_once ON outbox (shop_id, kind, dedupe_key)
    WHERE dedupe_rule = 'once' AND state <> 'dismissed';
CREATE UNIQUE INDEX outbox_latest ON outbox (shop_id, kind, dedupe_key)
    WHERE dedupe_rule = 'latest' AND state IN ('queued', 'needs_check', 'failed', 'needs_attention');

-- Which drainer may claim a shop's rows, until when. A new holder takes over only from an
-- expired or released lease, and then turns the rows its predecessor left `sending` into
-- `needs_check`: so the app and the CLI on one file never recover each other's live sends.
CREATE TABLE outbox_drainers (
    shop_id    TEXT PRIMARY KEY NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    holder     TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) WITHOUT ROWID;
"#,
    },
    Migration {
        name: "orders TikTok sent that Shopdock could not read",
        // One row per order a pull could not decode, kept raw with the reason so a seller sees it
        // and support can read it, while the rest of its page is stored. `order_key` is the id
        // when one was found, else a hash of the JSON. The row goes when the order is read.
        sql: r#"
CREATE TABLE unreadable_orders (
    shop_id       TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    order_key     TEXT NOT NULL,
    order_id      TEXT,
    raw_json      TEXT NOT NULL,
    reason        TEXT NOT NULL,
    first_seen_at INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, order_key)
) WITHOUT ROWID;
"#,
    },
    Migration {
        name: "each shop's carrier names mapped to TikTok's providers",
        // The seller confirms once which TikTok provider an own carrier name means; later
        // shipments and tracking files use it. The provider's name is kept, not its id: ids
        // differ per delivery option, names do not. `seller_key` is core's normalised name
        // (case, spaces, punctuation ignored), so "Royal-Mail" and "royal mail" are one entry.
        sql: r#"
CREATE TABLE carrier_mappings (
    shop_id       TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    seller_key    TEXT NOT NULL CHECK (seller_key <> ''),
    seller_name   TEXT NOT NULL,
    provider_name TEXT NOT NULL CHECK (provider_name <> ''),
    updated_at    INTEGER NOT NULL,
    PRIMARY KEY (shop_id, seller_key)
) WITHOUT ROWID;
"#,
    },
    Migration {
        name: "handover of automatic order confirmation",
        // How automatic confirmation hands a TikTok Shipping package over where the seller
        // chooses: pickup in the earliest slot (the default) or drop-off.
        sql: r#"
ALTER TABLE shop_options ADD COLUMN confirm_handover TEXT NOT NULL DEFAULT 'pickup'
    CHECK (confirm_handover IN ('pickup', 'drop_off'));
"#,
    },
    Migration {
        name: "the poll interval of shops added later",
        // One row at most: the interval the seller chose for every shop in Settings, used by
        // shops whose options were never saved (a new shop) instead of the built-in default.
        sql: r#"
CREATE TABLE app_defaults (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    poll_interval_secs INTEGER NOT NULL CHECK (poll_interval_secs > 0)
);
"#,
    },
    Migration {
        name: "cancellation records and the orders' pending-request columns",
        // One row per TikTok cancellation (Search Cancellations), per shop, kept as TikTok sent
        // it (status and type spellings vary between the docs, write-api §D), with the
        // seller's answer while it is on its way (`local_answer`, set in the transaction that
        // queues it). The orders table carries its pending request's deadline and reason, so
        // the table sorts by "answer by" without a join.
        sql: r#"
CREATE TABLE cancellations (
    shop_id       TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    cancel_id     TEXT NOT NULL CHECK (cancel_id <> ''),
    order_id      TEXT NOT NULL,
    cancel_type   TEXT NOT NULL,
    status        TEXT NOT NULL,
    pending       INTEGER NOT NULL CHECK (pending IN (0, 1)),
    role          TEXT NOT NULL,
    reason        TEXT,
    reason_text   TEXT,
    deadline      INTEGER,
    line_item_ids TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(line_item_ids)),
    create_time   INTEGER,
    update_time   INTEGER NOT NULL,
    local_answer  TEXT CHECK (local_answer IS NULL OR local_answer IN ('approve', 'reject')),
    PRIMARY KEY (shop_id, cancel_id)
) WITHOUT ROWID;
CREATE INDEX cancellations_by_order ON cancellations (shop_id, order_id);
CREATE INDEX cancellations_pending ON cancellations (deadline) WHERE pending = 1;
ALTER TABLE orders ADD COLUMN cancel_deadline INTEGER;
ALTER TABLE orders ADD COLUMN cancel_request_reason TEXT;
CREATE INDEX orders_by_cancel_deadline ON orders (cancel_deadline)
    WHERE cancel_deadline IS NOT NULL;
"#,
    },
    Migration {
        name: "TikTok shipping labels kept with their orders",
        // TikTok's link to a label lives 24 hours (write-api §B), so the PDF is downloaded at
        // once into the data folder and this row names it: the label reprints offline and
        // after the link expired. One row per package and size (A6 or A5); `file_name` is
        // relative to the data folder. Removing the shop removes the rows (its files are left
        // to the seller's data folder).
        sql: r#"
CREATE TABLE shipping_labels (
    shop_id         TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    package_id      TEXT NOT NULL CHECK (package_id <> ''),
    document_size   TEXT NOT NULL CHECK (document_size IN ('A6', 'A5')),
    order_id        TEXT NOT NULL CHECK (order_id <> ''),
    tracking_number TEXT,
    file_name       TEXT NOT NULL CHECK (file_name <> ''),
    bytes           INTEGER NOT NULL CHECK (bytes > 0),
    fetched_at      INTEGER NOT NULL,
    PRIMARY KEY (shop_id, package_id, document_size)
) WITHOUT ROWID;
CREATE INDEX shipping_labels_by_order ON shipping_labels (shop_id, order_id);
"#,
    },
    Migration {
        name: "how many of an order's line items are cancelled",
        // A partial cancel leaves the order's status as it was; only its line items show
        // CANCELLED (write-api §D). The orders table marks such orders from this column,
        // kept on write like `item_count`, so no page reads the items.
        sql: r#"
ALTER TABLE orders ADD COLUMN cancelled_items INTEGER NOT NULL DEFAULT 0
    CHECK (cancelled_items >= 0);
UPDATE orders SET cancelled_items = (
    SELECT COUNT(*) FROM order_items i
    WHERE i.order_ref = orders.id AND i.display_status = 'CANCELLED')
WHERE id IN (SELECT order_ref FROM order_items WHERE display_status = 'CANCELLED');
"#,
    },
    Migration {
        name: "the product catalog",
        // Each shop's TikTok catalog as the last import read it (write-api §G, §I). TikTok's
        // words (status, audit status, SKU status, warehouse type) are kept as sent, so a new
        // one never fails a write. Prices are decimal strings, never floats. A re-imported
        // product replaces its SKUs and their stock (see `catalog::upsert`); nothing else
        // refers to `product_skus` by foreign key, so links to a SKU TikTok dropped outlive
        // it (and show as broken). `details_time` is the `update_time` whose Get Product
        // details (attributes, images, category, bundle parts) are stored: an import fetches
        // them again only for a product that changed since. `imported_at` is when an import
        // last saw the product, which is how a full import finds the ones TikTok no longer
        // lists. `product_import` keeps what makes the import incremental and resumable; the
        // unfinished import's update-time windows are a `backfill_jobs` job of its own kind.
        sql: r#"
CREATE TABLE warehouses (
    shop_id        TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    warehouse_id   TEXT NOT NULL CHECK (warehouse_id <> ''),
    name           TEXT NOT NULL,
    warehouse_type TEXT NOT NULL,
    sub_type       TEXT NOT NULL,
    effect_status  TEXT NOT NULL,
    is_default     INTEGER NOT NULL CHECK (is_default IN (0, 1)),
    position       INTEGER NOT NULL,
    PRIMARY KEY (shop_id, warehouse_id)
) WITHOUT ROWID;

CREATE TABLE products (
    shop_id        TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    product_id     TEXT NOT NULL CHECK (product_id <> ''),
    title          TEXT NOT NULL,
    status         TEXT NOT NULL,
    audit_status   TEXT NOT NULL,
    category_name  TEXT,
    main_image_url TEXT,
    thumbnail_url  TEXT,
    image_urls     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(image_urls)),
    is_combined    INTEGER NOT NULL DEFAULT 0 CHECK (is_combined IN (0, 1)),
    create_time    INTEGER,
    update_time    INTEGER NOT NULL,
    details_time   INTEGER,
    imported_at    INTEGER NOT NULL,
    PRIMARY KEY (shop_id, product_id)
) WITHOUT ROWID;
CREATE INDEX products_by_shop_updated ON products (shop_id, update_time);
CREATE INDEX products_by_updated ON products (update_time);
CREATE INDEX products_by_shop_status ON products (shop_id, status);

CREATE TABLE product_skus (
    shop_id             TEXT NOT NULL,
    product_id          TEXT NOT NULL,
    sku_id              TEXT NOT NULL CHECK (sku_id <> ''),
    seller_sku          TEXT NOT NULL DEFAULT '',
    attributes          TEXT NOT NULL DEFAULT '',
    currency            TEXT NOT NULL DEFAULT '',
    price               TEXT,
    tax_exclusive_price TEXT,
    sku_status          TEXT NOT NULL DEFAULT '',
    combined_skus       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(combined_skus)),
    position            INTEGER NOT NULL,
    PRIMARY KEY (shop_id, sku_id),
    FOREIGN KEY (shop_id, product_id) REFERENCES products (shop_id, product_id)
        ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX product_skus_by_product ON product_skus (shop_id, product_id, position);
CREATE INDEX product_skus_by_seller_sku ON product_skus (shop_id, seller_sku);

CREATE TABLE sku_stock (
    shop_id      TEXT NOT NULL,
    sku_id       TEXT NOT NULL,
    warehouse_id TEXT NOT NULL CHECK (warehouse_id <> ''),
    quantity     INTEGER NOT NULL,
    position     INTEGER NOT NULL,
    PRIMARY KEY (shop_id, sku_id, warehouse_id),
    FOREIGN KEY (shop_id, sku_id) REFERENCES product_skus (shop_id, sku_id) ON DELETE CASCADE
) WITHOUT ROWID;

CREATE TABLE product_import (
    shop_id          TEXT PRIMARY KEY NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    watermark        INTEGER,
    full_imported_at INTEGER,
    last_imported_at INTEGER,
    job_id           INTEGER REFERENCES backfill_jobs (id) ON DELETE SET NULL,
    job_total        INTEGER NOT NULL DEFAULT 0 CHECK (job_total >= 0),
    unreachable      INTEGER NOT NULL DEFAULT 0 CHECK (unreachable >= 0),
    sweep_since      INTEGER
) WITHOUT ROWID;
"#,
    },
    Migration {
        name: "the seller's SKUs and their links",
        // The seller's own stock list (one for every shop) and which of it each TikTok SKU
        // sells. `code` is kept as the seller typed it (trimmed); `code_key` is its lower-cased
        // form, computed by the store (Unicode case, which SQLite's lower() does not know), so
        // "ABC-1" and " abc-1 " are one SKU. Money is a decimal string, as TikTok's.
        // A link names a TikTok SKU by (shop, sku id) with no foreign key to the catalog: when a
        // re-import loses the SKU, the link stays and shows as broken instead of vanishing.
        // One part is "code x factor"; several parts are a bundle. Renaming a code carries its
        // links along; a code still linked cannot be deleted (the store says which links).
        sql: r#"
CREATE TABLE local_skus (
    code       TEXT PRIMARY KEY NOT NULL CHECK (code <> ''),
    code_key   TEXT NOT NULL UNIQUE CHECK (code_key <> ''),
    name       TEXT NOT NULL DEFAULT '',
    on_hand    INTEGER NOT NULL DEFAULT 0 CHECK (on_hand >= 0),
    price      TEXT CHECK (price <> ''),
    cost       TEXT CHECK (cost <> ''),
    updated_at INTEGER NOT NULL
);

CREATE TABLE sku_links (
    shop_id    TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    sku_id     TEXT NOT NULL CHECK (sku_id <> ''),
    product_id TEXT NOT NULL CHECK (product_id <> ''),
    linked_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, sku_id)
) WITHOUT ROWID;

CREATE TABLE sku_link_parts (
    shop_id TEXT NOT NULL,
    sku_id  TEXT NOT NULL,
    code    TEXT NOT NULL REFERENCES local_skus (code) ON UPDATE CASCADE,
    factor  INTEGER NOT NULL CHECK (factor > 0),
    PRIMARY KEY (shop_id, sku_id, code),
    FOREIGN KEY (shop_id, sku_id) REFERENCES sku_links (shop_id, sku_id) ON DELETE CASCADE
) WITHOUT ROWID;
-- Which TikTok SKUs a local SKU's stock feeds (a stock change pushes each of them).
CREATE INDEX sku_link_parts_by_code ON sku_link_parts (code);
"#,
    },
    Migration {
        name: "stock and price sync",
        // Stock and price pushes to TikTok (issue 12 items 4 and 5; see `stock`).
        // `stock_settings`: each shop's rules (a shop without a row has the defaults: no buffer,
        // 100 %, every shop offered all free units) and its reconciliation clock.
        // `price_settings`: the currency the seller's own prices are in, when the seller said.
        // `stock_sync` and `price_sync`: what the last push of each linked TikTok SKU did.
        // `stock_deductions`: each shipped order line whose units left the on-hand count,
        // decided once per line so a re-import never deducts twice (`units` 0: the line was
        // shipped before Shopdock counted it). `stock_findings`: what reconciliation found
        // different on TikTok.
        // `sync_marks`: products whose stock or price may have to change, written by the
        // triggers below in the transaction of the change itself (a stock figure, a price, a
        // link, an option turned on, a product going live), so no change can be lost between
        // its commit and its push; core turns the marks into outbox rows (one per product,
        // latest value wins). A mark is pushed once it stayed quiet for one flush (`ripe`), or
        // at its third flush however often it is marked again (`waited`): a burst of changes
        // settles into one push, and a product changing without pause is still pushed.
        sql: r#"
CREATE TABLE stock_settings (
    shop_id        TEXT PRIMARY KEY NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    buffer         INTEGER NOT NULL DEFAULT 0 CHECK (buffer >= 0),
    percent        INTEGER NOT NULL DEFAULT 100 CHECK (percent BETWEEN 0 AND 100),
    share_rule     TEXT NOT NULL DEFAULT 'full' CHECK (share_rule IN ('full', 'split')),
    reconcile_secs INTEGER NOT NULL DEFAULT 3600 CHECK (reconcile_secs >= 60),
    reconciled_at  INTEGER
) WITHOUT ROWID;

CREATE TABLE price_settings (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    currency TEXT NOT NULL CHECK (length(currency) = 3 AND currency = upper(currency))
);

CREATE TABLE stock_sync (
    shop_id      TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    sku_id       TEXT NOT NULL CHECK (sku_id <> ''),
    product_id   TEXT NOT NULL,
    planned      INTEGER CHECK (planned >= 0),
    pushed       INTEGER CHECK (pushed >= 0),
    pushed_at    INTEGER,
    error_code   TEXT,
    error_reason TEXT,
    attempted_at INTEGER NOT NULL,
    PRIMARY KEY (shop_id, sku_id)
) WITHOUT ROWID;
CREATE INDEX stock_sync_by_product ON stock_sync (shop_id, product_id);

CREATE TABLE price_sync (
    shop_id      TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    sku_id       TEXT NOT NULL CHECK (sku_id <> ''),
    product_id   TEXT NOT NULL,
    planned      TEXT,
    currency     TEXT,
    pushed       TEXT,
    pushed_at    INTEGER,
    error_code   TEXT,
    error_reason TEXT,
    attempted_at INTEGER NOT NULL,
    PRIMARY KEY (shop_id, sku_id)
) WITHOUT ROWID;
CREATE INDEX price_sync_by_product ON price_sync (shop_id, product_id);

CREATE TABLE stock_deductions (
    shop_id      TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    line_item_id TEXT NOT NULL CHECK (line_item_id <> ''),
    order_id     TEXT NOT NULL,
    units        TEXT NOT NULL CHECK (json_valid(units)),
    deducted_at  INTEGER NOT NULL,
    PRIMARY KEY (shop_id, line_item_id)
) WITHOUT ROWID;

CREATE TABLE stock_findings (
    id         INTEGER PRIMARY KEY,
    shop_id    TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    sku_id     TEXT NOT NULL,
    tiktok     INTEGER NOT NULL,
    expected   INTEGER NOT NULL,
    found_at   INTEGER NOT NULL
);
CREATE INDEX stock_findings_by_shop ON stock_findings (shop_id, found_at);

CREATE TABLE sync_marks (
    kind       TEXT NOT NULL CHECK (kind IN ('stock', 'price')),
    shop_id    TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    product_id TEXT NOT NULL,
    ripe       INTEGER NOT NULL DEFAULT 0 CHECK (ripe IN (0, 1)),
    waited     INTEGER NOT NULL DEFAULT 0 CHECK (waited >= 0),
    PRIMARY KEY (kind, shop_id, product_id)
) WITHOUT ROWID;

-- A local SKU's stock moves every TikTok SKU that sells it, in every shop.
CREATE TRIGGER sync_marks_on_hand AFTER UPDATE OF on_hand ON local_skus
WHEN new.on_hand IS NOT old.on_hand BEGIN
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'stock', l.shop_id, l.product_id
    FROM sku_link_parts p JOIN sku_links l ON l.shop_id = p.shop_id AND l.sku_id = p.sku_id
    WHERE p.code = new.code
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
END;
CREATE TRIGGER sync_marks_price AFTER UPDATE OF price ON local_skus
WHEN new.price IS NOT old.price BEGIN
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'price', l.shop_id, l.product_id
    FROM sku_link_parts p JOIN sku_links l ON l.shop_id = p.shop_id AND l.sku_id = p.sku_id
    WHERE p.code = new.code
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
END;
-- A new or removed link changes its own SKU and, under the split rule, every other shop's
-- share of the same local SKU.
CREATE TRIGGER sync_marks_link_added AFTER INSERT ON sku_link_parts BEGIN
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'stock', l.shop_id, l.product_id
    FROM sku_link_parts p JOIN sku_links l ON l.shop_id = p.shop_id AND l.sku_id = p.sku_id
    WHERE p.code = new.code
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT 'price', l.shop_id, l.product_id FROM sku_links l
    WHERE l.shop_id = new.shop_id AND l.sku_id = new.sku_id
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
END;
CREATE TRIGGER sync_marks_link_removed AFTER DELETE ON sku_link_parts BEGIN
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'stock', l.shop_id, l.product_id
    FROM sku_link_parts p JOIN sku_links l ON l.shop_id = p.shop_id AND l.sku_id = p.sku_id
    WHERE p.code = old.code
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
END;
-- Turning a push on pushes every linked product of the shop once.
CREATE TRIGGER sync_marks_options_added AFTER INSERT ON shop_options BEGIN
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'stock', l.shop_id, l.product_id FROM sku_links l
    WHERE l.shop_id = new.shop_id AND new.auto_stock_sync = 1
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'price', l.shop_id, l.product_id FROM sku_links l
    WHERE l.shop_id = new.shop_id AND new.price_upload = 1
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
END;
CREATE TRIGGER sync_marks_options_changed
AFTER UPDATE OF auto_stock_sync, price_upload ON shop_options BEGIN
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'stock', l.shop_id, l.product_id FROM sku_links l
    WHERE l.shop_id = new.shop_id AND new.auto_stock_sync = 1 AND old.auto_stock_sync = 0
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT 'price', l.shop_id, l.product_id FROM sku_links l
    WHERE l.shop_id = new.shop_id AND new.price_upload = 1 AND old.price_upload = 0
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
END;
-- TikTok takes stock and price only of live products: one that goes live gets its push.
CREATE TRIGGER sync_marks_product_live AFTER UPDATE OF status ON products
WHEN new.status = 'ACTIVATE' AND old.status IS NOT 'ACTIVATE' BEGIN
    INSERT INTO sync_marks (kind, shop_id, product_id)
    SELECT DISTINCT k.kind, l.shop_id, l.product_id
    FROM sku_links l, (SELECT 'stock' AS kind UNION ALL SELECT 'price') k
    WHERE l.shop_id = new.shop_id AND l.product_id = new.product_id
    ON CONFLICT (kind, shop_id, product_id) DO UPDATE SET ripe = 0;
END;
"#,
    },
    Migration {
        name: "finance: statements, payments and transactions",
        // What TikTok paid each shop (issue 14; write-api §H): the daily statements, the
        // payouts (Get Payments; none in SEA), each statement's transactions (an order's
        // settlement, a reserve movement, or an adjustment, which may concern no order) and
        // what each settled order earned. Amounts are signed decimal strings in their
        // currency, never floats. Rows are keyed by TikTok's ids, so a re-import updates in
        // place. `parts` is a JSON array of `[kind, amount]` (only amounts that are not
        // zero): a transaction's breakdown (`revenue.*`, `shipping.*`, `fee.*`, `tax.*`, the
        // reference amounts `supplementary.*`, `adjustment.<TYPE>`, `reserve.<STATUS>`), summed
        // per order and per statement when written, so the summary never reads every
        // transaction. A statement's transactions are imported page by page with
        // `transactions_cursor`; `transactions_done` once all are stored. An order's earnings
        // are rebuilt from its stored transactions on every write; `settlement_amount` is
        // TikTok's truth and `settlement_gap` what it differs from the signed sum of the parts
        // by (NULL when they agree). `skus_fetched_at` marks the orders whose Get Order
        // Transactions answer (units per SKU, for the seller's costs) is stored. The import's
        // watermarks are `sync_state` rows of their own jobs.
        sql: r#"
CREATE TABLE finance_statements (
    shop_id                    TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    statement_id               TEXT NOT NULL CHECK (statement_id <> ''),
    statement_time             INTEGER NOT NULL,
    currency                   TEXT NOT NULL,
    settlement_amount          TEXT CHECK (settlement_amount <> ''),
    revenue_amount             TEXT CHECK (revenue_amount <> ''),
    fee_amount                 TEXT CHECK (fee_amount <> ''),
    adjustment_amount          TEXT CHECK (adjustment_amount <> ''),
    net_sales_amount           TEXT CHECK (net_sales_amount <> ''),
    shipping_cost_amount       TEXT CHECK (shipping_cost_amount <> ''),
    payment_status             TEXT NOT NULL,
    payment_id                 TEXT CHECK (payment_id <> ''),
    raw_json                   TEXT NOT NULL CHECK (json_valid(raw_json)),
    payable_amount             TEXT CHECK (payable_amount <> ''),
    total_reserve_amount       TEXT CHECK (total_reserve_amount <> ''),
    total_settlement_amount    TEXT CHECK (total_settlement_amount <> ''),
    total_revenue_amount       TEXT CHECK (total_revenue_amount <> ''),
    total_shipping_cost_amount TEXT CHECK (total_shipping_cost_amount <> ''),
    total_fee_tax_amount       TEXT CHECK (total_fee_tax_amount <> ''),
    total_adjustment_amount    TEXT CHECK (total_adjustment_amount <> ''),
    transaction_count          INTEGER CHECK (transaction_count >= 0),
    transactions_cursor        TEXT,
    transactions_done          INTEGER NOT NULL DEFAULT 0 CHECK (transactions_done IN (0, 1)),
    parts                      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parts)),
    imported_at                INTEGER NOT NULL,
    PRIMARY KEY (shop_id, statement_id)
) WITHOUT ROWID;
CREATE INDEX finance_statements_by_time ON finance_statements (statement_time);
CREATE INDEX finance_statements_by_shop_time ON finance_statements (shop_id, statement_time);

CREATE TABLE finance_payments (
    shop_id                  TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    payment_id               TEXT NOT NULL CHECK (payment_id <> ''),
    create_time              INTEGER,
    status                   TEXT NOT NULL,
    amount                   TEXT CHECK (amount <> ''),
    amount_currency          TEXT,
    settlement_amount        TEXT CHECK (settlement_amount <> ''),
    settlement_currency      TEXT,
    reserve_amount           TEXT CHECK (reserve_amount <> ''),
    reserve_currency         TEXT,
    before_exchange_amount   TEXT CHECK (before_exchange_amount <> ''),
    before_exchange_currency TEXT,
    exchange_rate            TEXT CHECK (exchange_rate <> ''),
    paid_time                INTEGER,
    bank_account             TEXT NOT NULL DEFAULT '',
    raw_json                 TEXT NOT NULL CHECK (json_valid(raw_json)),
    imported_at              INTEGER NOT NULL,
    PRIMARY KEY (shop_id, payment_id)
) WITHOUT ROWID;
CREATE INDEX finance_payments_by_time ON finance_payments (create_time);

CREATE TABLE finance_transactions (
    shop_id                TEXT NOT NULL,
    transaction_id         TEXT NOT NULL CHECK (transaction_id <> ''),
    statement_id           TEXT NOT NULL,
    kind                   TEXT NOT NULL,
    order_id               TEXT CHECK (order_id <> ''),
    order_create_time      INTEGER,
    adjustment_id          TEXT CHECK (adjustment_id <> ''),
    reserve_id             TEXT CHECK (reserve_id <> ''),
    reserve_status         TEXT CHECK (reserve_status <> ''),
    estimated_release_time INTEGER,
    settlement_amount      TEXT CHECK (settlement_amount <> ''),
    revenue_amount         TEXT CHECK (revenue_amount <> ''),
    shipping_cost_amount   TEXT CHECK (shipping_cost_amount <> ''),
    fee_tax_amount         TEXT CHECK (fee_tax_amount <> ''),
    adjustment_amount      TEXT CHECK (adjustment_amount <> ''),
    reserve_amount         TEXT CHECK (reserve_amount <> ''),
    parts                  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parts)),
    PRIMARY KEY (shop_id, transaction_id),
    FOREIGN KEY (shop_id, statement_id)
        REFERENCES finance_statements (shop_id, statement_id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX finance_transactions_by_statement
    ON finance_transactions (shop_id, statement_id, order_create_time);
CREATE INDEX finance_transactions_by_order
    ON finance_transactions (shop_id, order_id) WHERE order_id IS NOT NULL;

CREATE TABLE finance_order_earnings (
    shop_id              TEXT NOT NULL REFERENCES shops (id) ON DELETE CASCADE,
    order_id             TEXT NOT NULL CHECK (order_id <> ''),
    currency             TEXT NOT NULL,
    source               TEXT NOT NULL CHECK (source IN ('statements', 'order')),
    statement_id         TEXT,
    statement_time       INTEGER,
    revenue_amount       TEXT CHECK (revenue_amount <> ''),
    shipping_cost_amount TEXT CHECK (shipping_cost_amount <> ''),
    fee_amount           TEXT CHECK (fee_amount <> ''),
    tax_amount           TEXT CHECK (tax_amount <> ''),
    fee_tax_amount       TEXT CHECK (fee_tax_amount <> ''),
    adjustment_amount    TEXT CHECK (adjustment_amount <> ''),
    reserve_amount       TEXT CHECK (reserve_amount <> ''),
    settlement_amount    TEXT CHECK (settlement_amount <> ''),
    parts_sum            TEXT CHECK (parts_sum <> ''),
    settlement_gap       TEXT CHECK (settlement_gap <> ''),
    parts                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(parts)),
    skus_fetched_at      INTEGER,
    updated_at           INTEGER NOT NULL,
    PRIMARY KEY (shop_id, order_id)
) WITHOUT ROWID;
CREATE INDEX finance_order_earnings_by_settlement
    ON finance_order_earnings (statement_time) WHERE statement_time IS NOT NULL;
-- The orders whose units per SKU are still to be asked for.
CREATE INDEX finance_order_earnings_skus_due ON finance_order_earnings (shop_id, order_id)
    WHERE skus_fetched_at IS NULL AND settlement_amount IS NOT NULL;

CREATE TABLE finance_order_skus (
    shop_id              TEXT NOT NULL,
    order_id             TEXT NOT NULL,
    position             INTEGER NOT NULL CHECK (position >= 0),
    statement_id         TEXT,
    sku_id               TEXT,
    sku_name             TEXT,
    product_name         TEXT,
    quantity             INTEGER CHECK (quantity >= 0),
    settlement_amount    TEXT CHECK (settlement_amount <> ''),
    revenue_amount       TEXT CHECK (revenue_amount <> ''),
    shipping_cost_amount TEXT CHECK (shipping_cost_amount <> ''),
    fee_tax_amount       TEXT CHECK (fee_tax_amount <> ''),
    PRIMARY KEY (shop_id, order_id, position),
    FOREIGN KEY (shop_id, order_id)
        REFERENCES finance_order_earnings (shop_id, order_id) ON DELETE CASCADE
) WITHOUT ROWID;
"#,
    },
    Migration {
        name: "indexes for sorting by status within a tab, by answer-by and by shop",
        // Measured at a million orders: a status sort walked the all-orders status index, which
        // for a tab whose statuses sort late (To ship, descending) crossed most orders first
        // (290 ms); an answer-by sort sorted every order of the view (up to a second), and so
        // did a sort by shop (550 ms). The answer-by indexes begin with the term that keeps
        // pending requests on top, one per direction, so either walk needs no sort step (see
        // `order_query`).
        sql: r#"
CREATE INDEX orders_by_group_status ON orders (status_group, status);
CREATE INDEX orders_by_answer_by ON orders (cancel_deadline IS NULL, cancel_deadline);
CREATE INDEX orders_by_answer_by_desc ON orders (cancel_deadline IS NOT NULL, cancel_deadline);
-- UNIQUE, so SQLite knows each shop is one step of the outer loop and lets each shop's orders
-- come in their date index's order: a sort by shop reads a page, not every order.
CREATE UNIQUE INDEX shops_by_label ON shops (label COLLATE NOCASE, id);
"#,
    },
    Migration {
        name: "drop the update-time sort indexes",
        // The table no longer offers a sort by TikTok's update time (its columns are in the
        // UI's orders.ts), and every stored order paid for these four entries: about a fifth of
        // the order row's insert, measured with five shops backfilling at once. A sort by update
        // time still works (the API keeps it), sorting the view's orders.
        sql: r#"
DROP INDEX orders_by_updated;
DROP INDEX orders_by_group_updated;
DROP INDEX orders_by_shop_group_updated;
DROP INDEX orders_by_shop_updated;
"#,
    },
];

/// Brings the database to [`SCHEMA_VERSION`].
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    migrate_to(conn, SCHEMA_VERSION)
}

/// Applies steps until the database is at `target` (tests stop short of the latest version).
///
/// Each step takes the write lock first (`BEGIN IMMEDIATE`) and only then reads the version, so two
/// openers racing on a fresh file serialize: the second sees the first's result and skips the step.
pub(crate) fn migrate_to(conn: &mut Connection, target: u32) -> Result<(), StoreError> {
    // Refuse a newer file before taking any lock or writing anything.
    check_not_newer(user_version(conn)?)?;
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version = user_version(&tx)?;
        check_not_newer(version)?;
        if version >= target {
            return Ok(());
        }
        let step = &MIGRATIONS[version as usize];
        let next = version + 1;
        tx.execute_batch(step.sql)
            .and_then(|()| tx.pragma_update(None, "user_version", next))
            .and_then(|()| tx.commit())
            .map_err(|source| StoreError::Migration {
                version: next,
                name: step.name,
                source,
            })?;
        tracing::info!(
            version = next,
            name = step.name,
            "applied database migration"
        );
    }
}

fn check_not_newer(found: u32) -> Result<(), StoreError> {
    if found > SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    Ok(())
}

pub(crate) fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    /// A raw connection (foreign keys on, as the store sets them) to a fresh file at `version`.
    fn db_at(version: u32) -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = Connection::open(dir.path().join("db.sqlite3")).unwrap();
        conn.execute_batch("PRAGMA foreign_keys = ON").unwrap();
        migrate_to(&mut conn, version).unwrap();
        assert_eq!(user_version(&conn).unwrap(), version);
        (dir, conn)
    }

    fn apply(conn: &mut Connection, version: u32) {
        migrate_to(conn, version).unwrap();
        assert_eq!(user_version(conn).unwrap(), version);
    }

    fn objects(conn: &Connection, kind: &str) -> Vec<String> {
        let mut stmt = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = ?1 AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .unwrap();
        let names = stmt
            .query_map([kind], |r| r.get(0))
            .unwrap()
            .collect::<Result<Vec<String>, _>>()
            .unwrap();
        names
    }

    fn insert_shop(conn: &Connection, id: &str) {
        conn.execute(
            "INSERT INTO shops (id, label, region, app_key, service_id, shop_hint, redirect_port,
                                authorize_url, api_base, auth_base, created_at)
             VALUES (?1, 'Label', 'US', 'key', 'svc', 'hint', 8123, 'https://a', 'https://b', 'https://c', 1)",
            [id],
        )
        .unwrap();
    }

    fn insert_order(conn: &Connection, shop: &str, order_id: &str, group: &str) -> i64 {
        conn.execute(
            "INSERT INTO orders (shop_id, order_id, status, status_group, create_time, update_time,
                                 buyer_name, item_count, is_fbt, is_replacement, is_sample,
                                 is_buyer_request_cancel, is_on_hold)
             VALUES (?1, ?2, 'AWAITING_SHIPMENT', ?3, 10, 20, 'Ada Lovelace', 1, 0, 0, 0, 0, 0)",
            params![shop, order_id, group],
        )
        .unwrap();
        conn.last_insert_rowid()
    }

    #[test]
    fn versions_are_positions_and_schema_version_is_the_last() {
        assert_eq!(SCHEMA_VERSION as usize, MIGRATIONS.len());
        assert!(MIGRATIONS
            .iter()
            .all(|m| !m.name.is_empty() && !m.sql.trim().is_empty()));
    }

    #[test]
    fn step_1_creates_shops_and_options_with_cascade() {
        let (_dir, mut conn) = db_at(0);
        assert!(objects(&conn, "table").is_empty());
        apply(&mut conn, 1);
        assert_eq!(objects(&conn, "table"), ["shop_options", "shops"]);
        insert_shop(&conn, "s1");
        conn.execute(
            "INSERT INTO shop_options VALUES ('s1', 1, 0, 0, 0, 0, 0, 1, 1, 300)",
            [],
        )
        .unwrap();
        let bad_region = conn.execute("UPDATE shops SET region = 'EU'", []);
        assert!(bad_region.is_err(), "region is constrained to US/ROW");
        conn.execute("DELETE FROM shops WHERE id = 's1'", [])
            .unwrap();
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM shop_options", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn step_2_creates_orders_with_children_indexes_and_counted_deletes() {
        let (_dir, mut conn) = db_at(1);
        insert_shop(&conn, "s1");
        apply(&mut conn, 2);
        for table in [
            "orders",
            "order_items",
            "order_payloads",
            "order_status_history",
            "order_group_counts",
        ] {
            assert!(
                objects(&conn, "table").contains(&table.to_string()),
                "{table}"
            );
        }
        let indexes = objects(&conn, "index");
        for index in [
            "orders_by_group_created",
            "orders_by_shop_group_created",
            "orders_by_created",
            "orders_by_shop_created",
            "orders_by_updated",
            "orders_by_group_ship_by",
            "orders_on_hold",
            "orders_fbt",
            "orders_sample",
            "orders_replacement",
            "orders_buyer_cancel",
        ] {
            assert!(indexes.contains(&index.to_string()), "{index}");
        }
        // The shop inserted before the step is still there and can own orders.
        let a = insert_order(&conn, "s1", "100", "to_ship");
        insert_order(&conn, "s1", "101", "to_ship");
        conn.execute(
            "INSERT INTO order_items (order_ref, line_item_id, position) VALUES (?1, 'L1', 0)",
            [a],
        )
        .unwrap();
        let counts = |conn: &Connection| -> Vec<(String, i64)> {
            let mut stmt = conn
                .prepare("SELECT status_group, n FROM order_group_counts WHERE n > 0 ORDER BY 1")
                .unwrap();
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            rows
        };
        // The upsert code counts inserted orders; deleting one is counted by the trigger.
        conn.execute(
            "INSERT INTO order_group_counts VALUES ('s1', 'to_ship', 2)",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM orders WHERE id = ?1", [a])
            .unwrap();
        assert_eq!(counts(&conn), [("to_ship".to_string(), 1)]);
        let items: i64 = conn
            .query_row("SELECT COUNT(*) FROM order_items", [], |r| r.get(0))
            .unwrap();
        assert_eq!(items, 0, "items go with their order");
        let a = insert_order(&conn, "s1", "100", "to_ship");
        conn.execute(
            "INSERT INTO order_status_history (order_ref, at, status) VALUES (?1, 1, 'X')",
            [a],
        )
        .unwrap();
        let dup = conn.execute(
            "INSERT INTO orders (shop_id, order_id, status, status_group, create_time, update_time,
                                 item_count, is_fbt, is_replacement, is_sample,
                                 is_buyer_request_cancel, is_on_hold)
             VALUES ('s1', '100', 'X', 'g', 1, 1, 0, 0, 0, 0, 0, 0)",
            [],
        );
        assert!(dup.is_err(), "(shop_id, order_id) is unique");
        conn.execute("DELETE FROM shops", []).unwrap();
        for table in [
            "orders",
            "order_items",
            "order_status_history",
            "order_group_counts",
        ] {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table} cascades from shops");
        }
    }

    #[test]
    fn step_3_creates_the_search_index_whose_entries_go_with_their_order() {
        let (_dir, mut conn) = db_at(2);
        insert_shop(&conn, "s1");
        let id = insert_order(&conn, "s1", "576653688135258178", "to_ship");
        apply(&mut conn, 3);
        let sql: String = conn
            .query_row(
                "SELECT sql FROM sqlite_schema WHERE name = 'orders_fts'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(
            sql.contains(fts_tokenizer!()),
            "search input is split by the index's tokenizer: {sql}"
        );
        conn.execute(
            "INSERT INTO orders_fts (rowid, order_id, buyer, skus, products, tracking)
             VALUES (?1, '576653688135258178', 'Ada Lovelace', 'MUG-RED-01', 'Ceramic mug', '')",
            [id],
        )
        .unwrap();
        let hits = |conn: &Connection, q: &str| -> Vec<i64> {
            let mut stmt = conn
                .prepare("SELECT rowid FROM orders_fts WHERE orders_fts MATCH ?1")
                .unwrap();
            let rows = stmt
                .query_map([q], |r| r.get(0))
                .unwrap()
                .collect::<Result<Vec<_>, _>>()
                .unwrap();
            rows
        };
        assert_eq!(hits(&conn, "lovelace"), [id]);
        assert_eq!(hits(&conn, "mug red"), [id]);
        assert_eq!(hits(&conn, "céramic"), [id], "diacritics fold");
        assert_eq!(hits(&conn, "576653688135258178"), [id]);
        conn.execute("DELETE FROM orders WHERE id = ?1", [id])
            .unwrap();
        assert!(hits(&conn, "lovelace").is_empty());
    }

    #[test]
    fn step_4_creates_sync_state_and_backfill_tables_owned_by_the_shop() {
        let (_dir, mut conn) = db_at(3);
        insert_shop(&conn, "s1");
        apply(&mut conn, 4);
        conn.execute(
            "INSERT INTO sync_state (shop_id, job, watermark, cursor) VALUES ('s1', 'orders', 5, '{}')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO backfill_jobs (shop_id, kind, range_start, range_end, created_at)
             VALUES ('s1', 'orders', 0, 100, 1)",
            [],
        )
        .unwrap();
        let job = conn.last_insert_rowid();
        let empty_window = conn.execute(
            "INSERT INTO backfill_windows (job_id, window_start, window_end) VALUES (?1, 50, 50)",
            [job],
        );
        assert!(empty_window.is_err(), "a window must not be empty");
        conn.execute(
            "INSERT INTO backfill_windows (job_id, window_start, window_end) VALUES (?1, 0, 50)",
            [job],
        )
        .unwrap();
        conn.execute("DELETE FROM shops", []).unwrap();
        for table in ["sync_state", "backfill_jobs", "backfill_windows"] {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table} cascades from shops");
        }
    }

    #[test]
    fn step_5_lets_a_shop_tab_be_read_in_update_and_ship_by_order() {
        let (_dir, mut conn) = db_at(4);
        apply(&mut conn, 5);
        for (sort, index) in [
            ("update_time", "orders_by_shop_group_updated"),
            ("rts_sla_time", "orders_by_shop_group_ship_by"),
        ] {
            let plan: Vec<String> = conn
                .prepare(&format!(
                    "EXPLAIN QUERY PLAN SELECT id FROM orders WHERE shop_id = 's1'
                     AND status_group = 'to_ship' ORDER BY {sort} DESC, id DESC LIMIT 100"
                ))
                .unwrap()
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let plan = plan.join(" | ");
            assert!(plan.contains(index), "{sort}: {plan}");
            assert!(
                !plan.contains("TEMP B-TREE"),
                "{sort} sorts without a temp b-tree: {plan}"
            );
        }
    }

    #[test]
    fn step_6_adds_the_notification_option_on_for_saved_rows() {
        let (_dir, mut conn) = db_at(5);
        insert_shop(&conn, "s1");
        conn.execute(
            "INSERT INTO shop_options VALUES ('s1', 1, 0, 0, 0, 0, 0, 1, 1, 30)",
            [],
        )
        .unwrap();
        apply(&mut conn, 6);
        let notify: bool = conn
            .query_row(
                "SELECT notify_new_orders FROM shop_options WHERE shop_id = 's1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(notify);
    }

    #[test]
    fn step_7_fills_address_payment_and_packages_of_stored_orders_from_their_json() {
        let (_dir, mut conn) = db_at(6);
        insert_shop(&conn, "s1");
        let shipped = insert_order(&conn, "s1", "1", "shipping");
        let unpaid = insert_order(&conn, "s1", "2", "to_pay");
        let broken = insert_order(&conn, "s1", "3", "to_pay");
        let json = r#"{"id":"1","recipient_address":{"name":"Ada","phone_number":"(+1)213-***-1234",
            "full_address":"12 Way, Springfield","address_detail":"12 Way","address_line1":"12 Way",
            "address_line2":"","postal_code":"90210","region_code":"US",
            "district_info":[{"address_name":"United States"},{"address_name":""},
                             {"address_name":"Springfield"}]},
            "payment":{"currency":"USD","total_amount":"19.98","sub_total":"19.98",
            "shipping_fee":"0.00","seller_discount":"2.00","small_order_fee":""},
            "packages":[{"id":"P1"},{"id":"P2"}],
            "line_items":[{"id":"a","package_id":"P2","tracking_number":"",
                           "shipping_provider_name":"UPS"},
                          {"id":"b","package_id":"P2","tracking_number":"1Z9"},
                          {"id":"c","package_id":"P1","tracking_number":"TRK1",
                           "shipping_provider_name":"USPS"}]}"#;
        for (id, raw) in [
            (shipped, json),
            (
                unpaid,
                r#"{"id":"2","payment":{"total_amount":"5.00"},"packages":[]}"#,
            ),
            (broken, "not json"),
        ] {
            conn.execute(
                "INSERT INTO order_payloads (order_ref, raw_json) VALUES (?1, ?2)",
                params![id, raw],
            )
            .unwrap();
        }
        apply(&mut conn, 7);

        let details = |id: i64| -> Vec<Option<String>> {
            conn.query_row(
                "SELECT recipient_name, recipient_phone, address_lines, districts, postal_code,
                        sub_total, shipping_fee, seller_discount, small_order_fee, raw_json
                 FROM order_details WHERE order_ref = ?1",
                [id],
                |r| (0..10).map(|i| r.get(i)).collect(),
            )
            .unwrap()
        };
        let got = details(shipped);
        let s = |v: &str| Some(v.to_string());
        assert_eq!(
            got[..9],
            [
                s("Ada"),
                s("(+1)213-***-1234"),
                s("12 Way"),
                s("United States\nSpringfield"),
                s("90210"),
                s("19.98"),
                s("0.00"),
                s("2.00"),
                None
            ]
        );
        assert_eq!(
            got[9].as_deref(),
            Some(json),
            "the raw JSON is kept as it was"
        );
        assert_eq!(details(unpaid)[..6], [None, None, None, None, None, None]);
        assert_eq!(details(broken)[9].as_deref(), Some("not json"));

        let packages: Vec<(String, i64, Option<String>, Option<String>)> = conn
            .prepare(
                "SELECT package_id, position, tracking_number, shipping_provider
                 FROM order_packages WHERE order_ref = ?1 ORDER BY position",
            )
            .unwrap()
            .query_map([shipped], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(
            packages,
            [
                ("P1".into(), 0, s("TRK1"), s("USPS")),
                ("P2".into(), 1, s("1Z9"), s("UPS")),
            ]
        );
        // Packages go with their order.
        conn.execute("DELETE FROM orders WHERE id = ?1", [shipped])
            .unwrap();
        let left: i64 = conn
            .query_row("SELECT COUNT(*) FROM order_packages", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn step_8_lets_one_shop_be_read_in_ship_by_order() {
        let (_dir, mut conn) = db_at(7);
        apply(&mut conn, 8);
        let plan: String = conn
            .query_row(
                "EXPLAIN QUERY PLAN SELECT id FROM orders WHERE shop_id = 's1'
                 ORDER BY rts_sla_time DESC, id DESC LIMIT 100",
                [],
                |r| r.get(3),
            )
            .unwrap();
        assert!(plan.contains("orders_by_shop_ship_by"), "{plan}");
    }

    #[test]
    fn step_9_lets_all_orders_be_read_in_total_buyer_product_status_and_id_order() {
        let (_dir, mut conn) = db_at(8);
        apply(&mut conn, 9);
        for (order_by, index) in [
            (
                "CAST(total_amount AS REAL) DESC, id DESC",
                "orders_by_total",
            ),
            ("buyer_name COLLATE NOCASE, id", "orders_by_buyer"),
            ("first_item_name COLLATE NOCASE, id", "orders_by_product"),
            ("status DESC, id DESC", "orders_by_status"),
            ("length(order_id), order_id, id", "orders_by_order_id"),
        ] {
            let plan: Vec<String> = conn
                .prepare(&format!(
                    "EXPLAIN QUERY PLAN SELECT id FROM orders ORDER BY {order_by} LIMIT 100"
                ))
                .unwrap()
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let plan = plan.join(" | ");
            assert!(plan.contains(index), "{order_by}: {plan}");
            assert!(!plan.contains("TEMP B-TREE"), "{order_by}: {plan}");
        }
    }

    #[test]
    fn step_10_creates_the_outbox_with_its_dedupe_rules_invariants_and_cascade() {
        let (_dir, mut conn) = db_at(9);
        insert_shop(&conn, "s1");
        apply(&mut conn, 10);
        let tables = objects(&conn, "table");
        assert!(tables.contains(&"outbox".to_string()));
        assert!(tables.contains(&"outbox_drainers".to_string()));
        let insert = |key: Option<&str>, rule: &str, state: &str, next: Option<i64>| {
            conn.execute(
                "INSERT INTO outbox (shop_id, kind, target, payload, dedupe_rule, dedupe_key,
                                     state, outcome_unknown, next_try_at, created_at, updated_at)
                 VALUES ('s1', 'stock', 'sku1', '{}', ?1, ?2, ?3, ?4, ?5, 1, 1)",
                params![rule, key, state, state == "needs_check", next],
            )
        };
        insert(Some("k"), "once", "queued", Some(1)).unwrap();
        assert!(
            insert(Some("k"), "once", "failed", Some(1)).is_err(),
            "one live row per once key"
        );
        insert(Some("k"), "once", "dismissed", None).unwrap();
        insert(Some("v"), "latest", "queued", Some(1)).unwrap();
        insert(Some("v"), "latest", "sending", None).unwrap();
        assert!(
            insert(Some("v"), "latest", "needs_attention", None).is_err(),
            "one waiting row per latest key"
        );
        assert!(
            insert(None, "once", "queued", Some(1)).is_err(),
            "a rule needs a key"
        );
        assert!(
            insert(None, "none", "queued", None).is_err(),
            "waiting rows are scheduled"
        );
        assert!(
            insert(None, "none", "sent", None).is_err(),
            "sent rows have sent_at"
        );
        assert!(
            conn.execute(
                "INSERT INTO outbox (shop_id, kind, target, payload, dedupe_rule, state,
                                     next_try_at, created_at, updated_at)
                 VALUES ('s1', 'stock', 'sku1', 'not json', 'none', 'queued', 1, 1, 1)",
                [],
            )
            .is_err(),
            "the payload is JSON"
        );
        conn.execute(
            "INSERT INTO outbox_drainers (shop_id, holder, expires_at) VALUES ('s1', 'app', 9)",
            [],
        )
        .unwrap();

        let plan = |sql: &str| -> String {
            let rows: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.join(" | ")
        };
        let due = plan("SELECT id FROM outbox WHERE shop_id = 's1' AND next_try_at <= 5");
        assert!(due.contains("outbox_due"), "{due}");
        let ahead = plan(
            "SELECT 1 FROM outbox WHERE shop_id = 's1' AND target = 'sku1' AND id < 9
             AND state IN ('queued', 'sending', 'needs_check', 'failed')",
        );
        assert!(ahead.contains("outbox_by_target"), "{ahead}");

        conn.execute("DELETE FROM shops", []).unwrap();
        for table in ["outbox", "outbox_drainers"] {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table} cascades from shops");
        }
    }

    /// The step's version wherever it lands when parallel steps are merged.
    fn version_of(name: &str) -> u32 {
        MIGRATIONS
            .iter()
            .position(|m| m.name == name)
            .expect("a step of that name") as u32
            + 1
    }

    #[test]
    fn the_poll_default_step_keeps_one_positive_interval() {
        let step = version_of("the poll interval of shops added later");
        let (_dir, mut conn) = db_at(step - 1);
        apply(&mut conn, step);
        conn.execute("INSERT INTO app_defaults VALUES (1, 30)", [])
            .unwrap();
        assert!(
            conn.execute("INSERT INTO app_defaults VALUES (2, 30)", [])
                .is_err(),
            "one row only"
        );
        assert!(
            conn.execute("UPDATE app_defaults SET poll_interval_secs = 0", [])
                .is_err(),
            "never zero"
        );
    }

    #[test]
    fn the_confirmation_handover_step_defaults_saved_rows_to_pickup_and_checks_the_word() {
        let step = version_of("handover of automatic order confirmation");
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        conn.execute(
            "INSERT INTO shop_options VALUES ('s1', 1, 1, 0, 0, 0, 0, 1, 1, 30, 1)",
            [],
        )
        .unwrap();
        apply(&mut conn, step);
        let handover: String = conn
            .query_row(
                "SELECT confirm_handover FROM shop_options WHERE shop_id = 's1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(handover, "pickup");
        let bad = conn.execute(
            "UPDATE shop_options SET confirm_handover = 'teleport' WHERE shop_id = 's1'",
            [],
        );
        assert!(bad.is_err(), "only pickup or drop_off");
    }

    #[test]
    fn step_12_creates_carrier_mappings_one_per_seller_key_going_with_the_shop() {
        let (_dir, mut conn) = db_at(11);
        insert_shop(&conn, "s1");
        apply(&mut conn, 12);
        assert!(objects(&conn, "table").contains(&"carrier_mappings".to_string()));
        let insert = |key: &str, provider: &str| {
            conn.execute(
                "INSERT INTO carrier_mappings (shop_id, seller_key, seller_name, provider_name,
                                               updated_at)
                 VALUES ('s1', ?1, 'Name', ?2, 1)",
                params![key, provider],
            )
        };
        insert("royalmail", "Royal Mail").unwrap();
        assert!(insert("royalmail", "Evri").is_err(), "one provider per key");
        assert!(insert("", "Evri").is_err(), "a key is never empty");
        assert!(insert("evri", "").is_err(), "a provider is never empty");
        conn.execute("DELETE FROM shops", []).unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM carrier_mappings", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "mappings cascade from shops");
    }

    #[test]
    fn the_shipping_labels_step_keeps_one_file_per_package_and_size_and_cascades_from_shops() {
        let step = version_of("TikTok shipping labels kept with their orders");
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        apply(&mut conn, step);
        let insert = |size: &str| {
            conn.execute(
                "INSERT INTO shipping_labels VALUES ('s1', 'P1', ?1, 'O1', 'T1', 'f.pdf', 10, 1)",
                [size],
            )
        };
        insert("A6").unwrap();
        insert("A5").unwrap();
        assert!(insert("A6").is_err(), "one row per package and size");
        assert!(insert("4x6").is_err(), "TikTok's sizes only");
        conn.execute("DELETE FROM shops", []).unwrap();
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM shipping_labels", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn the_cancelled_items_step_counts_the_cancelled_lines_of_stored_orders() {
        let step = version_of("how many of an order's line items are cancelled");
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        let partly = insert_order(&conn, "s1", "1", "to_ship");
        let untouched = insert_order(&conn, "s1", "2", "to_ship");
        for (order, line, status) in [
            (partly, "L1", Some("CANCELLED")),
            (partly, "L2", Some("TO_FULFILL")),
            (partly, "L3", Some("CANCELLED")),
            (untouched, "L1", None),
        ] {
            conn.execute(
                "INSERT INTO order_items (order_ref, line_item_id, position, display_status)
                 VALUES (?1, ?2, 0, ?3)",
                params![order, line, status],
            )
            .unwrap();
        }
        apply(&mut conn, step);
        let count = |id: i64| -> i64 {
            conn.query_row(
                "SELECT cancelled_items FROM orders WHERE id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!((count(partly), count(untouched)), (2, 0));
        assert!(
            conn.execute("UPDATE orders SET cancelled_items = -1", [])
                .is_err(),
            "never negative"
        );
    }

    #[test]
    fn the_catalog_step_keys_products_and_skus_once_and_cascades_from_the_shop() {
        let step = version_of("the product catalog");
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        apply(&mut conn, step);
        let product = |id: &str| {
            conn.execute(
                "INSERT INTO products (shop_id, product_id, title, status, audit_status,
                                       update_time, imported_at)
                 VALUES ('s1', ?1, 'Mug', 'ACTIVATE', 'APPROVED', 10, 20)",
                [id],
            )
        };
        let sku = |product: &str, sku: &str| {
            conn.execute(
                "INSERT INTO product_skus (shop_id, product_id, sku_id, price, position)
                 VALUES ('s1', ?1, ?2, '12.50', 0)",
                params![product, sku],
            )
        };
        product("P1").unwrap();
        product("P2").unwrap();
        assert!(product("P1").is_err(), "one row per shop and product id");
        assert!(product("").is_err(), "a product id is never empty");
        sku("P1", "K1").unwrap();
        sku("P1", "K2").unwrap();
        assert!(sku("P2", "K1").is_err(), "one row per shop and SKU id");
        assert!(
            sku("P9", "K9").is_err(),
            "a SKU belongs to a stored product"
        );
        conn.execute(
            "INSERT INTO sku_stock (shop_id, sku_id, warehouse_id, quantity, position)
             VALUES ('s1', 'K1', 'W1', 5, 0), ('s1', 'K2', 'W1', 7, 0)",
            [],
        )
        .unwrap();
        assert!(
            conn.execute(
                "UPDATE products SET image_urls = 'not json' WHERE product_id = 'P1'",
                []
            )
            .is_err(),
            "image links are a JSON list"
        );
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        conn.execute("DELETE FROM product_skus WHERE sku_id = 'K2'", [])
            .unwrap();
        assert_eq!(count("sku_stock"), 1, "stock goes with its SKU");
        conn.execute("DELETE FROM products WHERE product_id = 'P1'", [])
            .unwrap();
        assert_eq!(
            (count("product_skus"), count("sku_stock")),
            (0, 0),
            "SKUs go with their product"
        );

        conn.execute(
            "INSERT INTO backfill_jobs (shop_id, kind, range_start, range_end, created_at)
             VALUES ('s1', 'products', 0, 100, 1)",
            [],
        )
        .unwrap();
        let job = conn.last_insert_rowid();
        conn.execute(
            "INSERT INTO product_import (shop_id, job_id) VALUES ('s1', ?1)",
            [job],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO warehouses VALUES ('s1', 'W1', 'Main', 'SALES_WAREHOUSE',
                                            'DOMESTIC_WAREHOUSE', 'ENABLED', 1, 0)",
            [],
        )
        .unwrap();
        conn.execute("DELETE FROM backfill_jobs", []).unwrap();
        let job_left: Option<i64> = conn
            .query_row("SELECT job_id FROM product_import", [], |r| r.get(0))
            .unwrap();
        assert_eq!(job_left, None, "a deleted job leaves no dangling reference");
        conn.execute("DELETE FROM shops", []).unwrap();
        for table in [
            "products",
            "product_skus",
            "sku_stock",
            "warehouses",
            "product_import",
        ] {
            assert_eq!(count(table), 0, "{table} cascades from shops");
        }
    }

    #[test]
    fn the_local_skus_step_keeps_one_code_per_key_links_with_positive_factors_and_cascades() {
        let step = version_of("the seller's SKUs and their links");
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        apply(&mut conn, step);
        let sku = |code: &str, key: &str, on_hand: i64| {
            conn.execute(
                "INSERT INTO local_skus (code, code_key, on_hand, updated_at) VALUES (?1, ?2, ?3, 1)",
                params![code, key, on_hand],
            )
        };
        sku("MUG-1", "mug-1", 5).unwrap();
        sku("TEA", "tea", 0).unwrap();
        assert!(sku("mug-1", "mug-1", 1).is_err(), "one code per key");
        assert!(sku("CUP", "cup", -1).is_err(), "stock is never negative");
        assert!(sku("", "x", 1).is_err(), "a code is never empty");
        assert!(
            conn.execute("UPDATE local_skus SET price = '' WHERE code = 'TEA'", [])
                .is_err(),
            "a price is a decimal or nothing"
        );

        conn.execute(
            "INSERT INTO sku_links VALUES ('s1', '17001', '29001', 1), ('s1', '17002', '29001', 1)",
            [],
        )
        .unwrap();
        let part = |sku_id: &str, code: &str, factor: i64| {
            conn.execute(
                "INSERT INTO sku_link_parts VALUES ('s1', ?1, ?2, ?3)",
                params![sku_id, code, factor],
            )
        };
        part("17001", "MUG-1", 2).unwrap();
        part("17002", "MUG-1", 1).unwrap();
        part("17002", "TEA", 3).unwrap();
        assert!(part("17001", "TEA", 0).is_err(), "factors are positive");
        assert!(part("17001", "NOPE", 1).is_err(), "parts name local SKUs");
        assert!(part("17999", "TEA", 1).is_err(), "parts belong to a link");
        assert!(
            conn.execute("DELETE FROM local_skus WHERE code = 'TEA'", [])
                .is_err(),
            "a linked code is not deleted from under its links"
        );

        conn.execute(
            "UPDATE local_skus SET code = 'MUG-01', code_key = 'mug-01' WHERE code = 'MUG-1'",
            [],
        )
        .unwrap();
        let renamed: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sku_link_parts WHERE code = 'MUG-01'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(renamed, 2, "a renamed code keeps its links");

        conn.execute("DELETE FROM sku_links WHERE sku_id = '17002'", [])
            .unwrap();
        let parts: i64 = conn
            .query_row("SELECT COUNT(*) FROM sku_link_parts", [], |r| r.get(0))
            .unwrap();
        assert_eq!(parts, 1, "a removed link takes its parts");
        conn.execute("DELETE FROM shops", []).unwrap();
        let left: (i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM sku_links), (SELECT COUNT(*) FROM sku_link_parts),
                        (SELECT COUNT(*) FROM local_skus)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(left, (0, 0, 2), "links go with their shop; local SKUs stay");
    }

    #[test]
    fn the_stock_sync_step_keeps_rules_in_range_marks_changes_in_their_transaction_and_cascades() {
        let step = version_of("stock and price sync");
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        conn.execute_batch(
            "INSERT INTO local_skus (code, code_key, on_hand, updated_at) VALUES ('MUG', 'mug', 5, 1);
             INSERT INTO sku_links VALUES ('s1', '17001', '29001', 1);
             INSERT INTO sku_link_parts VALUES ('s1', '17001', 'MUG', 1);
             INSERT INTO products (shop_id, product_id, title, status, audit_status, update_time,
                                   imported_at)
             VALUES ('s1', '29001', 'Mug', 'PENDING', 'AUDITING', 1, 1);",
        )
        .unwrap();
        apply(&mut conn, step);
        let marks = |conn: &Connection| -> Vec<(String, String)> {
            let mut stmt = conn
                .prepare("SELECT kind, product_id FROM sync_marks ORDER BY kind")
                .unwrap();
            let rows = stmt
                .query_map([], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            conn.execute("DELETE FROM sync_marks", []).unwrap();
            rows
        };
        assert!(marks(&conn).is_empty(), "the step itself marks nothing");
        conn.execute("UPDATE local_skus SET on_hand = 4", [])
            .unwrap();
        assert_eq!(marks(&conn), vec![("stock".into(), "29001".into())]);
        conn.execute("UPDATE local_skus SET on_hand = 4, name = 'x'", [])
            .unwrap();
        assert!(marks(&conn).is_empty(), "an unchanged count marks nothing");
        conn.execute("UPDATE local_skus SET price = '9.90'", [])
            .unwrap();
        assert_eq!(marks(&conn), vec![("price".into(), "29001".into())]);
        conn.execute("UPDATE products SET status = 'ACTIVATE'", [])
            .unwrap();
        assert_eq!(
            marks(&conn),
            vec![
                ("price".into(), "29001".into()),
                ("stock".into(), "29001".into())
            ],
            "a product going live is pushed"
        );
        conn.execute(
            "INSERT INTO shop_options (shop_id, auto_download, auto_confirm,
                auto_ship_instructions, auto_stock_sync, price_upload, tracking_upload,
                query_shipping_changes, query_status_changes, poll_interval_secs)
             VALUES ('s1', 1, 0, 0, 1, 0, 0, 1, 1, 5)",
            [],
        )
        .unwrap();
        assert_eq!(marks(&conn), vec![("stock".into(), "29001".into())]);

        for bad in [
            "INSERT INTO stock_settings (shop_id, percent) VALUES ('s1', 101)",
            "INSERT INTO stock_settings (shop_id, buffer) VALUES ('s1', -1)",
            "INSERT INTO stock_settings (shop_id, share_rule) VALUES ('s1', 'half')",
            "INSERT INTO price_settings VALUES (1, 'usd')",
            "INSERT INTO sync_marks (kind, shop_id, product_id) VALUES ('title', 's1', '1')",
        ] {
            assert!(conn.execute(bad, []).is_err(), "{bad}");
        }
        conn.execute_batch(
            "INSERT INTO stock_settings (shop_id, buffer) VALUES ('s1', 2);
             INSERT INTO stock_sync (shop_id, sku_id, product_id, attempted_at)
                VALUES ('s1', '17001', '29001', 1);
             INSERT INTO price_sync (shop_id, sku_id, product_id, attempted_at)
                VALUES ('s1', '17001', '29001', 1);
             INSERT INTO stock_deductions VALUES ('s1', '5770001', '5770', '{\"MUG\":1}', 1);
             INSERT INTO stock_findings (shop_id, product_id, sku_id, tiktok, expected, found_at)
                VALUES ('s1', '29001', '17001', 3, 4, 1);
             INSERT INTO sync_marks (kind, shop_id, product_id) VALUES ('stock', 's1', '29001');",
        )
        .unwrap();
        conn.execute("DELETE FROM shops", []).unwrap();
        for table in [
            "stock_settings",
            "stock_sync",
            "price_sync",
            "stock_deductions",
            "stock_findings",
            "sync_marks",
        ] {
            let n: i64 = conn
                .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 0, "{table} goes with its shop");
        }
    }

    #[test]
    fn the_finance_step_keys_rows_by_tiktok_ids_keeps_amounts_as_text_and_cascades() {
        let step = version_of("finance: statements, payments and transactions");
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        apply(&mut conn, step);
        let statement = |id: &str, amount: &str| {
            conn.execute(
                "INSERT INTO finance_statements (shop_id, statement_id, statement_time, currency,
                     settlement_amount, payment_status, raw_json, imported_at)
                 VALUES ('s1', ?1, 86400, 'GBP', ?2, 'PAID', '{}', 1)",
                params![id, amount],
            )
        };
        statement("ST1", "-12.50").unwrap();
        assert!(statement("ST1", "1").is_err(), "one row per statement id");
        assert!(
            statement("ST2", "").is_err(),
            "an amount is a decimal or nothing"
        );
        let kept: String = conn
            .query_row(
                "SELECT settlement_amount FROM finance_statements WHERE statement_id = 'ST1'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(
            kept, "-12.50",
            "amounts are kept as the decimal text they were"
        );

        let transaction = |id: &str, statement: &str, order: Option<&str>| {
            conn.execute(
                "INSERT INTO finance_transactions (shop_id, transaction_id, statement_id, kind,
                     order_id, parts)
                 VALUES ('s1', ?1, ?2, 'ORDER', ?3, '[[\"fee.transaction_fee_amount\",\"-1\"]]')",
                params![id, statement, order],
            )
        };
        transaction("T1", "ST1", Some("O1")).unwrap();
        transaction("T2", "ST1", None).unwrap();
        assert!(
            transaction("T1", "ST1", None).is_err(),
            "one row per transaction"
        );
        assert!(
            transaction("T3", "NOPE", None).is_err(),
            "a transaction belongs to a stored statement"
        );
        assert!(
            conn.execute(
                "UPDATE finance_transactions SET parts = 'not json' WHERE transaction_id = 'T1'",
                []
            )
            .is_err(),
            "parts are JSON"
        );

        conn.execute(
            "INSERT INTO finance_order_earnings (shop_id, order_id, currency, source,
                 settlement_amount, updated_at)
             VALUES ('s1', 'O1', 'GBP', 'statements', '10', 1)",
            [],
        )
        .unwrap();
        assert!(
            conn.execute(
                "INSERT INTO finance_order_earnings (shop_id, order_id, currency, source,
                     updated_at) VALUES ('s1', 'O2', 'GBP', 'guess', 1)",
                []
            )
            .is_err(),
            "earnings come from the statements or the order's own transactions"
        );
        conn.execute(
            "INSERT INTO finance_order_skus (shop_id, order_id, position, sku_id, quantity)
             VALUES ('s1', 'O1', 0, 'K1', 2)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO finance_payments (shop_id, payment_id, status, raw_json, imported_at)
             VALUES ('s1', 'P1', 'PAID', '{}', 1)",
            [],
        )
        .unwrap();

        conn.execute(
            "DELETE FROM finance_statements WHERE statement_id = 'ST1'",
            [],
        )
        .unwrap();
        let count = |table: &str| -> i64 {
            conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(
            count("finance_transactions"),
            0,
            "transactions go with their statement"
        );
        conn.execute("DELETE FROM shops", []).unwrap();
        for table in [
            "finance_statements",
            "finance_payments",
            "finance_order_earnings",
            "finance_order_skus",
        ] {
            assert_eq!(count(table), 0, "{table} goes with the shop");
        }
    }

    #[test]
    fn a_failing_step_rolls_back_to_the_previous_version() {
        let (_dir, mut conn) = db_at(1);
        // Sabotage step 2: a table with its name already exists.
        conn.execute_batch("CREATE TABLE orders (x)").unwrap();
        let err = migrate_to(&mut conn, 2).unwrap_err();
        assert!(
            matches!(err, StoreError::Migration { version: 2, .. }),
            "{err:?}"
        );
        assert_eq!(user_version(&conn).unwrap(), 1);
        assert!(!objects(&conn, "table").contains(&"order_items".to_string()));
    }

    #[test]
    fn newer_schema_is_refused_without_changes() {
        let (_dir, mut conn) = db_at(SCHEMA_VERSION);
        conn.pragma_update(None, "user_version", SCHEMA_VERSION + 1)
            .unwrap();
        let err = migrate(&mut conn).unwrap_err();
        match &err {
            StoreError::NewerSchema { found, supported } => {
                assert_eq!((*found, *supported), (SCHEMA_VERSION + 1, SCHEMA_VERSION));
            }
            other => panic!("expected NewerSchema, got {other:?}"),
        }
        assert!(err.to_string().contains("Update Shopdock"), "{err}");
        assert_eq!(user_version(&conn).unwrap(), SCHEMA_VERSION + 1);
    }

    #[test]
    fn the_update_time_sort_indexes_are_dropped_and_an_update_time_sort_still_reads() {
        let step = MIGRATIONS
            .iter()
            .position(|m| m.name == "drop the update-time sort indexes")
            .unwrap() as u32
            + 1;
        let (_dir, mut conn) = db_at(step - 1);
        insert_shop(&conn, "s1");
        assert!(objects(&conn, "index").contains(&"orders_by_updated".to_string()));
        apply(&mut conn, step);
        let indexes = objects(&conn, "index");
        assert!(
            !indexes
                .iter()
                .any(|i| i.ends_with("updated") && i.starts_with("orders_")),
            "{indexes:?}"
        );
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM (SELECT id FROM orders WHERE shop_id = 's1'
                 ORDER BY update_time DESC, id DESC LIMIT 100)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 0);
    }
}
