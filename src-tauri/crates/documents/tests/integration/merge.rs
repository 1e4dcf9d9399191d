//! Many PDFs printed as one (TikTok's labels in a batch): every page of every part, in order,
//! each keeping its size and its text; a part that is not a PDF is refused, not skipped.

use shopdock_documents::read_back::{page_sizes, pages_text, squash};
use shopdock_documents::{
    merge_pdfs, packing_slips, pick_list, DocumentError, OrderDoc, OrderItem, PackingSlips,
    PageSize, PickList,
};

fn order(id: &str, sku: &str) -> OrderDoc {
    OrderDoc {
        shop_name: "Merge Shop".into(),
        order_id: id.into(),
        items: vec![OrderItem {
            seller_sku: sku.into(),
            product_name: "Mug".into(),
            quantity: 2,
            ..OrderItem::default()
        }],
        ..OrderDoc::default()
    }
}

#[test]
fn every_page_of_every_part_comes_in_order_with_its_own_size_and_text() {
    let slips = packing_slips(&PackingSlips {
        size: PageSize::FourBySix,
        orders: vec![order("5770001", "MUG-1"), order("5770002", "MUG-2")],
    })
    .unwrap();
    let list = pick_list(&PickList {
        shop_name: "Merge Shop".into(),
        size: PageSize::A4,
        orders: vec![order("5770003", "MUG-3")],
    })
    .unwrap();
    let merged = merge_pdfs(&[slips.bytes.clone(), list.bytes.clone(), slips.bytes]).unwrap();
    assert_eq!(merged.pages, 5);
    let sizes = page_sizes(&merged.bytes).unwrap();
    let rounded: Vec<(i64, i64)> = sizes
        .iter()
        .map(|(w, h)| (w.round() as i64, h.round() as i64))
        .collect();
    assert_eq!(
        rounded,
        [(288, 432), (288, 432), (595, 842), (288, 432), (288, 432)]
    );
    let text: Vec<String> = pages_text(&merged.bytes)
        .unwrap()
        .iter()
        .map(|p| squash(p))
        .collect();
    assert_eq!(text.len(), 5);
    assert!(text[0].contains("5770001"), "{}", text[0]);
    assert!(text[1].contains("5770002"), "{}", text[1]);
    assert!(text[2].contains("MUG-3"), "{}", text[2]);
    assert!(text[4].contains("5770002"), "{}", text[4]);
}

#[test]
fn a_part_that_is_not_a_pdf_is_refused_and_nothing_is_no_document() {
    let slips = packing_slips(&PackingSlips {
        size: PageSize::FourBySix,
        orders: vec![order("5770001", "MUG-1")],
    })
    .unwrap();
    assert!(matches!(
        merge_pdfs(&[slips.bytes, b"<html>expired</html>".to_vec()]),
        Err(DocumentError::Unreadable(_))
    ));
    assert_eq!(merge_pdfs(&[]), Err(DocumentError::NoOrders));
}

#[test]
fn a_batch_of_200_labels_is_one_file_of_200_pages_in_their_order() {
    let parts: Vec<Vec<u8>> = (0..200)
        .map(|n| {
            packing_slips(&PackingSlips {
                size: PageSize::FourBySix,
                orders: vec![order(&format!("57700{n:03}"), "MUG-1")],
            })
            .unwrap()
            .bytes
        })
        .collect();
    let merged = merge_pdfs(&parts).unwrap();
    assert_eq!(merged.pages, 200);
    let text = pages_text(&merged.bytes).unwrap();
    assert_eq!(text.len(), 200);
    for (n, page) in text.iter().enumerate() {
        assert!(squash(page).contains(&format!("57700{n:03}")), "page {n}");
    }
}
