//! Update Inventory and Inventory Search (write-api §E; SPEC:products/update-inventory,
//! inventory-search).
//!
//! Update Inventory is per product: every SKU sent must belong to it, and each SKU must list
//! every warehouse it is stocked in. TikTok answers `code 0` even when some SKUs failed: their
//! failures come in `data.errors` (code 12052990 with per-warehouse `extra_errors`), so a reply
//! is read with [`InventoryUpdateOutcome::from_reply`], never as a plain success.

use crate::lenient::null_as_default;
use crate::refusal::{fulfillment_refusal, Refusal};
use serde::{Deserialize, Serialize};

/// The largest quantity the spec allows per warehouse. The lower end is disputed (the spec
/// says 1, integrators push 0 for "sold out"; write-api §E), so Shopdock sends 0 when it means
/// 0 and reads TikTok's refusal (12052055) if it has to.
pub const MAX_QUANTITY: i64 = 99_999;
/// The most `product_ids` in one Inventory Search.
pub const MAX_INVENTORY_PRODUCT_IDS: usize = 100;
/// The most `sku_ids` in one Inventory Search.
pub const MAX_INVENTORY_SKU_IDS: usize = 600;

/// The body of Update Inventory.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct UpdateInventoryRequest {
    pub skus: Vec<SkuInventoryUpdate>,
}

/// New quantities for one SKU, one entry per warehouse it is stocked in.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SkuInventoryUpdate {
    pub id: String,
    pub inventory: Vec<QuantityUpdate>,
}

/// A quantity for one warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct QuantityUpdate {
    /// Optional only when the SKU has a single warehouse.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub warehouse_id: Option<String>,
    /// Immediately shippable units.
    pub quantity: i64,
    /// Left as it is when omitted.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub backorder_quantity: Option<i64>,
    /// Working days to ship a backorder; the same for every warehouse of a SKU.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub handling_time: Option<i64>,
}

impl QuantityUpdate {
    pub fn new(warehouse_id: &str, quantity: i64) -> Self {
        Self {
            warehouse_id: Some(warehouse_id.to_owned()),
            quantity,
            ..Self::default()
        }
    }
}

/// `data` of Update Inventory as sent: the SKUs that failed, under code 0.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UpdateInventoryReply {
    #[serde(
        deserialize_with = "null_as_default",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub errors: Vec<SkuUpdateError>,
}

/// One SKU's failure: usually 12052990 "check failed", with the reasons per warehouse.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuUpdateError {
    #[serde(deserialize_with = "null_as_default")]
    pub code: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub message: String,
    #[serde(deserialize_with = "null_as_default")]
    pub detail: SkuErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuErrorDetail {
    #[serde(deserialize_with = "null_as_default")]
    pub sku_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub extra_errors: Vec<WarehouseError>,
}

/// Why one warehouse's quantity of a SKU was refused.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseError {
    #[serde(deserialize_with = "null_as_default")]
    pub warehouse_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub code: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub message: String,
}

impl SkuUpdateError {
    /// The codes behind this failure, most specific first: each warehouse's code, then the
    /// main one.
    pub fn codes(&self) -> Vec<i64> {
        let mut codes: Vec<i64> = self.detail.extra_errors.iter().map(|e| e.code).collect();
        codes.push(self.code);
        codes
    }

    /// The seller-facing reason of the most specific code that has one.
    pub fn refusal(&self) -> Option<Refusal> {
        self.codes().into_iter().find_map(fulfillment_refusal)
    }
}

/// What Update Inventory did to each SKU sent, in the order they were sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryUpdateOutcome {
    pub skus: Vec<SkuUpdateResult>,
    /// Errors that name no SKU of the request. While there are any, SKUs without an error of
    /// their own are [`SkuUpdateOutcome::Unknown`].
    pub unattributed: Vec<SkuUpdateError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkuUpdateResult {
    pub sku_id: String,
    pub outcome: SkuUpdateOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkuUpdateOutcome {
    /// No error was reported for it: the new quantities apply.
    Updated,
    /// TikTok refused this SKU (its quantities stay as they were).
    Refused(SkuUpdateError),
    /// The reply had errors naming no SKU, so this one may have failed: read it back.
    Unknown,
}

impl InventoryUpdateOutcome {
    /// Attributes `reply`'s errors to the SKUs of `request` by `detail.sku_id`.
    pub fn from_reply(request: &UpdateInventoryRequest, reply: UpdateInventoryReply) -> Self {
        let requested: Vec<&str> = request.skus.iter().map(|s| s.id.as_str()).collect();
        let (mut own, unattributed): (Vec<_>, Vec<_>) = reply
            .errors
            .into_iter()
            .partition(|e| requested.contains(&e.detail.sku_id.as_str()));
        let skus = requested
            .iter()
            .map(|id| {
                let outcome = match own.iter().position(|e| e.detail.sku_id == *id) {
                    Some(at) => SkuUpdateOutcome::Refused(own.swap_remove(at)),
                    None if unattributed.is_empty() => SkuUpdateOutcome::Updated,
                    None => SkuUpdateOutcome::Unknown,
                };
                SkuUpdateResult {
                    sku_id: (*id).to_owned(),
                    outcome,
                }
            })
            .collect();
        Self { skus, unattributed }
    }

    /// The result for one SKU id.
    pub fn get(&self, sku_id: &str) -> Option<&SkuUpdateOutcome> {
        self.skus
            .iter()
            .find(|s| s.sku_id == sku_id)
            .map(|s| &s.outcome)
    }

    /// Whether every SKU sent was updated.
    pub fn all_updated(&self) -> bool {
        self.skus
            .iter()
            .all(|s| s.outcome == SkuUpdateOutcome::Updated)
    }
}

/// What Inventory Search looks up. The docs disagree on sending both lists (the endpoint
/// says "not both", the field says `sku_ids` wins), so a request carries exactly one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InventoryQuery {
    /// Every SKU of these products (at most [`MAX_INVENTORY_PRODUCT_IDS`]).
    Products(Vec<String>),
    /// These SKUs (at most [`MAX_INVENTORY_SKU_IDS`]).
    Skus(Vec<String>),
}

/// The body of Inventory Search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InventorySearchRequest {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub product_ids: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sku_ids: Vec<String>,
}

impl From<&InventoryQuery> for InventorySearchRequest {
    fn from(q: &InventoryQuery) -> Self {
        match q {
            InventoryQuery::Products(ids) => Self {
                product_ids: ids.clone(),
                sku_ids: Vec::new(),
            },
            InventoryQuery::Skus(ids) => Self {
                product_ids: Vec::new(),
                sku_ids: ids.clone(),
            },
        }
    }
}

/// `data` of Inventory Search.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InventoryList {
    #[serde(deserialize_with = "null_as_default")]
    pub inventory: Vec<ProductInventory>,
}

impl InventoryList {
    /// The stock of one SKU, wherever it is in the answer.
    pub fn sku(&self, sku_id: &str) -> Option<&SkuInventory> {
        self.inventory
            .iter()
            .flat_map(|p| &p.skus)
            .find(|s| s.id == sku_id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductInventory {
    #[serde(deserialize_with = "null_as_default")]
    pub product_id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub skus: Vec<SkuInventory>,
}

/// One SKU's stock: what can be ordered and what open orders hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SkuInventory {
    #[serde(deserialize_with = "null_as_default")]
    pub id: String,
    #[serde(deserialize_with = "null_as_default")]
    pub seller_sku: String,
    /// Sum of the warehouses' `available_quantity`.
    #[serde(deserialize_with = "null_as_default")]
    pub total_available_quantity: i64,
    /// Units reserved by open orders, summed over the warehouses.
    #[serde(deserialize_with = "null_as_default")]
    pub total_committed_quantity: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub warehouse_inventory: Vec<WarehouseInventory>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total_available_inventory_distribution: Option<InventoryDistribution>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct WarehouseInventory {
    #[serde(deserialize_with = "null_as_default")]
    pub warehouse_id: String,
    /// Get Product's `inventory.quantity`.
    #[serde(deserialize_with = "null_as_default")]
    pub available_quantity: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub committed_quantity: i64,
}

/// How the available units are split between campaigns, creators and the shop. Campaign and
/// creator allocations cannot be reduced below what is allocated.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InventoryDistribution {
    #[serde(deserialize_with = "null_as_default")]
    pub campaign_inventory: Vec<CampaignAllocation>,
    #[serde(deserialize_with = "null_as_default")]
    pub creator_inventory: Vec<CreatorAllocation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_shop_inventory: Option<InShopAllocation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignAllocation {
    #[serde(deserialize_with = "null_as_default")]
    pub quantity: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub campaign_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CreatorAllocation {
    #[serde(deserialize_with = "null_as_default")]
    pub quantity: i64,
    #[serde(deserialize_with = "null_as_default")]
    pub creator_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct InShopAllocation {
    #[serde(deserialize_with = "null_as_default")]
    pub quantity: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(ids: &[&str]) -> UpdateInventoryRequest {
        UpdateInventoryRequest {
            skus: ids
                .iter()
                .map(|id| SkuInventoryUpdate {
                    id: (*id).into(),
                    inventory: vec![QuantityUpdate::new("7068517275539719942", 5)],
                })
                .collect(),
        }
    }

    #[test]
    fn errors_under_code_zero_are_attributed_to_their_skus() {
        let reply: UpdateInventoryReply = serde_json::from_str(
            r#"{"errors":[{"code":12052990,"message":"Check failed","detail":{"sku_id":"2","extra_errors":[{"warehouse_id":"7068517275539719942","code":12052393,"message":"locked"}]}}]}"#,
        )
        .unwrap();
        let outcome = InventoryUpdateOutcome::from_reply(&request(&["1", "2"]), reply);
        assert_eq!(outcome.get("1"), Some(&SkuUpdateOutcome::Updated));
        let Some(SkuUpdateOutcome::Refused(e)) = outcome.get("2") else {
            panic!("sku 2 refused: {outcome:?}")
        };
        assert_eq!(e.codes(), vec![12_052_393, 12_052_990]);
        assert!(e.refusal().expect("reason").reason.contains("promotion"));
        assert!(!outcome.all_updated());
    }

    #[test]
    fn an_error_naming_no_sku_leaves_the_others_unknown() {
        let reply: UpdateInventoryReply =
            serde_json::from_str(r#"{"errors":[{"code":36009003,"message":"x","detail":null}]}"#)
                .unwrap();
        let outcome = InventoryUpdateOutcome::from_reply(&request(&["1"]), reply);
        assert_eq!(outcome.get("1"), Some(&SkuUpdateOutcome::Unknown));
        assert_eq!(outcome.unattributed.len(), 1);
    }

    #[test]
    fn a_query_sends_exactly_one_list() {
        let body = InventorySearchRequest::from(&InventoryQuery::Skus(vec!["9".into()]));
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"sku_ids":["9"]}"#
        );
    }
}
