//! The seeded world: sellers, their shops, each shop's catalog, warehouses and buyers.
//!
//! Everything here is a pure function of the seed (see [`crate::rng`]), so the same seed gives
//! the same shop ids, ciphers, codes, SKUs and buyers on every machine and every run. Buyers are
//! not stored: a buyer's name and address are re-derived from `(seed, shop, buyer index)` each
//! time an order is rendered, which keeps 100,000-order shops small in memory.

use crate::money::{Currency, MoneyShapes, EUR, GBP, JPY, USD};
use crate::rng::{derive, label, Rng, ALNUM, UPPER_ALNUM};
pub use crate::shop_setup::{MarketCode, ShippingMode, ShopSetup};
use shopdock_tiktok::model::{DistrictInfo, RecipientAddress};

/// Seller id of the demo seller (a LOCAL US seller with one shop: the demo shop).
pub const DEMO_SELLER: &str = "demo_seller";
/// Shop code of the demo shop. Fixed (not seed-dependent) so the app and docs can name it.
pub const DEMO_SHOP_CODE: &str = "USDEMO1ABCD";

/// One street a buyer can live on, with what the order arithmetic needs to know about it.
#[derive(Debug)]
pub struct Place {
    pub street: &'static str,
    pub city: &'static str,
    /// Level-1 division (state, nation, Land, région, prefecture).
    pub l1: &'static str,
    /// Level-2 division (county, district, département).
    pub l2: &'static str,
    pub postal: &'static str,
    /// US sales tax in basis points (0 elsewhere: EU/UK/JP prices include VAT).
    pub tax_bp: i64,
    /// Whether the US state taxes shipping.
    pub taxes_shipping: bool,
    /// US retail delivery fee in cents (Colorado, Minnesota), 0 elsewhere.
    pub retail_delivery_fee: i64,
}

/// Everything region-specific: currency, formats, carriers, places and names.
#[derive(Debug)]
pub struct Market {
    pub region: &'static str,
    pub country: &'static str,
    pub currency: Currency,
    pub phone_prefix: &'static str,
    pub level_names: [&'static str; 4],
    pub places: &'static [Place],
    pub first_names: &'static [&'static str],
    pub last_names: &'static [&'static str],
    /// (name, id) of shipping providers.
    pub carriers: &'static [(&'static str, &'static str)],
    pub payment_methods: &'static [&'static str],
    /// Original shipping fee per delivery option (standard, economy, express), minor units.
    pub shipping_fees: [i64; 3],
    /// Sub-total from which the seller pays the standard shipping.
    pub free_shipping_from: i64,
    /// Index into [`CATALOG_NAMES`] columns.
    pub lang: usize,
}

/// Delivery options of seller-shipping orders: `(name, id, delivery days)`. Each has its own
/// list of shipping providers ([`crate::fulfillment::providers`]).
pub const DELIVERY_OPTIONS: [(&str, &str, i64); 3] = [
    ("Standard Shipping", "7091146663229654785", 8),
    ("Economy Shipping", "7091146663229654786", 10),
    ("Express Shipping", "7091146663229654787", 4),
];

/// Delivery options of TikTok-shipping orders (same names and days, other ids): Get Shipping
/// Providers answers them with 21008117 "fulfilled by TikTok" (write-api §C), so an order's
/// `delivery_option_id` tells which kind it is.
pub const TIKTOK_DELIVERY_OPTIONS: [(&str, &str, i64); 3] = [
    ("Standard Shipping", "7091146663229654788", 8),
    ("Economy Shipping", "7091146663229654789", 10),
    ("Express Shipping", "7091146663229654790", 4),
];

const US_PLACES: &[Place] = &[
    place(
        "Coleman Ave",
        "San Jose",
        "California",
        "Santa Clara County",
        "95110",
        938,
        false,
        0,
    ),
    place(
        "Larimer St",
        "Denver",
        "Colorado",
        "Denver County",
        "80202",
        881,
        false,
        28,
    ),
    place(
        "Nicollet Mall",
        "Minneapolis",
        "Minnesota",
        "Hennepin County",
        "55403",
        903,
        true,
        50,
    ),
    place(
        "Congress Ave",
        "Austin",
        "Texas",
        "Travis County",
        "78701",
        825,
        true,
        0,
    ),
    place(
        "Broadway",
        "New York",
        "New York",
        "New York County",
        "10007",
        888,
        true,
        0,
    ),
    place(
        "Pike St",
        "Seattle",
        "Washington",
        "King County",
        "98101",
        1035,
        true,
        0,
    ),
    place(
        "Peachtree St NE",
        "Atlanta",
        "Georgia",
        "Fulton County",
        "30303",
        890,
        true,
        0,
    ),
    place(
        "SW Morrison St",
        "Portland",
        "Oregon",
        "Multnomah County",
        "97205",
        0,
        false,
        0,
    ),
    place(
        "N Michigan Ave",
        "Chicago",
        "Illinois",
        "Cook County",
        "60611",
        1025,
        false,
        0,
    ),
    place(
        "Ocean Dr",
        "Miami Beach",
        "Florida",
        "Miami-Dade County",
        "33139",
        700,
        false,
        0,
    ),
];
const GB_PLACES: &[Place] = &[
    place(
        "Fishergate",
        "Preston",
        "England",
        "Lancashire",
        "PR1",
        0,
        false,
        0,
    ),
    place(
        "Deansgate",
        "Manchester",
        "England",
        "Greater Manchester",
        "M3",
        0,
        false,
        0,
    ),
    place(
        "Princes Street",
        "Edinburgh",
        "Scotland",
        "City of Edinburgh",
        "EH2",
        0,
        false,
        0,
    ),
    place(
        "Queen Street",
        "Cardiff",
        "Wales",
        "Cardiff",
        "CF10",
        0,
        false,
        0,
    ),
    place(
        "Bold Street",
        "Liverpool",
        "England",
        "Merseyside",
        "L1",
        0,
        false,
        0,
    ),
    place(
        "Corn Street",
        "Bristol",
        "England",
        "Bristol",
        "BS1",
        0,
        false,
        0,
    ),
];
const DE_PLACES: &[Place] = &[
    place(
        "Friedrichstraße",
        "Berlin",
        "Berlin",
        "Berlin",
        "10117",
        0,
        false,
        0,
    ),
    place(
        "Königsallee",
        "Düsseldorf",
        "Nordrhein-Westfalen",
        "Düsseldorf",
        "40212",
        0,
        false,
        0,
    ),
    place(
        "Maximilianstraße",
        "München",
        "Bayern",
        "Oberbayern",
        "80539",
        0,
        false,
        0,
    ),
    place(
        "Mönckebergstraße",
        "Hamburg",
        "Hamburg",
        "Hamburg",
        "20095",
        0,
        false,
        0,
    ),
    place(
        "Zeil",
        "Frankfurt am Main",
        "Hessen",
        "Darmstadt",
        "60313",
        0,
        false,
        0,
    ),
];
const FR_PLACES: &[Place] = &[
    place(
        "Rue de Rivoli",
        "Paris",
        "Île-de-France",
        "Paris",
        "75001",
        0,
        false,
        0,
    ),
    place(
        "Rue de la République",
        "Lyon",
        "Auvergne-Rhône-Alpes",
        "Rhône",
        "69002",
        0,
        false,
        0,
    ),
    place(
        "La Canebière",
        "Marseille",
        "Provence-Alpes-Côte d'Azur",
        "Bouches-du-Rhône",
        "13001",
        0,
        false,
        0,
    ),
    place(
        "Rue Sainte-Catherine",
        "Bordeaux",
        "Nouvelle-Aquitaine",
        "Gironde",
        "33000",
        0,
        false,
        0,
    ),
];
const JP_PLACES: &[Place] = &[
    place(
        "神宮前",
        "渋谷区",
        "東京都",
        "東京",
        "150-0001",
        0,
        false,
        0,
    ),
    place("梅田", "北区", "大阪府", "大阪市", "530-0001", 0, false, 0),
    place("栄", "中区", "愛知県", "名古屋市", "460-0008", 0, false, 0),
    place(
        "天神",
        "中央区",
        "福岡県",
        "福岡市",
        "810-0001",
        0,
        false,
        0,
    ),
];

impl Place {
    /// A place outside the US: no sales tax on top of prices, no retail delivery fee.
    pub const fn abroad(
        street: &'static str,
        city: &'static str,
        l1: &'static str,
        l2: &'static str,
        postal: &'static str,
    ) -> Place {
        place(street, city, l1, l2, postal, 0, false, 0)
    }
}

#[allow(clippy::too_many_arguments)]
const fn place(
    street: &'static str,
    city: &'static str,
    l1: &'static str,
    l2: &'static str,
    postal: &'static str,
    tax_bp: i64,
    taxes_shipping: bool,
    retail_delivery_fee: i64,
) -> Place {
    Place {
        street,
        city,
        l1,
        l2,
        postal,
        tax_bp,
        taxes_shipping,
        retail_delivery_fee,
    }
}

const EN_FIRST: &[&str] = &[
    "Olivia", "Liam", "Emma", "Noah", "Ava", "James", "Sophia", "Lucas", "Mia", "Ethan", "Amelia",
    "Mason", "Harper", "Logan", "Ella", "Jack", "Grace", "Oscar", "Chloe", "Henry",
];
const EN_LAST: &[&str] = &[
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson",
    "Taylor", "Clarke", "Walker", "Wright", "Hughes", "Evans", "Patel", "Nguyen", "Kim",
];
const DE_FIRST: &[&str] = &[
    "Lena", "Jonas", "Mia", "Leon", "Hannah", "Paul", "Emilia", "Finn", "Sophie", "Felix",
];
const DE_LAST: &[&str] = &[
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Hoffmann",
];
const FR_FIRST: &[&str] = &[
    "Léa", "Gabriel", "Chloé", "Louis", "Manon", "Hugo", "Camille", "Jules", "Inès", "Arthur",
];
const FR_LAST: &[&str] = &[
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
];
const JP_FIRST: &[&str] = &["陽翔", "結衣", "蓮", "陽菜", "湊", "凛", "大翔", "芽依"];
const JP_LAST: &[&str] = &[
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村",
];

pub static US: Market = Market {
    region: "US",
    country: "United States",
    currency: USD,
    phone_prefix: "+1",
    level_names: ["Country", "State", "County", "City"],
    places: US_PLACES,
    first_names: EN_FIRST,
    last_names: EN_LAST,
    carriers: &[
        ("USPS", "6617675021119438849"),
        ("UPS", "6617675021119438850"),
        ("FedEx", "6617675021119438851"),
    ],
    payment_methods: &["CCDC", "PayPal", "Apple Pay", "Google Pay", "Afterpay"],
    shipping_fees: [599, 399, 1299],
    free_shipping_from: 3500,
    lang: 0,
};
pub static GB: Market = Market {
    region: "GB",
    country: "United Kingdom",
    currency: GBP,
    phone_prefix: "+44",
    level_names: ["Country", "Nation", "County", "Post Town"],
    places: GB_PLACES,
    first_names: EN_FIRST,
    last_names: EN_LAST,
    carriers: &[
        ("Royal Mail", "7117858858072016645"),
        ("Evri", "7117858858072016646"),
        ("DPD", "7117858858072016647"),
    ],
    payment_methods: &["CCDC", "PayPal", "Apple Pay", "Klarna"],
    shipping_fees: [299, 199, 599],
    free_shipping_from: 2000,
    lang: 0,
};
pub static DE: Market = Market {
    region: "DE",
    country: "Deutschland",
    currency: EUR,
    phone_prefix: "+49",
    level_names: ["Country", "State", "District", "City"],
    places: DE_PLACES,
    first_names: DE_FIRST,
    last_names: DE_LAST,
    carriers: &[
        ("DHL", "7208502187360519941"),
        ("Hermes", "7208502187360519942"),
        ("DPD", "7208502187360519943"),
    ],
    payment_methods: &["CCDC", "PayPal", "Klarna"],
    shipping_fees: [399, 299, 799],
    free_shipping_from: 2500,
    lang: 1,
};
pub static FR: Market = Market {
    region: "FR",
    country: "France",
    currency: EUR,
    phone_prefix: "+33",
    level_names: ["Country", "Region", "Department", "City"],
    places: FR_PLACES,
    first_names: FR_FIRST,
    last_names: FR_LAST,
    carriers: &[
        ("Colissimo", "7289154371210757893"),
        ("Mondial Relay", "7289154371210757894"),
        ("Chronopost", "7289154371210757895"),
    ],
    payment_methods: &["CCDC", "PayPal", "Apple Pay"],
    shipping_fees: [399, 299, 899],
    free_shipping_from: 2500,
    lang: 2,
};
pub static JP: Market = Market {
    region: "JP",
    country: "日本",
    currency: JPY,
    phone_prefix: "+81",
    level_names: ["Country", "Prefecture", "City", "Ward"],
    places: JP_PLACES,
    first_names: JP_FIRST,
    last_names: JP_LAST,
    carriers: &[
        ("Yamato Transport", "7356402119237289733"),
        ("Sagawa Express", "7356402119237289734"),
        ("Japan Post", "7356402119237289735"),
    ],
    payment_methods: &["CCDC", "PayPay", "Konbini"],
    shipping_fees: [350, 300, 700],
    free_shipping_from: 3000,
    lang: 3,
};

/// A product template: names per language (en, de, fr, ja), variants, price per currency
/// (USD, GBP, EUR, JPY minor units), seller SKU stem, hazmat flag.
pub(crate) struct ProductTemplate {
    names: [&'static str; 4],
    variants: &'static [(&'static str, &'static str)],
    prices: [i64; 4],
    stem: &'static str,
    dangerous: bool,
}

pub(crate) const OUTDOOR: &[ProductTemplate] = &[
    pt(
        ["Ultralight 2-Person Backpacking Tent", "", "", ""],
        &[("Forest Green", "GRN"), ("Canyon Orange", "ORG")],
        [12999, 0, 0, 0],
        "TENT-2P",
        false,
    ),
    pt(
        ["Insulated Stainless Water Bottle 32oz", "", "", ""],
        &[("Black", "BLK"), ("Sage", "SGE"), ("Sand", "SND")],
        [2495, 0, 0, 0],
        "BTL-32",
        false,
    ),
    pt(
        ["Merino Wool Hiking Socks (3 Pack)", "", "", ""],
        &[("S/M", "SM"), ("L/XL", "LXL")],
        [1999, 0, 0, 0],
        "SOCK-MER3",
        false,
    ),
    pt(
        ["Rechargeable LED Camping Lantern", "", "", ""],
        &[("Default", "STD")],
        [3450, 0, 0, 0],
        "LANT-LED",
        false,
    ),
    pt(
        ["Quick-Dry Camp Towel", "", "", ""],
        &[
            ("Blue, M", "BLU-M"),
            ("Blue, L", "BLU-L"),
            ("Grey, L", "GRY-L"),
        ],
        [1600, 0, 0, 0],
        "TOWEL-QD",
        false,
    ),
    pt(
        ["Carbon Trekking Poles (Pair)", "", "", ""],
        &[("Default", "STD")],
        [5900, 0, 0, 0],
        "POLE-CF",
        false,
    ),
    pt(
        ["Enamel Camp Mug 12oz", "", "", ""],
        &[("White", "WHT"), ("Navy", "NVY")],
        [1250, 0, 0, 0],
        "MUG-12",
        false,
    ),
    pt(
        ["Portable Butane Camp Stove", "", "", ""],
        &[("Default", "STD")],
        [4499, 0, 0, 0],
        "STOVE-BT",
        true,
    ),
    pt(
        ["Waterproof Dry Bag 20L", "", "", ""],
        &[("Yellow", "YEL"), ("Black", "BLK")],
        [2200, 0, 0, 0],
        "DRYBAG-20",
        false,
    ),
    pt(
        ["UPF 50+ Sun Hoodie", "", "", ""],
        &[("S", "S"), ("M", "M"), ("L", "L"), ("XL", "XL")],
        [3800, 0, 0, 0],
        "HOODIE-UPF",
        false,
    ),
];

const GADGETS: &[ProductTemplate] = &[
    pt(
        [
            "Clear MagSafe-Compatible Phone Case",
            "Klare Handyhülle, MagSafe-kompatibel",
            "Coque transparente compatible MagSafe",
            "",
        ],
        &[
            ("iPhone 15", "IP15"),
            ("iPhone 15 Pro", "IP15P"),
            ("iPhone 16", "IP16"),
        ],
        [0, 999, 1199, 0],
        "CASE-MS",
        false,
    ),
    pt(
        [
            "65W GaN USB-C Charger",
            "65W GaN USB-C Ladegerät",
            "Chargeur USB-C GaN 65 W",
            "",
        ],
        &[("White", "WHT"), ("Black", "BLK")],
        [0, 2499, 2799, 0],
        "CHG-65W",
        false,
    ),
    pt(
        [
            "Braided USB-C Cable 2m (2 Pack)",
            "Geflochtenes USB-C-Kabel 2 m (2er-Pack)",
            "Câble USB-C tressé 2 m (lot de 2)",
            "",
        ],
        &[("Default", "STD")],
        [0, 899, 999, 0],
        "CBL-C2M",
        false,
    ),
    pt(
        [
            "Noise-Cancelling Wireless Earbuds",
            "Kabellose Ohrhörer mit ANC",
            "Écouteurs sans fil à réduction de bruit",
            "",
        ],
        &[("Black", "BLK"), ("White", "WHT")],
        [0, 2999, 3299, 0],
        "BUDS-ANC",
        true,
    ),
    pt(
        [
            "Phone Ring Holder",
            "Handy-Ringhalter",
            "Bague support pour téléphone",
            "",
        ],
        &[("Silver", "SLV"), ("Rose Gold", "RSG")],
        [0, 499, 599, 0],
        "RING-HLD",
        false,
    ),
    pt(
        [
            "Tempered Glass Screen Protector (3 Pack)",
            "Panzerglas-Schutzfolie (3 Stück)",
            "Verre trempé protection écran (lot de 3)",
            "",
        ],
        &[("iPhone 15", "IP15"), ("Galaxy S24", "S24")],
        [0, 699, 799, 0],
        "GLASS-3",
        false,
    ),
    pt(
        [
            "Magnetic Car Phone Mount",
            "Magnetische Kfz-Handyhalterung",
            "Support voiture magnétique",
            "",
        ],
        &[("Default", "STD")],
        [0, 1299, 1499, 0],
        "MOUNT-MAG",
        false,
    ),
    pt(
        [
            "10000mAh Power Bank",
            "Powerbank 10000 mAh",
            "Batterie externe 10000 mAh",
            "",
        ],
        &[("Black", "BLK"), ("Blue", "BLU")],
        [0, 1999, 2299, 0],
        "PB-10K",
        true,
    ),
];

const STATIONERY: &[ProductTemplate] = &[
    pt(
        ["", "", "", "ゲルインクボールペン 0.5mm 10本セット"],
        &[("ブラック", "BK"), ("カラー", "CL")],
        [0, 0, 0, 1100],
        "PEN-GEL10",
        false,
    ),
    pt(
        ["", "", "", "A5 ドット方眼ノート"],
        &[("クリーム", "CRM"), ("ホワイト", "WHT")],
        [0, 0, 0, 880],
        "NOTE-A5D",
        false,
    ),
    pt(
        ["", "", "", "マスキングテープ 8巻セット"],
        &[("和柄", "WA"), ("パステル", "PST")],
        [0, 0, 0, 1320],
        "TAPE-8",
        false,
    ),
    pt(
        ["", "", "", "万年筆 細字"],
        &[("ネイビー", "NVY"), ("ボルドー", "BDX")],
        [0, 0, 0, 3300],
        "FPEN-F",
        false,
    ),
    pt(
        ["", "", "", "木製デスクオーガナイザー"],
        &[("ナチュラル", "NAT")],
        [0, 0, 0, 2750],
        "DESK-ORG",
        false,
    ),
    pt(
        ["", "", "", "水彩色鉛筆 24色"],
        &[("24色", "24")],
        [0, 0, 0, 1980],
        "PENC-W24",
        false,
    ),
];

const fn pt(
    names: [&'static str; 4],
    variants: &'static [(&'static str, &'static str)],
    prices: [i64; 4],
    stem: &'static str,
    dangerous: bool,
) -> ProductTemplate {
    ProductTemplate {
        names,
        variants,
        prices,
        stem,
        dangerous,
    }
}

/// One SKU of a shop's catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sku {
    pub product_id: String,
    pub sku_id: String,
    pub product_name: String,
    pub sku_name: String,
    pub seller_sku: String,
    /// Price in minor units of the shop currency.
    pub price: i64,
    pub dangerous: bool,
}

#[derive(Debug, Clone)]
pub struct SellerDef {
    pub id: String,
    pub name: String,
    pub base_region: String,
    pub open_id: String,
    pub shop_ids: Vec<String>,
}

/// A shop and everything immutable about it.
#[derive(Debug)]
pub struct ShopDef {
    /// Position in the world; selects the shop's id spaces so ids never collide.
    pub index: usize,
    pub id: String,
    pub name: String,
    pub code: String,
    pub cipher: String,
    pub region: &'static str,
    /// `LOCAL` or `CROSS_BORDER`.
    pub seller_type: &'static str,
    pub seller_id: String,
    pub market: &'static Market,
    pub catalog: Vec<Sku>,
    /// Seller warehouse first; a shop with FBT has the TikTok warehouse second.
    pub warehouses: Vec<String>,
    pub fbt: bool,
    /// Per-shop seed for orders and buyers.
    pub seed: u64,
    /// Who carries the shop's parcels.
    pub shipping: ShippingMode,
    /// How the shop's money strings are written.
    pub money_shapes: MoneyShapes,
}

impl ShopDef {
    pub fn currency(&self) -> Currency {
        self.market.currency
    }

    /// ON_HOLD exists only in US and UK shops; elsewhere the buyer's one-hour cancellation
    /// window passes inside AWAITING_SHIPMENT with `is_on_hold_order` false (write-api fact
    /// sheet §A "Traps": "ON_HOLD is US/UK only", CL for-us-and-uk-markets-introducing-on-hold).
    pub fn has_on_hold(&self) -> bool {
        matches!(self.region, "US" | "GB")
    }

    /// Whether an order's package (`packages[].id`, line items' `package_id` and
    /// `package_status` TO_FULFILL) exists from payment. SPEC:orders/get-order-detail,
    /// `line_items.package_id`: "For local sellers in the US and UK markets, the package_id
    /// and package_status property will not be returned before the package is shipped";
    /// everyone else gets them from payment.
    pub fn packages_from_payment(&self) -> bool {
        !(matches!(self.region, "US" | "GB") && self.seller_type == "LOCAL")
    }
}

#[derive(Debug)]
pub struct World {
    pub sellers: Vec<SellerDef>,
    pub shops: Vec<ShopDef>,
}

struct ShopSpec {
    seller: usize,
    market: &'static Market,
    name: &'static str,
    seller_type: &'static str,
    catalog: &'static [ProductTemplate],
    fbt: bool,
}

const SELLERS: [(&str, &str, &str); 3] = [
    (DEMO_SELLER, "Shopdock Demo Outdoor LLC", "US"),
    (
        "crossborder_seller",
        "Shenzhen Brightway Trading Co., Ltd.",
        "CN",
    ),
    ("jp_seller", "Kamiya Stationery", "JP"),
];

const SHOPS: [ShopSpec; 5] = [
    ShopSpec {
        seller: 0,
        market: &US,
        name: "Shopdock Demo Outdoor",
        seller_type: "LOCAL",
        catalog: OUTDOOR,
        fbt: true,
    },
    ShopSpec {
        seller: 1,
        market: &GB,
        name: "Brightway Gadgets UK",
        seller_type: "CROSS_BORDER",
        catalog: GADGETS,
        fbt: false,
    },
    ShopSpec {
        seller: 1,
        market: &DE,
        name: "Brightway Gadgets DE",
        seller_type: "CROSS_BORDER",
        catalog: GADGETS,
        fbt: false,
    },
    ShopSpec {
        seller: 1,
        market: &FR,
        name: "Brightway Gadgets FR",
        seller_type: "CROSS_BORDER",
        catalog: GADGETS,
        fbt: false,
    },
    ShopSpec {
        seller: 2,
        market: &JP,
        name: "Kamiya Stationery",
        seller_type: "LOCAL",
        catalog: STATIONERY,
        fbt: false,
    },
];

/// A 19-digit id in `prefix * 10^15 .. (prefix + 1) * 10^15` (prefix has 4 digits).
fn id19(rng: &mut Rng, prefix: u64) -> String {
    (prefix * 1_000_000_000_000_000 + rng.below(1_000_000_000_000_000)).to_string()
}

impl World {
    pub fn build(seed: u64) -> World {
        let mut sellers: Vec<SellerDef> = SELLERS
            .iter()
            .map(|(id, name, region)| {
                let mut rng = Rng::new(derive(seed, &[label("seller"), label(id)]));
                SellerDef {
                    id: (*id).to_string(),
                    name: (*name).to_string(),
                    base_region: (*region).to_string(),
                    open_id: format!(
                        "{}",
                        7_010_000_000_000_000_000 + rng.below(900_000_000_000_000_000)
                    ),
                    shop_ids: Vec::new(),
                }
            })
            .collect();
        let shops = SHOPS
            .iter()
            .enumerate()
            .map(|(index, spec)| {
                let plan = ShopPlan {
                    seller: spec.seller,
                    market: spec.market,
                    name: spec.name.to_string(),
                    seller_type: spec.seller_type,
                    catalog: spec.catalog,
                    fbt: spec.fbt,
                    shipping: ShippingMode::Mixed,
                    money_shapes: MoneyShapes::Fixed,
                    price: PriceSource::CurrencyColumn,
                };
                make_shop(seed, index, &plan, &mut sellers)
            })
            .collect();
        World { sellers, shops }
    }
}

/// What one shop of the world is made from.
pub(crate) struct ShopPlan {
    pub seller: usize,
    pub market: &'static Market,
    pub name: String,
    pub seller_type: &'static str,
    pub catalog: &'static [ProductTemplate],
    pub fbt: bool,
    pub shipping: ShippingMode,
    pub money_shapes: MoneyShapes,
    pub price: PriceSource,
}

/// Where a catalog's prices come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PriceSource {
    /// The template's column for the shop currency (the seeded world's shops).
    CurrencyColumn,
    /// The template's first price, converted by this many shop minor units per US cent, in
    /// hundredths (added shops in any market).
    Converted { per_cent_x100: i64 },
}

/// Builds shop `index` of the world from its plan; registers it with its seller.
pub(crate) fn make_shop(
    seed: u64,
    index: usize,
    plan: &ShopPlan,
    sellers: &mut [SellerDef],
) -> ShopDef {
    let shop_seed = derive(seed, &[label("shop"), index as u64]);
    let mut rng = Rng::new(shop_seed);
    let id = id19(&mut rng, 7_494);
    let local_prefix = if plan.seller_type == "LOCAL" {
        "ROW_"
    } else {
        "GCP_"
    };
    // TikTok's sample ciphers: a prefix plus 28-32 base64-ish characters.
    let cipher = format!("{local_prefix}{}", rng.string(ALNUM, 32));
    let code = if plan.market.region == "US" && plan.seller == 0 {
        DEMO_SHOP_CODE.to_string()
    } else if plan.seller_type == "CROSS_BORDER" {
        format!("CN{}{}", plan.market.region, rng.string(UPPER_ALNUM, 8))
    } else {
        format!("{}LC{}", plan.market.region, rng.string(UPPER_ALNUM, 8))
    };
    let catalog = build_catalog(&mut rng, plan.catalog, plan.market, plan.price);
    let mut warehouses = vec![id19(&mut rng, 6_955)];
    if plan.fbt {
        warehouses.push(id19(&mut rng, 6_955));
    }
    let seller_id = sellers[plan.seller].id.clone();
    sellers[plan.seller].shop_ids.push(id.clone());
    ShopDef {
        index,
        id,
        name: plan.name.clone(),
        code,
        cipher,
        region: plan.market.region,
        seller_type: plan.seller_type,
        seller_id,
        market: plan.market,
        catalog,
        warehouses,
        fbt: plan.fbt,
        seed: shop_seed,
        shipping: plan.shipping,
        money_shapes: plan.money_shapes,
    }
}

fn build_catalog(
    rng: &mut Rng,
    templates: &[ProductTemplate],
    market: &Market,
    source: PriceSource,
) -> Vec<Sku> {
    let price_col = match market.currency.code {
        "USD" => 0,
        "GBP" => 1,
        "EUR" => 2,
        _ => 3,
    };
    let price_of = |t: &ProductTemplate| match source {
        PriceSource::CurrencyColumn => t.prices[price_col],
        PriceSource::Converted { per_cent_x100 } => {
            let base = t.prices.iter().copied().find(|p| *p > 0).unwrap_or(0);
            (base * per_cent_x100 + 50) / 100
        }
    };
    let mut out = Vec::new();
    for t in templates {
        let product_id = id19(rng, 1_729);
        let name = [t.names[market.lang], t.names[0]]
            .into_iter()
            .find(|n| !n.is_empty())
            .unwrap_or(t.stem)
            .to_string();
        for (variant, suffix) in t.variants {
            out.push(Sku {
                product_id: product_id.clone(),
                sku_id: id19(rng, 2_729),
                product_name: name.clone(),
                sku_name: (*variant).to_string(),
                seller_sku: format!("{}-{}", t.stem, suffix),
                price: price_of(t),
                dangerous: t.dangerous,
            });
        }
    }
    out
}

/// A buyer of one shop, derived on demand from `(shop seed, buyer index)`.
#[derive(Debug, Clone)]
pub struct Buyer {
    pub user_id: String,
    pub email: String,
    pub first: &'static str,
    pub last: &'static str,
    pub place: &'static Place,
    pub house: u32,
    pub unit: Option<u32>,
    pub postal: String,
    pub phone_tail: String,
    pub phone_area: String,
}

/// How many distinct buyers a shop draws from (orders pick from them with repeats).
pub const BUYER_POOL: u64 = 50_000;

pub fn buyer(shop: &ShopDef, index: u32) -> Buyer {
    let mut rng = Rng::new(derive(shop.seed, &[label("buyer"), u64::from(index)]));
    let m = shop.market;
    let place = rng.pick(m.places);
    let postal = match m.region {
        "GB" => format!(
            "{} {}{}",
            place.postal,
            rng.range(1, 9),
            rng.string(b"ABDEFGHJLNPQRSTUWXYZ", 2)
        ),
        _ => place.postal.to_string(),
    };
    let user_id = format!(
        "{}",
        7_021_000_000_000_000_000 + rng.below(900_000_000_000_000_000)
    );
    let email = format!("{}@chat.seller.tiktok.com", rng.string(ALNUM, 10));
    let first: &'static str = m.first_names[rng.below(m.first_names.len() as u64) as usize];
    let last: &'static str = m.last_names[rng.below(m.last_names.len() as u64) as usize];
    Buyer {
        user_id,
        email,
        first,
        last,
        place,
        house: rng.range(1, 2400) as u32,
        unit: if rng.chance(0.3) {
            Some(rng.range(1, 40) as u32)
        } else {
            None
        },
        postal,
        phone_tail: format!("{:04}", rng.below(10_000)),
        phone_area: format!("{:03}", rng.range(201, 989)),
    }
}

/// Masks a name the way TikTok desensitizes platform-logistics recipients: first letter kept.
fn mask(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) => format!("{c}***"),
        None => String::new(),
    }
}

/// The recipient address of `buyer`, masked when TikTok's logistics carry the parcel
/// (`shipping_type = TIKTOK`): the spec says the name and phone are then desensitized.
pub fn recipient_address(shop: &ShopDef, b: &Buyer, masked: bool) -> RecipientAddress {
    let m = shop.market;
    let p = b.place;
    let (first, last) = if masked {
        (mask(b.first), mask(b.last))
    } else {
        (b.first.to_string(), b.last.to_string())
    };
    let name = if m.region == "JP" {
        format!("{last} {first}")
    } else {
        format!("{first} {last}")
    };
    let line1 = match m.region {
        "US" | "GB" => format!("{} {}", b.house, p.street),
        "JP" => format!("{}{}-{}", p.street, b.house % 9 + 1, b.house % 30 + 1),
        _ => format!("{} {}", p.street, b.house % 200 + 1),
    };
    let line2 = match (b.unit, m.region) {
        (Some(u), "US") => format!("Apt {u}"),
        (Some(u), "GB") => format!("Flat {u}"),
        (Some(u), "DE") => format!("Wohnung {u}"),
        (Some(u), "FR") => format!("Appartement {u}"),
        (Some(u), _) => format!("{u}号室"),
        (None, _) => String::new(),
    };
    let detail = if line2.is_empty() {
        line1.clone()
    } else {
        format!("{line1}, {line2}")
    };
    let full_address = match m.region {
        "US" => format!("{detail}, {}, {} {}", p.city, p.l1, b.postal),
        "GB" => format!("{detail}, {}, {}", p.city, b.postal),
        "JP" => format!("〒{} {}{}{}", b.postal, p.l1, p.city, detail),
        _ => format!("{detail}, {} {}", b.postal, p.city),
    };
    let district_info = [m.country, p.l1, p.l2, p.city]
        .iter()
        .zip(m.level_names)
        .enumerate()
        .map(|(i, (name, level_name))| DistrictInfo {
            address_level_name: level_name.to_string(),
            address_name: (*name).to_string(),
            address_level: format!("L{i}"),
        })
        .collect();
    let phone_number = match m.region {
        "US" => format!("({}){}-***-{}", m.phone_prefix, b.phone_area, b.phone_tail),
        _ => format!(
            "({}){}*****{}",
            m.phone_prefix,
            &b.phone_area[..2],
            &b.phone_tail[2..]
        ),
    };
    RecipientAddress {
        name,
        first_name: first,
        last_name: last,
        phone_number,
        full_address,
        address_detail: detail,
        address_line1: line1,
        address_line2: line2,
        address_line3: String::new(),
        address_line4: String::new(),
        district_info,
        postal_code: b.postal.clone(),
        region_code: m.region.to_string(),
        post_town: (m.region == "GB").then(|| p.city.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_world_and_different_seed_different_ids() {
        let a = World::build(1);
        let b = World::build(1);
        let c = World::build(2);
        for (x, y) in a.shops.iter().zip(&b.shops) {
            assert_eq!((&x.id, &x.cipher, &x.code), (&y.id, &y.cipher, &y.code));
            assert_eq!(x.catalog, y.catalog);
        }
        assert_ne!(a.shops[1].id, c.shops[1].id);
        // The demo shop's code is fixed whatever the seed.
        assert_eq!(c.shops[0].code, DEMO_SHOP_CODE);
    }

    #[test]
    fn ids_look_like_tiktok_ids() {
        let w = World::build(9);
        for s in &w.shops {
            assert_eq!(s.id.len(), 19, "{}", s.id);
            assert!(s.cipher.starts_with("ROW_") || s.cipher.starts_with("GCP_"));
            assert!(!s.catalog.is_empty());
            for sku in &s.catalog {
                assert_eq!(sku.sku_id.len(), 19);
                assert!(
                    sku.price > 0,
                    "{} has no price in {}",
                    sku.seller_sku,
                    s.region
                );
            }
        }
        let demo = &w.sellers[0];
        assert_eq!(demo.id, DEMO_SELLER);
        assert_eq!(demo.shop_ids.len(), 1);
        assert!(w.sellers[1].shop_ids.len() >= 2);
    }

    #[test]
    fn masked_address_hides_name_but_keeps_the_place() {
        let w = World::build(3);
        let shop = &w.shops[0];
        let b = buyer(shop, 17);
        let masked = recipient_address(shop, &b, true);
        let clear = recipient_address(shop, &b, false);
        assert!(masked.name.contains("***"));
        assert!(!clear.name.contains("***"));
        assert_eq!(masked.postal_code, clear.postal_code);
        assert!(masked.phone_number.contains("***"));
        assert_eq!(masked.district_info.len(), 4);
    }
}
