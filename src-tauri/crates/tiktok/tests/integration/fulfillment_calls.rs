//! Every fulfillment and logistics call over real loopback HTTP against a local server that
//! answers with the API reference's example response: the request sent (method, path with its
//! id, version, `shop_cipher`, signature, token header, query and body) matches the spec, and
//! the example decodes into the typed model.

use crate::support::spec_examples as example;
use crate::support::*;
use serde_json::json;
use shopdock_tiktok::fulfillment::*;
use shopdock_tiktok::logistics::DeliveryOptionScope;
use shopdock_tiktok::model::SortOrder;
use std::sync::{Arc, Mutex};

const CIPHER: &str = "ROW_RHkDDABBAAB8tKAVoAqsMTjsQZFLyNfY";

fn answering(body: &'static str) -> impl Fn(&Received) -> Answer + Send + Sync {
    move |_| Answer::json(body.to_owned())
}

/// The one request the server got, checked for what every call carries.
fn only_request(log: &Arc<Mutex<Vec<Received>>>, method: &str, path: &str) -> Received {
    let log = log.lock().expect("log");
    assert_eq!(log.len(), 1, "exactly one request");
    let r = log[0].clone();
    assert_eq!(r.method, method);
    assert_eq!(r.path, path);
    assert_eq!(r.param("shop_cipher"), Some(CIPHER));
    assert_eq!(r.param("app_key"), Some(TEST_APP_KEY));
    assert!(r.param("timestamp").is_some());
    assert_eq!(r.header("x-tts-access-token"), Some("TTP_test_token"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(r.is_signed(), "sign covers the path, query and body sent");
    r
}

#[tokio::test]
async fn package_detail_gets_the_package_by_id_and_reads_every_documented_field() {
    let (base, log) = scripted(answering(example::PACKAGE_DETAIL)).await;
    let p = local_client(&base)
        .package_detail(&token(), CIPHER, "5433567853345")
        .await
        .expect("detail");
    let r = only_request(&log, "GET", "/fulfillment/202309/packages/5433567853345");
    assert!(r.body.is_empty());
    assert_eq!(p.package_id, "5433567853345");
    assert_eq!(p.orders[0].id, "54335448533296");
    assert_eq!(p.orders[0].skus[0].quantity, 5);
    assert_eq!(
        PackageStatus::parse(&p.package_status),
        Some(PackageStatus::Processing)
    );
    assert_eq!(p.shipping_provider_id, "6617675021119438849");
    assert_eq!(p.shipping_type, "TIKTOK");
    assert_eq!(p.delivery_option_id, "7091146663229654785");
    assert_eq!(p.tracking_number, "6617675021119438849");
    assert_eq!(p.handover_method, "PICKUP");
    assert_eq!(p.pickup_slot.expect("slot").start_time, 1635338186);
    assert_eq!(p.order_line_item_ids, vec!["1729382476852921560"]);
    assert_eq!(p.recipient_address.expect("recipient").region_code, "US");
    assert_eq!(p.sender_address.expect("sender").name, "Zay");
    assert_eq!(p.weight, Some(Weight::grams("1.2")));
    assert_eq!(
        p.dimension,
        Some(Dimension::centimetres("1.2", "0.2", "0.03"))
    );
    let insurance = p.insurance.expect("insurance");
    assert_eq!(insurance.coverage_amount, "200");
    assert_eq!(insurance.claim_status, "CLAIM_PENDING");
}

#[tokio::test]
async fn search_packages_sends_paging_in_the_query_and_filters_in_the_body() {
    let (base, log) = scripted(answering(example::SEARCH_PACKAGES)).await;
    let query = SearchPackagesQuery {
        page_size: 50,
        page_token: Some("abc".into()),
        sort_field: PackageSortField::UpdateTime,
        sort_order: SortOrder::Asc,
    };
    let filter = SearchPackagesFilter {
        update_time_ge: Some(1623812664),
        package_status: Some(PackageStatus::Processing),
        ..Default::default()
    };
    let page = local_client(&base)
        .search_packages(&token(), CIPHER, &query, &filter)
        .await
        .expect("page");
    let r = only_request(&log, "POST", "/fulfillment/202309/packages/search");
    assert_eq!(r.param("page_size"), Some("50"));
    assert_eq!(r.param("page_token"), Some("abc"));
    assert_eq!(r.param("sort_field"), Some("update_time"));
    assert_eq!(r.param("sort_order"), Some("ASC"));
    assert_eq!(
        r.json(),
        json!({"update_time_ge": 1623812664, "package_status": "PROCESSING"})
    );
    assert_eq!(page.total_count, 221);
    assert!(page.next_page_token.is_some());
    let p = &page.packages[0];
    assert_eq!(p.id, "577828281214600000");
    assert_eq!(p.status, "PROCESSING");
    assert_eq!(p.tracking_number, "6617675021119438849");
    assert_eq!(p.order_line_item_ids, vec!["1729382476852921560"]);
}

#[tokio::test]
async fn search_packages_never_sends_an_empty_filter_or_a_page_over_fifty() {
    let (base, log) = scripted(answering(example::SEARCH_PACKAGES)).await;
    let client = local_client(&base);
    client
        .search_packages(&token(), CIPHER, &Default::default(), &Default::default())
        .await
        .expect("page");
    let r = only_request(&log, "POST", "/fulfillment/202309/packages/search");
    assert_eq!(r.json(), json!({"create_time_ge": 1}));
    let too_big = SearchPackagesQuery {
        page_size: 51,
        ..Default::default()
    };
    let err = client
        .search_packages(&token(), CIPHER, &too_big, &Default::default())
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        shopdock_tiktok::TikTokError::InvalidRequest(_)
    ));
    assert_eq!(log.lock().unwrap().len(), 1, "refused before sending");
}

#[tokio::test]
async fn shipping_document_asks_for_type_size_and_format_in_the_query() {
    let (base, log) = scripted(answering(example::SHIPPING_DOCUMENT)).await;
    let query = ShippingDocumentQuery {
        document_type: DocumentType::ShippingLabelAndPackingSlip,
        document_size: Some(DocumentSize::A5),
        document_format: Some(DocumentFormat::Pdf),
    };
    let doc = local_client(&base)
        .package_shipping_document(&token(), CIPHER, "5433567853345", &query)
        .await
        .expect("document");
    let r = only_request(
        &log,
        "GET",
        "/fulfillment/202309/packages/5433567853345/shipping_documents",
    );
    assert_eq!(
        r.param("document_type"),
        Some("SHIPPING_LABEL_AND_PACKING_SLIP")
    );
    assert_eq!(r.param("document_size"), Some("A5"));
    assert_eq!(r.param("document_format"), Some("PDF"));
    assert!(doc.doc_url.starts_with("https://"));
    assert_eq!(doc.tracking_number, "752455325694");
}

#[tokio::test]
async fn a_label_only_query_sends_no_size_or_format() {
    let (base, log) = scripted(answering(example::SHIPPING_DOCUMENT)).await;
    local_client(&base)
        .package_shipping_document(
            &token(),
            CIPHER,
            "1",
            &ShippingDocumentQuery::new(DocumentType::ShippingLabel),
        )
        .await
        .expect("document");
    let r = only_request(
        &log,
        "GET",
        "/fulfillment/202309/packages/1/shipping_documents",
    );
    assert_eq!(r.param("document_type"), Some("SHIPPING_LABEL"));
    assert_eq!(r.param("document_size"), None);
    assert_eq!(r.param("document_format"), None);
}

#[tokio::test]
async fn mark_as_shipped_posts_tracking_and_provider_to_the_order_and_returns_the_us_warning() {
    let (base, log) = scripted(answering(example::MARK_SHIPPED)).await;
    let request = MarkShippedRequest {
        tracking_number: "6617675021119438849".into(),
        shipping_provider_id: "12312312321323432".into(),
        order_line_item_ids: vec!["2321312321311".into()],
    };
    let shipped = local_client(&base)
        .mark_package_as_shipped(&token(), CIPHER, "32131324123321", &request)
        .await
        .expect("shipped");
    let r = only_request(
        &log,
        "POST",
        "/fulfillment/202309/orders/32131324123321/packages",
    );
    assert_eq!(
        r.json(),
        json!({
            "tracking_number": "6617675021119438849",
            "shipping_provider_id": "12312312321323432",
            "order_line_item_ids": ["2321312321311"],
        })
    );
    assert_eq!(shipped.package_id, "32141235124234");
    assert_eq!(shipped.order_id, "32131324123321");
    assert_eq!(shipped.order_line_item_ids, vec!["31322412312312"]);
    assert_eq!(
        shipped.warning_message(),
        Some("match more than one provider")
    );
}

#[tokio::test]
async fn mark_as_shipped_without_line_items_ships_the_rest_and_has_no_warning_when_none_came() {
    let (base, log) = scripted(|_| {
        Answer::json(envelope(
            0,
            "Success",
            json!({"order_id": "1", "package_id": "9", "warning": null}),
        ))
    })
    .await;
    let request = MarkShippedRequest {
        tracking_number: "1Z999".into(),
        shipping_provider_id: "7117858858072016686".into(),
        ..Default::default()
    };
    let shipped = local_client(&base)
        .mark_package_as_shipped(&token(), CIPHER, "1", &request)
        .await
        .expect("shipped");
    let r = only_request(&log, "POST", "/fulfillment/202309/orders/1/packages");
    assert_eq!(
        r.json(),
        json!({"tracking_number": "1Z999", "shipping_provider_id": "7117858858072016686"})
    );
    assert_eq!(shipped.warning_message(), None);
}

#[tokio::test]
async fn ship_package_posts_handover_and_slot_to_the_package() {
    let (base, log) = scripted(answering(example::SHIP_PACKAGE)).await;
    let slot = PickupSlot {
        start_time: 1623812664,
        end_time: 1623816264,
    };
    local_client(&base)
        .ship_package(
            &token(),
            CIPHER,
            "5433567853345",
            &ShipPackageRequest::handover(HandoverMethod::Pickup, Some(slot)),
        )
        .await
        .expect("shipped");
    let r = only_request(
        &log,
        "POST",
        "/fulfillment/202309/packages/5433567853345/ship",
    );
    assert_eq!(
        r.json(),
        json!({"handover_method": "PICKUP", "pickup_slot": {"start_time": 1623812664, "end_time": 1623816264}})
    );
}

#[tokio::test]
async fn ship_package_with_the_sellers_own_tracking_sends_self_shipment_only() {
    let (base, log) = scripted(answering(example::SHIP_PACKAGE)).await;
    local_client(&base)
        .ship_package(
            &token(),
            CIPHER,
            "77",
            &ShipPackageRequest::self_shipment("JX12345", "6617675021119438849"),
        )
        .await
        .expect("shipped");
    let r = only_request(&log, "POST", "/fulfillment/202309/packages/77/ship");
    assert_eq!(
        r.json(),
        json!({"self_shipment": {"tracking_number": "JX12345", "shipping_provider_id": "6617675021119438849"}})
    );
}

#[tokio::test]
async fn eligible_services_are_queried_for_the_order_and_read_with_prices_as_decimal_strings() {
    let (base, log) = scripted(answering(example::ELIGIBLE_SERVICES)).await;
    let request = EligibleServicesRequest {
        order_line_item_ids: vec!["32132124331234".into()],
        weight: Some(Weight::grams("400")),
        dimension: Some(Dimension::inches("3", "2", "1")),
    };
    let services = local_client(&base)
        .eligible_shipping_services(&token(), CIPHER, "28823355942588", &request)
        .await
        .expect("services");
    let r = only_request(
        &log,
        "POST",
        "/fulfillment/202309/orders/28823355942588/shipping_services/query",
    );
    assert_eq!(
        r.json(),
        json!({
            "order_line_item_ids": ["32132124331234"],
            "weight": {"value": "400", "unit": "GRAM"},
            "dimension": {"length": "3", "width": "2", "height": "1", "unit": "INCH"},
        })
    );
    assert_eq!(services.order_id, "28823355942588");
    assert_eq!(services.order_line_id, vec!["32132124331234"]);
    let s = &services.shipping_services[0];
    assert_eq!(s.id, "288233559123860015");
    assert_eq!(s.price, "5");
    assert_eq!(s.currency, "USD");
    assert_eq!(s.earliest_delivery_days, Some(3));
    assert_eq!(s.latest_delivery_days, Some(5));
    assert_eq!(s.shipping_provider_id, "288233559123860012");
    assert!(services.default_service().is_none());
}

#[tokio::test]
async fn create_packages_posts_the_order_and_service_and_returns_the_new_package() {
    let (base, log) = scripted(answering(example::CREATE_PACKAGES)).await;
    let request = CreatePackagesRequest {
        order_id: "2882335594258860015".into(),
        order_line_item_ids: vec!["32132124331234".into()],
        dimension: Some(Dimension::centimetres("1.2", "0.2", "0.03")),
        shipping_service_id: Some("288233559123860015".into()),
        weight: Some(Weight::grams("1.2")),
    };
    let created = local_client(&base)
        .create_packages(&token(), CIPHER, &request)
        .await
        .expect("created");
    let r = only_request(&log, "POST", "/fulfillment/202309/packages");
    assert_eq!(
        r.json(),
        json!({
            "order_id": "2882335594258860015",
            "order_line_item_ids": ["32132124331234"],
            "dimension": {"length": "1.2", "width": "0.2", "height": "0.03", "unit": "CM"},
            "shipping_service_id": "288233559123860015",
            "weight": {"value": "1.2", "unit": "GRAM"},
        })
    );
    assert_eq!(created.package_id, "2882335594258860015");
    assert_eq!(created.create_time, 1623812664);
    let service = created.shipping_service_info.expect("service");
    assert_eq!(service.name, "UPS-first class");
    assert_eq!(service.price, "10");
    assert_eq!(service.shipping_provider_name, "UPS");
}

#[tokio::test]
async fn handover_slots_are_read_for_the_package_with_tiktoks_spelling() {
    let (base, log) = scripted(answering(example::HANDOVER_SLOTS)).await;
    let slots = local_client(&base)
        .package_handover_time_slots(&token(), CIPHER, "5433567853345")
        .await
        .expect("slots");
    only_request(
        &log,
        "GET",
        "/fulfillment/202309/packages/5433567853345/handover_time_slots",
    );
    assert!(slots.can_pickup && slots.can_drop_off && slots.can_van_collection);
    assert_eq!(slots.pickup_slots.len(), 1);
    assert!(slots.pickup_slots[0].available);
    assert_eq!(
        slots.available_slots().collect::<Vec<_>>(),
        vec![PickupSlot {
            start_time: 1623812664,
            end_time: 1623812664
        }]
    );
}

#[tokio::test]
async fn update_shipping_info_posts_the_correction_to_the_order_or_the_package() {
    let update = ShippingInfoUpdate {
        tracking_number: "576460868968549926".into(),
        shipping_provider_id: "6965352555291346690".into(),
    };
    let expected = json!({"tracking_number": "576460868968549926", "shipping_provider_id": "6965352555291346690"});

    let (base, log) = scripted(answering(example::UPDATE_SHIPPING_INFO)).await;
    local_client(&base)
        .update_shipping_info(&token(), CIPHER, "576461413038785752", &update)
        .await
        .expect("updated");
    let r = only_request(
        &log,
        "POST",
        "/fulfillment/202309/orders/576461413038785752/shipping_info/update",
    );
    assert_eq!(r.json(), expected);

    let (base, log) = scripted(answering(example::UPDATE_PACKAGE_SHIPPING_INFO)).await;
    local_client(&base)
        .update_package_shipping_info(&token(), CIPHER, "1153132168123859123", &update)
        .await
        .expect("updated");
    let r = only_request(
        &log,
        "POST",
        "/fulfillment/202309/packages/1153132168123859123/shipping_info/update",
    );
    assert_eq!(r.json(), expected);
}

#[tokio::test]
async fn shipping_providers_are_listed_per_delivery_option() {
    let (base, log) = scripted(answering(example::SHIPPING_PROVIDERS)).await;
    let providers = local_client(&base)
        .shipping_providers(&token(), CIPHER, "7091146663229654785")
        .await
        .expect("providers");
    only_request(
        &log,
        "GET",
        "/logistics/202309/delivery_options/7091146663229654785/shipping_providers",
    );
    assert_eq!(providers.len(), 1);
    assert_eq!(providers[0].id, "7117858858072016686");
    assert_eq!(providers[0].name, "USPS");
}

#[tokio::test]
async fn warehouse_delivery_options_are_listed_with_their_type_and_limits() {
    let (base, log) = scripted(answering(example::WAREHOUSE_DELIVERY_OPTIONS)).await;
    let options = local_client(&base)
        .warehouse_delivery_options(
            &token(),
            CIPHER,
            "7000714532876273410",
            Some(DeliveryOptionScope::Warehouse),
        )
        .await
        .expect("options");
    let r = only_request(
        &log,
        "GET",
        "/logistics/202309/warehouses/7000714532876273410/delivery_options",
    );
    assert_eq!(r.param("scope"), Some("WAREHOUSE"));
    let o = &options[0];
    assert_eq!(o.id, "6955034615128000261");
    assert_eq!(o.option_type, "STANDARD");
    assert!(!o.is_send_by_seller());
    assert_eq!(
        o.dimension_limit.as_ref().and_then(|d| d.max_height),
        Some(100.0)
    );
    assert_eq!(
        o.weight_limit.as_ref().map(|w| w.unit.as_str()),
        Some("GRAM")
    );
    assert_eq!(o.platform, vec!["TOKOPEDIA", "TIKTOK_SHOP"]);
}

#[tokio::test]
async fn order_detail_carries_the_package_fields_a_shipment_needs() {
    let (base, _) = scripted(answering(example::ORDER_DETAIL)).await;
    let orders = local_client(&base)
        .order_detail(&token(), CIPHER, &["576461413038785752".to_owned()])
        .await
        .expect("detail");
    let o = &orders[0];
    assert!(!o.packages.is_empty() && !o.packages[0].id.is_empty());
    let item = &o.line_items[0];
    assert!(item.package_id.is_some());
    assert_eq!(item.package_status.as_deref(), Some("TO_FULFILL"));
    assert!(item.shipping_provider_id.is_some());
    assert!(item.shipping_provider_name.is_some());
    assert!(item.tracking_number.is_some());
    assert!(o.shipping_provider.is_some() && o.delivery_option_id.is_some());
}

#[tokio::test]
async fn ids_that_would_change_the_path_are_refused_before_sending() {
    let (base, log) = scripted(answering(example::PACKAGE_DETAIL)).await;
    let client = local_client(&base);
    for bad in ["", "1/ship", "1?x=1", "../orders"] {
        let err = client
            .package_detail(&token(), CIPHER, bad)
            .await
            .unwrap_err();
        assert!(
            matches!(err, shopdock_tiktok::TikTokError::InvalidRequest(_)),
            "{bad:?}"
        );
    }
    let err = client
        .mark_package_as_shipped(
            &token(),
            CIPHER,
            "1",
            &MarkShippedRequest {
                tracking_number: "  ".into(),
                shipping_provider_id: "7".into(),
                ..Default::default()
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        shopdock_tiktok::TikTokError::InvalidRequest(_)
    ));
    assert!(log.lock().unwrap().is_empty());
}
