//! The demo shop's sandbox as a test drives it from outside the app: its control API (plain
//! JSON under `/_sandbox/`, at the API host the app stored for the demo shop), to make the
//! buyer act and to read what TikTok's side now holds.

use super::AppEnv;
use serde_json::Value;

/// The demo shop's sandbox: where its control API answers and the shop's TikTok id.
pub struct DemoSandbox {
    api_base: String,
    /// The TikTok shop id the control API names the shop by.
    pub shop_id: String,
}

impl DemoSandbox {
    /// Read from the app's store (the demo shop must be connected).
    pub fn of(env: &AppEnv) -> Self {
        let store =
            shopdock_store::Store::open_in_dir(&env.data_dir).expect("open the app's store");
        let shops = store.list_shops().expect("list the stored shops");
        let demo = shops
            .iter()
            .find(|s| s.is_demo)
            .expect("the demo shop is stored");
        let shop_id = demo
            .authorization
            .as_ref()
            .expect("the demo shop is authorized")
            .tiktok_shop_id
            .clone();
        Self {
            api_base: demo.registration.api_base.clone(),
            shop_id,
        }
    }

    /// `POST /_sandbox/<path>` with `body`; the answer's JSON.
    pub async fn post(&self, path: &str, body: Value) -> Value {
        let url = format!("{}/_sandbox/{path}", self.api_base);
        let answer = reqwest::Client::new().post(&url).json(&body).send().await;
        Self::read(&url, answer).await
    }

    /// `GET /_sandbox/<path>`; the answer's JSON.
    pub async fn get(&self, path: &str) -> Value {
        let url = format!("{}/_sandbox/{path}", self.api_base);
        let answer = reqwest::Client::new().get(&url).send().await;
        Self::read(&url, answer).await
    }

    async fn read(url: &str, answer: reqwest::Result<reqwest::Response>) -> Value {
        answer
            .and_then(|r| r.error_for_status())
            .unwrap_or_else(|e| panic!("{url}: {e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("{url} answered no JSON: {e}"))
    }

    /// The buyer of `order_id` asks to cancel it; returns the request's cancel id.
    pub async fn request_buyer_cancel(&self, order_id: &str) -> String {
        let answer = self
            .post(
                "orders/cancel_request",
                serde_json::json!({ "shop_id": self.shop_id, "order_id": order_id }),
            )
            .await;
        answer["cancel_id"]
            .as_str()
            .unwrap_or_else(|| panic!("no cancel id in {answer}"))
            .to_owned()
    }

    /// TikTok's cancellation records of `order_id`, oldest first.
    pub async fn cancellations(&self, order_id: &str) -> Vec<Value> {
        let path = format!("shops/{}/orders/{order_id}/cancellations", self.shop_id);
        match self.get(&path).await {
            Value::Array(records) => records,
            other => panic!("cancellations of {order_id}: {other}"),
        }
    }

    /// TikTok's order `order_id` as the sandbox holds it now.
    pub async fn order(&self, order_id: &str) -> Value {
        let orders = self.get(&format!("shops/{}/orders", self.shop_id)).await;
        orders
            .as_array()
            .and_then(|all| all.iter().find(|o| o["id"] == order_id))
            .cloned()
            .unwrap_or_else(|| panic!("the sandbox has no order {order_id}"))
    }

    /// How many times Shopdock called each write endpoint for `order_id`.
    pub async fn writes(&self, order_id: &str, endpoint: &str) -> u64 {
        let counts = self
            .get(&format!("shops/{}/orders/{order_id}/writes", self.shop_id))
            .await;
        counts["by_endpoint"][endpoint].as_u64().unwrap_or(0)
    }
}
