//! The documents read back as a seller, a printer and a scanner see them.

use shopdock_documents::read_back::{
    coloured_pixels, decode_barcodes, font_names, page_sizes, pages_text, pick_quantity, rasterize,
    squash,
};
use shopdock_documents::{
    packing_slips, pick_list, DocumentError, OrderDoc, OrderItem, PackingSlips, PageSize, PickList,
    ShipTo,
};

fn item(sku: &str, product: &str, variant: &str, quantity: u32) -> OrderItem {
    OrderItem {
        seller_sku: sku.into(),
        product_name: product.into(),
        variant: variant.into(),
        quantity,
        cancelled: false,
    }
}

fn order(id: &str, name: &str, region: &str, items: Vec<OrderItem>, message: &str) -> OrderDoc {
    OrderDoc {
        shop_name: "Hanoi Silk & Tea".into(),
        order_id: id.into(),
        ship_to: ShipTo {
            name: name.into(),
            phone: "(+1)213-***-1234".into(),
            lines: vec![format!(
                "{} Coleman Ave, San Jose, CA 95110",
                &id[id.len() - 3..]
            )],
            region_code: region.into(),
        },
        items,
        buyer_message: message.into(),
    }
}

fn three_orders() -> Vec<OrderDoc> {
    vec![
        order(
            "577012345678905678",
            "Nguyễn Thị Minh Khai",
            "VN",
            vec![
                item("MUG-RED", "Ceramic mug", "Red", 2),
                item("", "Áo dài lụa", "Đỏ, L", 1),
            ],
            "Giao giờ hành chính nhé",
        ),
        order(
            "577012345678905679",
            "山田 太郎",
            "JP",
            vec![
                item("TEA-100", "抹茶 100g", "", 3),
                item("MUG-RED", "Ceramic mug", "Red", 1),
            ],
            "",
        ),
        order(
            "577012345678905680",
            "김민준",
            "KR",
            vec![item("MUG-RED", "Ceramic mug", "Blue", 1)],
            "문 앞에 놓아 주세요",
        ),
    ]
}

fn slips(orders: Vec<OrderDoc>, size: PageSize) -> Vec<u8> {
    match packing_slips(&PackingSlips { size, orders }) {
        Ok(pdf) => pdf.bytes,
        Err(e) => panic!("slips: {e}"),
    }
}

fn text(pdf: &[u8]) -> Vec<String> {
    pages_text(pdf)
        .unwrap_or_else(|e| panic!("read back: {e}"))
        .iter()
        .map(|p| squash(p))
        .collect()
}

#[test]
fn each_slip_carries_its_order_id_address_items_and_buyer_message() {
    let orders = three_orders();
    let pages = text(&slips(orders.clone(), PageSize::FourBySix));
    assert_eq!(pages.len(), orders.len(), "one 4x6 page per order here");
    for (page, o) in pages.iter().zip(&orders) {
        assert!(page.contains("HanoiSilk&Tea"), "{page}");
        assert!(
            page.contains(&squash(&format!("Order {}", o.order_id))),
            "{page}"
        );
        assert!(page.contains(&squash(&o.ship_to.name)), "{page}");
        assert!(page.contains(&squash(&o.ship_to.lines[0])), "{page}");
        assert!(page.contains(&squash(&o.buyer_message)), "{page}");
        for i in &o.items {
            let sku = if i.seller_sku.is_empty() {
                "(no SKU)"
            } else {
                &i.seller_sku
            };
            let line = format!("{} {sku} {}{}", i.quantity, i.product_name, i.variant);
            assert!(page.contains(&squash(&line)), "{line} not on {page}");
        }
        for other in orders.iter().filter(|x| x.order_id != o.order_id) {
            assert!(!page.contains(&other.order_id), "another order on {page}");
        }
    }
}

#[test]
fn vietnamese_japanese_and_korean_come_back_intact_even_when_typed_decomposed() {
    let mut orders = three_orders();
    // The same Vietnamese name with its accents as separate combining marks.
    orders[0].ship_to.name = "Nguye\u{302}\u{303}n Thi\u{323} Minh Khai".into();
    let pdf = slips(orders, PageSize::A4);
    let pages = text(&pdf);
    assert!(pages[0].contains("NguyễnThịMinhKhai"), "{}", pages[0]);
    assert!(pages[1].contains("山田太郎"), "{}", pages[1]);
    assert!(pages[1].contains("抹茶100g"), "{}", pages[1]);
    assert!(pages[2].contains("김민준"), "{}", pages[2]);
    // Drawn with CJK faces, not the Latin face's empty boxes.
    let fonts = font_names(&pdf).unwrap_or_default();
    assert!(fonts.iter().any(|f| f.contains("CJKjp")), "{fonts:?}");
    assert!(fonts.iter().any(|f| f.contains("CJKkr")), "{fonts:?}");
}

#[test]
fn a_buyer_note_that_looks_like_markup_prints_literally() {
    let mut orders = three_orders();
    orders.truncate(1);
    orders[0].buyer_message = "*x* $y$ #emph[z] _w_ `v` <l> @ref = h".into();
    orders[0].ship_to.name = "#set page(width: 1pt)".into();
    let pages = text(&slips(orders, PageSize::Letter));
    assert!(
        pages[0].contains(&squash("*x* $y$ #emph[z] _w_ `v` <l> @ref = h")),
        "{}",
        pages[0]
    );
    assert!(pages[0].contains("#setpage(width:1pt)"), "{}", pages[0]);
}

#[test]
fn emoji_in_a_buyer_message_is_drawn_in_colour_not_as_a_box() {
    let mut plain = three_orders();
    plain.truncate(1);
    let mut with_emoji = plain.clone();
    with_emoji[0].buyer_message = "Cảm ơn 🙏🎁".into();
    let colour = |orders| {
        let page = rasterize(&slips(orders, PageSize::FourBySix), 1, 100, false)
            .unwrap_or_else(|e| panic!("{e}"));
        coloured_pixels(&page).unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(colour(plain), 0, "a slip is black and white");
    assert!(colour(with_emoji) > 50, "the emoji font was not used");
}

#[test]
fn every_size_gives_pages_of_its_dimensions() {
    for (size, points) in [
        (PageSize::FourBySix, (288.0, 432.0)),
        (PageSize::A4, (595.28, 841.89)),
        (PageSize::Letter, (612.0, 792.0)),
    ] {
        let picked = pick_list(&PickList {
            shop_name: "Shop".into(),
            size,
            orders: three_orders(),
        })
        .map(|p| p.bytes)
        .unwrap_or_default();
        for pdf in [slips(three_orders(), size), picked] {
            let sizes = page_sizes(&pdf).unwrap_or_else(|e| panic!("{e}"));
            assert!(!sizes.is_empty());
            for (w, h) in sizes {
                assert!(
                    (w - points.0).abs() < 0.1 && (h - points.1).abs() < 0.1,
                    "{size:?}: {w} x {h}"
                );
            }
        }
    }
}

#[test]
fn the_order_id_barcode_decodes_at_label_printer_resolution() {
    let orders = three_orders();
    let pdf = slips(orders.clone(), PageSize::FourBySix);
    for (i, o) in orders.iter().enumerate() {
        let image = rasterize(&pdf, i + 1, 203, true).unwrap_or_else(|e| panic!("{e}"));
        let codes = decode_barcodes(&image).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(codes, std::slice::from_ref(&o.order_id));
    }
}

#[test]
fn the_pick_list_totals_equal_the_orders_items_and_skip_cancelled_ones() {
    let mut orders = three_orders();
    let mut cancelled = item("TEA-100", "抹茶 100g", "", 5);
    cancelled.cancelled = true;
    orders[0].items.push(cancelled);
    let pdf = pick_list(&PickList {
        shop_name: "Hanoi Silk & Tea".into(),
        size: PageSize::Letter,
        orders,
    })
    .map(|p| p.bytes)
    .unwrap_or_default();
    let pages = pages_text(&pdf).unwrap_or_default();
    assert_eq!(
        pick_quantity(&pages, "MUG-RED", "Ceramic mug · Red"),
        Some(3)
    );
    assert_eq!(
        pick_quantity(&pages, "MUG-RED", "Ceramic mug · Blue"),
        Some(1)
    );
    assert_eq!(pick_quantity(&pages, "TEA-100", "抹茶 100g"), Some(3));
    assert_eq!(
        pick_quantity(&pages, "(no SKU)", "Áo dài lụa · Đỏ, L"),
        Some(1)
    );
    let all = squash(&pages.concat());
    assert!(all.contains("3orders,8unitstopick"), "{all}");
    assert!(all.contains("5cancelledunitsleftout"), "{all}");
    assert!(
        all.contains("577012345678905678×2,577012345678905679"),
        "{all}"
    );
    // Sorted by SKU, the line without one last.
    let at = |s: &str| all.find(s).unwrap_or(usize::MAX);
    assert!(
        at("MUG-RED") < at("TEA-100") && at("TEA-100") < at("(noSKU)"),
        "{all}"
    );
}

#[test]
fn two_hundred_orders_make_one_file_with_a_slip_for_each() {
    let orders: Vec<OrderDoc> = (0..200)
        .map(|n| {
            order(
                &format!("5770123456789{n:05}"),
                &format!("Buyer {n}"),
                "US",
                vec![item(&format!("SKU-{}", n % 7), "Mug", "", 1 + n % 3)],
                "",
            )
        })
        .collect();
    let pdf = slips(orders.clone(), PageSize::FourBySix);
    let pages = text(&pdf);
    assert_eq!(pages.len(), 200);
    for (page, o) in pages.iter().zip(&orders) {
        assert!(page.contains(&o.order_id), "{page}");
    }
}

#[test]
fn no_orders_is_an_error_not_an_empty_pdf() {
    let none = PackingSlips {
        size: PageSize::A4,
        orders: vec![],
    };
    assert_eq!(packing_slips(&none), Err(DocumentError::NoOrders));
}
