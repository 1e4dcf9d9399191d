//! The order id as a Code 128 barcode, drawn as bars whose widths are whole printer dots.
//!
//! A 203-dpi thermal printer cannot draw a bar of 2.5 dots: it rounds each edge, bars and
//! spaces come out uneven and scanners refuse the code. So a module (the narrowest bar) is
//! [`MODULE_DOTS`] dots of a 203-dpi printer, and the caller places the code on the page's dot
//! grid (the slips' margins are whole dots too).

use barcoders::sym::code128::Code128;
use serde::Serialize;

/// Dots per inch of the common thermal label printers.
pub const PRINTER_DPI: f64 = 203.0;
/// Dots per module: 3 (0.375 mm) keeps an 18-digit order id about 2 in wide, readable by
/// handheld scanners, on a 4 in label.
pub const MODULE_DOTS: f64 = 3.0;
/// The quiet zone Code 128 needs on each side, in modules.
pub const QUIET_MODULES: usize = 10;

/// One black bar: where it starts and how wide it is, in modules from the symbol's left edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub x: usize,
    pub width: usize,
}

/// A Code 128 symbol ready to draw.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Barcode {
    pub bars: Vec<Bar>,
    /// The symbol's width in modules, quiet zones excluded.
    pub modules: usize,
    /// One module's width in points (1/72 in).
    pub module_pt: f64,
    /// The blank modules to keep on each side.
    pub quiet: usize,
}

/// The Code 128 symbol of `text`, or `None` when it holds a character Code 128 cannot carry
/// (the id is still printed as text). Digits use character set C (two per symbol), so an
/// 18-digit TikTok order id stays short; an odd last digit switches to set B.
pub fn code128(text: &str) -> Option<Barcode> {
    let data = if text.len() >= 2 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (pairs, rest) = text.split_at(text.len() - text.len() % 2);
        if rest.is_empty() {
            format!("\u{0106}{pairs}")
        } else {
            format!("\u{0106}{pairs}\u{0181}{rest}")
        }
    } else if !text.is_empty() && text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        format!("\u{0181}{text}")
    } else {
        return None;
    };
    let modules = match Code128::new(&data) {
        Ok(symbol) => symbol.encode(),
        Err(e) => {
            tracing::debug!("no barcode for {text:?}: {e}");
            return None;
        }
    };
    Some(Barcode {
        bars: bars(&modules),
        modules: modules.len(),
        module_pt: MODULE_DOTS / PRINTER_DPI * 72.0,
        quiet: QUIET_MODULES,
    })
}

/// Runs of 1s as bars.
fn bars(modules: &[u8]) -> Vec<Bar> {
    let mut bars = Vec::new();
    let mut start = None;
    for (i, &m) in modules.iter().chain(std::iter::once(&0)).enumerate() {
        match (m, start) {
            (1, None) => start = Some(i),
            (0, Some(s)) => {
                bars.push(Bar { x: s, width: i - s });
                start = None;
            }
            _ => {}
        }
    }
    bars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_of_modules_become_bars() {
        assert_eq!(
            bars(&[1, 1, 0, 1, 0, 0, 1, 1, 1]),
            [
                Bar { x: 0, width: 2 },
                Bar { x: 3, width: 1 },
                Bar { x: 6, width: 3 }
            ]
        );
    }

    #[test]
    fn an_even_digit_id_uses_set_c_and_an_odd_one_still_encodes() {
        let even = code128("577012345678905678").map(|b| b.modules);
        // Start + 9 pairs + check = 11 symbols of 11 modules, and a 13-module stop.
        assert_eq!(even, Some(11 * 11 + 13));
        let odd = code128("5770123456789056781").map(|b| b.modules);
        // One more symbol for the switch to set B and one for the last digit.
        assert_eq!(odd, Some(13 * 11 + 13));
    }

    #[test]
    fn text_code128_cannot_carry_gets_no_barcode() {
        assert_eq!(code128("注文-1"), None);
        assert_eq!(code128(""), None);
        assert!(code128("SANDBOX-42").is_some());
    }

    #[test]
    fn a_module_is_a_whole_number_of_printer_dots() {
        let b = code128("1234").map(|b| b.module_pt * PRINTER_DPI / 72.0);
        assert_eq!(b.map(|dots| (dots - dots.round()).abs() < 1e-9), Some(true));
    }
}
