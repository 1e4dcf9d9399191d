//! Rate limiting per app and shop, traffic statistics, fault injection and latency.

mod common;

use common::{sandbox, Api};
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
