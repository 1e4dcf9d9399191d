//! The fonts a document may use: a bundled Noto Sans (Latin, Vietnamese, Greek, Cyrillic) as
//! the floor that is always there, then every font the system has (found through fontconfig's
//! configuration) for CJK, Thai, emoji and the rest. CJK faces are ~20 MB each, so they come
//! from the system (Debian `fonts-noto-cjk`), never from the app.

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst_kit::fonts::{FontSearcher, FontSlot};

/// The bundled faces (SIL Open Font License 1.1, see `fonts/OFL.txt`).
const BUNDLED: [&[u8]; 2] = [
    include_bytes!("../fonts/NotoSans-Regular.ttf"),
    include_bytes!("../fonts/NotoSans-Bold.ttf"),
];

/// The family every document asks for first (the bundled one).
pub const BASE_FAMILY: &str = "Noto Sans";

/// Where the font with a given book index comes from.
enum Slot {
    Bundled(Font),
    /// Read from disk the first time a document uses it.
    System(FontSlot),
}

/// Every usable font and the book typst picks from, in the same order.
pub(crate) struct Catalogue {
    pub(crate) book: FontBook,
    slots: Vec<Slot>,
}

impl Catalogue {
    /// The bundled faces first (so "Noto Sans" is always the same font), then the system's.
    pub(crate) fn load(include_system: bool) -> Self {
        let mut book = FontBook::new();
        let mut slots = Vec::new();
        for data in BUNDLED {
            for font in Font::iter(Bytes::new(data)) {
                book.push(font.info().clone());
                slots.push(Slot::Bundled(font));
            }
        }
        if include_system {
            let system = FontSearcher::new().include_system_fonts(true).search();
            tracing::debug!(faces = system.fonts.len(), "system fonts found");
            // typst-kit's book lists the faces in slot order.
            let typst_kit::fonts::Fonts { book: found, fonts } = system;
            for (i, slot) in fonts.into_iter().enumerate() {
                if let Some(info) = found.info(i) {
                    book.push(info.clone());
                    slots.push(Slot::System(slot));
                }
            }
        }
        Self { book, slots }
    }

    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        match self.slots.get(index)? {
            Slot::Bundled(font) => Some(font.clone()),
            Slot::System(slot) => slot.get(),
        }
    }
}

/// The families to try, in order, for text going to `region_code`: the bundled Latin face,
/// then the CJK face whose glyph shapes the region reads as its own (a Han character looks
/// different in Japanese, Korean, Simplified and Traditional Chinese), then the others, then
/// emoji. Anything else falls back to whichever system font covers it.
pub fn families(region_code: &str) -> Vec<&'static str> {
    const JP: &str = "Noto Sans CJK JP";
    const KR: &str = "Noto Sans CJK KR";
    const SC: &str = "Noto Sans CJK SC";
    const TC: &str = "Noto Sans CJK TC";
    let cjk = match region_code.to_ascii_uppercase().as_str() {
        "KR" => [KR, JP, SC, TC],
        "CN" | "SG" | "MY" => [SC, TC, JP, KR],
        "TW" | "HK" | "MO" => [TC, SC, JP, KR],
        _ => [JP, KR, SC, TC],
    };
    let mut list = vec![BASE_FAMILY];
    list.extend(cjk);
    list.push("Noto Color Emoji");
    list
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_face_comes_first_even_without_system_fonts() {
        let c = Catalogue::load(false);
        assert_eq!(c.book.info(0).map(|i| i.family.as_str()), Some(BASE_FAMILY));
        assert!(c.font(1).is_some());
        assert!(c.font(2).is_none());
    }

    #[test]
    fn a_region_reads_han_characters_in_its_own_face() {
        assert_eq!(families("JP")[1], "Noto Sans CJK JP");
        assert_eq!(families("kr")[1], "Noto Sans CJK KR");
        assert_eq!(families("TW")[1], "Noto Sans CJK TC");
        assert_eq!(families("US")[0], BASE_FAMILY);
    }
}
