//! Client configuration: credentials, region, endpoint, timeouts, retries, and the injectable
//! clock and nonce that make tests exact.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use time::OffsetDateTime;

use crate::credentials::{Credentials, MissingCredentials};
use crate::operation::ServiceInfo;
use crate::retry::RetryPolicy;
use crate::sign::SigningScheme;

/// Why a client could not be built.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(transparent)]
    Credentials(#[from] MissingCredentials),
    #[error("no credentials configured")]
    NoCredentials,
    #[error("signing scheme {scheme} is not offered by {provider}")]
    UnsupportedScheme {
        scheme: SigningScheme,
        provider: &'static str,
    },
    #[error(
        "invalid endpoint {endpoint:?}: expected e.g. `https://host` or `http://127.0.0.1:8080`"
    )]
    InvalidEndpoint { endpoint: String },
    #[error("cannot build the HTTP client: {0}")]
    Http(#[source] reqwest::Error),
}

/// Whether requests are validated before they are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValidationMode {
    /// Reject a request that breaks a documented limit (default).
    #[default]
    Strict,
    /// Send it anyway, reporting the broken limits as a `tracing` warning: for a spec that
    /// lags behind the provider, without locking users out.
    Warn,
    /// Send it without checking (the server decides).
    Off,
}

type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;
type NonceSource = Arc<dyn Fn() -> String + Send + Sync>;

/// How a client talks to its service.
#[derive(Clone)]
pub struct ClientConfig {
    pub(crate) credentials: Option<Credentials>,
    pub(crate) region: Option<String>,
    pub(crate) endpoint: Option<String>,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) validation: ValidationMode,
    pub(crate) signing: Option<SigningScheme>,
    pub(crate) rate_limiting: bool,
    pub(crate) clock: Clock,
    pub(crate) nonce: NonceSource,
    pub(crate) http: Option<reqwest::Client>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            credentials: None,
            region: None,
            endpoint: None,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            validation: ValidationMode::Strict,
            signing: None,
            rate_limiting: true,
            clock: Arc::new(OffsetDateTime::now_utc),
            nonce: Arc::new(random_nonce),
            http: None,
        }
    }
}

fn random_nonce() -> String {
    use rand::RngExt;
    let bytes: [u8; 16] = rand::rng().random();
    hex::encode(bytes)
}

impl fmt::Debug for ClientConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientConfig")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("endpoint", &self.endpoint)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("validation", &self.validation)
            .field("signing", &self.signing)
            .field("rate_limiting", &self.rate_limiting)
            .field("http", &self.http)
            .finish_non_exhaustive()
    }
}

impl ClientConfig {
    pub fn new(credentials: Credentials) -> Self {
        ClientConfig {
            credentials: Some(credentials),
            ..ClientConfig::default()
        }
    }

    /// Credentials from the service's provider's environment variables.
    pub fn from_env(service: &ServiceInfo) -> Result<Self, ConfigError> {
        Ok(ClientConfig::new(Credentials::from_env(
            &service.credentials,
        )?))
    }

    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The region to call (default: the service's default region).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends to another base URL (`scheme://host[:port]`), e.g. a regional endpoint or a test
    /// server. Signatures cover this host.
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Limit of one attempt, from sending to the last byte of the answer.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn validation(mut self, mode: ValidationMode) -> Self {
        self.validation = mode;
        self
    }

    /// Selects another signature scheme the provider offers (Alibaba: RPC V1).
    pub fn signing(mut self, scheme: SigningScheme) -> Self {
        self.signing = Some(scheme);
        self
    }

    /// Turns the client-side rate limiter (built from each API's documented limit) on or off.
    pub fn rate_limiting(mut self, on: bool) -> Self {
        self.rate_limiting = on;
        self
    }

    /// The clock used for signing timestamps and lookback limits.
    pub fn clock(mut self, clock: impl Fn() -> OffsetDateTime + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Sends through `client` (proxies, TLS roots, pool sizes, HTTP/2, middleware-free
    /// tuning) instead of a client built from this configuration. Its own settings apply:
    /// [`connect_timeout`](Self::connect_timeout) and the `cloudusage/...` user agent are
    /// then up to it; [`timeout`](Self::timeout), retries and rate limits still apply per
    /// call. Clients made with the same `reqwest::Client` share its connection pool.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The source of signature nonces (Alibaba).
    pub fn nonce(mut self, nonce: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.nonce = Arc::new(nonce);
        self
    }
}
