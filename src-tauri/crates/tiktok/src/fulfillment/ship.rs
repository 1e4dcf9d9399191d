//! Arranging shipment and uploading tracking: Mark Package As Shipped, Ship Package, Batch
//! Ship Packages, handover time slots, and the shipping-info corrections (§A, §C).

use crate::error::TikTokError;
use crate::refusal::{fulfillment_refusal, Refusal};
use serde::{Deserialize, Serialize};

/// How a TikTok Shipping package reaches the carrier. Ignored in ID SG PH VN TH MY since
/// 2024-10-30, where the warehouse's Seller Center setting decides (§A).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum HandoverMethod {
    /// The carrier collects from the seller's pickup address.
    Pickup,
    /// The seller drops the package off at a designated location.
    DropOff,
}

impl HandoverMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HandoverMethod::Pickup => "PICKUP",
            HandoverMethod::DropOff => "DROP_OFF",
        }
    }
}

/// A pickup time slot (Unix seconds), as chosen for Ship Package and as a package reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PickupSlot {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub start_time: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub end_time: i64,
}

/// The seller's own carrier and tracking number, for packages whose delivery option is
/// `SEND_BY_SELLER` (SEA, LATAM).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SelfShipment {
    pub tracking_number: String,
    /// From Get Shipping Providers for the order's delivery option.
    pub shipping_provider_id: String,
}

/// Body of Ship Package, and one package of Batch Ship Packages without its id. Build it with
/// [`ShipPackageRequest::handover`] or [`ShipPackageRequest::self_shipment`], so it is never
/// the empty body `{}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ShipPackageRequest {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handover_method: Option<HandoverMethod>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pickup_slot: Option<PickupSlot>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_shipment: Option<SelfShipment>,
}

impl ShipPackageRequest {
    /// TikTok Shipping: hand over by `method`, at `pickup_slot` (from Get Package Handover
    /// Time Slots) when picking up.
    pub fn handover(method: HandoverMethod, pickup_slot: Option<PickupSlot>) -> Self {
        Self {
            handover_method: Some(method),
            pickup_slot,
            self_shipment: None,
        }
    }

    /// Seller shipping through Ship Package: the seller's own tracking number and carrier.
    pub fn self_shipment(
        tracking_number: impl Into<String>,
        shipping_provider_id: impl Into<String>,
    ) -> Self {
        Self {
            handover_method: None,
            pickup_slot: None,
            self_shipment: Some(SelfShipment {
                tracking_number: tracking_number.into(),
                shipping_provider_id: shipping_provider_id.into(),
            }),
        }
    }

    /// Refuses a request TikTok would refuse, or one that would be sent as `{}`.
    pub(crate) fn check(&self) -> Result<(), TikTokError> {
        if self.handover_method.is_none()
            && self.pickup_slot.is_none()
            && self.self_shipment.is_none()
        {
            return Err(TikTokError::InvalidRequest(
                "Ship Package needs a handover method, a pickup slot or a self shipment".into(),
            ));
        }
        if let Some(slot) = self.pickup_slot {
            if slot.end_time < slot.start_time {
                return Err(TikTokError::InvalidRequest(format!(
                    "pickup slot ends ({}) before it starts ({})",
                    slot.end_time, slot.start_time
                )));
            }
        }
        if let Some(own) = &self.self_shipment {
            require_tracking(&own.tracking_number, &own.shipping_provider_id)?;
        }
        Ok(())
    }
}

/// Body of Mark Package As Shipped. Without `order_line_item_ids` every unshipped line item
/// ships; naming some splits the order (US/EMEA/JP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MarkShippedRequest {
    pub tracking_number: String,
    /// From Get Shipping Providers for the order's delivery option.
    pub shipping_provider_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_line_item_ids: Vec<String>,
}

impl MarkShippedRequest {
    pub(crate) fn check(&self) -> Result<(), TikTokError> {
        require_tracking(&self.tracking_number, &self.shipping_provider_id)?;
        if self
            .order_line_item_ids
            .iter()
            .any(|id| id.trim().is_empty())
        {
            return Err(TikTokError::InvalidRequest(
                "an order line item id is empty".into(),
            ));
        }
        Ok(())
    }
}

/// `data` of Mark Package As Shipped. In the US the package exists only from this call on,
/// and this reply is the only place its id appears at once: store `package_id`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct MarkedShipped {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_id: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub order_line_item_ids: Vec<String>,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub package_id: String,
    /// US: TikTok accepted the tracking number but doubts it (verification timed out, no or
    /// several matching providers, "Did you mean ...?"). Show it to the seller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warning: Option<TrackingWarning>,
}

impl MarkedShipped {
    /// The warning's text, when there is a non-empty one.
    pub fn warning_message(&self) -> Option<&str> {
        self.warning
            .as_ref()
            .map(|w| w.message.trim())
            .filter(|m| !m.is_empty())
    }
}

/// `warning` of Mark Package As Shipped (code 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct TrackingWarning {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub message: String,
}

/// One package of Batch Ship Packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BatchShipPackage {
    pub id: String,
    #[serde(flatten)]
    pub ship: ShipPackageRequest,
}

/// Body of Batch Ship Packages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct BatchShipRequest {
    pub packages: Vec<BatchShipPackage>,
}

/// `data` of Batch Ship Packages as sent: the packages that failed, under code 0.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct BatchShipReply {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub errors: Vec<PackageShipError>,
}

/// One package's failure in a Batch Ship reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageShipError {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub code: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub message: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub detail: PackageErrorDetail,
}

impl PackageShipError {
    /// The seller-facing reason for this package's code, when it has a specific one.
    pub fn refusal(&self) -> Option<Refusal> {
        fulfillment_refusal(self.code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct PackageErrorDetail {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub package_id: String,
}

/// What Batch Ship did to each package sent, in the order they were sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchShipOutcome {
    pub packages: Vec<PackageShipResult>,
    /// Errors that name no package of the request. While there are any, packages without an
    /// error of their own are [`PackageShipOutcome::Unknown`].
    pub unattributed: Vec<PackageShipError>,
}

impl BatchShipOutcome {
    /// Attributes `reply`'s errors to the packages of `request` by `detail.package_id`.
    pub fn from_reply(request: &BatchShipRequest, reply: BatchShipReply) -> Self {
        let requested: Vec<&str> = request.packages.iter().map(|p| p.id.as_str()).collect();
        let (mut own, unattributed): (Vec<_>, Vec<_>) = reply
            .errors
            .into_iter()
            .partition(|e| requested.contains(&e.detail.package_id.as_str()));
        let packages = requested
            .iter()
            .map(|id| {
                let outcome = match own.iter().position(|e| e.detail.package_id == *id) {
                    Some(at) => PackageShipOutcome::Refused(own.swap_remove(at)),
                    None if unattributed.is_empty() => PackageShipOutcome::Shipped,
                    None => PackageShipOutcome::Unknown,
                };
                PackageShipResult {
                    package_id: (*id).to_owned(),
                    outcome,
                }
            })
            .collect();
        Self {
            packages,
            unattributed,
        }
    }

    /// The result for one package id.
    pub fn get(&self, package_id: &str) -> Option<&PackageShipOutcome> {
        self.packages
            .iter()
            .find(|p| p.package_id == package_id)
            .map(|p| &p.outcome)
    }
}

/// One package's result in a [`BatchShipOutcome`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageShipResult {
    pub package_id: String,
    pub outcome: PackageShipOutcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageShipOutcome {
    /// No error was reported for it: shipped.
    Shipped,
    /// TikTok refused this package with its own code.
    Refused(PackageShipError),
    /// The reply had errors naming no package, so this one may have failed: read it back.
    Unknown,
}

/// `data` of Get Package Handover Time Slots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct HandoverTimeSlots {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub can_pickup: bool,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub can_drop_off: bool,
    /// UK only.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub can_van_collection: bool,
    /// Where to see drop-off points.
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub drop_off_point_url: String,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub pickup_slots: Vec<HandoverSlot>,
}

impl HandoverTimeSlots {
    /// The slots that can still be booked.
    pub fn available_slots(&self) -> impl Iterator<Item = PickupSlot> + '_ {
        self.pickup_slots
            .iter()
            .filter(|s| s.available)
            .map(|s| s.slot())
    }
}

/// One pickup slot offered for a package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct HandoverSlot {
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub start_time: i64,
    #[serde(deserialize_with = "crate::lenient::null_as_default")]
    pub end_time: i64,
    /// Whether it can be booked. TikTok spells the field `avaliable`; the correct spelling
    /// is accepted too, in case TikTok fixes it.
    #[serde(
        rename = "avaliable",
        alias = "available",
        deserialize_with = "crate::lenient::null_as_default"
    )]
    pub available: bool,
}

impl HandoverSlot {
    /// This slot as Ship Package's `pickup_slot`.
    pub fn slot(&self) -> PickupSlot {
        PickupSlot {
            start_time: self.start_time,
            end_time: self.end_time,
        }
    }
}

/// Body of Update Shipping Info and Update Package Shipping Info. TikTok allows one update
/// per order (US/UK/SEA: within 72 h of shipment), so confirm with the seller first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ShippingInfoUpdate {
    pub tracking_number: String,
    pub shipping_provider_id: String,
}

impl ShippingInfoUpdate {
    pub(crate) fn check(&self) -> Result<(), TikTokError> {
        require_tracking(&self.tracking_number, &self.shipping_provider_id)
    }
}

fn require_tracking(tracking_number: &str, shipping_provider_id: &str) -> Result<(), TikTokError> {
    if tracking_number.trim().is_empty() {
        return Err(TikTokError::InvalidRequest(
            "tracking number is empty".into(),
        ));
    }
    if shipping_provider_id.trim().is_empty() {
        return Err(TikTokError::InvalidRequest(
            "shipping provider id is empty".into(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(ids: &[&str]) -> BatchShipRequest {
        BatchShipRequest {
            packages: ids
                .iter()
                .map(|id| BatchShipPackage {
                    id: (*id).into(),
                    ship: ShipPackageRequest::handover(HandoverMethod::DropOff, None),
                })
                .collect(),
        }
    }

    fn error(code: i64, package_id: &str) -> PackageShipError {
        PackageShipError {
            code,
            message: "m".into(),
            detail: PackageErrorDetail {
                package_id: package_id.into(),
            },
        }
    }

    #[test]
    fn each_package_gets_its_own_error_or_shipped() {
        let reply = BatchShipReply {
            errors: vec![error(10007014, "2")],
        };
        let out = BatchShipOutcome::from_reply(&request(&["1", "2", "3"]), reply);
        assert_eq!(out.get("1"), Some(&PackageShipOutcome::Shipped));
        assert!(matches!(out.get("2"), Some(PackageShipOutcome::Refused(e)) if e.code == 10007014));
        assert_eq!(out.get("3"), Some(&PackageShipOutcome::Shipped));
        assert!(out.unattributed.is_empty());
    }

    #[test]
    fn an_error_naming_no_sent_package_makes_the_others_unknown() {
        let reply = BatchShipReply {
            errors: vec![error(21011040, "1"), error(36009003, "")],
        };
        let out = BatchShipOutcome::from_reply(&request(&["1", "2"]), reply);
        assert!(matches!(out.get("1"), Some(PackageShipOutcome::Refused(_))));
        assert_eq!(out.get("2"), Some(&PackageShipOutcome::Unknown));
        assert_eq!(out.unattributed.len(), 1);
    }

    #[test]
    fn a_ship_request_is_never_the_empty_body() {
        assert!(ShipPackageRequest::default().check().is_err());
        assert!(ShipPackageRequest::self_shipment(" ", "7").check().is_err());
        let backwards = ShipPackageRequest::handover(
            HandoverMethod::Pickup,
            Some(PickupSlot {
                start_time: 10,
                end_time: 5,
            }),
        );
        assert!(backwards.check().is_err());
        assert!(ShipPackageRequest::handover(HandoverMethod::DropOff, None)
            .check()
            .is_ok());
    }

    #[test]
    fn slots_read_tiktoks_misspelling_and_the_correct_one() {
        let s: HandoverTimeSlots = serde_json::from_str(
            r#"{"pickup_slots":[{"start_time":1,"end_time":2,"avaliable":true},{"start_time":3,"end_time":4,"available":false}]}"#,
        )
        .unwrap();
        assert_eq!(
            s.available_slots().collect::<Vec<_>>(),
            vec![PickupSlot {
                start_time: 1,
                end_time: 2
            }]
        );
    }
}
