//! The sandbox's error type for its Rust and control APIs. (Errors a TikTok client sees are
//! TikTok envelopes, never this type.)

/// What a control call or server start can fail with.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("could not bind the sandbox server to {addr}: {source}")]
    Bind {
        addr: std::net::SocketAddr,
        #[source]
        source: std::io::Error,
    },
    #[error("unknown app_key {0:?}")]
    UnknownApp(String),
    #[error("unknown seller {0:?}")]
    UnknownSeller(String),
    #[error("unknown shop {0:?} (give a shop id, cipher or code)")]
    UnknownShop(String),
    #[error("unknown order {0:?}")]
    UnknownOrder(String),
    #[error("invalid input: {0}")]
    Invalid(String),
}
