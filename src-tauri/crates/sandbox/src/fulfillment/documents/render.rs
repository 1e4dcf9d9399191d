//! The files behind the sandbox's `doc_url`s: small real PDFs (and a PNG for
//! SHIPPING_LABEL_PICTURE) that carry the package id and the tracking number as text, so a
//! test can read them back. Built with lopdf's object model and the standard Helvetica face
//! (no font file to embed); non-ASCII text is written as `?`, which is enough for a
//! simulator's label. The PNG carries the same facts as `tEXt` chunks.

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Document, Object, Stream};

/// Which document a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    ShippingLabel,
    PackingSlip,
    /// One PDF: the label page, then the packing slip page.
    LabelAndSlip,
    HazmatLabel,
}

/// A page size the API names, in PDF points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    A6,
    A5,
    A4,
}

impl Paper {
    pub fn points(self) -> (f32, f32) {
        match self {
            Paper::A6 => (297.64, 419.53),
            Paper::A5 => (419.53, 595.28),
            Paper::A4 => (595.28, 841.89),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Paper::A6 => "A6",
            Paper::A5 => "A5",
            Paper::A4 => "A4",
        }
    }
}

/// What a document says about its package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    pub shop_name: String,
    pub order_id: String,
    pub package_id: String,
    pub tracking_number: String,
    pub carrier: String,
    /// `(seller SKU, product name, quantity)` of the package's line items.
    pub items: Vec<(String, String, u32)>,
}

fn ascii(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_ascii() && !c.is_ascii_control() {
                c
            } else {
                '?'
            }
        })
        .collect()
}

fn label_lines(f: &Facts, title: &str, paper: Paper) -> Vec<(f32, String)> {
    vec![
        (14.0, title.to_owned()),
        (10.0, format!("Shop {}", ascii(&f.shop_name))),
        (12.0, format!("Package {}", f.package_id)),
        (12.0, format!("Tracking {}", ascii(&f.tracking_number))),
        (10.0, format!("Carrier {}", ascii(&f.carrier))),
        (10.0, format!("Order {}", f.order_id)),
        (8.0, format!("Size {} - TikTok Shop sandbox", paper.name())),
    ]
}

fn slip_lines(f: &Facts, paper: Paper) -> Vec<(f32, String)> {
    let mut lines = vec![
        (14.0, "PACKING SLIP".to_owned()),
        (10.0, format!("Order {}", f.order_id)),
        (10.0, format!("Package {}", f.package_id)),
        (10.0, format!("Tracking {}", ascii(&f.tracking_number))),
    ];
    lines.extend(
        f.items
            .iter()
            .map(|(sku, name, qty)| (9.0, format!("{qty} x {} {}", ascii(sku), ascii(name)))),
    );
    lines.push((8.0, format!("Size {} - TikTok Shop sandbox", paper.name())));
    lines
}

/// The PDF of `kind` for `facts` on `paper`.
pub fn pdf(kind: Kind, paper: Paper, facts: &Facts) -> Result<Vec<u8>, String> {
    let pages = match kind {
        Kind::ShippingLabel => vec![label_lines(facts, "SHIPPING LABEL", paper)],
        Kind::HazmatLabel => vec![label_lines(facts, "HAZMAT LABEL", paper)],
        Kind::PackingSlip => vec![slip_lines(facts, paper)],
        Kind::LabelAndSlip => vec![
            label_lines(facts, "SHIPPING LABEL", paper),
            slip_lines(facts, paper),
        ],
    };
    let (width, height) = paper.points();
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "Encoding" => "WinAnsiEncoding",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for lines in pages {
        let mut ops = vec![
            // A frame, as a label has.
            Operation::new(
                "re",
                vec![
                    10.into(),
                    10.into(),
                    (width - 20.0).into(),
                    (height - 20.0).into(),
                ],
            ),
            Operation::new("S", vec![]),
        ];
        let mut y = height - 36.0;
        for (size, text) in lines {
            ops.push(Operation::new("BT", vec![]));
            ops.push(Operation::new("Tf", vec!["F1".into(), size.into()]));
            ops.push(Operation::new("Td", vec![20.into(), y.into()]));
            ops.push(Operation::new("Tj", vec![Object::string_literal(text)]));
            ops.push(Operation::new("ET", vec![]));
            y -= size * 1.6;
        }
        let content = Content { operations: ops }
            .encode()
            .map_err(|e| e.to_string())?;
        let content_id = doc.add_object(Stream::new(dictionary! {}, content));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => content_id,
            "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), width.into(), height.into()],
        });
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => kids,
            "Count" => count,
        }),
    );
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// SHIPPING_LABEL_PICTURE: a small grayscale PNG (bars from the tracking number's digits)
/// whose `tEXt` chunks carry the package id and the tracking number.
pub fn png(facts: &Facts) -> Result<Vec<u8>, String> {
    const WIDTH: u32 = 240;
    const HEIGHT: u32 = 120;
    let digits: Vec<u8> = facts.tracking_number.bytes().collect();
    let mut pixels = vec![255u8; (WIDTH * HEIGHT) as usize];
    for x in 10..WIDTH - 10 {
        let d = digits
            .get(((x - 10) / 4) as usize % digits.len().max(1))
            .copied()
            .unwrap_or(0);
        if (x / 2 + u32::from(d)) % 3 == 0 {
            for y in 20..HEIGHT - 20 {
                pixels[(y * WIDTH + x) as usize] = 0;
            }
        }
    }
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        for (key, value) in [
            ("Package", facts.package_id.as_str()),
            ("Tracking", facts.tracking_number.as_str()),
            ("Order", facts.order_id.as_str()),
        ] {
            encoder
                .add_text_chunk(key.to_owned(), ascii(value))
                .map_err(|e| e.to_string())?;
        }
        let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
        writer
            .write_image_data(&pixels)
            .map_err(|e| e.to_string())?;
        writer.finish().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            shop_name: "Sandbox Shop".into(),
            order_id: "576".into(),
            package_id: "1152".into(),
            tracking_number: "9400111899000000001152".into(),
            carrier: "USPS".into(),
            items: vec![("MUG-RED".into(), "Mug".into(), 2)],
        }
    }

    #[test]
    fn a_label_and_slip_is_two_pages_of_the_asked_size_with_the_facts_as_text() {
        let bytes = pdf(Kind::LabelAndSlip, Paper::A5, &facts()).unwrap();
        let doc = Document::load_mem(&bytes).unwrap();
        let pages = doc.get_pages();
        assert_eq!(pages.len(), 2);
        let text = doc.extract_text(&[1, 2]).unwrap();
        assert!(text.contains("Package 1152"), "{text}");
        assert!(text.contains("Tracking 9400111899000000001152"), "{text}");
        assert!(text.contains("2 x MUG-RED Mug"), "{text}");
    }

    #[test]
    fn the_picture_is_a_png_that_names_the_package() {
        let bytes = png(&facts()).unwrap();
        assert!(bytes.starts_with(b"\x89PNG"));
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let reader = decoder.read_info().unwrap();
        let texts: Vec<(String, String)> = reader
            .info()
            .uncompressed_latin1_text
            .iter()
            .map(|t| (t.keyword.clone(), t.text.clone()))
            .collect();
        assert!(
            texts.contains(&("Package".into(), "1152".into())),
            "{texts:?}"
        );
    }
}
