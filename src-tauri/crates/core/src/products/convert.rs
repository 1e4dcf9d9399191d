//! TikTok's products and warehouses as the store's records, and the one decision that keeps an
//! import's call count down: whether a listed product needs Get Product at all.
//!
//! Search Products lists a product's title, status, audit status and SKUs with their seller
//! SKUs, prices and stock per warehouse (SPEC:products/search-products). Only Get Product has
//! the sales attributes ("Color: Red"), the images, the category and the bundle parts. Those
//! change only when the product is edited, which moves its `update_time`, so a product whose
//! stored details are of its current `update_time` and whose SKUs are the stored ones is
//! stored from the search alone.

use shopdock_store::{
    CombinedPart, ProductDetails, ProductFreshness, ProductRecord, SkuDetails, SkuRecord,
    WarehouseQuantity, WarehouseRecord,
};
use shopdock_tiktok::product::{Product, ProductStatus, ProductSummary, Sku, Warehouse};
use std::collections::BTreeSet;

/// The `update_time` a product is stored with: TikTok's, else its creation, else when it was
/// read (a product without times still gets stored, and a later version replaces it).
fn update_time(update: Option<i64>, create: Option<i64>, seen_at: i64) -> i64 {
    update.or(create).unwrap_or(seen_at)
}

/// Whether Get Product can serve the product: TikTok refuses frozen and deleted ones
/// (SPEC:products/get-product).
pub fn serves_details(status: &ProductStatus) -> bool {
    !matches!(status, ProductStatus::Freeze | ProductStatus::Deleted)
}

/// Whether the listed product must be read with Get Product: it can be, and what is stored
/// lacks its details of this version or lists other SKUs.
pub fn needs_details(
    listed: &ProductSummary,
    stored: Option<&ProductFreshness>,
    seen_at: i64,
) -> bool {
    if !serves_details(&listed.status) {
        return false;
    }
    let Some(stored) = stored else {
        return true;
    };
    let version = update_time(listed.update_time, listed.create_time, seen_at);
    let listed_skus: BTreeSet<&str> = listed.skus.iter().map(|s| s.id.as_str()).collect();
    let stored_skus: BTreeSet<&str> = stored.sku_ids.iter().map(String::as_str).collect();
    stored.details_time != Some(version) || listed_skus != stored_skus
}

/// A listed product as stored: Get Product's details are left as they are.
pub fn from_summary(p: &ProductSummary, seen_at: i64) -> ProductRecord {
    ProductRecord {
        product_id: p.id.clone(),
        title: p.title.clone(),
        status: p.status.as_str().to_owned(),
        audit_status: p
            .audit
            .as_ref()
            .map(|a| a.status.as_str().to_owned())
            .unwrap_or_default(),
        create_time: p.create_time,
        update_time: update_time(p.update_time, p.create_time, seen_at),
        details: None,
        skus: skus(&p.id, &p.skus, false),
    }
}

/// A product read with Get Product, details and all.
pub fn from_product(p: &Product, seen_at: i64) -> ProductRecord {
    let first = p.main_images.first();
    ProductRecord {
        product_id: p.id.clone(),
        title: p.title.clone(),
        status: p.status.as_str().to_owned(),
        audit_status: p
            .audit
            .as_ref()
            .map(|a| a.status.as_str().to_owned())
            .unwrap_or_default(),
        create_time: p.create_time,
        update_time: update_time(p.update_time, p.create_time, seen_at),
        details: Some(ProductDetails {
            category_name: p
                .category_chains
                .iter()
                .find(|c| c.is_leaf)
                .or(p.category_chains.last())
                .map(|c| c.local_name.clone())
                .filter(|n| !n.is_empty()),
            main_image_url: first.and_then(|i| i.urls.first().cloned()),
            thumbnail_url: first.and_then(|i| i.thumb_urls.first().or(i.urls.first()).cloned()),
            image_urls: p
                .main_images
                .iter()
                .filter_map(|i| i.urls.first().cloned())
                .collect(),
            is_combined: p.is_combined(),
        }),
        skus: skus(&p.id, &p.skus, true),
    }
}

/// The SKUs with an id (one without cannot be stored or mapped; it is logged and left out).
fn skus(product_id: &str, skus: &[Sku], details: bool) -> Vec<SkuRecord> {
    skus.iter()
        .filter(|s| {
            let has_id = !s.id.trim().is_empty();
            if !has_id {
                tracing::warn!(product = %product_id, seller_sku = %s.seller_sku, "a SKU without an id is left out");
            }
            has_id
        })
        .map(|s| sku(s, details))
        .collect()
}

fn sku(s: &Sku, details: bool) -> SkuRecord {
    let price = s.price.as_ref();
    SkuRecord {
        sku_id: s.id.clone(),
        seller_sku: s.seller_sku.clone(),
        currency: price.map(|p| p.currency.clone()).unwrap_or_default(),
        price: price.and_then(|p| p.display_price()),
        tax_exclusive_price: price.and_then(|p| p.tax_exclusive_price),
        sku_status: s
            .status_info
            .as_ref()
            .map(|i| i.status.as_str().to_owned())
            .unwrap_or_default(),
        stock: s
            .inventory
            .iter()
            .filter(|w| !w.warehouse_id.trim().is_empty())
            .map(|w| WarehouseQuantity {
                warehouse_id: w.warehouse_id.clone(),
                quantity: w.quantity,
            })
            .collect(),
        details: details.then(|| SkuDetails {
            attributes: attributes(s),
            combined_skus: s
                .combined_skus
                .iter()
                .map(|c| CombinedPart {
                    product_id: c.product_id.clone(),
                    sku_id: c.sku_id.clone(),
                    count: c.sku_count,
                })
                .collect(),
        }),
    }
}

/// The sales attributes in words: "Color: Red / Size: M" (empty for a single variant).
pub fn attributes(s: &Sku) -> String {
    s.sales_attributes
        .iter()
        .map(|a| match (a.name.trim(), a.value_name.trim()) {
            ("", value) => value.to_owned(),
            (name, value) => format!("{name}: {value}"),
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

pub fn warehouse_record(w: &Warehouse) -> WarehouseRecord {
    WarehouseRecord {
        warehouse_id: w.id.clone(),
        name: w.name.clone(),
        warehouse_type: w.warehouse_type.as_str().to_owned(),
        sub_type: w.sub_type.as_str().to_owned(),
        effect_status: w.effect_status.as_str().to_owned(),
        is_default: w.is_default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::product::{
        CategoryChain, CombinedSku, Image, ProductType, SalesAttribute, SkuPrice, WarehouseStock,
    };

    fn listed(status: ProductStatus, update: i64, skus: &[&str]) -> ProductSummary {
        ProductSummary {
            id: "P1".into(),
            status,
            update_time: Some(update),
            skus: skus
                .iter()
                .map(|id| Sku {
                    id: (*id).into(),
                    ..Sku::default()
                })
                .collect(),
            ..ProductSummary::default()
        }
    }

    fn stored(details_time: Option<i64>, skus: &[&str]) -> ProductFreshness {
        ProductFreshness {
            update_time: 10,
            details_time,
            sku_ids: skus.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    #[test]
    fn get_product_is_asked_only_for_new_changed_or_reshaped_products_it_serves() {
        let live = listed(ProductStatus::Activate, 10, &["K1", "K2"]);
        assert!(needs_details(&live, None, 0), "never stored");
        assert!(!needs_details(
            &live,
            Some(&stored(Some(10), &["K2", "K1"])),
            0
        ));
        assert!(
            needs_details(&live, Some(&stored(Some(9), &["K1", "K2"])), 0),
            "edited"
        );
        assert!(
            needs_details(&live, Some(&stored(None, &["K1", "K2"])), 0),
            "no details yet"
        );
        assert!(
            needs_details(&live, Some(&stored(Some(10), &["K1"])), 0),
            "a SKU added"
        );
        for gone in [ProductStatus::Freeze, ProductStatus::Deleted] {
            assert!(
                !needs_details(&listed(gone, 10, &["K1"]), None, 0),
                "refused"
            );
        }
    }

    #[test]
    fn a_read_product_keeps_attributes_images_category_bundle_parts_and_exact_prices() {
        let image = |n: &str| Image {
            urls: vec![format!("https://img/{n}.jpg")],
            thumb_urls: vec![format!("https://img/{n}-t.jpg")],
            ..Image::default()
        };
        let p = Product {
            id: "P1".into(),
            title: "Kit".into(),
            status: ProductStatus::Activate,
            update_time: Some(50),
            category_chains: vec![
                CategoryChain {
                    local_name: "Sports".into(),
                    ..CategoryChain::default()
                },
                CategoryChain {
                    local_name: "Camping".into(),
                    is_leaf: true,
                    ..CategoryChain::default()
                },
            ],
            main_images: vec![image("a"), image("b")],
            product_types: vec![ProductType::CombinedProduct],
            skus: vec![
                Sku {
                    id: "K1".into(),
                    seller_sku: "KIT-1".into(),
                    price: Some(SkuPrice {
                        currency: "GBP".into(),
                        tax_exclusive_price: Some("10.00".parse().unwrap()),
                        sale_price: Some("12.00".parse().unwrap()),
                        unit_price: None,
                    }),
                    inventory: vec![
                        WarehouseStock {
                            warehouse_id: "W1".into(),
                            quantity: 4,
                            ..WarehouseStock::default()
                        },
                        WarehouseStock::default(),
                    ],
                    sales_attributes: vec![
                        SalesAttribute {
                            name: "Color".into(),
                            value_name: "Red".into(),
                            ..SalesAttribute::default()
                        },
                        SalesAttribute {
                            name: "Size".into(),
                            value_name: "M".into(),
                            ..SalesAttribute::default()
                        },
                    ],
                    combined_skus: vec![CombinedSku {
                        product_id: "P2".into(),
                        sku_id: "K9".into(),
                        sku_count: 2,
                        ..CombinedSku::default()
                    }],
                    ..Sku::default()
                },
                Sku::default(),
            ],
            ..Product::default()
        };
        let r = from_product(&p, 99);
        let d = r.details.clone().unwrap();
        assert_eq!(d.category_name.as_deref(), Some("Camping"));
        assert_eq!(d.main_image_url.as_deref(), Some("https://img/a.jpg"));
        assert_eq!(d.thumbnail_url.as_deref(), Some("https://img/a-t.jpg"));
        assert_eq!(d.image_urls.len(), 2);
        assert!(d.is_combined);
        assert_eq!(r.skus.len(), 1, "the SKU without an id is left out");
        let k = &r.skus[0];
        assert_eq!(k.price.unwrap().to_string(), "12.00", "the display price");
        assert_eq!(k.tax_exclusive_price.unwrap().to_string(), "10.00");
        assert_eq!(k.stock.len(), 1, "stock needs a warehouse id");
        let kd = k.details.clone().unwrap();
        assert_eq!(kd.attributes, "Color: Red / Size: M");
        assert_eq!(kd.combined_skus[0].sku_id, "K9");
        assert_eq!(kd.combined_skus[0].count, 2);
        assert_eq!(r.update_time, 50);

        let listed = from_summary(&listed(ProductStatus::Freeze, 60, &["K1"]), 99);
        assert_eq!(listed.status, "FREEZE");
        assert!(listed.details.is_none() && listed.skus[0].details.is_none());
        let timeless = ProductSummary {
            id: "P3".into(),
            ..ProductSummary::default()
        };
        assert_eq!(from_summary(&timeless, 99).update_time, 99);
    }
}
