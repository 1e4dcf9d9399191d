//! What an Arrange Shipment row carries and what it keeps of TikTok's answer (stored as the
//! row's JSON payload and result).

use serde::{Deserialize, Serialize};
use shopdock_tiktok::fulfillment::{Dimension, PickupSlot, Weight};

/// How the package reaches TikTok's carrier (Ship Package).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Handover {
    /// Picked up in `slot`; `None`: the earliest slot that can be booked when the row is sent
    /// (automatic confirmation: slots move, so it is chosen as late as possible).
    Pickup {
        slot: Option<PickupSlot>,
    },
    DropOff,
    /// SEA: the warehouse's Seller Center setting decides; the API ignores the method.
    SellerCenter,
}

/// The arrangement queued for one order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "how", rename_all = "snake_case")]
pub enum ArrangePayload {
    /// Ship Package on the order's package (outside the US it exists from payment on).
    Handover {
        package_id: String,
        handover: Handover,
    },
    /// US TikTok Shipping: Create Packages buys the label (the package is created by it).
    BuyLabel {
        /// `None`: TikTok's default service (and for sellers under label allocation, TikTok's
        /// choice whatever is sent).
        service_id: Option<String>,
        /// The service's name when the seller chose it from the list.
        service_name: Option<String>,
        weight: Option<Weight>,
        dimension: Option<Dimension>,
    },
}

/// What the row keeps of TikTok's success.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrangedResult {
    /// Kept at once: in the US the package exists only from Create Packages on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<String>,
    /// TikTok's tracking number, when the package already shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shipping_provider: Option<String>,
    /// The label service bought (US).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_name: Option<String>,
    /// The label's estimated price, a decimal string in `currency`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The pickup slot booked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pickup_slot: Option<PickupSlot>,
    /// Found applied when TikTok's state was read back after an unknown outcome.
    #[serde(default)]
    pub reconciled: bool,
}

impl ArrangePayload {
    /// One line for the Activity list and the CLI.
    pub fn describe(&self) -> String {
        match self {
            ArrangePayload::Handover { handover, .. } => match handover {
                Handover::Pickup { slot: Some(_) } => "Pickup in the chosen slot".into(),
                Handover::Pickup { slot: None } => "Pickup in the earliest slot".into(),
                Handover::DropOff => "Drop-off".into(),
                Handover::SellerCenter => "Handover as set in Seller Center".into(),
            },
            ArrangePayload::BuyLabel {
                service_name: Some(name),
                ..
            } => format!("TikTok label: {name}"),
            ArrangePayload::BuyLabel {
                service_id: Some(_),
                ..
            } => "TikTok label (the chosen service)".into(),
            ArrangePayload::BuyLabel { .. } => "TikTok label (default service)".into(),
        }
    }
}
