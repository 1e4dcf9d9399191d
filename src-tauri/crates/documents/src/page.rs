//! Page geometry shared by the templates, in PDF points.

use crate::barcode::PRINTER_DPI;
use crate::model::PageSize;
use serde::Serialize;

/// What a template needs to set up its pages.
#[derive(Debug, Clone, Copy, Serialize)]
pub(crate) struct PageSpec {
    pub width: f64,
    pub height: f64,
    /// A whole number of printer dots, so a barcode at the left margin starts on the dot grid.
    pub margin: f64,
    /// The body text size.
    pub text: f64,
}

impl PageSpec {
    pub(crate) fn of(size: PageSize) -> Self {
        let (width, height) = size.points();
        // A label printer prints to the edge, so its margin is just the barcode's quiet zone
        // (10 modules of 3 dots); office printers keep ~5 mm blank anyway.
        let (margin_dots, text) = match size {
            PageSize::FourBySix => (30.0, 9.0),
            PageSize::A4 | PageSize::Letter => (100.0, 10.5),
        };
        Self {
            width,
            height,
            margin: margin_dots / PRINTER_DPI * 72.0,
            text,
        }
    }
}
