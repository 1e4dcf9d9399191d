//! The products list: one page of products, newest update first, filtered by shop and status
//! and searched by title, product id, SKU id or seller SKU. Catalogs are tens of thousands of
//! products, not millions, so search is a plain scan (`LIKE`) rather than a full-text index.

use crate::StoreError;
use rusqlite::types::ToSql;
use rusqlite::Connection;
use rust_decimal::Decimal;

/// The most rows one page returns.
pub const MAX_PRODUCT_PAGE: u32 = 1000;

/// What the products list asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductQuery {
    /// Empty = every shop.
    pub shop_ids: Vec<String>,
    /// TikTok's product status, exactly (e.g. `ACTIVATE`); `None` = any.
    pub status: Option<String>,
    /// Part of a title or seller SKU (any case), or a whole product or SKU id.
    pub search: Option<String>,
    pub offset: u32,
    /// Rows per page (at most [`MAX_PRODUCT_PAGE`]; 0 = 100).
    pub limit: u32,
}

/// One row of the products list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductRow {
    pub shop_id: String,
    pub product_id: String,
    pub title: String,
    pub status: String,
    pub audit_status: String,
    pub thumbnail_url: Option<String>,
    pub main_image_url: Option<String>,
    pub is_combined: bool,
    pub update_time: i64,
    pub sku_count: u32,
    /// The SKUs' seller SKUs in TikTok's order (blank ones left out).
    pub seller_skus: Vec<String>,
    /// The lowest and highest SKU price.
    pub price_min: Option<Decimal>,
    pub price_max: Option<Decimal>,
    pub currency: String,
    /// Units over every SKU and warehouse.
    pub stock_total: i64,
}

/// A page of the products list and how many match in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductPage {
    pub rows: Vec<ProductRow>,
    pub total: u64,
}

/// `text` as a LIKE pattern matching it anywhere, its wildcards taken literally.
fn contains_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The WHERE clause of `q` and its named values.
fn conditions(q: &ProductQuery) -> Result<(String, Binds), StoreError> {
    let mut clauses = Vec::new();
    let mut binds: Binds = Vec::new();
    if !q.shop_ids.is_empty() {
        clauses.push("p.shop_id IN (SELECT value FROM json_each(:shops))");
        binds.push((":shops", Box::new(serde_json::to_string(&q.shop_ids)?)));
    }
    if let Some(status) = &q.status {
        clauses.push("p.status = :status");
        binds.push((":status", Box::new(status.clone())));
    }
    if let Some(text) = q.search.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        clauses.push(
            "(p.title LIKE :like ESCAPE '\\' OR p.product_id = :exact
              OR EXISTS (SELECT 1 FROM product_skus s
                         WHERE s.shop_id = p.shop_id AND s.product_id = p.product_id
                           AND (s.seller_sku LIKE :like ESCAPE '\\' OR s.sku_id = :exact)))",
        );
        binds.push((":like", Box::new(contains_pattern(text))));
        binds.push((":exact", Box::new(text.to_owned())));
    }
    let clause = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    Ok((clause, binds))
}

type Binds = Vec<(&'static str, Box<dyn ToSql>)>;

fn named(binds: &Binds) -> Vec<(&str, &dyn ToSql)> {
    binds.iter().map(|(k, v)| (*k, v.as_ref())).collect()
}

/// The SKU summaries of a row: `[[seller_sku, price, currency], ...]` in TikTok's order.
fn summarize(row: &mut ProductRow, skus: &str) -> Result<(), StoreError> {
    let skus: Vec<(String, Option<String>, String)> = serde_json::from_str(skus)?;
    row.sku_count = skus.len() as u32;
    for (seller_sku, price, currency) in skus {
        if !seller_sku.trim().is_empty() {
            row.seller_skus.push(seller_sku);
        }
        if row.currency.is_empty() {
            row.currency = currency;
        }
        let Some(price) = price.and_then(|p| p.parse::<Decimal>().ok()) else {
            continue;
        };
        row.price_min = Some(row.price_min.map_or(price, |m| m.min(price)));
        row.price_max = Some(row.price_max.map_or(price, |m| m.max(price)));
    }
    Ok(())
}

pub(crate) fn query_products(
    conn: &Connection,
    q: &ProductQuery,
) -> Result<ProductPage, StoreError> {
    let (clause, mut binds) = conditions(q)?;
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM products p {clause}"))?
        .query_row(named(&binds).as_slice(), |r| r.get(0))?;
    let limit = match q.limit {
        0 => 100,
        n => n.min(MAX_PRODUCT_PAGE),
    };
    binds.push((":limit", Box::new(limit)));
    binds.push((":offset", Box::new(q.offset)));
    let sql = format!(
        "SELECT p.shop_id, p.product_id, p.title, p.status, p.audit_status, p.thumbnail_url,
                p.main_image_url, p.is_combined, p.update_time,
                (SELECT json_group_array(json_array(s.seller_sku, s.price, s.currency)) FROM
                    (SELECT seller_sku, price, currency FROM product_skus s
                     WHERE s.shop_id = p.shop_id AND s.product_id = p.product_id
                     ORDER BY s.position) s),
                (SELECT COALESCE(SUM(k.quantity), 0) FROM product_skus s
                 JOIN sku_stock k ON k.shop_id = s.shop_id AND k.sku_id = s.sku_id
                 WHERE s.shop_id = p.shop_id AND s.product_id = p.product_id)
         FROM products p {clause}
         ORDER BY p.update_time DESC, p.shop_id, p.product_id
         LIMIT :limit OFFSET :offset"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let mut rows = stmt.query(named(&binds).as_slice())?;
    let mut page = ProductPage {
        rows: Vec::new(),
        total: total as u64,
    };
    while let Some(r) = rows.next()? {
        let mut row = ProductRow {
            shop_id: r.get(0)?,
            product_id: r.get(1)?,
            title: r.get(2)?,
            status: r.get(3)?,
            audit_status: r.get(4)?,
            thumbnail_url: r.get(5)?,
            main_image_url: r.get(6)?,
            is_combined: r.get(7)?,
            update_time: r.get(8)?,
            stock_total: r.get(10)?,
            ..ProductRow::default()
        };
        summarize(&mut row, &r.get::<_, String>(9)?)?;
        page.rows.push(row);
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_in_the_search_are_literal() {
        assert_eq!(contains_pattern("50%_off\\"), "%50\\%\\_off\\\\%");
    }

    #[test]
    fn a_row_sums_up_its_skus_prices_with_blank_seller_skus_left_out() {
        let mut row = ProductRow::default();
        summarize(
            &mut row,
            r#"[["A-1","12.50","USD"],["","9.90","USD"],["C-3",null,"USD"]]"#,
        )
        .unwrap();
        assert_eq!(row.sku_count, 3);
        assert_eq!(row.seller_skus, ["A-1", "C-3"]);
        assert_eq!(row.price_min.unwrap().to_string(), "9.90");
        assert_eq!(row.price_max.unwrap().to_string(), "12.50");
        assert_eq!(row.currency, "USD");
    }
}
