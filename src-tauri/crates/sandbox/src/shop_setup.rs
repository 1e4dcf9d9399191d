//! Shops added to the seeded world for tests (issue 9.6): each has a market (US, UK, an EU
//! country, a SEA country, JP, LATAM) and a shipping type, and behaves as the docs say for
//! them (ON_HOLD, packages from payment, split shipments; see [`crate::orders`]). Two markets
//! the seeded world lacks live here: Malaysia (SEA) and Mexico (LATAM).

use crate::generator::{
    make_shop, Market, Place, PriceSource, SellerDef, ShopDef, ShopPlan, World, DE, FR, GB, JP,
    OUTDOOR, US,
};
use crate::money::{MoneyShapes, MXN, MYR};
use crate::rng::{derive, label, Rng};
use serde::{Deserialize, Serialize};

/// A shop's market (its `region`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum MarketCode {
    Us,
    /// United Kingdom (region code `GB`).
    #[serde(alias = "GB")]
    Uk,
    De,
    Fr,
    Jp,
    /// Malaysia (SEA).
    My,
    /// Mexico (LATAM).
    Mx,
}

impl MarketCode {
    fn market(self) -> &'static Market {
        match self {
            MarketCode::Us => &US,
            MarketCode::Uk => &GB,
            MarketCode::De => &DE,
            MarketCode::Fr => &FR,
            MarketCode::Jp => &JP,
            MarketCode::My => &MY,
            MarketCode::Mx => &MX,
        }
    }

    /// Shop minor units per US cent, in hundredths (catalog prices of added shops).
    fn per_cent_x100(self) -> i64 {
        match self {
            MarketCode::Us => 100,
            MarketCode::Uk => 80,
            MarketCode::De | MarketCode::Fr => 92,
            MarketCode::Jp => 150,
            MarketCode::My => 450,
            MarketCode::Mx => 1_700,
        }
    }
}

/// Who carries a shop's parcels (`shipping_type` of its orders).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ShippingMode {
    /// The seller ships with their own carrier (`SELLER`).
    Seller,
    /// TikTok's logistics carry every parcel (`TIKTOK`).
    Tiktok,
    /// Both, per order (the seeded world's shops: about 70% TIKTOK).
    #[default]
    Mixed,
}

/// A shop to add to the world ([`crate::SandboxConfig::extra_shops`]). It gets its own seller,
/// so its tokens and rate limits are its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopSetup {
    pub market: MarketCode,
    pub shipping: ShippingMode,
    /// `CROSS_BORDER` instead of `LOCAL`.
    #[serde(default)]
    pub cross_border: bool,
}

impl ShopSetup {
    pub fn local(market: MarketCode, shipping: ShippingMode) -> Self {
        Self {
            market,
            shipping,
            cross_border: false,
        }
    }
}

/// The seller id of added shop number `n` (0-based): `shop{n}_seller`.
pub fn added_seller_id(n: usize) -> String {
    format!("shop{n}_seller")
}

impl World {
    /// The seeded world plus `extra` shops, each with its own seller. The seeded shops are
    /// exactly those of [`World::build`].
    pub fn build_with(seed: u64, extra: &[ShopSetup]) -> World {
        let mut world = World::build(seed);
        for (n, setup) in extra.iter().enumerate() {
            let market = setup.market.market();
            let seller_id = added_seller_id(n);
            let mut rng = Rng::new(derive(seed, &[label("seller"), label(&seller_id)]));
            world.sellers.push(SellerDef {
                id: seller_id,
                name: format!("Sandbox Seller {} {}", n + 1, market.region),
                base_region: market.region.to_string(),
                open_id: (7_010_000_000_000_000_000 + rng.below(900_000_000_000_000_000))
                    .to_string(),
                shop_ids: Vec::new(),
            });
            let plan = ShopPlan {
                seller: world.sellers.len() - 1,
                market,
                name: format!("Sandbox Outdoor {} {}", market.region, n + 1),
                seller_type: if setup.cross_border {
                    "CROSS_BORDER"
                } else {
                    "LOCAL"
                },
                catalog: OUTDOOR,
                fbt: false,
                shipping: setup.shipping,
                money_shapes: MoneyShapes::Varied,
                price: PriceSource::Converted {
                    per_cent_x100: setup.market.per_cent_x100(),
                },
            };
            let index = world.shops.len();
            let shop: ShopDef = make_shop(seed, index, &plan, &mut world.sellers);
            world.shops.push(shop);
        }
        world
    }
}

const MY_PLACES: &[Place] = &[
    Place::abroad(
        "Jalan Bukit Bintang",
        "Kuala Lumpur",
        "Wilayah Persekutuan",
        "Kuala Lumpur",
        "55100",
    ),
    Place::abroad(
        "Jalan Gurney",
        "George Town",
        "Pulau Pinang",
        "Timur Laut",
        "10250",
    ),
    Place::abroad(
        "Jalan Wong Ah Fook",
        "Johor Bahru",
        "Johor",
        "Johor Bahru",
        "80000",
    ),
];
const MX_PLACES: &[Place] = &[
    Place::abroad(
        "Avenida Reforma",
        "Ciudad de México",
        "Ciudad de México",
        "Cuauhtémoc",
        "06600",
    ),
    Place::abroad(
        "Avenida Vallarta",
        "Guadalajara",
        "Jalisco",
        "Guadalajara",
        "44100",
    ),
    Place::abroad(
        "Calzada del Valle",
        "San Pedro Garza García",
        "Nuevo León",
        "San Pedro",
        "66220",
    ),
];
const MY_FIRST: &[&str] = &["Aisyah", "Wei Jie", "Priya", "Hafiz", "Mei Ling", "Arjun"];
const MY_LAST: &[&str] = &["Abdullah", "Tan", "Lim", "Raj", "Ismail", "Wong"];
const MX_FIRST: &[&str] = &["Sofía", "Mateo", "Valentina", "Santiago", "Camila", "Diego"];
const MX_LAST: &[&str] = &[
    "Hernández",
    "García",
    "Martínez",
    "López",
    "González",
    "Pérez",
];

/// Malaysia: prices include SST-free consumer pricing, so no sales tax is added.
pub static MY: Market = Market {
    region: "MY",
    country: "Malaysia",
    currency: MYR,
    phone_prefix: "+60",
    level_names: ["Country", "State", "District", "City"],
    places: MY_PLACES,
    first_names: MY_FIRST,
    last_names: MY_LAST,
    carriers: &[
        ("J&T Express", "7129735836487837445"),
        ("Ninja Van", "7129735836487837446"),
        ("Pos Laju", "7129735836487837447"),
    ],
    payment_methods: &["CCDC", "Online Banking", "Touch 'n Go eWallet", "COD"],
    shipping_fees: [490, 390, 990],
    free_shipping_from: 5000,
    lang: 0,
};

/// Mexico: prices include IVA, so no tax line is added.
pub static MX: Market = Market {
    region: "MX",
    country: "México",
    currency: MXN,
    phone_prefix: "+52",
    level_names: ["Country", "State", "Municipality", "City"],
    places: MX_PLACES,
    first_names: MX_FIRST,
    last_names: MX_LAST,
    carriers: &[
        ("Estafeta", "7330182714329628421"),
        ("DHL Express", "7330182714329628422"),
        ("J&T Express", "7330182714329628423"),
    ],
    payment_methods: &["CCDC", "OXXO", "Mercado Pago"],
    shipping_fees: [9900, 7900, 19900],
    free_shipping_from: 49900,
    lang: 0,
};
