//! Batch Ship Packages over loopback: per-package errors come under code 0, and the caller
//! sees each package's own result.

use crate::support::spec_examples as example;
use crate::support::*;
use serde_json::json;
use shopdock_tiktok::codes;
use shopdock_tiktok::fulfillment::*;
use shopdock_tiktok::{Action, TikTokError};

const CIPHER: &str = "ROW_x";

fn package(id: &str, ship: ShipPackageRequest) -> BatchShipPackage {
    BatchShipPackage {
        id: id.into(),
        ship,
    }
}

#[tokio::test]
async fn the_spec_example_refuses_its_frozen_package_and_ships_the_rest() {
    let (base, log) = scripted(|_| Answer::json(example::BATCH_SHIP.to_owned())).await;
    let request = BatchShipRequest {
        packages: vec![
            package(
                "12321312312431",
                ShipPackageRequest::handover(
                    HandoverMethod::Pickup,
                    Some(PickupSlot {
                        start_time: 1623812664,
                        end_time: 1623812664,
                    }),
                ),
            ),
            package(
                "123123123123131",
                ShipPackageRequest::self_shipment("JX12345", "6617675021119438849"),
            ),
        ],
    };
    let outcome = local_client(&base)
        .batch_ship_packages(&token(), CIPHER, &request)
        .await
        .expect("code 0");

    let sent = log.lock().unwrap()[0].clone();
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.path, "/fulfillment/202309/packages/ship");
    assert_eq!(sent.param("shop_cipher"), Some(CIPHER));
    assert!(sent.is_signed());
    assert_eq!(
        sent.json(),
        json!({"packages": [
            {"id": "12321312312431", "handover_method": "PICKUP",
             "pickup_slot": {"start_time": 1623812664, "end_time": 1623812664}},
            {"id": "123123123123131",
             "self_shipment": {"tracking_number": "JX12345", "shipping_provider_id": "6617675021119438849"}},
        ]})
    );

    assert_eq!(outcome.packages.len(), 2);
    assert_eq!(outcome.packages[0].package_id, "12321312312431");
    assert_eq!(outcome.packages[0].outcome, PackageShipOutcome::Shipped);
    match &outcome.packages[1].outcome {
        PackageShipOutcome::Refused(e) => {
            assert_eq!(e.code, codes::PACKAGE_FROZEN);
            assert_eq!(e.message, "package in freeze status");
            assert!(e.refusal().is_some());
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(outcome.unattributed.is_empty());
}

#[tokio::test]
async fn each_packages_own_code_gives_its_own_seller_facing_reason() {
    let (base, _) = scripted(|_| {
        Answer::json(envelope(
            0,
            "Success",
            json!({"errors": [
                {"code": 21011040, "message": "Package has already been shipped.", "detail": {"package_id": "1"}},
                {"code": 21011041, "message": "Cannot complete the operation when order is cancelled.", "detail": {"package_id": "3"}},
            ]}),
        ))
    })
    .await;
    let request = BatchShipRequest {
        packages: ["1", "2", "3"]
            .iter()
            .map(|id| {
                package(
                    id,
                    ShipPackageRequest::handover(HandoverMethod::DropOff, None),
                )
            })
            .collect(),
    };
    let outcome = local_client(&base)
        .batch_ship_packages(&token(), CIPHER, &request)
        .await
        .expect("code 0");
    let reason = |id: &str| match outcome.get(id) {
        Some(PackageShipOutcome::Refused(e)) => e.refusal().expect("mapped").reason,
        other => panic!("{id}: {other:?}"),
    };
    assert!(reason("1").contains("already shipped"));
    assert!(reason("3").contains("cancelled"));
    assert_eq!(outcome.get("2"), Some(&PackageShipOutcome::Shipped));
}

#[tokio::test]
async fn an_error_for_no_named_package_leaves_the_others_unknown_not_shipped() {
    let (base, _) = scripted(|_| {
        Answer::json(envelope(
            0,
            "Success",
            json!({"errors": [{"code": 36009003, "message": "Internal error", "detail": null}]}),
        ))
    })
    .await;
    let request = BatchShipRequest {
        packages: vec![package(
            "1",
            ShipPackageRequest::handover(HandoverMethod::DropOff, None),
        )],
    };
    let outcome = local_client(&base)
        .batch_ship_packages(&token(), CIPHER, &request)
        .await
        .expect("code 0");
    assert_eq!(outcome.get("1"), Some(&PackageShipOutcome::Unknown));
    assert_eq!(outcome.unattributed.len(), 1);
}

#[tokio::test]
async fn a_reply_without_errors_means_every_package_shipped() {
    for data in [json!({}), json!({"errors": null}), json!(null)] {
        let (base, _) = scripted(move |_| Answer::json(envelope(0, "Success", data.clone()))).await;
        let request = BatchShipRequest {
            packages: vec![
                package(
                    "1",
                    ShipPackageRequest::handover(HandoverMethod::DropOff, None),
                ),
                package("2", ShipPackageRequest::self_shipment("T1", "P1")),
            ],
        };
        let outcome = local_client(&base)
            .batch_ship_packages(&token(), CIPHER, &request)
            .await
            .expect("code 0");
        assert!(outcome
            .packages
            .iter()
            .all(|p| p.outcome == PackageShipOutcome::Shipped));
    }
}

#[tokio::test]
async fn a_truncated_batch_reply_is_an_unconfirmed_write() {
    let (base, log) =
        scripted(|_| Answer::json(r#"{"code":0,"data":{"errors":[{"code":1000"#.to_owned())).await;
    let request = BatchShipRequest {
        packages: vec![package(
            "1",
            ShipPackageRequest::handover(HandoverMethod::DropOff, None),
        )],
    };
    let err = local_client(&base)
        .batch_ship_packages(&token(), CIPHER, &request)
        .await
        .unwrap_err();
    assert!(
        matches!(err, TikTokError::UnconfirmedWrite { .. }),
        "{err:?}"
    );
    assert_eq!(err.action(), Action::Reconcile);
    assert_eq!(log.lock().unwrap().len(), 1, "sent once, not retried");
}

#[tokio::test]
async fn a_batch_that_could_not_be_attributed_is_refused_before_sending() {
    let (base, log) = scripted(|_| Answer::json(example::BATCH_SHIP.to_owned())).await;
    let client = local_client(&base);
    let twice = BatchShipRequest {
        packages: vec![
            package(
                "1",
                ShipPackageRequest::handover(HandoverMethod::DropOff, None),
            ),
            package(
                "1",
                ShipPackageRequest::handover(HandoverMethod::Pickup, None),
            ),
        ],
    };
    for request in [BatchShipRequest::default(), twice] {
        let err = client
            .batch_ship_packages(&token(), CIPHER, &request)
            .await
            .unwrap_err();
        assert!(matches!(err, TikTokError::InvalidRequest(_)), "{err:?}");
    }
    assert!(log.lock().unwrap().is_empty());
}
