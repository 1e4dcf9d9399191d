//! "Automatic fulfillment shipping instructions" (the AutoShipInstructions option): once
//! Shopdock has arranged a TikTok Shipping package (by hand or by automatic confirmation),
//! its label is fetched and kept in the background, so printing it later is instant and works
//! offline. A6, TikTok's default size; another size is fetched when a print asks for it.

use crate::words::LabelSize;
use crate::Shopdock;
use tokio_util::sync::CancellationToken;

impl Shopdock {
    /// Starts preparing the label of the package an arrangement of `order_id` created, when
    /// the shop's option is on. `result` is what the sent row keeps (its `package_id`).
    pub(crate) fn prepare_label_after_arranging(
        &self,
        shop_id: &str,
        order_id: Option<&str>,
        result: &serde_json::Value,
    ) {
        let package_id = result
            .get("package_id")
            .and_then(|p| p.as_str())
            .map(str::trim)
            .filter(|p| !p.is_empty());
        let (Some(order_id), Some(package_id)) = (order_id, package_id) else {
            return;
        };
        let (app, shop_id, order_id, package_id) = (
            self.clone(),
            shop_id.to_owned(),
            order_id.to_owned(),
            package_id.to_owned(),
        );
        tokio::spawn(async move {
            app.prepare_label(&shop_id, &order_id, &package_id).await;
        });
    }

    async fn prepare_label(&self, shop_id: &str, order_id: &str, package_id: &str) {
        let shop = shop_id.to_owned();
        let wanted = match self.db(move |s| s.shop_options(&shop)).await {
            Ok(o) => o.auto_ship_instructions,
            Err(e) => {
                tracing::warn!(shop = %shop_id, error = %e, "label not prepared: the shop's options did not read");
                return;
            }
        };
        if !wanted {
            return;
        }
        let size = LabelSize::A6;
        if matches!(
            self.kept_label(shop_id, package_id, size).await,
            Ok(Some(_))
        ) {
            return;
        }
        let never = CancellationToken::new();
        match self
            .fetch_label(shop_id, order_id, package_id, size, &never, &|_| {})
            .await
        {
            Ok(_) => {
                tracing::info!(shop = %shop_id, order = %order_id, package = %package_id, "label prepared")
            }
            Err(e) => {
                tracing::info!(shop = %shop_id, order = %order_id, package = %package_id, failure = ?e, "label not prepared; a print fetches it")
            }
        }
    }
}
