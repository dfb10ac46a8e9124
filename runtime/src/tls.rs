//! The TLS crypto provider behind the `reqwest::Client`s the runtime builds.
//!
//! reqwest is built with rustls and `rustls-no-provider`, and rustls with `ring`: reqwest's
//! default provider, aws-lc-rs, compiles a large C library that was most of a user's cold first
//! build, while ring builds in seconds. Without a provider of its own, reqwest takes rustls's
//! process-wide default when a `reqwest::Client` is built (and panics if there is none), so
//! the runtime installs ring as that default first, unless the application installed one.

use std::sync::Once;

/// Makes ring the process's default rustls crypto provider, unless one is installed already
/// (then the application's choice stands). Idempotent and cheap after the first call.
///
/// Clients the runtime builds call it themselves. Call it (or use [`client_builder`]) before
/// building a `reqwest::Client` of your own to pass to
/// [`ClientConfig::http_client`](crate::ClientConfig::http_client).
pub fn install_default_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // An error only says another provider was installed first, which is what we want then.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

/// A `reqwest::ClientBuilder` whose `build()` finds a TLS crypto provider: the way to start a
/// `reqwest::Client` of your own for [`ClientConfig::http_client`](crate::ClientConfig::http_client).
pub fn client_builder() -> reqwest::ClientBuilder {
    install_default_provider();
    reqwest::Client::builder()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_https_capable_client_and_keeps_the_installed_provider() {
        let client = client_builder().https_only(true).build();
        assert!(client.is_ok(), "{client:?}");
        // Installed once, process-wide: a second install is refused, and calling ours again
        // neither panics nor replaces it.
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
        assert!(rustls::crypto::ring::default_provider()
            .install_default()
            .is_err());
        install_default_provider();
        assert!(client_builder().build().is_ok());
    }
}
