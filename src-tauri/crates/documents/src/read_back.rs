//! Reading printed PDFs back, for tests (here and in core): the text a seller's search or copy
//! gets, the pages' sizes, the fonts embedded, and — through poppler's `pdftoppm` and zbar's
//! `zbarimg` (Debian `poppler-utils`, `zbar-tools`, installed by `make deps`) — what a printer
//! and a scanner make of a page.

use std::io::Write;
use std::process::{Command, Stdio};

/// The text of each page, as pdf-extract reads it (it inserts spaces: compare [`squash`]ed).
pub fn pages_text(pdf: &[u8]) -> Result<Vec<String>, String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf).map_err(|e| e.to_string())
}

/// `s` without any whitespace.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The quantity a pick list prints in front of the line of `sku` (or "(no SKU)") and `item`
/// (the product, then " · " and the variant when there is one), read from the pages' text.
pub fn pick_quantity(pages: &[String], sku: &str, item: &str) -> Option<u32> {
    let key = squash(&format!("{sku}{item}"));
    pages.iter().flat_map(|p| p.lines()).find_map(|line| {
        let l = squash(line);
        let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
        l[digits.len()..]
            .starts_with(&key)
            .then(|| digits.parse().ok())?
    })
}

/// Width and height of every page's media box, in points.
pub fn page_sizes(pdf: &[u8]) -> Result<Vec<(f64, f64)>, String> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| e.to_string())?;
    doc.get_pages()
        .values()
        .map(|&id| {
            let mut dict = doc.get_dictionary(id).map_err(|e| e.to_string())?;
            // A page may inherit its media box from its parents.
            let media = loop {
                if let Ok(b) = dict.get(b"MediaBox") {
                    break b.as_array().map_err(|e| e.to_string())?;
                }
                let parent = dict
                    .get(b"Parent")
                    .and_then(|p| p.as_reference())
                    .map_err(|e| format!("page without a media box: {e}"))?;
                dict = doc.get_dictionary(parent).map_err(|e| e.to_string())?;
            };
            let n: Vec<f64> = media
                .iter()
                .map(|o| o.as_float().map(f64::from).map_err(|e| e.to_string()))
                .collect::<Result<_, _>>()?;
            match n.as_slice() {
                [x0, y0, x1, y1] => Ok((x1 - x0, y1 - y0)),
                _ => Err(format!("media box {n:?}")),
            }
        })
        .collect()
}

/// The `BaseFont` names of the fonts embedded (subset prefixes included).
pub fn font_names(pdf: &[u8]) -> Result<Vec<String>, String> {
    let doc = lopdf::Document::load_mem(pdf).map_err(|e| e.to_string())?;
    Ok(doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font"))
        .filter_map(|d| d.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect())
}

/// Page `page` (from 1) as a printer at `dpi` draws it: a binary PPM (`P6`) or, `gray`, PGM.
pub fn rasterize(pdf: &[u8], page: usize, dpi: u32, gray: bool) -> Result<Vec<u8>, String> {
    let page = page.to_string();
    let dpi = dpi.to_string();
    let mut args = vec!["-r", &dpi, "-f", &page, "-l", &page];
    if gray {
        args.push("-gray");
    }
    args.push("-");
    pipe("pdftoppm", &args, pdf)
}

/// What `zbarimg` reads off an image: one decoded symbol per line.
pub fn decode_barcodes(image: &[u8]) -> Result<Vec<String>, String> {
    let out = pipe("zbarimg", &["-q", "--raw", "-"], image)?;
    Ok(String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_owned)
        .collect())
}

/// How many pixels of a `P6` image are clearly coloured (not black, white or gray).
pub fn coloured_pixels(ppm: &[u8]) -> Result<usize, String> {
    // Header: "P6", width, height, max value, each followed by whitespace.
    let mut fields = 0;
    let mut at = 0;
    let mut in_field = false;
    while fields < 4 {
        let b = *ppm.get(at).ok_or("a truncated PPM header")?;
        if b.is_ascii_whitespace() {
            if in_field {
                fields += 1;
            }
            in_field = false;
        } else {
            in_field = true;
        }
        at += 1;
    }
    if !ppm.starts_with(b"P6") {
        return Err("not a P6 image".into());
    }
    Ok(ppm[at..]
        .chunks_exact(3)
        .filter(|p| {
            let (max, min) = (p.iter().max(), p.iter().min());
            matches!((max, min), (Some(&hi), Some(&lo)) if hi - lo > 60)
        })
        .count())
}

/// Runs `program` with `input` on its stdin and returns its stdout; a missing program says
/// which Debian package brings it.
fn pipe(program: &str, args: &[&str], input: &[u8]) -> Result<Vec<u8>, String> {
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| {
            format!(
                "{program} did not start ({e}); `make deps` installs poppler-utils and zbar-tools"
            )
        })?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    writer
        .join()
        .map_err(|_| "the writer thread panicked".to_owned())?
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!("{program} failed: {}", out.status));
    }
    Ok(out.stdout)
}
