//! The Open API endpoints the sandbox implements, as data: path, versions, method, scope,
//! whether a `shop_cipher` is required, and the query parameters each accepts. Fidelity tests
//! compare this table with TikTok's reference specs, so the sandbox cannot silently drift.

use axum::http::StatusCode;

/// Which handler serves a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    AuthorizedShops,
    ActiveShops,
    SearchOrders,
    OrderDetail,
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
    /// Endpoint-specific query parameters `(name, required)`, besides the common ones.
    pub query: &'static [(&'static str, bool)],
    pub endpoint: Endpoint,
}

impl RouteInfo {
    /// Every query parameter the route accepts `(name, required)`, common ones included.
    pub fn all_query_params(&self) -> Vec<(&'static str, bool)> {
        let mut v = vec![("app_key", true), ("sign", true), ("timestamp", true)];
        if self.shop_cipher {
            v.push(("shop_cipher", true));
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

/// The route table.
pub const ROUTES: &[RouteInfo] = &[
    RouteInfo {
        method: "GET",
        category: "authorization",
        resource: "shops",
        versions: &["202309"],
        scope: SCOPE_AUTHORIZATION,
        shop_cipher: false,
        query: &[],
        endpoint: Endpoint::AuthorizedShops,
    },
    RouteInfo {
        method: "GET",
        category: "seller",
        resource: "shops",
        versions: &["202309"],
        scope: SCOPE_SHOP,
        shop_cipher: false,
        query: &[],
        endpoint: Endpoint::ActiveShops,
    },
    RouteInfo {
        method: "POST",
        category: "order",
        resource: "orders/search",
        versions: &["202309"],
        scope: SCOPE_ORDER,
        shop_cipher: true,
        query: &[
            ("page_size", true),
            ("page_token", false),
            ("sort_field", false),
            ("sort_order", false),
        ],
        endpoint: Endpoint::SearchOrders,
    },
    RouteInfo {
        method: "GET",
        category: "order",
        resource: "orders",
        // 202309 is what the client calls; 202507 is the current documented version.
        versions: &["202309", "202507"],
        scope: SCOPE_ORDER,
        shop_cipher: true,
        query: &[("ids", true)],
        endpoint: Endpoint::OrderDetail,
    },
];

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
    let same_resource: Vec<&RouteInfo> = ROUTES
        .iter()
        .filter(|r| r.category == category && r.resource == resource)
        .collect();
    if same_resource.is_empty() {
        return Err(unknown);
    }
    let same_version: Vec<&&RouteInfo> = same_resource
        .iter()
        .filter(|r| r.versions.contains(&version))
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
        .find(|r| r.method.eq_ignore_ascii_case(method))
        .map(|r| **r)
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
}
