//! The JSON the UI receives is a contract: these snapshots pin the shape of the UI error and of
//! every `CoreEvent` variant, so a change to either is a deliberate edit here (and in the
//! regenerated bindings), never a silent break of the window.

use serde_json::{json, Value};
use shopdock_core::{
    ApiError, AuthOutcome, AuthSession, BackfillProgressView, CoreEvent, ErrorCode, FieldError,
    FinanceImportProgressView, FinanceImportStep, FormField, LabelsProgressView,
    ProductImportProgressView, SyncState, SyncStatusView,
};

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("serializes")
}

fn error() -> ApiError {
    ApiError {
        code: ErrorCode::Validation,
        message: "Please correct the highlighted fields.".into(),
        detail: Some("detail".into()),
        fields: vec![FieldError {
            field: FormField::AppKey,
            message: "Enter the app key.".into(),
        }],
    }
}

#[test]
fn the_ui_error_is_code_message_detail_and_fields() {
    assert_eq!(
        to_json(&error()),
        json!({
            "code": "Validation",
            "message": "Please correct the highlighted fields.",
            "detail": "detail",
            "fields": [{ "field": "app_key", "message": "Enter the app key." }],
        })
    );
}

/// One value of every variant; the exhaustive match makes a new variant fail to compile here
/// until it has its own snapshot.
fn every_event() -> Vec<(CoreEvent, Value)> {
    let session = AuthSession {
        shop_id: "s1".into(),
        authorize_url: "https://auth.example/open?state=x".into(),
        port: 8723,
        expires_at: 1_800_000_300,
        browser_opened: true,
    };
    let events = vec![
        (CoreEvent::ShopsChanged, json!({ "type": "ShopsChanged" })),
        (
            CoreEvent::AuthStarted {
                session: session.clone(),
            },
            json!({ "type": "AuthStarted", "session": {
                "shop_id": "s1", "authorize_url": "https://auth.example/open?state=x",
                "port": 8723, "expires_at": 1_800_000_300_i64, "browser_opened": true } }),
        ),
        (
            CoreEvent::AuthFinished {
                shop_id: "s1".into(),
                outcome: AuthOutcome::Failed { error: error() },
            },
            json!({ "type": "AuthFinished", "shop_id": "s1",
                    "outcome": { "kind": "Failed", "error": to_json(&error()) } }),
        ),
        (
            CoreEvent::OrdersChanged {
                shop_id: "s1".into(),
                inserted: 2,
                updated: 3,
            },
            json!({ "type": "OrdersChanged", "shop_id": "s1", "inserted": 2, "updated": 3 }),
        ),
        (
            CoreEvent::NewOrders {
                shop_id: "s1".into(),
                shop_label: "Demo shop".into(),
                count: 3,
                newest_order_id: "576461413038785752".into(),
                newest_item_name: Some("Mug".into()),
                newest_created_at: 1_800_000_000,
            },
            json!({ "type": "NewOrders", "shop_id": "s1", "shop_label": "Demo shop", "count": 3,
                    "newest_order_id": "576461413038785752", "newest_item_name": "Mug",
                    "newest_created_at": 1_800_000_000_i64 }),
        ),
        (
            CoreEvent::CancellationRequests {
                shop_id: "s1".into(),
                shop_label: "Demo shop".into(),
                count: 2,
                order_id: "576461413038785752".into(),
                reason: Some("No longer needed".into()),
                deadline: Some(1_800_172_800),
            },
            json!({ "type": "CancellationRequests", "shop_id": "s1", "shop_label": "Demo shop",
                    "count": 2, "order_id": "576461413038785752", "reason": "No longer needed",
                    "deadline": 1_800_172_800_i64 }),
        ),
        (
            CoreEvent::SyncStatus {
                status: SyncStatusView {
                    shop_id: "s1".into(),
                    state: SyncState::Error,
                    last_sync_at: Some(1_800_000_000),
                    last_error: Some("TikTok had a temporary problem.".into()),
                },
            },
            json!({ "type": "SyncStatus", "status": { "shop_id": "s1", "state": "error",
                    "last_sync_at": 1_800_000_000_i64,
                    "last_error": "TikTok had a temporary problem." } }),
        ),
        (
            CoreEvent::BackfillProgress {
                progress: BackfillProgressView {
                    shop_id: "s1".into(),
                    job_id: 7,
                    fetched: 100,
                    total: 250,
                    windows_done: 1,
                    windows_total: 4,
                    finished: false,
                },
            },
            json!({ "type": "BackfillProgress", "progress": { "shop_id": "s1", "job_id": 7,
                    "fetched": 100, "total": 250, "windows_done": 1, "windows_total": 4,
                    "finished": false } }),
        ),
        (
            CoreEvent::BackfillStopped {
                shop_id: "s1".into(),
                error: ApiError::new(ErrorCode::Cancelled, "Cancelled."),
            },
            json!({ "type": "BackfillStopped", "shop_id": "s1", "error": {
                    "code": "Cancelled", "message": "Cancelled.", "detail": null, "fields": [] } }),
        ),
        (
            CoreEvent::OutboxChanged {
                shop_id: "s1".into(),
            },
            json!({ "type": "OutboxChanged", "shop_id": "s1" }),
        ),
        (
            CoreEvent::LabelsProgress {
                progress: LabelsProgressView {
                    job_id: "j1".into(),
                    done: 3,
                    total: 200,
                    generating: 1,
                },
            },
            json!({ "type": "LabelsProgress", "progress": { "job_id": "j1", "done": 3,
                    "total": 200, "generating": 1 } }),
        ),
        (
            CoreEvent::ProductImportProgress {
                progress: ProductImportProgressView {
                    shop_id: "s1".into(),
                    full: true,
                    imported: 300,
                    total: 12_000,
                    finished: false,
                },
            },
            json!({ "type": "ProductImportProgress", "progress": { "shop_id": "s1",
                    "full": true, "imported": 300, "total": 12_000, "finished": false } }),
        ),
        (
            CoreEvent::ProductImportStopped {
                shop_id: "s1".into(),
                error: ApiError::new(ErrorCode::Cancelled, "Cancelled."),
            },
            json!({ "type": "ProductImportStopped", "shop_id": "s1", "error": {
                    "code": "Cancelled", "message": "Cancelled.", "detail": null,
                    "fields": [] } }),
        ),
        (
            CoreEvent::LocalSkusChanged {
                codes: vec!["00123".into()],
            },
            json!({ "type": "LocalSkusChanged", "codes": ["00123"] }),
        ),
        (
            CoreEvent::SkuLinksChanged {
                shop_id: "s1".into(),
            },
            json!({ "type": "SkuLinksChanged", "shop_id": "s1" }),
        ),
        (
            CoreEvent::FinanceImportProgress {
                progress: FinanceImportProgressView {
                    shop_id: "s1".into(),
                    step: FinanceImportStep::Orders,
                    statements_done: 30,
                    statements_total: 31,
                    orders_done: 400,
                    orders_total: 9_000,
                    finished: false,
                },
            },
            json!({ "type": "FinanceImportProgress", "progress": { "shop_id": "s1",
                    "step": "orders", "statements_done": 30, "statements_total": 31,
                    "orders_done": 400, "orders_total": 9_000, "finished": false } }),
        ),
        (
            CoreEvent::FinanceImportStopped {
                shop_id: "s1".into(),
                error: ApiError::new(ErrorCode::Cancelled, "Cancelled."),
            },
            json!({ "type": "FinanceImportStopped", "shop_id": "s1", "error": {
                    "code": "Cancelled", "message": "Cancelled.", "detail": null,
                    "fields": [] } }),
        ),
        (
            CoreEvent::FinanceChanged {
                shop_id: "s1".into(),
            },
            json!({ "type": "FinanceChanged", "shop_id": "s1" }),
        ),
        (
            CoreEvent::ProductThumbnailsChanged {
                shop_id: "s1".into(),
            },
            json!({ "type": "ProductThumbnailsChanged", "shop_id": "s1" }),
        ),
    ];
    for (event, _) in &events {
        match event {
            CoreEvent::ShopsChanged
            | CoreEvent::AuthStarted { .. }
            | CoreEvent::AuthFinished { .. }
            | CoreEvent::OrdersChanged { .. }
            | CoreEvent::NewOrders { .. }
            | CoreEvent::CancellationRequests { .. }
            | CoreEvent::SyncStatus { .. }
            | CoreEvent::BackfillProgress { .. }
            | CoreEvent::BackfillStopped { .. }
            | CoreEvent::OutboxChanged { .. }
            | CoreEvent::LabelsProgress { .. }
            | CoreEvent::ProductImportProgress { .. }
            | CoreEvent::ProductImportStopped { .. }
            | CoreEvent::ProductThumbnailsChanged { .. }
            | CoreEvent::LocalSkusChanged { .. }
            | CoreEvent::SkuLinksChanged { .. }
            | CoreEvent::FinanceImportProgress { .. }
            | CoreEvent::FinanceImportStopped { .. }
            | CoreEvent::FinanceChanged { .. } => {}
        }
    }
    events
}

#[test]
fn every_core_event_keeps_its_json_shape() {
    let events = every_event();
    let mut kinds: Vec<String> = events
        .iter()
        .map(|(e, _)| to_json(e)["type"].as_str().unwrap_or("").to_owned())
        .collect();
    kinds.dedup();
    assert_eq!(kinds.len(), 19, "one snapshot per variant");
    for (event, want) in events {
        assert_eq!(to_json(&event), want, "{event:?}");
    }
}
