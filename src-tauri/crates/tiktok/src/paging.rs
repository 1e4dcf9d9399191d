//! The query parameters every TikTok search shares: a page size within the endpoint's limit,
//! the sort (where the endpoint has one), and the page token of the previous page (none, or
//! empty, for the first).

use crate::error::TikTokError;

/// One search page's query parameters, or `InvalidRequest` when `page_size` is outside
/// `1..=max_page_size` (TikTok would refuse it).
pub(crate) fn search_params(
    page_size: u32,
    max_page_size: u32,
    sort_field: &str,
    sort_order: &str,
    page_token: Option<&str>,
) -> Result<Vec<(String, String)>, TikTokError> {
    let mut params = page_params(page_size, max_page_size, None)?;
    params.push(("sort_field".to_owned(), sort_field.to_owned()));
    params.push(("sort_order".to_owned(), sort_order.to_owned()));
    if let Some(token) = page_token.filter(|t| !t.is_empty()) {
        params.push(("page_token".to_owned(), token.to_owned()));
    }
    Ok(params)
}

/// `page_size` and `page_token` alone, for searches without a sort (Search Products).
pub(crate) fn page_params(
    page_size: u32,
    max_page_size: u32,
    page_token: Option<&str>,
) -> Result<Vec<(String, String)>, TikTokError> {
    if page_size == 0 || page_size > max_page_size {
        return Err(TikTokError::InvalidRequest(format!(
            "page_size must be 1..={max_page_size}, got {page_size}"
        )));
    }
    let mut params = vec![("page_size".to_owned(), page_size.to_string())];
    if let Some(token) = page_token.filter(|t| !t.is_empty()) {
        params.push(("page_token".to_owned(), token.to_owned()));
    }
    Ok(params)
}
