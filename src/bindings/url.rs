//! The engine's `URL`, read only through imports that catch: `URL` is a global a page can
//! replace, and a getter that throws must not unwind through wasm frames. The client
//! (the base URL, the page's origin) and the transport (a redirect's target) both parse
//! here.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = URL)]
    type JsUrl;
    #[wasm_bindgen(constructor, js_class = "URL", catch)]
    fn new_url(url: &str) -> Result<JsUrl, JsValue>;
    #[wasm_bindgen(constructor, js_class = "URL", catch)]
    fn new_url_with_base(url: &str, base: &str) -> Result<JsUrl, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn protocol(this: &JsUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn hostname(this: &JsUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn username(this: &JsUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn password(this: &JsUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn search(this: &JsUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn hash(this: &JsUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn origin(this: &JsUrl) -> Result<String, JsValue>;
    #[wasm_bindgen(method, getter, catch)]
    fn href(this: &JsUrl) -> Result<String, JsValue>;
}

/// The parts of a parsed URL the client's checks read, as the engine parsed them.
pub struct ParsedUrl {
    /// `protocol`, with its colon (`https:`).
    pub protocol: String,
    /// `hostname`, without the port.
    pub hostname: String,
    /// `username` and `password` joined: empty when the URL carries none.
    pub credentials: String,
    /// `search` and `hash` joined: empty when the URL has neither.
    pub query_and_fragment: String,
    /// `origin` (`https://host:port`).
    pub origin: String,
    /// `href`, the whole URL normalised.
    pub href: String,
}

/// `url` parsed by the engine (against `base` when given); `None` when it is not a URL
/// or reading it threw.
pub fn parse(url: &str, base: Option<&str>) -> Option<ParsedUrl> {
    let u = match base {
        Some(b) => JsUrl::new_url_with_base(url, b),
        None => JsUrl::new_url(url),
    }
    .ok()?;
    Some(ParsedUrl {
        protocol: u.protocol().ok()?,
        hostname: u.hostname().ok()?,
        credentials: [u.username().ok()?, u.password().ok()?].concat(),
        query_and_fragment: [u.search().ok()?, u.hash().ok()?].concat(),
        origin: u.origin().ok()?,
        href: u.href().ok()?,
    })
}

/// The origin of `url` resolved against `base`, or `None`.
pub fn origin_of(url: &str, base: &str) -> Option<String> {
    let u = JsUrl::new_url_with_base(url, base).ok()?;
    u.origin().ok()
}
