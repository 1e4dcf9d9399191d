//! Rate limiting per app and shop, traffic statistics, fault injection and latency.

use crate::common::{sandbox, Api};
use shopdock_sandbox::Faults;
use shopdock_tiktok::codes;
use std::time::{Duration, Instant};

#[tokio::test]
async fn burst_over_the_limit_gets_http_429_36009002_and_is_counted() {
    let sb = sandbox(2).await;
    let c = sb.control();
    c.set_rate_limit(10);
    c.reset_stats();
    let api = Api::demo(&sb);
    let cipher = c.demo_shop().cipher;
    let reqs = (0..30).map(|_| api.search(&cipher, &[("page_size", "1")], "{}"));
    let results = futures_util::future::join_all(reqs).await;
    let ok = results.iter().filter(|r| r.code() == 0).count();
    let limited: Vec<_> = results
        .iter()
        .filter(|r| r.code() == codes::TOO_MANY_REQUESTS)
        .collect();
    assert!((1..=10).contains(&ok), "{ok} admitted");
    assert_eq!(ok + limited.len(), 30);
    assert!(limited.iter().all(|r| r.status == 429));
    let stats = c.stats();
    assert_eq!(stats.rate_limited as usize, limited.len());
    assert!(stats.max_qps_observed >= 20, "{stats:?}");
    let key = format!("{}/{}", shopdock_sandbox::DEMO_APP_KEY, c.demo_shop().id);
    assert!(stats.max_qps_by_key[&key] >= 20);
    assert_eq!(
        stats.by_code[&codes::TOO_MANY_REQUESTS] as usize,
        limited.len()
    );

    // Another seller's shop has its own quota.
    let other = c
        .shops()
        .into_iter()
        .find(|s| s.seller_type == "CROSS_BORDER")
        .unwrap();
    let api2 = Api::new(&sb, &other.seller_id);
    assert_eq!(
        api2.search(&other.cipher, &[("page_size", "1")], "{}")
            .await
            .code(),
        0
    );
}

#[tokio::test]
async fn a_paced_client_under_the_limit_is_never_throttled() {
    let sb = sandbox(2).await;
    let c = sb.control();
    c.set_rate_limit(20);
    let api = Api::demo(&sb);
    let cipher = c.demo_shop().cipher;
    let start = Instant::now();
    for i in 0..25u32 {
        // 16.7 requests per second.
        tokio::time::sleep_until((start + Duration::from_millis(60) * i).into()).await;
        let r = api.search(&cipher, &[("page_size", "1")], "{}").await;
        assert_eq!(r.code(), 0, "request {i}: {}", r.json);
    }
    let stats = c.stats();
    assert_eq!(stats.rate_limited, 0);
    assert!(stats.max_qps_observed <= 20, "{stats:?}");
}

#[tokio::test]
async fn faults_are_injected_at_the_configured_rates() {
    let sb = sandbox(2).await;
    let c = sb.control();
    c.set_rate_limit(0);
    let api = Api::demo(&sb);
    let n = 300;

    c.set_faults(Faults {
        p_5xx: 0.3,
        ..Faults::default()
    })
    .unwrap();
    c.reset_stats();
    let mut errors = 0;
    for _ in 0..n {
        let r = api.get("/seller/202309/shops").await;
        if r.code() == codes::INTERNAL_ERROR {
            assert!(r.status >= 500);
            errors += 1;
        } else {
            assert_eq!(r.code(), 0);
        }
    }
    assert!(
        (50..=130).contains(&errors),
        "{errors} of {n} were 5xx at p=0.3"
    );
    assert_eq!(c.stats().faults_injected, errors as u64);

    c.set_faults(Faults {
        p_429: 0.5,
        ..Faults::default()
    })
    .unwrap();
    c.reset_stats();
    let mut throttled = 0;
    for _ in 0..n {
        let r = api.get("/seller/202309/shops").await;
        if r.code() == codes::TOO_MANY_REQUESTS {
            assert_eq!(r.status, 429);
            throttled += 1;
        }
    }
    assert!(
        (110..=190).contains(&throttled),
        "{throttled} of {n} at p=0.5"
    );
    assert_eq!(
        c.stats().rate_limited,
        0,
        "injected 429s are faults, not limits"
    );
    assert_eq!(c.stats().faults_injected, throttled as u64);

    c.set_faults(Faults {
        p_truncate: 1.0,
        ..Faults::default()
    })
    .unwrap();
    let r = api.try_send(api.req("GET", "/seller/202309/shops")).await;
    assert!(r.is_err(), "a truncated body must fail to read: {r:?}");

    c.set_faults(Faults {
        p_hang: 1.0,
        hang: Duration::from_millis(300),
        ..Faults::default()
    })
    .unwrap();
    let t = Instant::now();
    assert_eq!(api.get("/seller/202309/shops").await.code(), 0);
    assert!(t.elapsed() >= Duration::from_millis(300));

    c.set_faults(Faults::default()).unwrap();
    c.set_latency(Duration::from_millis(200));
    let t = Instant::now();
    assert_eq!(api.get("/seller/202309/shops").await.code(), 0);
    assert!(t.elapsed() >= Duration::from_millis(200));

    assert!(c
        .set_faults(Faults {
            p_5xx: 0.9,
            p_429: 0.9,
            ..Faults::default()
        })
        .is_err());
}

/// DOC:rate-limits: "50 QPS ... for each API", per app and shop: one endpoint's burst does not
/// eat another endpoint's quota.
#[tokio::test]
async fn the_rate_limit_counts_each_api_separately() {
    let sb = sandbox(20).await;
    let c = sb.control();
    c.set_rate_limit(5);
    c.pause_clock();
    let api = Api::demo(&sb);
    let shop = c.demo_shop();
    let ids: Vec<String> = c.orders(&shop.id).unwrap()[..1]
        .iter()
        .map(|o| o.id.clone())
        .collect();
    let started = Instant::now();
    let searches = futures_util::future::join_all(
        (0..5).map(|_| api.search(&shop.cipher, &[("page_size", "1")], "{}")),
    )
    .await;
    let details =
        futures_util::future::join_all((0..5).map(|_| api.detail(&shop.cipher, "202309", &ids)))
            .await;
    let sixth = api.search(&shop.cipher, &[("page_size", "1")], "{}").await;
    assert!(
        started.elapsed() < Duration::from_millis(900),
        "too slow to test"
    );
    assert!(searches.iter().all(|r| r.code() == 0));
    assert!(
        details.iter().all(|r| r.code() == 0),
        "Get Order Detail has its own quota"
    );
    assert_eq!(
        (sixth.status, sixth.code()),
        (429, codes::TOO_MANY_REQUESTS)
    );
}

/// DOC:rate-limits: 503 is the "non-platform-controlled" overload answer; a throttle can also
/// come back as a bare 429. Neither carries TikTok's JSON envelope.
#[tokio::test]
async fn gateway_faults_answer_503_and_429_in_plain_text_without_an_envelope() {
    let sb = sandbox(2).await;
    let api = Api::demo(&sb);
    let cipher = sb.control().demo_shop().cipher;
    let http = reqwest::Client::new();
    let set = |body: serde_json::Value| {
        http.put(format!("{}/_sandbox/faults/gateway", sb.base_url()))
            .json(&body)
            .send()
    };
    assert_eq!(
        set(serde_json::json!({"p_503": 1.0}))
            .await
            .unwrap()
            .status(),
        200
    );
    let r = api.search(&cipher, &[("page_size", "1")], "{}").await;
    assert_eq!(r.status, 503);
    assert!(r.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    assert!(serde_json::from_slice::<serde_json::Value>(&r.bytes).is_err());

    set(serde_json::json!({"p_429_plain": 1.0})).await.unwrap();
    let r = api.search(&cipher, &[("page_size", "1")], "{}").await;
    assert_eq!(r.status, 429);
    assert!(serde_json::from_slice::<serde_json::Value>(&r.bytes).is_err());
    assert_eq!(String::from_utf8_lossy(&r.bytes), "Too Many Requests");

    assert_eq!(
        set(serde_json::json!({"p_503": 0.7, "p_429_plain": 0.7}))
            .await
            .unwrap()
            .status(),
        400
    );
    set(serde_json::json!({})).await.unwrap();
    assert_eq!(
        api.search(&cipher, &[("page_size", "1")], "{}")
            .await
            .code(),
        0
    );
    assert!(sb.control().stats().faults_injected >= 2);
}
