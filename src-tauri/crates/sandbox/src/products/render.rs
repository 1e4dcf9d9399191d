//! Product records rendered as TikTok's JSON (`shopdock_tiktok::product` types): the summary
//! Search Products lists, and the full product of Get Product.

use super::catalog::{ProductRec, ProductStore, SkuRec};
use crate::generator::ShopDef;
use rust_decimal::Decimal;
use shopdock_tiktok::product::{
    AttributeValue, Audit, AuditFailedReason, AuditStatus, Brand, CategoryChain, CombinedSku,
    IdentifierCode, Image, ListPrice, PackageDimensions, PackageWeight, Product, ProductAttribute,
    ProductStatus, ProductSummary, ProductType, SalesAttribute, Sku, SkuPrice, SkuStatus,
    SkuStatusInfo, WarehouseStock,
};

/// Minor units as an exact decimal with the currency's decimals ("12.90", "1500").
pub fn money(minor: i64, decimals: u32) -> Decimal {
    Decimal::new(minor, decimals)
}

fn price(store: &ProductStore, def: &ShopDef, sku: &SkuRec) -> SkuPrice {
    let d = store.decimals();
    SkuPrice {
        currency: def.market.currency.code.to_string(),
        tax_exclusive_price: Some(money(sku.tax_exclusive, d)),
        sale_price: Some(money(sku.display, d)),
        unit_price: None,
    }
}

fn inventory(store: &ProductStore, sku: &SkuRec) -> Vec<WarehouseStock> {
    store
        .stock_warehouses(sku)
        .into_iter()
        .filter_map(|wh| {
            let w = store.warehouses.get(usize::from(wh))?;
            let own = sku.stock.iter().find(|s| s.wh == wh);
            Some(WarehouseStock {
                warehouse_id: w.id.clone(),
                quantity: store.available(sku, wh).unwrap_or(0),
                backorder_quantity: own.and_then(|s| s.backorder),
                handling_time: own.and_then(|s| s.backorder).map(|_| 5),
            })
        })
        .collect()
}

fn status_info(sku: &SkuRec) -> SkuStatusInfo {
    match sku.deactivated {
        Some(source) => SkuStatusInfo {
            status: SkuStatus::Deactivated,
            deactivation_source: source.to_string(),
        },
        None => SkuStatusInfo {
            status: SkuStatus::Normal,
            deactivation_source: String::new(),
        },
    }
}

fn list_price(store: &ProductStore, def: &ShopDef, sku: &SkuRec) -> Option<ListPrice> {
    sku.list_price.map(|minor| ListPrice {
        amount: Some(money(minor, store.decimals())),
        currency: def.market.currency.code.to_string(),
    })
}

/// The SKU fields both endpoints send.
fn sku_core(store: &ProductStore, def: &ShopDef, sku: &SkuRec) -> Sku {
    Sku {
        id: sku.id.to_string(),
        seller_sku: sku.seller_sku.clone(),
        price: Some(price(store, def, sku)),
        inventory: inventory(store, sku),
        list_price: list_price(store, def, sku),
        status_info: Some(status_info(sku)),
        ..Sku::default()
    }
}

fn audit(p: &ProductRec) -> Audit {
    Audit {
        status: p.audit.clone(),
        pre_approved_reasons: Vec::new(),
    }
}

/// US listings carry a quality tier (SPEC: "Available only for the US market").
fn quality_tier(def: &ShopDef, p: &ProductRec) -> String {
    if def.region == "US" && p.status == ProductStatus::Activate {
        "GOOD".to_string()
    } else {
        String::new()
    }
}

/// A product as Search Products lists it.
pub fn summary(store: &ProductStore, def: &ShopDef, p: &ProductRec) -> ProductSummary {
    ProductSummary {
        id: p.id_string(),
        title: p.title.clone(),
        status: p.status.clone(),
        skus: p.skus.iter().map(|s| sku_core(store, def, s)).collect(),
        sales_regions: vec![def.region.to_string()],
        create_time: Some(p.create_time),
        update_time: Some(p.update_time),
        is_not_for_sale: Some(false),
        listing_quality_tier: quality_tier(def, p),
        audit: Some(audit(p)),
        has_draft: Some(false),
    }
}

/// The image named `name` on the sandbox's image host (a SKU's id, or a product's id with the
/// version of its main image: a replaced image gets a new link, as on TikTok).
fn image(image_base: &str, name: &str) -> Image {
    let url = format!("{image_base}/_sandbox/images/{name}.svg");
    Image {
        height: Some(600),
        width: Some(600),
        thumb_urls: vec![url.clone()],
        uri: format!("tos-sandbox-i-products/{name}"),
        urls: vec![url],
    }
}

/// The name of a product's main image: its id, then `-N` once the seller replaced it N times.
fn main_image(p: &ProductRec) -> String {
    match p.image {
        0 => p.id.to_string(),
        n => format!("{}-{n}", p.id),
    }
}

/// The status without its audit part (Get Product's `product_status`).
fn product_status(s: &ProductStatus) -> &'static str {
    match s {
        ProductStatus::Pending | ProductStatus::Failed => "INITIAL",
        ProductStatus::Draft => "DRAFT",
        ProductStatus::Activate => "ACTIVATE",
        ProductStatus::SellerDeactivated => "SELLER_DEACTIVATED",
        ProductStatus::PlatformDeactivated => "PLATFORM_DEACTIVATED",
        ProductStatus::Freeze => "FREEZE",
        ProductStatus::Deleted | ProductStatus::Other(_) => "DELETED",
    }
}

/// A product as Get Product sends it.
pub fn product(store: &ProductStore, def: &ShopDef, p: &ProductRec, image_base: &str) -> Product {
    let us = def.region == "US";
    let skus = p
        .skus
        .iter()
        .map(|s| Sku {
            // Goods that orders name carry a GTIN, as branded goods do.
            identifier_code: s.order_index.map(|_| IdentifierCode {
                code: format!("{:014}", s.id % 100_000_000_000_000),
                code_type: "GTIN".into(),
            }),
            sales_attributes: if s.variant.is_empty() {
                Vec::new()
            } else {
                vec![SalesAttribute {
                    id: "100000".into(),
                    name: "Variant".into(),
                    value_id: (s.id % 1_000_000_000).to_string(),
                    value_name: s.variant.clone(),
                    sku_img: Some(image(image_base, &s.id.to_string())),
                }]
            },
            combined_skus: s
                .parts
                .iter()
                .filter_map(|(part, count)| {
                    let (pp, ps) = store.sku(*part)?;
                    Some(CombinedSku {
                        product_id: pp.id_string(),
                        sku_id: ps.id.to_string(),
                        sku_count: *count,
                        seller_sku: ps.seller_sku.clone(),
                        title: pp.title.clone(),
                        sales_attributes: Vec::new(),
                        price: Some(price(store, def, ps)),
                        inventory: inventory(store, ps)
                            .into_iter()
                            .map(|w| WarehouseStock {
                                backorder_quantity: None,
                                handling_time: None,
                                ..w
                            })
                            .collect(),
                    })
                })
                .collect(),
            ..sku_core(store, def, s)
        })
        .collect();
    let mut product_types = Vec::new();
    if p.combo {
        product_types.push(ProductType::CombinedProduct);
    }
    if p.in_combo {
        product_types.push(ProductType::InCombinedProduct);
    }
    Product {
        id: p.id_string(),
        status: p.status.clone(),
        title: p.title.clone(),
        description: format!(
            "<p>{}</p><ul><li>Sandbox product of {}</li></ul>",
            p.title, def.name
        ),
        category_chains: vec![
            CategoryChain {
                id: "600001".into(),
                parent_id: "0".into(),
                local_name: "Sports & Outdoor".into(),
                is_leaf: false,
            },
            CategoryChain {
                id: "600118".into(),
                parent_id: "600001".into(),
                local_name: "Camping & Hiking".into(),
                is_leaf: true,
            },
        ],
        brand: Some(Brand {
            id: "7082427311584347905".into(),
            name: "Shopdock Outdoor".into(),
        }),
        main_images: vec![image(image_base, &main_image(p))],
        package_dimensions: Some(PackageDimensions {
            length: "10".into(),
            width: "8".into(),
            height: "4".into(),
            unit: if us { "INCH" } else { "CENTIMETER" }.into(),
        }),
        package_weight: Some(PackageWeight {
            value: "1.2".into(),
            unit: if us { "POUND" } else { "KILOGRAM" }.into(),
        }),
        skus,
        product_attributes: vec![ProductAttribute {
            id: "100392".into(),
            name: "Occasion".into(),
            values: vec![AttributeValue {
                id: "1001533".into(),
                name: "Outdoor".into(),
            }],
        }],
        audit_failed_reasons: if p.audit == AuditStatus::Failed {
            vec![AuditFailedReason {
                position: "product".into(),
                reasons: vec!["violate listing rules".into()],
                suggestions: vec![
                    "The product violates TikTok Shop listing rules, please check and resubmit."
                        .into(),
                ],
                listing_platform: "TIKTOK_SHOP".into(),
            }]
        } else {
            Vec::new()
        },
        create_time: Some(p.create_time),
        update_time: Some(p.update_time),
        external_product_id: String::new(),
        product_types,
        is_not_for_sale: Some(false),
        is_cod_allowed: None,
        audit: Some(audit(p)),
        has_draft: Some(false),
        primary_combined_product_id: p
            .skus
            .first()
            .and_then(|s| s.parts.first())
            .and_then(|(part, _)| store.sku(*part))
            .map(|(pp, _)| pp.id_string())
            .unwrap_or_default(),
        product_status: product_status(&p.status).to_string(),
        listing_quality_tier: quality_tier(def, p),
    }
}
