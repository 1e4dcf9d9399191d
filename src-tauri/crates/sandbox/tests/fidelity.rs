//! FIDELITY: the sandbox's real JSON responses, field by field, against TikTok's official API
//! reference (`response_param` of each `*.spec.json`; `^` marks one nesting level under
//! `data`), and its route table against the specs' paths, methods, scopes, `shop_cipher` flag,
//! query parameters and body parameters. If the sandbox emits a field TikTok does not document,
//! or with another JSON type, these tests fail, so the sandbox (and the model types it shares
//! with the client) cannot drift from TikTok.
//!
//! The reference lives outside the repo: `$SHOPDOCK_API_REFERENCE`, or
//! `CARGO_MANIFEST_DIR/../../../../shared/tiktok-api-reference`.

mod common;

use common::{sandbox, Api};
use serde_json::Value;
use shopdock_sandbox::routes::{RouteInfo, ROUTES};
use shopdock_tiktok::model::SearchOrdersFilter;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn reference_dir() -> PathBuf {
    let dir = match std::env::var_os("SHOPDOCK_API_REFERENCE") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../../shared/tiktok-api-reference"),
    };
    assert!(
        dir.join("endpoints").is_dir(),
        "TikTok API reference not found at {}: the fidelity tests need it. Put the reference \
         (README.md, endpoints/, guides/) there or set SHOPDOCK_API_REFERENCE to its directory.",
        dir.display()
    );
    dir
}

fn load(rel: &str) -> Value {
    let path = reference_dir().join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read TikTok API spec {}: {e}", path.display()));
    let v: Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("spec {} is not JSON: {e}", path.display()));
    v["document_api_meta"].clone()
}

/// The response schema as a tree: name -> (type, children).
#[derive(Debug, Default)]
struct Node {
    ty: String,
    children: BTreeMap<String, Node>,
}

fn schema(spec: &Value) -> Node {
    let mut root = Node {
        ty: "object".into(),
        ..Node::default()
    };
    // Path of names from the root to the last node at each depth.
    let mut path: Vec<String> = Vec::new();
    for p in spec["response_param"].as_array().expect("response_param") {
        let raw = p["name"].as_str().unwrap();
        let depth = raw.len() - raw.trim_start_matches('^').len();
        let name = raw.trim_start_matches('^').to_string();
        // depth 0: envelope fields; depth d >= 1 nests under `data` and d-1 ancestors.
        let parents: Vec<String> = if depth == 0 {
            Vec::new()
        } else {
            let mut v = vec!["data".to_string()];
            v.extend(path.iter().take(depth - 1).cloned());
            v
        };
        let mut node = &mut root;
        for parent in &parents {
            node = node.children.entry(parent.clone()).or_default();
        }
        node.children.insert(
            name.clone(),
            Node {
                ty: p["type"].as_str().unwrap().to_string(),
                children: BTreeMap::new(),
            },
        );
        if depth >= 1 {
            path.truncate(depth - 1);
            path.push(name);
        }
    }
    root
}

fn type_ok(spec_ty: &str, v: &Value) -> bool {
    match spec_ty {
        "string" => v.is_string(),
        "int" | "int32" | "int64" | "integer" | "long" => v.is_i64() || v.is_u64(),
        "float" | "double" | "number" => v.is_number(),
        "bool" | "boolean" => v.is_boolean(),
        "object" => v.is_object(),
        "[]object" => v.as_array().is_some_and(|a| a.iter().all(Value::is_object)),
        "[]string" => v.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
        "[]int" | "[]int64" => v.as_array().is_some_and(|a| a.iter().all(|x| x.is_i64())),
        _ => false,
    }
}

/// Checks every field of `v` exists under `node` with a matching type; records which spec
/// fields were seen.
fn check(
    v: &Value,
    node: &Node,
    path: &str,
    errors: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) {
    let Some(obj) = v.as_object() else { return };
    for (k, child_v) in obj {
        let here = format!("{path}.{k}");
        let Some(child) = node.children.get(k) else {
            errors.push(format!("{here}: not in TikTok's spec"));
            continue;
        };
        seen.insert(here.clone());
        if !type_ok(&child.ty, child_v) {
            errors.push(format!(
                "{here}: spec type {} but sandbox sent {child_v}",
                child.ty
            ));
            continue;
        }
        match child_v {
            Value::Object(_) => check(child_v, child, &here, errors, seen),
            Value::Array(items) => {
                for item in items {
                    check(item, child, &here, errors, seen);
                }
            }
            _ => {}
        }
    }
}

fn assert_conforms(spec_file: &str, responses: &[Value]) -> BTreeSet<String> {
    let spec = load(spec_file);
    let tree = schema(&spec);
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for r in responses {
        assert_eq!(r["code"], 0, "{r}");
        check(r, &tree, "", &mut errors, &mut seen);
    }
    errors.sort();
    errors.dedup();
    assert!(
        errors.is_empty(),
        "{spec_file}: the sandbox emits fields TikTok does not document:\n{}",
        errors.join("\n")
    );
    seen
}

fn spec_method(spec: &Value) -> &'static str {
    match spec["method"].as_i64() {
        Some(1) => "POST",
        Some(2) => "GET",
        Some(3) => "PUT",
        Some(4) => "DELETE",
        other => panic!("unknown spec method {other:?}"),
    }
}

const SPECS: &[&str] = &[
    "endpoints/authorization/get-authorized-shops.spec.json",
    "endpoints/seller/get-active-shops.spec.json",
    "endpoints/orders/get-order-list.spec.json",
    "endpoints/orders/get-order-detail.spec.json",
];

/// The route serving a spec's path (category, version, resource).
fn route_for(spec: &Value) -> (&'static RouteInfo, String) {
    let path = spec["interface_path"].as_str().unwrap();
    let mut parts = path.trim_start_matches('/').splitn(3, '/');
    let (cat, ver, res) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    let route = ROUTES
        .iter()
        .find(|r| r.category == cat && r.resource == res)
        .unwrap_or_else(|| panic!("the sandbox has no route for {path}"));
    (route, ver.to_string())
}

#[test]
fn every_route_matches_its_spec_path_method_scope_cipher_and_query_params() {
    let mut covered = BTreeSet::new();
    for file in SPECS {
        let spec = load(file);
        let (route, version) = route_for(&spec);
        covered.insert((route.category, route.resource));
        assert!(
            route.versions.contains(&version.as_str()),
            "{file}: version {version} not served"
        );
        assert_eq!(route.method, spec_method(&spec), "{file}: method");
        let scopes: Vec<&str> = spec["scope_list"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["scope_key"].as_str().unwrap())
            .collect();
        assert!(
            scopes.contains(&route.scope),
            "{file}: scope {} not in {scopes:?}",
            route.scope
        );
        assert_eq!(
            route.shop_cipher,
            spec["is_shop_chiper_exist"].as_bool().unwrap(),
            "{file}: shop_cipher"
        );
        let spec_params: BTreeSet<(String, bool)> = spec["request_query_param"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["name"].as_str().unwrap().to_string(),
                    p["required"] == "Y",
                )
            })
            .collect();
        let ours: BTreeSet<(String, bool)> = route
            .all_query_params()
            .into_iter()
            .map(|(n, r)| (n.to_string(), r))
            .collect();
        assert_eq!(
            ours, spec_params,
            "{file}: query parameters (name, required)"
        );
    }
    for r in ROUTES {
        assert!(
            covered.contains(&(r.category, r.resource)),
            "route /{}/…/{} has no spec in the fidelity list",
            r.category,
            r.resource
        );
    }
}

#[test]
fn search_body_filter_fields_are_the_specs() {
    let spec = load("endpoints/orders/get-order-list.spec.json");
    let full = SearchOrdersFilter {
        order_status: Some("UNPAID".into()),
        create_time_ge: Some(1),
        create_time_lt: Some(2),
        update_time_ge: Some(1),
        update_time_lt: Some(2),
        shipping_type: Some("TIKTOK".into()),
        buyer_user_id: Some("1".into()),
        is_buyer_request_cancel: Some(false),
        warehouse_ids: Some(vec!["1".into()]),
    };
    let json = serde_json::to_value(full).unwrap();
    let ours: BTreeSet<String> = json.as_object().unwrap().keys().cloned().collect();
    let mut theirs = BTreeSet::new();
    for p in spec["request_body_param"].as_array().unwrap() {
        let name = p["name"].as_str().unwrap();
        theirs.insert(name.to_string());
        let ty = p["type"].as_str().unwrap();
        assert!(
            type_ok(ty, &json[name]),
            "body field {name}: spec {ty}, ours {}",
            json[name]
        );
    }
    assert_eq!(ours, theirs);
}

#[tokio::test]
async fn shop_endpoints_emit_only_documented_fields() {
    let sb = sandbox(1).await;
    let mut auth_shops = Vec::new();
    let mut active = Vec::new();
    for seller in sb.control().sellers() {
        let api = Api::new(&sb, &seller.id);
        auth_shops.push(api.get("/authorization/202309/shops").await.json);
        active.push(api.get("/seller/202309/shops").await.json);
    }
    let seen = assert_conforms(
        "endpoints/authorization/get-authorized-shops.spec.json",
        &auth_shops,
    );
    for f in ["id", "name", "region", "seller_type", "cipher", "code"] {
        assert!(
            seen.contains(&format!(".data.shops.{f}")),
            "authorized shops lack {f}"
        );
    }
    assert_conforms("endpoints/seller/get-active-shops.spec.json", &active);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn order_endpoints_emit_only_documented_fields_with_documented_types() {
    let sb = sandbox(150).await;
    let c = sb.control();
    c.set_rate_limit(0);
    let mut pages = Vec::new();
    let mut details = Vec::new();
    for shop in c.shops() {
        c.create_orders(&shop.id, 10).unwrap();
        let api = Api::new(&sb, &shop.seller_id);
        let mut token = String::new();
        loop {
            let mut params = vec![("page_size", "100")];
            if !token.is_empty() {
                params.push(("page_token", token.as_str()));
            }
            let r = api.search(&shop.cipher, &params, "{}").await;
            let ids: Vec<String> = r.json["data"]["orders"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["id"].as_str().unwrap().to_string())
                .collect();
            for (i, chunk) in ids.chunks(50).enumerate() {
                let version = if i % 2 == 0 { "202507" } else { "202309" };
                details.push(api.detail(&shop.cipher, version, chunk).await.json);
            }
            let next = r.json["data"]["next_page_token"]
                .as_str()
                .unwrap_or("")
                .to_string();
            pages.push(r.json);
            if next.is_empty() {
                break;
            }
            token = next;
        }
    }
    let seen = assert_conforms("endpoints/orders/get-order-list.spec.json", &pages);
    assert_conforms("endpoints/orders/get-order-detail.spec.json", &details);
    // The fields Shopdock relies on really are emitted (not just allowed).
    for f in [
        ".data.next_page_token",
        ".data.total_count",
        ".data.orders.id",
        ".data.orders.status",
        ".data.orders.update_time",
        ".data.orders.payment.total_amount",
        ".data.orders.payment.retail_delivery_fee",
        ".data.orders.recipient_address.district_info.address_level",
        ".data.orders.recipient_address.post_town",
        ".data.orders.line_items.seller_sku",
        ".data.orders.line_items.package_status",
        ".data.orders.tracking_number",
        ".data.orders.cancellation_initiator",
        ".data.orders.replaced_order_id",
        ".data.orders.request_cancel_time",
        ".data.orders.rts_sla_time",
        ".data.orders.collection_time",
        ".data.orders.delivery_time",
    ] {
        assert!(seen.contains(f), "no response carried {f}");
    }
}

#[tokio::test]
async fn error_envelopes_have_exactly_the_four_documented_keys() {
    let sb = sandbox(1).await;
    let api = Api::demo(&sb);
    let spec = schema(&load("endpoints/orders/get-order-list.spec.json"));
    let mut bad = api.req("POST", "/order/202309/orders/search");
    bad.body = Some("{}".into()); // no shop_cipher: 106013
    let r = api.send(bad).await;
    let keys: BTreeSet<&str> = r
        .json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        BTreeSet::from(["code", "message", "request_id", "data"])
    );
    for k in ["code", "message", "request_id"] {
        assert!(
            type_ok(&spec.children[k].ty, &r.json[k]),
            "{k}: {}",
            r.json[k]
        );
    }
}

#[tokio::test]
async fn token_responses_carry_the_documented_fields_and_types() {
    // The token service has no spec.json in the reference; its fields are documented in the
    // authorization overview (fact sheet §3.6): names and types below.
    let documented: &[(&str, &str)] = &[
        ("access_token", "string"),
        ("access_token_expire_in", "int"),
        ("refresh_token", "string"),
        ("refresh_token_expire_in", "int"),
        ("open_id", "string"),
        ("seller_name", "string"),
        ("seller_base_region", "string"),
        ("user_type", "int"),
        ("granted_scopes", "[]string"),
    ];
    let sb = sandbox(1).await;
    let code = sb
        .control()
        .issue_auth_code(
            shopdock_sandbox::DEMO_APP_KEY,
            shopdock_sandbox::DEMO_SELLER,
        )
        .unwrap();
    let mut u = url::Url::parse(&format!("{}/api/v2/token/get", sb.base_url())).unwrap();
    u.query_pairs_mut()
        .append_pair("app_key", shopdock_sandbox::DEMO_APP_KEY)
        .append_pair("app_secret", shopdock_sandbox::DEMO_APP_SECRET)
        .append_pair("auth_code", &code)
        .append_pair("grant_type", "authorized_code");
    let v: Value = reqwest::get(u).await.unwrap().json().await.unwrap();
    let data = v["data"].as_object().unwrap();
    let names: BTreeSet<&str> = data.keys().map(String::as_str).collect();
    let want: BTreeSet<&str> = documented.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, want);
    for (n, ty) in documented {
        assert!(type_ok(ty, &data[*n]), "{n}: {ty} vs {}", data[*n]);
    }
}

#[test]
fn the_checker_itself_flags_undocumented_fields_and_wrong_types() {
    let tree = schema(&load("endpoints/orders/get-order-list.spec.json"));
    let fake: Value = serde_json::json!({
        "code": 0, "message": "Success", "request_id": "x",
        "data": {
            "total_count": "12",
            "orders": [{"id": "1", "bogus_field": 1, "payment": {"total_amount": 5}}]
        }
    });
    let mut errors = Vec::new();
    check(&fake, &tree, "", &mut errors, &mut BTreeSet::new());
    errors.sort();
    assert_eq!(
        errors,
        vec![
            ".data.orders.bogus_field: not in TikTok's spec".to_string(),
            ".data.orders.payment.total_amount: spec type string but sandbox sent 5".to_string(),
            ".data.total_count: spec type int but sandbox sent \"12\"".to_string(),
        ]
    );
}
