//! Issue 9.7: Search Orders over a live index. With the switch on, paging is an offset over
//! an index that sees writes a few seconds late, so an order updated while a client pages
//! moves between pages: a reader that just concatenates pages can miss some orders and see
//! others twice. Off (the default), paging stays keyset over a current index.

use crate::common::Api;
use shopdock_sandbox::{Sandbox, SandboxConfig, DOCUMENTED_INDEX_LAG};
use std::collections::HashSet;
use std::time::Duration;

async fn start(lag: Option<Duration>) -> Sandbox {
    Sandbox::start(SandboxConfig {
        seed: 5,
        orders_per_shop: 400,
        history_days: 10,
        search_index_lag: lag,
        ..SandboxConfig::default()
    })
    .await
    .expect("sandbox starts")
}

/// One page by update time, newest first.
async fn page(api: &Api, cipher: &str, token: &str) -> (Vec<String>, String, i64) {
    let mut params = vec![
        ("page_size", "50"),
        ("sort_field", "update_time"),
        ("sort_order", "DESC"),
    ];
    if !token.is_empty() {
        params.push(("page_token", token));
    }
    let r = api.search(cipher, &params, "{}").await;
    assert_eq!(r.code(), 0, "{}", r.json);
    let ids = r.json["data"]["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_string())
        .collect();
    let next = r.json["data"]["next_page_token"]
        .as_str()
        .unwrap()
        .to_string();
    (ids, next, r.json["data"]["total_count"].as_i64().unwrap())
}

/// Reads every page, shipping `ship_after_first` orders (updating them) after page one.
async fn naive_read(
    sb: &Sandbox,
    ship_after_first: usize,
    wait: Duration,
) -> (Vec<String>, HashSet<String>) {
    let c = sb.control();
    let shop = c.demo_shop();
    let api = Api::demo(sb);
    let (mut seen, mut token, _) = page(&api, &shop.cipher, "").await;
    let first_page: HashSet<String> = seen.iter().cloned().collect();
    let movers: Vec<String> = c
        .orders(&shop.id)
        .unwrap()
        .into_iter()
        .filter(|o| o.status == "AWAITING_SHIPMENT" && !first_page.contains(&o.id))
        .filter(|o| !o.is_buyer_request_cancel)
        .map(|o| o.id)
        .take(ship_after_first)
        .collect();
    assert_eq!(movers.len(), ship_after_first, "enough orders to ship");
    for id in &movers {
        c.ship_order(&shop.id, id).unwrap();
    }
    c.advance_clock(wait);
    while !token.is_empty() {
        let (ids, next, _) = page(&api, &shop.cipher, &token).await;
        seen.extend(ids);
        token = next;
    }
    let all: HashSet<String> = c
        .orders(&shop.id)
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    (seen, all)
}

#[tokio::test]
async fn a_naive_reader_of_a_live_index_misses_and_duplicates_orders_updated_while_it_pages() {
    let sb = start(Some(Duration::ZERO)).await;
    sb.control().pause_clock();
    let (seen, all) = naive_read(&sb, 10, Duration::ZERO).await;
    let unique: HashSet<&String> = seen.iter().collect();
    let duplicates = seen.len() - unique.len();
    let missed = all.iter().filter(|id| !unique.contains(id)).count();
    assert!(duplicates >= 10, "{duplicates} duplicates");
    assert!(missed >= 10, "{missed} missed");
}

#[tokio::test]
async fn keyset_paging_over_a_current_index_stays_the_default() {
    let sb = start(None).await;
    sb.control().pause_clock();
    let (seen, all) = naive_read(&sb, 10, Duration::ZERO).await;
    let unique: HashSet<&String> = seen.iter().collect();
    assert_eq!(seen.len(), unique.len(), "keyset pages never repeat");
    // The shipped orders moved ahead of the cursor, so only they can be missed.
    assert!(all.len() - unique.len() <= 10);
}

#[tokio::test]
async fn new_orders_and_changes_reach_search_only_after_the_lag() {
    let sb = start(Some(DOCUMENTED_INDEX_LAG)).await;
    let c = sb.control();
    c.pause_clock();
    let shop = c.demo_shop();
    let api = Api::demo(&sb);
    let (_, _, before) = page(&api, &shop.cipher, "").await;
    let created = c.create_orders(&shop.id, 7).unwrap();
    let (first, _, total) = page(&api, &shop.cipher, "").await;
    assert_eq!(total, before, "the index has not seen the new orders yet");
    assert!(created.iter().all(|id| !first.contains(id)));
    c.advance_clock(DOCUMENTED_INDEX_LAG);
    let (first, _, total) = page(&api, &shop.cipher, "").await;
    assert_eq!(total, before + 7);
    assert!(created.iter().all(|id| first.contains(id)));

    // The control API switches the index back to current, keyset paging.
    let r = reqwest::Client::new()
        .put(format!("{}/_sandbox/search_index", sb.base_url()))
        .json(&serde_json::json!({ "lag_seconds": null }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let more = c.create_orders(&shop.id, 3).unwrap();
    let (first, _, total) = page(&api, &shop.cipher, "").await;
    assert_eq!(total, before + 10);
    assert!(more.iter().all(|id| first.contains(id)));
}
