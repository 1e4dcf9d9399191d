//! The Open API endpoints the sandbox implements, as data: path, versions, method, scope,
//! whether a `shop_cipher` is required, and the query parameters each accepts. Fidelity tests
//! compare this table with TikTok's reference specs, so the sandbox cannot silently drift.
//!
//! A resource is the spec's `interface_path` after the version, path parameters included in
//! braces exactly as the spec writes them (`orders/{order_id}/packages`,
//! SPEC:fulfillment/mark-package-as-shipped `request_path_param`). A literal segment beats a
//! parameter (`packages/search` is Search Package, not Get Package Detail of package
//! "search"), and the rate limit counts per resource template, so every order's Mark Package
//! As Shipped shares one "API" (DOC:rate-limits "50 QPS ... for each API").

use axum::http::StatusCode;

/// Which handler serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    AuthorizedShops,
    ActiveShops,
    SearchOrders,
    OrderDetail,
    MarkPackageAsShipped,
    ShipPackage,
    BatchShipPackages,
    CreatePackages,
    EligibleShippingServices,
    HandoverTimeSlots,
    PackageDetail,
    SearchPackages,
    UpdateShippingInfo,
    UpdatePackageShippingInfo,
    ShippingProviders,
    SearchCancellations,
    CancelOrder,
    ApproveCancellation,
    RejectCancellation,
    RejectReasons,
    AftersaleEligibility,
    ShippingDocument,
    SearchProducts,
    GetProduct,
    Warehouses,
    UpdateInventory,
    InventorySearch,
    UpdatePrice,
    Statements,
    Payments,
    StatementTransactions,
    OrderTransactions,
}

#[derive(Debug, Clone, Copy)]
pub struct RouteInfo {
    /// `GET` or `POST`.
    pub method: &'static str,
    /// First path segment, e.g. `order`.
    pub category: &'static str,
    /// Path after the version, e.g. `orders/search`.
    pub resource: &'static str,
    /// Versions served; the first is the one the fact sheet's client uses.
    pub versions: &'static [&'static str],
    /// The scope key the token must carry (from the spec's `scope_list`).
    pub scope: &'static str,
    /// `true`: `shop_cipher` required (106013 when missing); `false`: it is rejected as an
    /// unexpected identifier (36009004), as TikTok does on `/authorization` and `/seller`.
    pub shop_cipher: bool,
    /// `shop_cipher` documented as optional (`required: N`: Get Package Detail, Search
    /// Package): without it the sandbox uses the seller's only shop, and answers 106013 when
    /// the seller has several (TikTok's choice then is UNCONFIRMED).
    pub shop_cipher_optional: bool,
    /// Endpoint-specific query parameters `(name, required)`, besides the common ones.
    pub query: &'static [(&'static str, bool)],
    pub endpoint: Endpoint,
    /// A write (it changes TikTok's state): counted by [`crate::Control::write_counts`] and
    /// subject to [`crate::WriteFaults`].
    pub write: bool,
}

impl RouteInfo {
    /// Every query parameter the route accepts `(name, required)`, common ones included.
    pub fn all_query_params(&self) -> Vec<(&'static str, bool)> {
        let mut v = vec![("app_key", true), ("sign", true), ("timestamp", true)];
        if self.shop_cipher {
            v.push(("shop_cipher", !self.shop_cipher_optional));
        }
        v.extend_from_slice(self.query);
        v
    }

    /// `/category/version/resource` for one version.
    pub fn path(&self, version: &str) -> String {
        format!("/{}/{}/{}", self.category, version, self.resource)
    }
}

pub const SCOPE_AUTHORIZATION: &str = "seller.authorization.info";
pub const SCOPE_SHOP: &str = "seller.shop.info";
pub const SCOPE_ORDER: &str = "seller.order.info";
pub const SCOPE_FULFILLMENT: &str = "seller.fulfillment.basic";
pub const SCOPE_PACKAGE_WRITE: &str = "seller.fulfillment.package.write";
pub const SCOPE_LOGISTICS: &str = "seller.logistics";
pub const SCOPE_RETURN_REFUND: &str = "seller.return_refund.basic";
pub const SCOPE_PRODUCT: &str = "seller.product.basic";
pub const SCOPE_PRODUCT_WRITE: &str = "seller.product.write";
pub const SCOPE_FINANCE: &str = "seller.finance.info";

/// A route of the fulfillment and logistics groups: `shop_cipher` required, no query
/// parameters of its own (every spec below says so, Search Package excepted).
const fn shop_route(
    method: &'static str,
    category: &'static str,
    resource: &'static str,
    scope: &'static str,
    endpoint: Endpoint,
    write: bool,
) -> RouteInfo {
    RouteInfo {
        method,
        category,
        resource,
        versions: &["202309"],
        scope,
        shop_cipher: true,
        shop_cipher_optional: false,
        query: &[],
        endpoint,
        write,
    }
}

/// The route table.
pub const ROUTES: &[RouteInfo] = &[
    RouteInfo {
        method: "GET",
        category: "authorization",
        resource: "shops",
        versions: &["202309"],
        scope: SCOPE_AUTHORIZATION,
        shop_cipher: false,
        shop_cipher_optional: false,
        query: &[],
        endpoint: Endpoint::AuthorizedShops,
        write: false,
    },
    RouteInfo {
        method: "GET",
        category: "seller",
        resource: "shops",
        versions: &["202309"],
        scope: SCOPE_SHOP,
        shop_cipher: false,
        shop_cipher_optional: false,
        query: &[],
        endpoint: Endpoint::ActiveShops,
        write: false,
    },
    RouteInfo {
        method: "POST",
        category: "order",
        resource: "orders/search",
        versions: &["202309"],
        scope: SCOPE_ORDER,
        shop_cipher: true,
        shop_cipher_optional: false,
        query: &[
            ("page_size", true),
            ("page_token", false),
            ("sort_field", false),
            ("sort_order", false),
        ],
        endpoint: Endpoint::SearchOrders,
        write: false,
    },
    RouteInfo {
        method: "GET",
        category: "order",
        resource: "orders",
        // 202309 is what the client calls; 202507 is the current documented version.
        versions: &["202309", "202507"],
        scope: SCOPE_ORDER,
        shop_cipher: true,
        shop_cipher_optional: false,
        query: &[("ids", true)],
        endpoint: Endpoint::OrderDetail,
        write: false,
    },
    // SPEC:fulfillment/mark-package-as-shipped
    shop_route(
        "POST",
        "fulfillment",
        "orders/{order_id}/packages",
        SCOPE_FULFILLMENT,
        Endpoint::MarkPackageAsShipped,
        true,
    ),
    // SPEC:fulfillment/ship-package
    shop_route(
        "POST",
        "fulfillment",
        "packages/{package_id}/ship",
        SCOPE_FULFILLMENT,
        Endpoint::ShipPackage,
        true,
    ),
    // SPEC:fulfillment/batch-ship-packages
    shop_route(
        "POST",
        "fulfillment",
        "packages/ship",
        SCOPE_FULFILLMENT,
        Endpoint::BatchShipPackages,
        true,
    ),
    // SPEC:fulfillment/create-packages
    shop_route(
        "POST",
        "fulfillment",
        "packages",
        SCOPE_FULFILLMENT,
        Endpoint::CreatePackages,
        true,
    ),
    // SPEC:fulfillment/get-eligible-shipping-service (a query, though it is a POST)
    shop_route(
        "POST",
        "fulfillment",
        "orders/{order_id}/shipping_services/query",
        SCOPE_FULFILLMENT,
        Endpoint::EligibleShippingServices,
        false,
    ),
    // SPEC:fulfillment/get-package-handover-time-slots (scope "Package Split And Combine")
    shop_route(
        "GET",
        "fulfillment",
        "packages/{package_id}/handover_time_slots",
        SCOPE_PACKAGE_WRITE,
        Endpoint::HandoverTimeSlots,
        false,
    ),
    // SPEC:fulfillment/get-package-detail (shop_cipher optional)
    RouteInfo {
        shop_cipher_optional: true,
        ..shop_route(
            "GET",
            "fulfillment",
            "packages/{package_id}",
            SCOPE_FULFILLMENT,
            Endpoint::PackageDetail,
            false,
        )
    },
    // SPEC:fulfillment/search-package
    RouteInfo {
        method: "POST",
        category: "fulfillment",
        resource: "packages/search",
        versions: &["202309"],
        scope: SCOPE_FULFILLMENT,
        shop_cipher: true,
        shop_cipher_optional: true,
        query: &[
            ("page_size", true),
            ("sort_field", false),
            ("sort_order", false),
            ("page_token", false),
        ],
        endpoint: Endpoint::SearchPackages,
        write: false,
    },
    // SPEC:fulfillment/get-package-shipping-document
    RouteInfo {
        query: &[
            ("document_type", true),
            ("document_size", false),
            ("document_format", false),
        ],
        ..shop_route(
            "GET",
            "fulfillment",
            "packages/{package_id}/shipping_documents",
            SCOPE_FULFILLMENT,
            Endpoint::ShippingDocument,
            false,
        )
    },
    // SPEC:fulfillment/update-shipping-info (scope Logistics Basic, write-api §C)
    shop_route(
        "POST",
        "fulfillment",
        "orders/{order_id}/shipping_info/update",
        SCOPE_LOGISTICS,
        Endpoint::UpdateShippingInfo,
        true,
    ),
    // SPEC:fulfillment/update-package-shipping-info
    shop_route(
        "POST",
        "fulfillment",
        "packages/{package_id}/shipping_info/update",
        SCOPE_FULFILLMENT,
        Endpoint::UpdatePackageShippingInfo,
        true,
    ),
    // SPEC:logistics/get-shipping-providers
    shop_route(
        "GET",
        "logistics",
        "delivery_options/{delivery_option_id}/shipping_providers",
        SCOPE_LOGISTICS,
        Endpoint::ShippingProviders,
        false,
    ),
    // SPEC:return-and-refund/search-cancellations (a POST that only reads)
    RouteInfo {
        query: &[
            ("sort_field", false),
            ("sort_order", false),
            ("page_size", false),
            ("page_token", false),
        ],
        ..shop_route(
            "POST",
            "return_refund",
            "cancellations/search",
            SCOPE_RETURN_REFUND,
            Endpoint::SearchCancellations,
            false,
        )
    },
    // SPEC:return-and-refund/cancel-order
    shop_route(
        "POST",
        "return_refund",
        "cancellations",
        SCOPE_RETURN_REFUND,
        Endpoint::CancelOrder,
        true,
    ),
    // SPEC:return-and-refund/approve-cancellation
    RouteInfo {
        query: &[("idempotency_key", false)],
        ..shop_route(
            "POST",
            "return_refund",
            "cancellations/{cancel_id}/approve",
            SCOPE_RETURN_REFUND,
            Endpoint::ApproveCancellation,
            true,
        )
    },
    // SPEC:return-and-refund/reject-cancellation
    RouteInfo {
        query: &[("idempotency_key", false)],
        ..shop_route(
            "POST",
            "return_refund",
            "cancellations/{cancel_id}/reject",
            SCOPE_RETURN_REFUND,
            Endpoint::RejectCancellation,
            true,
        )
    },
    // SPEC:return-and-refund/get-reject-reasons
    RouteInfo {
        query: &[("locale", false), ("return_or_cancel_id", true)],
        ..shop_route(
            "GET",
            "return_refund",
            "reject_reasons",
            SCOPE_RETURN_REFUND,
            Endpoint::RejectReasons,
            false,
        )
    },
    // SPEC:return-and-refund/get-aftersale-eligibility
    RouteInfo {
        query: &[("initiate_aftersale_user", false)],
        ..shop_route(
            "GET",
            "return_refund",
            "orders/{order_id}/aftersale_eligibility",
            SCOPE_RETURN_REFUND,
            Endpoint::AftersaleEligibility,
            false,
        )
    },
    // SPEC:products/search-products (202502; the 202309 path serves the same search, fact
    // sheet §7). A POST that only reads.
    RouteInfo {
        versions: &["202502", "202309"],
        query: &[("page_size", true), ("page_token", false)],
        ..shop_route(
            "POST",
            "product",
            "products/search",
            SCOPE_PRODUCT,
            Endpoint::SearchProducts,
            false,
        )
    },
    // SPEC:products/get-product
    RouteInfo {
        query: &[
            ("return_under_review_version", false),
            ("return_draft_version", false),
            ("locale", false),
        ],
        ..shop_route(
            "GET",
            "product",
            "products/{product_id}",
            SCOPE_PRODUCT,
            Endpoint::GetProduct,
            false,
        )
    },
    // SPEC:products/update-inventory (shop_cipher documented as optional)
    RouteInfo {
        shop_cipher_optional: true,
        ..shop_route(
            "POST",
            "product",
            "products/{product_id}/inventory/update",
            SCOPE_PRODUCT_WRITE,
            Endpoint::UpdateInventory,
            true,
        )
    },
    // SPEC:products/inventory-search (a POST that only reads)
    shop_route(
        "POST",
        "product",
        "inventory/search",
        SCOPE_PRODUCT,
        Endpoint::InventorySearch,
        false,
    ),
    // SPEC:products/update-price
    shop_route(
        "POST",
        "product",
        "products/{product_id}/prices/update",
        SCOPE_PRODUCT_WRITE,
        Endpoint::UpdatePrice,
        true,
    ),
    // SPEC:logistics/get-warehouse-list
    shop_route(
        "GET",
        "logistics",
        "warehouses",
        SCOPE_LOGISTICS,
        Endpoint::Warehouses,
        false,
    ),
    // SPEC:finance/get-statements (write-api §H: `sort_field` required)
    RouteInfo {
        query: &[
            ("statement_time_lt", false),
            ("payment_status", false),
            ("page_size", false),
            ("page_token", false),
            ("sort_field", true),
            ("sort_order", false),
            ("statement_time_ge", false),
        ],
        ..shop_route(
            "GET",
            "finance",
            "statements",
            SCOPE_FINANCE,
            Endpoint::Statements,
            false,
        )
    },
    // SPEC:finance/get-payments (not available in SEA)
    RouteInfo {
        query: &[
            ("create_time_lt", false),
            ("page_size", false),
            ("page_token", false),
            ("sort_field", true),
            ("sort_order", false),
            ("create_time_ge", false),
        ],
        ..shop_route(
            "GET",
            "finance",
            "payments",
            SCOPE_FINANCE,
            Endpoint::Payments,
            false,
        )
    },
    // SPEC:finance/get-transactions-by-statement: 202501 only, the 202309 version was
    // blocked after 2025-12-31 (write-api §H), so it answers 36009014.
    RouteInfo {
        versions: &["202501"],
        query: &[
            ("page_token", false),
            ("sort_field", true),
            ("sort_order", false),
            ("page_size", false),
        ],
        ..shop_route(
            "GET",
            "finance",
            "statements/{statement_id}/statement_transactions",
            SCOPE_FINANCE,
            Endpoint::StatementTransactions,
            false,
        )
    },
    // SPEC:finance/get-transactions-by-order: 202501 only, as above.
    RouteInfo {
        versions: &["202501"],
        ..shop_route(
            "GET",
            "finance",
            "orders/{order_id}/statement_transactions",
            SCOPE_FINANCE,
            Endpoint::OrderTransactions,
            false,
        )
    },
];

/// A resolved request: its route and the values of the route's path parameters.
#[derive(Debug, Clone)]
pub struct Resolved {
    pub route: &'static RouteInfo,
    /// `(name, value)` per `{name}` segment of the resource, in path order.
    pub params: Vec<(&'static str, String)>,
}

impl Resolved {
    /// The value of path parameter `name` (empty when the route has none by that name).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// A route a path fits: the route, its number of literal segments, its path parameters.
type Candidate = (&'static RouteInfo, usize, Vec<(&'static str, String)>);

/// Matches `resource` (a concrete path after the version) against a route's template: `None`
/// if it does not fit, else the number of literal segments (more is more specific) and the
/// path parameters.
fn match_template(
    template: &'static str,
    resource: &str,
) -> Option<(usize, Vec<(&'static str, String)>)> {
    let want: Vec<&'static str> = template.split('/').collect();
    let got: Vec<&str> = resource.split('/').collect();
    if want.len() != got.len() {
        return None;
    }
    let mut literal = 0;
    let mut params = Vec::new();
    for (w, g) in want.iter().zip(&got) {
        match w.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
            Some(name) if !g.is_empty() => params.push((name, (*g).to_string())),
            Some(_) => return None,
            None if w == g => literal += 1,
            None => return None,
        }
    }
    Some((literal, params))
}

/// A routing failure, with TikTok's code and the HTTP status the sandbox answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteError {
    pub http: StatusCode,
    pub code: i64,
    pub message: &'static str,
}

/// Finds the route for `method` and `path`: unknown path -> 36009009, a known resource under an
/// unserved version -> 36009014, a known path with another method -> 36009010. (The HTTP
/// statuses 404/405 are the sandbox's choice; TikTok's are UNCONFIRMED.)
pub fn resolve(method: &str, path: &str) -> Result<&'static RouteInfo, RouteError> {
    resolve_with_params(method, path).map(|r| r.route)
}

/// [`resolve`], with the path parameters. Among the routes a path fits, the most literal one
/// with the request's method wins.
pub fn resolve_with_params(method: &str, path: &str) -> Result<Resolved, RouteError> {
    let unknown = RouteError {
        http: StatusCode::NOT_FOUND,
        code: shopdock_tiktok::codes::INVALID_PATH,
        message: "Invalid path. The specified path does not match any available endpoint.",
    };
    let rest = path.strip_prefix('/').ok_or(unknown)?;
    let mut parts = rest.splitn(3, '/');
    let (Some(category), Some(version), Some(resource)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return Err(unknown);
    };
    let same_resource: Vec<Candidate> = ROUTES
        .iter()
        .filter(|r| r.category == category)
        .filter_map(|r| match_template(r.resource, resource).map(|(lit, p)| (r, lit, p)))
        .collect();
    if same_resource.is_empty() {
        return Err(unknown);
    }
    let same_version: Vec<&Candidate> = same_resource
        .iter()
        .filter(|(r, _, _)| r.versions.contains(&version))
        .collect();
    if same_version.is_empty() {
        return Err(RouteError {
            http: StatusCode::NOT_FOUND,
            code: shopdock_tiktok::codes::INVALID_VERSION,
            message: "Invalid API version. The version name is invalid.",
        });
    }
    same_version
        .iter()
        .filter(|(r, _, _)| r.method.eq_ignore_ascii_case(method))
        .max_by_key(|(_, literal, _)| *literal)
        .map(|(r, _, params)| Resolved {
            route: r,
            params: params.clone(),
        })
        .ok_or(RouteError {
            http: StatusCode::METHOD_NOT_ALLOWED,
            code: shopdock_tiktok::codes::INVALID_METHOD,
            message: "Invalid method. The HTTP method used is not supported by this endpoint.",
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::codes;

    #[test]
    fn resolves_known_paths_and_classifies_failures() {
        assert_eq!(
            resolve("POST", "/order/202309/orders/search").map(|r| r.endpoint),
            Ok(Endpoint::SearchOrders)
        );
        assert_eq!(
            resolve("GET", "/order/202507/orders").map(|r| r.endpoint),
            Ok(Endpoint::OrderDetail)
        );
        assert_eq!(
            resolve("GET", "/nope").unwrap_err().code,
            codes::INVALID_PATH
        );
        assert_eq!(
            resolve("GET", "/order/202309/nothing").unwrap_err().code,
            codes::INVALID_PATH
        );
        assert_eq!(
            resolve("POST", "/order/202299/orders/search")
                .unwrap_err()
                .code,
            codes::INVALID_VERSION
        );
        assert_eq!(
            resolve("GET", "/order/202309/orders/search")
                .unwrap_err()
                .code,
            codes::INVALID_METHOD
        );
    }

    #[test]
    fn path_parameters_are_extracted_and_literal_segments_win() {
        let r = resolve_with_params("POST", "/fulfillment/202309/packages/1152/ship").unwrap();
        assert_eq!(r.route.endpoint, Endpoint::ShipPackage);
        assert_eq!(r.param("package_id"), "1152");
        let r = resolve_with_params("POST", "/fulfillment/202309/packages/ship").unwrap();
        assert_eq!(r.route.endpoint, Endpoint::BatchShipPackages);
        let r = resolve_with_params("POST", "/fulfillment/202309/packages/search").unwrap();
        assert_eq!(r.route.endpoint, Endpoint::SearchPackages);
        let r = resolve_with_params("GET", "/fulfillment/202309/packages/77").unwrap();
        assert_eq!(
            (r.route.endpoint, r.param("package_id")),
            (Endpoint::PackageDetail, "77")
        );
        let r = resolve_with_params("POST", "/fulfillment/202309/orders/576/packages").unwrap();
        assert_eq!(
            (r.route.endpoint, r.param("order_id")),
            (Endpoint::MarkPackageAsShipped, "576")
        );
        let r = resolve_with_params(
            "GET",
            "/logistics/202309/delivery_options/709/shipping_providers",
        )
        .unwrap();
        assert_eq!(r.param("delivery_option_id"), "709");
        assert_eq!(
            resolve("DELETE", "/fulfillment/202309/packages/77")
                .unwrap_err()
                .code,
            codes::INVALID_METHOD
        );
        assert_eq!(
            resolve("POST", "/fulfillment/202309/orders//packages")
                .unwrap_err()
                .code,
            codes::INVALID_PATH
        );
    }
}
