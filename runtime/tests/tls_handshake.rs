//! The TLS provider the runtime installs (rustls with ring, see `cloudusage_runtime::tls`)
//! completes a real handshake: an HTTPS server on 127.0.0.1 with a test CA's certificate for
//! `localhost`, and a client from `tls::client_builder()` that trusts only that CA.
//!
//! The fixtures under `tests/fixtures/tls/` are a throwaway P-256 CA and leaf made with openssl
//! for this test alone (valid until 2126); the private key protects nothing.

use std::sync::Arc;

use cloudusage_runtime::tls;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

const CA: &[u8] = include_bytes!("fixtures/tls/ca.pem");
const LEAF: &[u8] = include_bytes!("fixtures/tls/localhost.pem");
const LEAF_KEY: &[u8] = include_bytes!("fixtures/tls/localhost.key");

/// Serves one HTTPS request, answering `ok`, and returns the address.
async fn https_server() -> std::net::SocketAddr {
    let chain = vec![CertificateDer::from_pem_slice(LEAF).expect("leaf certificate")];
    let key = PrivateKeyDer::from_pem_slice(LEAF_KEY).expect("leaf key");
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("protocol versions")
    .with_no_client_auth()
    .with_single_cert(chain, key)
    .expect("server certificate");
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.expect("accept");
        // A refused handshake (the client's test) ends the connection here.
        let Ok(mut stream) = acceptor.accept(tcp).await else {
            return;
        };
        let mut request = Vec::new();
        let mut buf = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await.expect("read");
            assert!(n > 0, "connection closed before the request ended");
            request.extend_from_slice(&buf[..n]);
        }
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
            .await
            .expect("write");
        stream.shutdown().await.expect("close");
    });
    addr
}

#[tokio::test]
async fn https_call_completes_with_the_runtime_tls_provider() {
    let addr = https_server().await;
    let ca = reqwest::Certificate::from_pem(CA).expect("CA certificate");
    let client = tls::client_builder()
        .tls_certs_only([ca])
        .https_only(true)
        .build()
        .expect("client");
    let response = client
        .get(format!("https://localhost:{}/", addr.port()))
        .send()
        .await
        .expect("HTTPS request");
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.expect("body"), "ok");
}

#[tokio::test]
async fn certificate_from_an_untrusted_ca_is_refused() {
    let addr = https_server().await;
    // Trusting nothing but an unrelated root (the leaf itself is not a CA): verification must
    // fail, so the handshake proves certificates are checked, not merely that bytes flow.
    let unrelated = reqwest::Certificate::from_pem(LEAF).expect("certificate");
    let client = tls::client_builder()
        .tls_certs_only([unrelated])
        .build()
        .expect("client");
    let err = client
        .get(format!("https://localhost:{}/", addr.port()))
        .send()
        .await
        .expect_err("an untrusted certificate must fail the handshake");
    assert!(err.is_connect(), "{err:?}");
}
