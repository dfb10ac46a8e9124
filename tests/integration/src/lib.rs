//! Test support: a real HTTP/1.1 server on 127.0.0.1 that records every request, checks
//! signatures by recomputing them from what it received, and answers with canned bodies.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cloudusage_runtime::sign::{
    inspect, payload_hash, rpc_v1_signature, rpc_v1_string_to_sign, RequestParts, SigningParams,
    SigningScheme,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const ACCESS_KEY_ID: &str = "AKIDTESTKEY";
pub const ACCESS_KEY_SECRET: &str = "test-secret-do-not-leak";

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    /// Decoded query parameters in wire order.
    pub query: Vec<(String, String)>,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }
}

/// What the server does with a request.
pub enum Answer {
    Respond(u16, String),
    /// A status, extra response headers (e.g. `Retry-After`) and a body.
    RespondWith(u16, Vec<(String, String)>, String),
    /// Never answer (the client must time out).
    Hang,
}

/// How the server treats connections.
#[derive(Debug, Clone, Copy, Default)]
pub struct ServerOptions {
    /// Serve several requests per connection (HTTP/1.1 keep-alive), so a client's pooled
    /// connections are reused; otherwise every answer closes its connection.
    pub keep_alive: bool,
    /// Wait this long before reading the first request of a new connection: what a TCP and
    /// TLS handshake costs over a real network. A request on a pooled connection arrives
    /// without it, which is how a batch on new connections and one on pooled connections
    /// come to bunch up at a server.
    pub new_connection_delay: Duration,
}

type Handler = dyn Fn(&Received, usize) -> Answer + Send + Sync;

/// A running test server.
pub struct TestServer {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    /// Starts a server whose handler gets each request and its 0-based index.
    pub async fn start(
        handler: impl Fn(&Received, usize) -> Answer + Send + Sync + 'static,
    ) -> TestServer {
        TestServer::start_with(ServerOptions::default(), handler).await
    }

    /// Starts a server with `options` (keep-alive, delay of new connections).
    pub async fn start_with(
        options: ServerOptions,
        handler: impl Fn(&Received, usize) -> Answer + Send + Sync + 'static,
    ) -> TestServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests: Arc<Mutex<Vec<Received>>> = Arc::default();
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = requests.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let handler = handler.clone();
                let recorded = recorded.clone();
                tokio::spawn(async move {
                    if !options.new_connection_delay.is_zero() {
                        tokio::time::sleep(options.new_connection_delay).await;
                    }
                    loop {
                        let Some(received) = read_request(&mut socket).await else {
                            return;
                        };
                        let index = {
                            let mut all = recorded.lock().unwrap();
                            all.push(received.clone());
                            all.len() - 1
                        };
                        let (status, headers, body) = match handler(&received, index) {
                            Answer::Hang => {
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                return;
                            }
                            Answer::Respond(status, body) => (status, Vec::new(), body),
                            Answer::RespondWith(status, headers, body) => (status, headers, body),
                        };
                        let mut head = format!(
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n",
                            body.len()
                        );
                        for (k, v) in headers {
                            head.push_str(&format!("{k}: {v}\r\n"));
                        }
                        if !options.keep_alive {
                            head.push_str("Connection: close\r\n");
                        }
                        head.push_str("\r\n");
                        let _ = socket.write_all(head.as_bytes()).await;
                        let _ = socket.write_all(body.as_bytes()).await;
                        if !options.keep_alive {
                            let _ = socket.shutdown().await;
                            return;
                        }
                    }
                });
            }
        });
        TestServer { url, requests }
    }

    pub fn received(&self) -> Vec<Received> {
        self.requests.lock().unwrap().clone()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let header_end = loop {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let at = Instant::now();
    let head = String::from_utf8_lossy(&buf[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut start = lines.next()?.split(' ');
    let method = start.next()?.to_string();
    let target = start.next()?.to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(k, _)| k == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[header_end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    let (path, query) = target.split_once('?').unwrap_or((&target, ""));
    let query = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k), decode(v))
        })
        .collect();
    Some(Received {
        method,
        path: path.to_string(),
        query,
        headers,
        body,
        at,
    })
}

/// Percent-decoding (`+` is a space, as in form encoding).
pub fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_x_date(text: &str) -> i64 {
    let f =
        time::format_description::parse_borrowed::<1>("[year][month][day]T[hour][minute][second]Z")
            .unwrap();
    time::PrimitiveDateTime::parse(text, &f)
        .unwrap()
        .assume_utc()
        .unix_timestamp()
}

fn parse_iso_z(text: &str) -> i64 {
    let f = time::format_description::parse_borrowed::<1>(
        "[year]-[month]-[day]T[hour]:[minute]:[second]Z",
    )
    .unwrap();
    time::PrimitiveDateTime::parse(text, &f)
        .unwrap()
        .assume_utc()
        .unix_timestamp()
}

/// Recomputes the signature of `r` for `scheme` from what was received and compares it with
/// the one sent. Returns a description of the first mismatch.
pub fn verify_signature(
    r: &Received,
    scheme: SigningScheme,
    service: &str,
    region: &str,
) -> Result<(), String> {
    let host = r.header("host").ok_or("no Host header")?.to_string();
    let query: Vec<(&str, &str)> = r
        .query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut params = SigningParams {
        access_key_id: ACCESS_KEY_ID,
        access_key_secret: ACCESS_KEY_SECRET,
        session_token: None,
        timestamp: 0,
        nonce: "",
        region,
        service,
        action: "",
        version: "",
    };
    match scheme {
        SigningScheme::Tc3HmacSha256 => {
            params.timestamp = r
                .header("x-tc-timestamp")
                .ok_or("no X-TC-Timestamp")?
                .parse()
                .map_err(|_| "bad timestamp")?;
            params.action = r.header("x-tc-action").ok_or("no X-TC-Action")?;
            params.version = r.header("x-tc-version").ok_or("no X-TC-Version")?;
            params.region = r.header("x-tc-region").unwrap_or("");
            let headers = [
                ("Content-Type", r.header("content-type").unwrap_or("")),
                ("Host", host.as_str()),
            ];
            let parts = RequestParts {
                method: &r.method,
                host: &host,
                path: &r.path,
                query: &query,
                headers: &headers,
                body: &r.body,
            };
            let expected = inspect(scheme, &params, &parts).map_err(|e| e.to_string())?;
            compare(expected.authorization.as_deref(), r.header("authorization"))
        }
        SigningScheme::VolcHmacSha256 => {
            params.timestamp = parse_x_date(r.header("x-date").ok_or("no X-Date")?);
            let body_hash = payload_hash(&r.body);
            if r.header("x-content-sha256") != Some(body_hash.as_str()) {
                return Err("X-Content-Sha256 does not match the body".into());
            }
            let headers = [
                ("Content-Type", r.header("content-type").unwrap_or("")),
                ("Host", host.as_str()),
            ];
            let parts = RequestParts {
                method: &r.method,
                host: &host,
                path: &r.path,
                query: &query,
                headers: &headers,
                body: &r.body,
            };
            let expected = inspect(scheme, &params, &parts).map_err(|e| e.to_string())?;
            compare(expected.authorization.as_deref(), r.header("authorization"))
        }
        SigningScheme::Acs3HmacSha256 => {
            let auth = r.header("authorization").ok_or("no Authorization")?;
            let signed_names = auth
                .split("SignedHeaders=")
                .nth(1)
                .and_then(|s| s.split(',').next())
                .ok_or("no SignedHeaders")?;
            for required in [
                "host",
                "x-acs-action",
                "x-acs-version",
                "x-acs-date",
                "x-acs-signature-nonce",
                "x-acs-content-sha256",
            ] {
                if !signed_names.split(';').any(|n| n == required) {
                    return Err(format!("{required} is not signed"));
                }
            }
            let headers: Vec<(&str, &str)> = signed_names
                .split(';')
                .map(|n| (n, r.header(n).unwrap_or("")))
                .collect();
            params.timestamp = parse_iso_z(r.header("x-acs-date").unwrap_or(""));
            params.nonce = r.header("x-acs-signature-nonce").unwrap_or("");
            params.action = r.header("x-acs-action").unwrap_or("");
            params.version = r.header("x-acs-version").unwrap_or("");
            let parts = RequestParts {
                method: &r.method,
                host: &host,
                path: &r.path,
                query: &query,
                headers: &headers,
                body: &r.body,
            };
            let expected = inspect(scheme, &params, &parts).map_err(|e| e.to_string())?;
            compare(expected.authorization.as_deref(), Some(auth))
        }
        SigningScheme::AcsRpcHmacSha1 => {
            let sent = r
                .query_value("Signature")
                .ok_or("no Signature parameter")?
                .to_string();
            let rest: Vec<(String, String)> = r
                .query
                .iter()
                .filter(|(k, _)| k != "Signature")
                .cloned()
                .collect();
            if rest
                .iter()
                .find(|(k, _)| k == "AccessKeyId")
                .map(|(_, v)| v.as_str())
                != Some(ACCESS_KEY_ID)
            {
                return Err("wrong AccessKeyId".into());
            }
            let (_, sts) = rpc_v1_string_to_sign(&r.method, &rest);
            compare(
                Some(&rpc_v1_signature(ACCESS_KEY_SECRET, &sts)),
                Some(&sent),
            )
        }
    }
}

fn compare(expected: Option<&str>, sent: Option<&str>) -> Result<(), String> {
    if expected.is_some() && expected == sent {
        Ok(())
    } else {
        Err(format!(
            "signature mismatch:\n expected {expected:?}\n sent     {sent:?}"
        ))
    }
}

/// The README's examples, compiled as doctests so they stay true (`no_run`: they would call
/// the real providers).
#[doc = include_str!("../../../README.md")]
#[cfg(doctest)]
pub struct ReadmeExamples;

/// A global allocator that counts allocations, for the benchmarks' allocations per call.
pub mod alloc_count {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicU64, Ordering};

    static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

    /// Allocations (reallocations included) since the process started, when [`Counting`]
    /// is the global allocator.
    pub fn allocations() -> u64 {
        ALLOCATIONS.load(Ordering::Relaxed)
    }

    thread_local! {
        static THIS_THREAD: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// Allocations made by this thread, when [`CountingThisThread`] is the global
    /// allocator.
    pub fn allocations_this_thread() -> u64 {
        THIS_THREAD.try_with(|c| c.get()).unwrap_or(0)
    }

    /// The system allocator, counting per thread: no shared counter, so counting costs
    /// next to nothing (an atomic increment per allocation would weigh on a 2 µs call).
    pub struct CountingThisThread;

    // SAFETY: every operation is the system allocator's, unchanged; only counted (in a
    // const-initialised thread-local without destructor, which never allocates).
    unsafe impl GlobalAlloc for CountingThisThread {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let _ = THIS_THREAD.try_with(|c| c.set(c.get() + 1));
            // SAFETY: the caller's contract is passed on as it is.
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the caller's contract is passed on as it is.
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let _ = THIS_THREAD.try_with(|c| c.set(c.get() + 1));
            // SAFETY: the caller's contract is passed on as it is.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }

    /// The system allocator, counting across threads.
    pub struct Counting;

    // SAFETY: every operation is the system allocator's, unchanged; only counted.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            // SAFETY: the caller's contract is passed on as it is.
            unsafe { System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the caller's contract is passed on as it is.
            unsafe { System.dealloc(ptr, layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            // SAFETY: the caller's contract is passed on as it is.
            unsafe { System.realloc(ptr, layout, new_size) }
        }
    }
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 answering every request with one canned JSON
/// body, allocating nothing per request (buffers are reused per connection), so that a
/// benchmark's allocation count is the client's. For benchmarks; it checks nothing.
pub mod keep_alive {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    /// Starts the server on the current runtime; returns its base URL.
    pub async fn serve(body: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let response: &'static [u8] = Box::leak(
            format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .into_bytes()
            .into_boxed_slice(),
        );
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(async move {
                    let mut buf = vec![0u8; 64 * 1024];
                    let mut filled = 0;
                    loop {
                        // One request: the head, then Content-Length bytes of body.
                        let head_end = loop {
                            if let Some(i) = buf[..filled].windows(4).position(|w| w == b"\r\n\r\n")
                            {
                                break i + 4;
                            }
                            match socket.read(&mut buf[filled..]).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => filled += n,
                            }
                        };
                        let length = content_length(&buf[..head_end]);
                        while filled < head_end + length {
                            match socket.read(&mut buf[filled..]).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => filled += n,
                            }
                        }
                        if socket.write_all(response).await.is_err() {
                            return;
                        }
                        buf.copy_within(head_end + length..filled, 0);
                        filled -= head_end + length;
                    }
                });
            }
        });
        url
    }

    fn content_length(head: &[u8]) -> usize {
        head.split(|&b| b == b'\n')
            .find_map(|line| {
                let colon = line.iter().position(|&b| b == b':')?;
                let (name, value) = line.split_at(colon);
                if !name.eq_ignore_ascii_case(b"content-length") {
                    return None;
                }
                std::str::from_utf8(&value[1..]).ok()?.trim().parse().ok()
            })
            .unwrap_or(0)
    }
}
