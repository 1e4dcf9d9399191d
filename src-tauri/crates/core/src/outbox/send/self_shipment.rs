//! Seller shipping in SEA and LATAM (write-api §A, §C): a Mark Shipped row is sent as Ship
//! Package with `self_shipment` on the order's package, since Mark Package As Shipped exists
//! only in US/UK/EU/JP. The row and its reconcile stay the Mark Shipped ones.

use crate::outbox::arrange::open_package;
use crate::outbox::drain::Outcome;
use crate::outbox::eligibility::{is_cancelled, is_shipped};
use crate::outbox::payload::{MarkShippedPayload, ShippedResult};
use crate::outbox::settle::classify;
use crate::Shopdock;
use shopdock_tiktok::fulfillment::ShipPackageRequest;
use shopdock_tiktok::model::Order;
use std::collections::BTreeSet;

/// The package the shipment covers: that of the named line items (one package), or the
/// order's one open package.
fn package_for(order: &Order, line_item_ids: &[String]) -> Result<String, String> {
    if line_item_ids.is_empty() {
        return open_package(order);
    }
    let packages: BTreeSet<&str> = order
        .line_items
        .iter()
        .filter(|i| line_item_ids.contains(&i.id) && !is_shipped(i) && !is_cancelled(i))
        .filter_map(|i| i.package_id.as_deref().map(str::trim))
        .filter(|p| !p.is_empty())
        .collect();
    let mut packages = packages.into_iter();
    match (packages.next(), packages.next()) {
        (Some(only), None) => Ok(only.to_owned()),
        (Some(_), Some(_)) => {
            Err("The chosen items are in several packages: ship each package on its own.".into())
        }
        (None, _) => Err(
            "TikTok shows no package for the chosen items: sync the order and try again.".into(),
        ),
    }
}

impl Shopdock {
    pub(in crate::outbox) async fn send_self_shipment(
        &self,
        shop_id: &str,
        order_id: &str,
        payload: &MarkShippedPayload,
        attempt: u32,
    ) -> Outcome {
        // The package exists from payment on outside the US: TikTok's current order names it.
        let order = match self.tiktok_order(shop_id, order_id).await {
            Ok(Some(order)) => order,
            Ok(None) => {
                return Outcome::Unsendable(format!("TikTok does not know order {order_id}."))
            }
            Err(e) => return Outcome::Settle(classify(&e, attempt, false)),
        };
        let package_id = match package_for(&order, &payload.line_item_ids) {
            Ok(p) => p,
            Err(why) => return Outcome::Unsendable(why),
        };
        let request = ShipPackageRequest::self_shipment(
            payload.tracking_number.clone(),
            payload.shipping_provider_id.clone(),
        );
        let id = package_id.clone();
        let sent = self
            .call_shop(shop_id, |s| {
                let (id, request) = (id.clone(), request.clone());
                async move {
                    s.client
                        .ship_package(&s.access_token, &s.shop_cipher, &id, &request)
                        .await
                }
            })
            .await;
        match sent {
            Ok(()) => Outcome::sent(&ShippedResult {
                package_id: Some(package_id),
                warning: None,
                reconciled: false,
            }),
            Err(e) => Outcome::Settle(classify(&e, attempt, false)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopdock_tiktok::model::LineItem;

    #[test]
    fn the_named_items_pick_their_one_package() {
        let item = |id: &str, pkg: &str| LineItem {
            id: id.into(),
            package_id: Some(pkg.into()),
            package_status: Some("TO_FULFILL".into()),
            ..LineItem::default()
        };
        let o = Order {
            line_items: vec![item("L1", "P1"), item("L2", "P2")],
            ..Order::default()
        };
        assert_eq!(package_for(&o, &["L2".into()]), Ok("P2".into()));
        assert!(package_for(&o, &["L1".into(), "L2".into()]).is_err());
        assert!(package_for(&o, &[]).is_err(), "two open packages");
        assert!(package_for(&o, &["L9".into()]).is_err());
    }
}
