//! Which TikTok scopes Shopdock needs, derived from the endpoints each capability calls. Each
//! endpoint's scopes are copied from its reference spec (`scope_key` in
//! `tiktok-api-reference/endpoints/<spec>`; a test reads the specs to keep them equal); a spec
//! listing several scopes is callable with any one of them. Test Connection checks exactly
//! what the enabled options need.

/// An endpoint Shopdock calls.
#[derive(Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub name: &'static str,
    /// Its spec, relative to the reference's `endpoints/` folder.
    pub spec: &'static str,
    /// Any one of these grants access.
    pub scopes: &'static [&'static str],
}

macro_rules! endpoints {
    ($($id:ident = $name:literal, $spec:literal, [$($scope:literal),+];)+) => {
        $(pub const $id: Endpoint = Endpoint { name: $name, spec: $spec, scopes: &[$($scope),+] };)+
        /// Every endpoint above (for the test against the specs).
        pub const ALL: &[&Endpoint] = &[$(&$id),+];
    };
}

endpoints! {
    AUTHORIZED_SHOPS = "Get Authorized Shops", "authorization/get-authorized-shops.spec.json", ["seller.authorization.info"];
    SEARCH_ORDERS = "Search Orders", "orders/get-order-list.spec.json", ["seller.order.info"];
    ORDER_DETAIL = "Get Order Detail", "orders/get-order-detail.spec.json", ["seller.order.info"];
    MARK_SHIPPED = "Mark Package As Shipped", "fulfillment/mark-package-as-shipped.spec.json", ["seller.fulfillment.basic"];
    SHIP_PACKAGE = "Ship Package", "fulfillment/ship-package.spec.json", ["seller.fulfillment.basic"];
    BATCH_SHIP = "Batch Ship Packages", "fulfillment/batch-ship-packages.spec.json", ["seller.fulfillment.basic"];
    CREATE_PACKAGES = "Create Packages", "fulfillment/create-packages.spec.json", ["seller.fulfillment.basic"];
    SHIPPING_SERVICES = "Get Eligible Shipping Service", "fulfillment/get-eligible-shipping-service.spec.json", ["seller.fulfillment.basic"];
    HANDOVER_SLOTS = "Get Package Handover Time Slots", "fulfillment/get-package-handover-time-slots.spec.json", ["seller.fulfillment.package.write"];
    PACKAGE_DETAIL = "Get Package Detail", "fulfillment/get-package-detail.spec.json", ["seller.fulfillment.basic"];
    SEARCH_PACKAGES = "Search Package", "fulfillment/search-package.spec.json", ["seller.fulfillment.basic"];
    SHIPPING_DOCUMENT = "Get Package Shipping Document", "fulfillment/get-package-shipping-document.spec.json", ["seller.fulfillment.basic"];
    UPDATE_SHIPPING_INFO = "Update Shipping Info", "fulfillment/update-shipping-info.spec.json", ["seller.logistics"];
    SHIPPING_PROVIDERS = "Get Shipping Providers", "logistics/get-shipping-providers.spec.json", ["seller.fulfillment.basic", "seller.logistics"];
    UPDATE_INVENTORY = "Update Inventory", "products/update-inventory.spec.json", ["seller.product.write"];
    UPDATE_PRICE = "Update Price", "products/update-price.spec.json", ["seller.product.write"];
    SEARCH_PRODUCTS = "Search Products", "products/search-products.spec.json", ["seller.product.basic"];
    INVENTORY_SEARCH = "Inventory Search", "products/inventory-search.spec.json", ["seller.product.basic"];
    GET_PRODUCT = "Get Product", "products/get-product.spec.json", ["seller.product.basic"];
    STATEMENTS = "Get Statements", "finance/get-statements.spec.json", ["seller.finance.info"];
    PAYMENTS = "Get Payments", "finance/get-payments.spec.json", ["seller.finance.info"];
    STATEMENT_TRANSACTIONS = "Get Statement Transactions", "finance/get-transactions-by-statement.spec.json", ["seller.finance.info"];
    ORDER_TRANSACTIONS = "Get Order Transactions", "finance/get-transactions-by-order.spec.json", ["seller.finance.info"];
}

/// One line of Test Connection's scope checks: any of `any_of` will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeNeed {
    pub any_of: Vec<&'static str>,
}

impl ScopeNeed {
    /// How the line names the scope ("a" or "a or b").
    pub fn label(&self) -> String {
        self.any_of.join(" or ")
    }

    pub fn met_by(&self, granted: &[String]) -> bool {
        self.any_of.iter().any(|s| granted.iter().any(|g| g == s))
    }
}

/// The scope lines for calling `endpoints`: one per distinct alternative set, dropping a set
/// that a single required scope already satisfies (Get Shipping Providers needs nothing more
/// when Mark Package As Shipped already needs `seller.fulfillment.basic`). In first-seen order.
pub fn needs<'a>(endpoints: impl IntoIterator<Item = &'a Endpoint>) -> Vec<ScopeNeed> {
    let mut sets: Vec<Vec<&'static str>> = Vec::new();
    for e in endpoints {
        let set = e.scopes.to_vec();
        if !sets.contains(&set) {
            sets.push(set);
        }
    }
    let singles: Vec<&'static str> = sets.iter().filter(|s| s.len() == 1).map(|s| s[0]).collect();
    sets.into_iter()
        .filter(|s| s.len() == 1 || !s.iter().any(|x| singles.contains(x)))
        .map(|any_of| ScopeNeed { any_of })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_need_already_met_by_a_required_scope_is_not_listed_twice() {
        let n = needs([&MARK_SHIPPED, &SHIPPING_PROVIDERS, &UPDATE_SHIPPING_INFO]);
        let labels: Vec<String> = n.iter().map(ScopeNeed::label).collect();
        assert_eq!(labels, ["seller.fulfillment.basic", "seller.logistics"]);
        let alone = needs([&SHIPPING_PROVIDERS]);
        assert_eq!(
            alone[0].label(),
            "seller.fulfillment.basic or seller.logistics"
        );
        assert!(alone[0].met_by(&["seller.logistics".into()]));
        assert!(!alone[0].met_by(&["seller.order.info".into()]));
    }

    /// The scopes above are the reference's: each spec names exactly these `scope_key`s.
    #[test]
    fn every_endpoint_needs_the_scopes_its_reference_spec_names() {
        let root = std::env::var_os("SHOPDOCK_API_REFERENCE")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| {
                std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("../../../../shared/tiktok-api-reference")
            });
        let endpoints = root.join("endpoints");
        assert!(
            endpoints.is_dir(),
            "TikTok API reference not found at {}: set SHOPDOCK_API_REFERENCE to its directory",
            root.display()
        );
        for e in ALL {
            let text = std::fs::read_to_string(endpoints.join(e.spec))
                .unwrap_or_else(|err| panic!("{}: {err}", e.spec));
            let mut named: Vec<&str> = text
                .split("\"scope_key\": \"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            named.sort_unstable();
            named.dedup();
            let mut ours = e.scopes.to_vec();
            ours.sort_unstable();
            assert_eq!(named, ours, "{} ({})", e.name, e.spec);
        }
    }
}
