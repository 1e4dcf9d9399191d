//! The enumerated words of the product and warehouse endpoints. Each is a Rust enum with the
//! documented values plus `Other`, which keeps a value TikTok adds later exactly as sent (it
//! reads, compares and writes back unchanged), so a new status never fails a decode. The
//! finance words ([`crate::finance::words`]) are made by the same macro.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value the reference does not list, kept as sent.
            Other(String),
        }

        impl $name {
            /// Every documented value.
            pub const DOCUMENTED: &'static [$name] = &[$($name::$variant,)+];

            /// The word as TikTok writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $text,)+
                    $name::Other(s) => s.as_str(),
                }
            }

            /// Reads any word: a documented one, else [`Self::Other`].
            pub fn parse(s: &str) -> Self {
                match s.trim() {
                    $($text => $name::$variant,)+
                    other => $name::Other(other.to_owned()),
                }
            }

            /// Whether this is a value the reference documents.
            pub fn is_documented(&self) -> bool {
                !matches!(self, $name::Other(_))
            }
        }

        impl Default for $name {
            fn default() -> Self {
                $name::Other(String::new())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = Option::<String>::deserialize(deserializer)?.unwrap_or_default();
                Ok($name::parse(&s))
            }
        }
    };
}

pub(crate) use word_enum;

word_enum!(
    /// A product's status (SPEC:products/search-products, get-product; OV:prod).
    ProductStatus {
        Draft = "DRAFT",
        /// Under TikTok's review.
        Pending = "PENDING",
        /// Failed the review.
        Failed = "FAILED",
        /// Live: the only status whose stock and price can be updated.
        Activate = "ACTIVATE",
        SellerDeactivated = "SELLER_DEACTIVATED",
        PlatformDeactivated = "PLATFORM_DEACTIVATED",
        /// Frozen by TikTok; Get Product does not serve it.
        Freeze = "FREEZE",
        /// Deleted; Get Product does not serve it.
        Deleted = "DELETED",
    }
);

word_enum!(
    /// `audit.status` (CL:products/product-audit-status-is-added-to-products-api).
    AuditStatus {
        None = "NONE",
        Auditing = "AUDITING",
        Failed = "FAILED",
        PreApproved = "PRE_APPROVED",
        Approved = "APPROVED",
    }
);

word_enum!(
    /// `product_types[]` of Get Product.
    ProductType {
        /// A virtual bundle: its stock follows the bundled SKUs and cannot be edited.
        CombinedProduct = "COMBINED_PRODUCT",
        /// A product that is part of a virtual bundle.
        InCombinedProduct = "IN_COMBINED_PRODUCT",
        /// EU: synchronized to global listings.
        GprTargetProduct = "GPR_TARGET_PRODUCT",
    }
);

word_enum!(
    /// `status_info.status` of a SKU.
    SkuStatus {
        Normal = "NORMAL",
        Deactivated = "DEACTIVATED",
    }
);

word_enum!(
    /// A warehouse's `effect_status` (SPEC:logistics/get-warehouse-list).
    WarehouseEffectStatus {
        Enabled = "ENABLED",
        Disabled = "DISABLED",
        /// Holiday mode or order limit: stock there is not for sale.
        Restricted = "RESTRICTED",
    }
);

word_enum!(
    /// A warehouse's `type`.
    WarehouseType {
        /// Ships products: the only kind a SKU's stock can be in.
        SalesWarehouse = "SALES_WAREHOUSE",
        /// Receives returns.
        ReturnWarehouse = "RETURN_WAREHOUSE",
    }
);

word_enum!(
    /// A warehouse's `sub_type`.
    WarehouseSubType {
        DomesticWarehouse = "DOMESTIC_WAREHOUSE",
        CbOverseaWarehouse = "CB_OVERSEA_WAREHOUSE",
        CbDirectShippingWarehouse = "CB_DIRECT_SHIPPING_WAREHOUSE",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documented_words_read_as_variants_and_new_ones_survive_a_round_trip() {
        assert_eq!(ProductStatus::parse("ACTIVATE"), ProductStatus::Activate);
        let json = r#"["PENDING","SOMETHING_NEW",null]"#;
        let read: Vec<ProductStatus> = serde_json::from_str(json).unwrap();
        assert_eq!(read[0], ProductStatus::Pending);
        assert_eq!(read[1], ProductStatus::Other("SOMETHING_NEW".into()));
        assert!(!read[1].is_documented());
        assert_eq!(read[2].as_str(), "");
        assert_eq!(
            serde_json::to_string(&read[..2]).unwrap(),
            r#"["PENDING","SOMETHING_NEW"]"#
        );
        assert_eq!(ProductStatus::DOCUMENTED.len(), 8);
    }
}
