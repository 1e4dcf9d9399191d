//! Text as the PDF must carry it: composed (NFC), so Vietnamese typed decomposed is searched,
//! copied and extracted as the seller typed it.

use unicode_normalization::UnicodeNormalization;

/// `s` in Unicode normalisation form C.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn decomposed_vietnamese_is_composed() {
        assert_eq!(super::nfc("Nguye\u{302}\u{303}n"), "Nguyễn");
    }
}
