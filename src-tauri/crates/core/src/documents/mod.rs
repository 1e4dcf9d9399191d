//! Printing Shopdock's own shipping documents (packing slips, pick lists) for stored orders:
//! `select` reads the orders, `convert` turns each into the documents crate's plain data,
//! `shopdock-documents` lays out the PDF and [`file`] writes it whole. TikTok's own documents
//! (shipping labels) are another room, [`labels`]: they exist only for TikTok Shipping, after
//! shipment, and are downloaded and kept.

mod convert;
pub(crate) mod file;
pub mod labels;
mod select;

use crate::api::{ApiError, ErrorCode, PrintInput, PrintedDocument};
use crate::errors::CoreError;
use crate::words::{DocumentKind, PageSize};
use crate::Shopdock;
use select::{Choice, Selection};
use shopdock_documents::{self as documents, DocumentError, OrderDoc};
use std::path::PathBuf;

impl Shopdock {
    /// Renders packing slips or a pick list for the chosen stored orders as one PDF and writes
    /// it to `input.path` (or the data folder's `documents/`). A batch of any size is one file.
    pub async fn print_documents(&self, input: PrintInput) -> Result<PrintedDocument, ApiError> {
        let choice = choice(&input)?;
        let shop_id = input.shop_id.clone().filter(|s| !s.trim().is_empty());
        if let Some(id) = shop_id.clone() {
            let probe = id.clone();
            if self.db(move |s| s.get_shop(&probe)).await?.is_none() {
                return Err(CoreError::ShopNotFound(id).into());
            }
        }
        let picked = choice.clone();
        let Selection { orders, missing } = self
            .db(move |s| select::read(s, shop_id.as_deref(), &picked))
            .await?;
        if !missing.is_empty() {
            return Err(ApiError::new(
                ErrorCode::NotFound,
                format!(
                    "Shopdock has not stored {}: sync the shop, or check the order id.",
                    missing.join(", ")
                ),
            ));
        }
        let docs = orders
            .iter()
            .map(|o| {
                let order: shopdock_tiktok::model::Order = serde_json::from_str(&o.raw_json)
                    .map_err(|e| {
                        CoreError::Internal(format!(
                            "order {} as stored did not read: {e}",
                            o.order_id
                        ))
                    })?;
                Ok(convert::order_doc(&o.shop_name, &order))
            })
            .collect::<Result<Vec<OrderDoc>, CoreError>>()?;
        let count = docs.len() as u32;
        let (kind, size) = (input.kind, page_size(input.size));
        let pdf = tokio::task::spawn_blocking(move || render(kind, size, docs))
            .await
            .map_err(|e| CoreError::Internal(format!("the print task failed: {e}")))?
            .map_err(|e| render_error(e, &choice))?;
        let path = match input
            .path
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            Some(p) => PathBuf::from(p),
            None => file::default_path(&self.data_dir(), kind)?,
        };
        let (target, bytes) = (path.clone(), pdf.bytes);
        let size_bytes = bytes.len() as u64;
        tokio::task::spawn_blocking(move || file::write_atomically(&target, &bytes))
            .await
            .map_err(|e| CoreError::Internal(format!("the write task failed: {e}")))??;
        tracing::info!(
            kind = kind.as_str(),
            orders = count,
            pages = pdf.pages,
            bytes = size_bytes,
            "printed"
        );
        Ok(PrintedDocument {
            path: path.display().to_string(),
            kind,
            pages: pdf.pages as u32,
            orders: count,
            bytes: size_bytes,
        })
    }
}

impl Shopdock {
    /// The data folder: where the database lives, and the printed and kept documents.
    pub(crate) fn data_dir(&self) -> PathBuf {
        let db = self.database_path();
        db.parent().unwrap_or(&db).to_path_buf()
    }
}

/// The ids picked (trimmed, each once, in the seller's order), else the tab.
fn choice(input: &PrintInput) -> Result<Choice, ApiError> {
    choose(&input.order_ids, input.status_group)
}

/// [`choice`] from its parts (labels choose their orders the same way).
pub(crate) fn choose(
    order_ids: &[String],
    status_group: Option<crate::api::StatusGroup>,
) -> Result<Choice, ApiError> {
    let mut ids: Vec<String> = Vec::new();
    for id in order_ids.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        if !ids.iter().any(|seen| seen == id) {
            ids.push(id.to_owned());
        }
    }
    match (ids.is_empty(), status_group) {
        (false, None) => Ok(Choice::Ids(ids)),
        (true, Some(group)) => Ok(Choice::Tab {
            group,
            awaiting_collection: false,
        }),
        (false, Some(_)) => Err(ApiError::new(
            ErrorCode::Validation,
            "Print either the orders you picked or a status, not both.",
        )),
        (true, None) => Err(ApiError::new(
            ErrorCode::Validation,
            "Pick the orders to print, or a status such as to_ship.",
        )),
    }
}

fn page_size(size: PageSize) -> documents::PageSize {
    match size {
        PageSize::FourBySix => documents::PageSize::FourBySix,
        PageSize::A4 => documents::PageSize::A4,
        PageSize::Letter => documents::PageSize::Letter,
    }
}

fn render(
    kind: DocumentKind,
    size: documents::PageSize,
    orders: Vec<OrderDoc>,
) -> Result<documents::Pdf, DocumentError> {
    match kind {
        DocumentKind::PackingSlips => {
            documents::packing_slips(&documents::PackingSlips { size, orders })
        }
        DocumentKind::PickList => {
            let mut shops: Vec<&str> = Vec::new();
            for o in &orders {
                if !shops.contains(&o.shop_name.as_str()) {
                    shops.push(&o.shop_name);
                }
            }
            let shop_name = shops.join(", ");
            documents::pick_list(&documents::PickList {
                shop_name,
                size,
                orders,
            })
        }
    }
}

fn render_error(e: DocumentError, choice: &Choice) -> ApiError {
    match e {
        DocumentError::NoOrders => ApiError::new(
            ErrorCode::NotFound,
            match choice {
                Choice::Tab { group, .. } => {
                    format!("No seller-shipped orders are in {group}: there is nothing to print.")
                }
                Choice::Ids(_) => "There are no orders to print.".to_owned(),
            },
        ),
        other => ApiError::new(
            ErrorCode::Internal,
            "Shopdock could not lay out the document. Please report this.",
        )
        .with_detail(other.to_string()),
    }
}
