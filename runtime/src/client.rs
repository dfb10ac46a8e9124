//! The runtime client: validate, encode, rate-limit, sign, send, decode, retry.

use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};

use crate::call::{Call, CallOptions, Pages};
use crate::config::{ClientConfig, ConfigError, ValidationMode};
use crate::credentials::Credentials;
use crate::envelope::{self, Failure, PayloadReader};
use crate::error::{ApiError, Error};
use crate::json::{FromJson, Reader};
use crate::operation::{
    ErrorCode, Operation, OperationInfo, Paginated, ServiceInfo, TypedResponse, WireParams,
};
use crate::rate_limit::RateLimiters;
use crate::sign::{self, RequestParts, SignError, SigningParams, SigningScheme};
use crate::validate::ValidationContext;
use crate::wire::EncodeError;

/// The user agent every request carries.
pub const USER_AGENT: &str = concat!("cloudusage/", env!("CARGO_PKG_VERSION"), " (rust)");

/// A client of one service. Cheap to clone: clones share the connection pool. Rate limits
/// are shared by every client of the same service and access key in the process, for as
/// long as the process runs (see [`rate_limit`](crate::rate_limit)).
#[derive(Debug, Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    service: &'static ServiceInfo,
    config: ClientConfig,
    credentials: Credentials,
    scheme: SigningScheme,
    /// The endpoint and the path every API is called on, `/`: what the query follows.
    base_url: String,
    /// `host[:port]` the requests go to, as signed.
    authority: String,
    http: reqwest::Client,
    limiters: RateLimiters,
}

/// A signed request, ready to send. Its `Debug` output hides session tokens.
#[derive(Clone)]
pub struct PreparedRequest {
    pub method: reqwest::Method,
    pub url: String,
    /// Every header but `Host` (the HTTP client writes it from the URL), typed as sent.
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

/// Whether a header or query parameter carries a session token (`X-TC-Token`,
/// `X-Security-Token`, `x-acs-security-token`, `SecurityToken`).
fn is_token_name(name: &str) -> bool {
    name.to_ascii_lowercase().contains("token")
}

impl std::fmt::Debug for PreparedRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = match self.url.split_once('?') {
            Some((base, query)) => {
                let pairs: Vec<String> = query
                    .split('&')
                    .map(|pair| match pair.split_once('=') {
                        Some((k, _)) if is_token_name(k) => format!("{k}=<redacted>"),
                        _ => pair.to_string(),
                    })
                    .collect();
                format!("{base}?{}", pairs.join("&"))
            }
            None => self.url.clone(),
        };
        let headers: Vec<(&str, String)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if is_token_name(k.as_str()) || v.is_sensitive() {
                    "<redacted>".to_string()
                } else {
                    String::from_utf8_lossy(v.as_bytes()).into_owned()
                };
                (k.as_str(), v)
            })
            .collect();
        f.debug_struct("PreparedRequest")
            .field("method", &self.method)
            .field("url", &url)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

impl Client {
    pub fn new(service: &'static ServiceInfo, config: ClientConfig) -> Result<Self, ConfigError> {
        let credentials = config
            .credentials
            .clone()
            .ok_or(ConfigError::NoCredentials)?;
        let scheme = config.signing.unwrap_or(service.default_signing);
        if scheme != service.default_signing && !service.other_signing.contains(&scheme) {
            return Err(ConfigError::UnsupportedScheme {
                scheme,
                provider: service.provider,
            });
        }
        let base_url = config
            .endpoint
            .clone()
            .unwrap_or_else(|| format!("https://{}", service.endpoint));
        let base_url = base_url.trim_end_matches('/').to_string();
        let authority = base_url
            .strip_prefix("https://")
            .or_else(|| base_url.strip_prefix("http://"))
            .filter(|a| !a.is_empty() && !a.contains('/'))
            .ok_or_else(|| ConfigError::InvalidEndpoint {
                endpoint: base_url.clone(),
            })?
            .to_string();
        let http = match &config.http {
            Some(http) => http.clone(),
            None => crate::tls::client_builder()
                .connect_timeout(config.connect_timeout)
                .user_agent(USER_AGENT)
                .build()
                .map_err(ConfigError::Http)?,
        };
        let limiters = RateLimiters::shared(
            service.provider,
            service.service,
            credentials.access_key_id(),
        );
        Ok(Client {
            inner: Arc::new(Inner {
                service,
                credentials,
                scheme,
                base_url: format!("{base_url}/"),
                authority,
                http,
                limiters,
                config,
            }),
        })
    }

    /// The service this client calls.
    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The region requests are signed for and validated against.
    pub fn region(&self) -> Option<&str> {
        self.inner
            .config
            .region
            .as_deref()
            .or(self.inner.service.default_region)
    }

    /// The HTTP client requests go through: the one given to
    /// [`ClientConfig::http_client`], else the one built for this client.
    pub fn http_client(&self) -> &reqwest::Client {
        &self.inner.http
    }

    /// The signature scheme in use.
    pub fn signing_scheme(&self) -> SigningScheme {
        self.inner.scheme
    }

    /// How requests are validated before they are sent.
    pub fn validation_mode(&self) -> ValidationMode {
        self.inner.config.validation
    }

    /// The validation context at the client's current time and region (a service's default
    /// region borrowed, not copied: a context is made for every call).
    pub fn validation_context(&self) -> ValidationContext {
        let region = match (&self.inner.config.region, self.inner.service.default_region) {
            (Some(region), _) => Some(std::borrow::Cow::Owned(region.clone())),
            (None, default) => default.map(std::borrow::Cow::Borrowed),
        };
        ValidationContext {
            now: (self.inner.config.clock)(),
            region,
        }
    }

    /// Validates and signs `operation` without sending it (for inspection and benchmarks).
    pub fn prepare<O: Operation>(
        &self,
        operation: &O,
    ) -> Result<PreparedRequest, Error<O::ErrorCode>> {
        self.check(operation, &O::INFO, self.inner.config.validation)?;
        let wire = operation.to_wire()?;
        let body = self.body(&wire);
        Ok(self.sign_request(&wire, &O::INFO, body)?)
    }

    /// Validation as `mode` wants it.
    fn check(
        &self,
        operation: &dyn WireOperation,
        info: &OperationInfo,
        mode: ValidationMode,
    ) -> Result<(), crate::ValidationErrors> {
        match mode {
            ValidationMode::Off => Ok(()),
            ValidationMode::Strict => operation.check(&self.validation_context()),
            ValidationMode::Warn => {
                if let Err(errors) = operation.check(&self.validation_context()) {
                    tracing::warn!(
                        action = info.action,
                        %errors,
                        "the request breaks documented limits; sending it anyway"
                    );
                }
                Ok(())
            }
        }
    }

    /// The body the scheme sends: Tencent and Volcengine a JSON object, Alibaba's RPC-style
    /// APIs nothing (every parameter is in the query). Written once per call; retries send
    /// the same bytes.
    fn body(&self, wire: &WireParams) -> Vec<u8> {
        match self.inner.scheme {
            SigningScheme::Tc3HmacSha256 | SigningScheme::VolcHmacSha256 => wire.body.to_vec(),
            SigningScheme::Acs3HmacSha256 | SigningScheme::AcsRpcHmacSha1 => Vec::new(),
        }
    }

    fn sign_request(
        &self,
        wire: &WireParams,
        info: &OperationInfo,
        body: Vec<u8>,
    ) -> Result<PreparedRequest, SignError> {
        let inner = &*self.inner;
        let service = inner.service;
        let method = match info.method {
            crate::operation::HttpMethod::Get => reqwest::Method::GET,
            crate::operation::HttpMethod::Post => reqwest::Method::POST,
        };
        let region = self.region().unwrap_or("");
        let now = (inner.config.clock)();
        // Only the schemes that sign a nonce get one: making it costs a random draw and a
        // string every call.
        let nonce = if inner.scheme.uses_nonce() {
            (inner.config.nonce)()
        } else {
            String::new()
        };

        let json = matches!(
            inner.scheme,
            SigningScheme::Tc3HmacSha256 | SigningScheme::VolcHmacSha256
        );
        let volc = inner.scheme == SigningScheme::VolcHmacSha256;
        // Borrowed views for the signer: on the stack when they are few (nearly always).
        const ON_STACK: usize = 16;
        let mut stack: [(&str, &str); ON_STACK] = [("", ""); ON_STACK];
        let mut heap: Vec<(&str, &str)> = Vec::new();
        let scheme_params = volc.then_some([("Action", info.action), ("Version", service.version)]);
        let all = scheme_params
            .into_iter()
            .flatten()
            .chain(wire.query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let listed = scheme_params.map_or(0, |p| p.len()) + wire.query.len();
        let query: &[(&str, &str)] = if listed <= ON_STACK {
            for (slot, pair) in stack.iter_mut().zip(all) {
                *slot = pair;
            }
            stack.get(..listed).unwrap_or_default()
        } else {
            heap.extend(all);
            &heap
        };
        const JSON: [(&str, &str); 1] = [("content-type", "application/json")];
        let mut listed: Vec<(&str, &str)> = Vec::new();
        let headers: &[(&str, &str)] = match (wire.headers.is_empty(), json) {
            (true, true) => &JSON,
            (true, false) => &[],
            (false, _) => {
                listed.extend(wire.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                if json {
                    listed.extend(JSON);
                }
                &listed
            }
        };
        let params = SigningParams {
            access_key_id: inner.credentials.access_key_id(),
            access_key_secret: inner.credentials.access_key_secret(),
            session_token: inner.credentials.session_token(),
            timestamp: now.unix_timestamp(),
            nonce: &nonce,
            region,
            service: service.signing_name,
            action: info.action,
            version: service.version,
        };
        let parts = RequestParts {
            method: method.as_str(),
            host: &inner.authority,
            path: "/",
            query,
            headers,
            body: &body,
        };
        let content_type =
            json.then(|| (CONTENT_TYPE, HeaderValue::from_static("application/json")));
        let (map, url) = if wire.headers.is_empty() {
            sign::sign_url(inner.scheme, &params, &parts, &inner.base_url, content_type)?
        } else {
            // The API's own header parameters first, as given (a Content-Type among them
            // gives way to the JSON one), then Content-Type and the signature's.
            let mut first = Vec::with_capacity(wire.headers.len() + 1);
            for (k, v) in &wire.headers {
                let invalid = || SignError::HeaderValue { name: k.clone() };
                let name = HeaderName::from_bytes(k.as_bytes()).map_err(|_| invalid())?;
                let value = HeaderValue::from_str(v).map_err(|_| invalid())?;
                if !(json && name == CONTENT_TYPE) {
                    first.push((name, value));
                }
            }
            first.extend(content_type);
            sign::sign_url(inner.scheme, &params, &parts, &inner.base_url, first)?
        };
        Ok(PreparedRequest {
            method,
            url,
            headers: map,
            body,
        })
    }

    /// A call of `operation`, as a named future: what generated client methods return.
    /// Awaiting it is the same as awaiting [`Client::execute`].
    pub fn send<'a, O: Operation + 'a>(&'a self, operation: O) -> Call<'a, O> {
        Call::new(self, operation)
    }

    /// Calls `operation`: validates it, waits for the rate limiter, signs and sends it, and
    /// decodes the answer; retries what the policy allows.
    ///
    /// Only the last step, decoding into the typed response and error code, is generic: the
    /// rest runs in a non-generic function, compiled once for every API rather than once per
    /// API.
    pub async fn execute<O: Operation>(
        &self,
        operation: O,
    ) -> Result<O::Response, Error<O::ErrorCode>> {
        self.execute_with(operation, CallOptions::default()).await
    }

    /// [`execute`](Self::execute) with per-call `options` (timeout, retries, validation
    /// mode) in place of the client's; the call shares the client's rate limits.
    pub async fn execute_with<O: Operation>(
        &self,
        operation: O,
        options: CallOptions,
    ) -> Result<O::Response, Error<O::ErrorCode>> {
        // The typed response is read from the answer's bytes in the same pass as its
        // envelope, by the non-generic part of the call; only this closure is per API.
        let mut response: Option<O::Response> = None;
        let mut read_payload = |r: &mut Reader<'_>| {
            response = Some(O::Response::read(r)?);
            Ok(())
        };
        let answered = self
            .call(
                &operation,
                &O::INFO,
                classify::<O::ErrorCode>,
                &options,
                &mut read_payload,
            )
            .await
            .map_err(|e| e.map_code(|raw| O::ErrorCode::from_code(&raw.code)))?;
        match response {
            Some(mut response) => {
                response.meta_mut().request_id = answered.request_id;
                Ok(response)
            }
            // `call` succeeds only once the payload has been read, so this is not reached;
            // it is an error rather than a panic all the same.
            None => Err(Error::Decode {
                status: answered.status,
                request_id: answered.request_id,
                message: "the answer was accepted but its payload was not read".into(),
                body: String::new(),
            }),
        }
    }

    /// Everything of a call: validation, rate limiting, signing, sending, the envelope,
    /// retries; `payload` reads the typed response, and the answer's status and request id
    /// are returned. `classify` tells what the spec says of an error code.
    async fn call(
        &self,
        operation: &dyn WireOperation,
        info: &OperationInfo,
        classify: fn(&str) -> RawCode,
        options: &CallOptions,
        payload: &mut PayloadReader<'_>,
    ) -> Result<Answered, Error<RawCode>> {
        let inner = &*self.inner;
        let mode = options.validation.unwrap_or(inner.config.validation);
        self.check(operation, info, mode)?;
        // Encoded once per call (each time formatted once, the body written once); every
        // attempt signs the same parameters at its own time.
        let wire = operation.wire()?;
        let body = self.body(&wire);
        let policy = options.retry.unwrap_or(inner.config.retry);
        let timeout = options.timeout.unwrap_or(inner.config.timeout);
        let mut attempt = 1;
        loop {
            if inner.config.rate_limiting {
                if let Some(limit) = info.rate_limit {
                    inner
                        .limiters
                        .acquire_scoped(info.action, limit, info.per_account)
                        .await;
                }
            }
            let (result, retry_after) = self
                .attempt(&wire, &body, info, classify, timeout, payload)
                .await;
            match result {
                Err(e) if e.is_retryable() && attempt < policy.max_attempts.max(1) => {
                    // Never sooner than the server asked; a wait longer than the policy
                    // allows returns the error instead, for the caller to decide.
                    let delay = match retry_after {
                        Some(wait) if wait > policy.max_delay => return Err(e),
                        Some(wait) => wait.max(policy.backoff(attempt)),
                        None => policy.backoff(attempt),
                    };
                    tracing::debug!(
                        action = info.action,
                        attempt,
                        error = %e,
                        ?delay,
                        "retrying"
                    );
                    tokio::time::sleep(delay).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// One attempt, and the wait the server asked for before another (`Retry-After`).
    async fn attempt(
        &self,
        wire: &WireParams,
        body: &[u8],
        info: &OperationInfo,
        classify: fn(&str) -> RawCode,
        timeout: Duration,
        payload: &mut PayloadReader<'_>,
    ) -> (Result<Answered, Error<RawCode>>, Option<Duration>) {
        let inner = &*self.inner;
        let prepared = match self.sign_request(wire, info, body.to_vec()) {
            Ok(prepared) => prepared,
            Err(e) => return (Err(e.into()), None),
        };
        // The request is assembled directly: the signed headers are moved in as they are
        // (the builder's `.headers()` would insert them one by one into a map of its own).
        // A URL that does not parse (a malformed endpoint) goes through the builder, which
        // reports it as before.
        let sending = match reqwest::Url::parse(&prepared.url) {
            Ok(url) => {
                let mut request = reqwest::Request::new(prepared.method, url);
                *request.headers_mut() = prepared.headers;
                *request.body_mut() = Some(prepared.body.into());
                futures_util::future::Either::Left(inner.http.execute(request))
            }
            Err(_) => futures_util::future::Either::Right(
                inner
                    .http
                    .request(prepared.method, prepared.url)
                    .headers(prepared.headers)
                    .body(prepared.body)
                    .send(),
            ),
        };
        let exchange = async {
            let response = sending.await?;
            let status = response.status().as_u16();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| crate::retry::parse_retry_after(v, (inner.config.clock)()));
            let bytes = response.bytes().await?;
            Ok::<_, reqwest::Error>((status, retry_after, bytes))
        };
        let (status, retry_after, bytes) = match tokio::time::timeout(timeout, exchange).await {
            Err(_) => return (Err(Error::Timeout(timeout)), None),
            Ok(Err(e)) if e.is_timeout() => return (Err(Error::Timeout(timeout)), None),
            // The URL can carry a security token (Alibaba RPC V1 signs it into the query);
            // errors are displayed and logged, so they never keep it.
            Ok(Err(e)) => return (Err(Error::Transport(e.without_url())), None),
            Ok(Ok(answer)) => answer,
        };
        (
            open(inner.service, status, &bytes, classify, payload),
            retry_after,
        )
    }

    /// Every page of a paginated API, starting at the request's page.
    pub fn paginate<O: Paginated + 'static>(&self, first: O) -> Pages<O>
    where
        O::ErrorCode: Send,
    {
        let client = self.clone();
        Pages::new(futures_util::stream::unfold(Some(first), move |next| {
            let client = client.clone();
            async move {
                let request = next?;
                let page = request.page_number();
                match client.execute(request.clone()).await {
                    Ok(response) => {
                        let following = request
                            .has_next_page(&response)
                            .then(|| request.with_page_number(page.saturating_add(1)));
                        Some((Ok(response), following))
                    }
                    Err(e) => Some((Err(e), None)),
                }
            }
        }))
    }
}

/// The raw body an error carries.
fn raw(body: &[u8]) -> String {
    String::from_utf8_lossy(body).into_owned()
}

/// A successful answer whose payload has been read: its status and request id.
struct Answered {
    status: u16,
    request_id: Option<String>,
}

/// An error code as the non-generic part of a call sees it: the code and what its spec says
/// about retrying; mapped to the API's typed code once the call is over.
#[derive(Debug, Clone, PartialEq)]
struct RawCode {
    code: String,
    retryable: bool,
    throttling: bool,
    http_status: Option<u16>,
}

impl ErrorCode for RawCode {
    fn from_code(code: &str) -> Self {
        RawCode {
            code: code.to_string(),
            retryable: false,
            throttling: false,
            http_status: None,
        }
    }
    fn code(&self) -> &str {
        &self.code
    }
    fn http_status(&self) -> Option<u16> {
        self.http_status
    }
    fn retryable(&self) -> bool {
        self.retryable
    }
    fn description(&self) -> &'static str {
        ""
    }
    fn is_documented(&self) -> bool {
        false
    }
    fn is_throttling(&self) -> bool {
        self.throttling
    }
}

/// What the spec of `C` says about `code`.
fn classify<C: ErrorCode>(code: &str) -> RawCode {
    let typed = C::from_code(code);
    RawCode {
        code: code.to_string(),
        retryable: typed.retryable(),
        throttling: typed.is_throttling(),
        http_status: typed.http_status(),
    }
}

/// The request as the non-generic part of a call needs it.
trait WireOperation: Send + Sync {
    fn check(&self, ctx: &ValidationContext) -> Result<(), crate::ValidationErrors>;
    fn wire(&self) -> Result<WireParams, EncodeError>;
}

impl<O: Operation> WireOperation for O {
    fn check(&self, ctx: &ValidationContext) -> Result<(), crate::ValidationErrors> {
        self.validate(ctx)
    }
    fn wire(&self) -> Result<WireParams, EncodeError> {
        self.to_wire()
    }
}

/// Reads the answer: the typed payload through `payload` and the request id, or the error
/// the answer carries. The body becomes text only when an error is returned with it.
fn open(
    service: &ServiceInfo,
    status: u16,
    body: &[u8],
    classify: fn(&str) -> RawCode,
    payload: &mut PayloadReader<'_>,
) -> Result<Answered, Error<RawCode>> {
    let mut unread = None;
    if (200..300).contains(&status) {
        match envelope::read(service.envelope, body, payload) {
            Ok(request_id) => return Ok(Answered { status, request_id }),
            Err(e) => unread = Some(e),
        }
    }
    // Something went wrong: the whole envelope says what.
    match envelope::open(service.envelope, status, body) {
        Ok(envelope::Payload { request_id, .. }) => Err(match unread {
            // A well-formed answer whose payload is not the documented one.
            Some(e) => Error::Decode {
                status,
                request_id,
                message: e.to_string(),
                body: raw(body),
            },
            None => Error::Http {
                status,
                request_id,
                body: raw(body),
            },
        }),
        Err(Failure::Code {
            code,
            message,
            request_id,
        }) => Err(Error::Api(ApiError {
            code: classify(&code),
            message,
            request_id,
            http_status: status,
            body: raw(body),
        })),
        Err(Failure::Status { request_id }) => Err(Error::Http {
            status,
            request_id,
            body: raw(body),
        }),
        Err(Failure::Malformed {
            message,
            request_id,
        }) => Err(Error::Decode {
            status,
            request_id,
            message,
            body: raw(body),
        }),
    }
}
