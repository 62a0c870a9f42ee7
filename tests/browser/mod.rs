//! Headless Chromium for the browser tests, over WebDriver (fantoccini to Debian's
//! chromedriver). Each [`Browser`] starts its own chromedriver on a free loopback port and
//! stops it when dropped. No browser is a failure with the command that installs one.

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const WAIT: Duration = Duration::from_secs(20);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

pub struct Browser {
    rt: tokio::runtime::Runtime,
    client: Option<Client>,
    driver: Child,
}

fn chromedriver() -> String {
    if let Some(path) = std::env::var_os("CHROMEDRIVER") {
        return path.to_string_lossy().into_owned();
    }
    for path in ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"] {
        if std::path::Path::new(path).exists() {
            return path.into();
        }
    }
    panic!(
        "no chromedriver: these tests need a real browser (apt-get install -y chromium chromium-driver, or set CHROMEDRIVER)"
    );
}

impl Browser {
    /// Chromium, headless, with `theme` as the system's colour scheme and a `size` viewport.
    pub fn start(theme: Theme, size: (u32, u32)) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let deadline = Instant::now() + WAIT;
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "chromedriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let scheme = match theme {
            Theme::Dark => 0,
            Theme::Light => 1,
        };
        let mut args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-gpu".into(),
            "--hide-scrollbars".into(),
            "--use-fake-ui-for-media-stream".into(),
            "--use-fake-device-for-media-stream".into(),
            format!("--blink-settings=preferredColorScheme={scheme}"),
            format!("--window-size={},{}", size.0, size.1),
        ];
        if theme == Theme::Dark {
            args.push("--force-dark-mode".into());
        }
        let mut options = json!({ "args": args });
        if size.0 < 500 {
            // A phone: Chromium's windows are not that narrow, its device emulation is.
            options["mobileEmulation"] = json!({
                "deviceMetrics": { "width": size.0, "height": size.1, "pixelRatio": 1.0, "touch": true }
            });
        }
        if let Some(bin) = std::env::var_os("CHROMIUM") {
            options["binary"] = json!(bin.to_string_lossy());
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert("goog:chromeOptions".into(), options);
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = rt
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(caps)
                    .connect(&format!("http://127.0.0.1:{port}")),
            )
            .expect("a Chromium session (is the chromium package installed?)");
        let browser = Browser {
            rt,
            client: Some(client),
            driver,
        };
        if size.0 >= 500 {
            // --window-size is the window's; the page gets less. Grow the window by the
            // difference so the page (and a screenshot) is exactly `size`.
            let (dw, dh) = browser.chrome_size();
            browser
                .rt
                .block_on(browser.c().set_window_size(size.0 + dw, size.1 + dh))
                .unwrap();
        }
        browser
    }

    fn chrome_size(&self) -> (u32, u32) {
        let v = self.script("return [outerWidth - innerWidth, outerHeight - innerHeight];");
        let n = |i: usize| v[i].as_u64().unwrap_or(0) as u32;
        (n(0), n(1))
    }

    fn c(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    pub fn goto(&self, url: &str) {
        self.rt.block_on(self.c().goto(url)).unwrap();
    }

    pub fn script(&self, js: &str) -> Value {
        self.script_with(js, vec![])
    }

    pub fn script_with(&self, js: &str, args: Vec<Value>) -> Value {
        self.rt.block_on(self.c().execute(js, args)).unwrap()
    }

    /// The element's rendered text ("" when hidden).
    pub fn text(&self, css: &str) -> String {
        self.script_with(
            "const e = document.querySelector(arguments[0]); return e && !e.hidden ? e.innerText : '';",
            vec![json!(css)],
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    pub fn value(&self, css: &str) -> String {
        self.script_with(
            "return document.querySelector(arguments[0]).value;",
            vec![json!(css)],
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    pub fn enabled(&self, css: &str) -> bool {
        self.script_with(
            "return !document.querySelector(arguments[0]).disabled;",
            vec![json!(css)],
        ) == json!(true)
    }

    pub fn click(&self, css: &str) {
        self.rt
            .block_on(async { self.c().find(Locator::Css(css)).await?.click().await })
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub fn type_into(&self, css: &str, text: &str) {
        self.rt
            .block_on(async {
                let e = self.c().find(Locator::Css(css)).await?;
                e.clear().await?;
                e.send_keys(text).await
            })
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    pub fn wait_until(&self, what: &str, mut ready: impl FnMut() -> bool) {
        let deadline = Instant::now() + WAIT;
        while !ready() {
            assert!(
                Instant::now() < deadline,
                "waited {WAIT:?} for {what}; the log says:\n{}",
                self.text("#log")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_text(&self, css: &str, needle: &str) {
        self.wait_until(&format!("{needle:?} in {css}"), || {
            self.text(css).contains(needle)
        });
    }

    /// Every call the SDK double recorded, in order.
    pub fn calls(&self) -> Vec<Value> {
        match self.script("return window.__anamCalls || [];") {
            Value::Array(calls) => calls,
            other => panic!("{other}"),
        }
    }

    pub fn last_call(&self, name: &str) -> Value {
        self.calls()
            .into_iter()
            .rev()
            .find(|c| c["name"] == name)
            .unwrap_or_else(|| panic!("no call to {name}"))
    }

    /// The SDK double fires `event` with `args` (a JSON array) to the page's listeners.
    pub fn emit(&self, event: &str, args: Value) {
        let n = self.script_with(
            "return window.__anamEmit.apply(null, [arguments[0]].concat(arguments[1]));",
            vec![json!(event), args],
        );
        assert_eq!(n, json!(1), "one listener for {event}");
    }

    /// The SDK double plays a data channel message from the engine (`messageType`, `data`), as
    /// SDK 4.27.0's StreamingClient receives it.
    pub fn data_channel(&self, message_type: &str, data: Value) {
        self.script_with(
            "window.__anamDataChannel({ messageType: arguments[0], data: arguments[1] }); return true;",
            vec![json!(message_type), data],
        );
    }

    /// The tool_result messages the SDK double sent to the engine, in order.
    pub fn sent(&self) -> Vec<Value> {
        match self.script("return window.__anamSent || [];") {
            Value::Array(sent) => sent,
            other => panic!("{other}"),
        }
    }

    /// The log's error lines: the sentence, then its detail.
    pub fn errors(&self) -> Vec<String> {
        let v = self.script(
            "return Array.from(document.querySelectorAll('#log li.error')).map((li) => \
               li.querySelector('.text').textContent + ' | ' + \
               ((li.querySelector('.detail') || {}).textContent || ''));",
        );
        serde_json::from_value(v).unwrap()
    }

    pub fn is_dark(&self) -> bool {
        self.script("return matchMedia('(prefers-color-scheme: dark)').matches;") == json!(true)
    }

    pub fn screenshot(&self) -> Vec<u8> {
        self.rt.block_on(self.c().screenshot()).unwrap()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.rt.block_on(client.close());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// A PNG's width and height, from its header.
pub fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[1..4], b"PNG");
    let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
    (w, h)
}
