//! Requests to the HTTP API of Prometheus and the servers that speak it (Thanos, Mimir,
//! `VictoriaMetrics`, Grafana Cloud): form-encoded POSTs to `/api/v1/series` and
//! `/api/v1/query_range`, whose answers are `{"status": "success", "data": …}` or
//! `{"status": "error", "errorType": …, "error": …}` (Prometheus's "HTTP API" page). A server
//! that is busy (429, 502, 503, 504) or a connection that drops is asked again after a pause
//! that doubles, or the `Retry-After` the server gave.

use std::time::Duration;

use serde_json::Value;

/// How requests prove who sends them; read from a file or the environment by the command
/// line, never from a flag's value, which would land in shell history.
#[derive(Clone, PartialEq, Eq)]
pub enum Auth {
    /// No `Authorization` header.
    None,
    /// `Authorization: Bearer TOKEN`.
    Bearer(String),
    /// `Authorization: Basic …` of `user:password`.
    Basic(String),
}

impl std::fmt::Debug for Auth {
    // Credentials never reach a log or an error message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Auth::None => "None",
            Auth::Bearer(_) => "Bearer(…)",
            Auth::Basic(_) => "Basic(…)",
        })
    }
}

/// Why a request gave no data.
#[derive(Debug)]
pub enum Failure {
    /// The server refused the query as too large (samples, series, chunks or bytes): the
    /// caller asks again for less.
    TooLarge(String),
    /// Anything else, with how to fix it.
    Fatal {
        /// What went wrong.
        message: String,
        /// How to fix it.
        hint: String,
    },
}

/// Times a request is sent in all before a busy server or a dropped connection is an error.
const ATTEMPTS: u32 = 7;

/// The longest pause between attempts, whatever `Retry-After` says.
const LONGEST_PAUSE: Duration = Duration::from_mins(5);

/// A server's HTTP API.
pub struct Client<'a> {
    agent: ureq::Agent,
    /// The base address, without a trailing `/` (`https://mimir.example/prometheus`).
    base: String,
    authorization: Option<String>,
    /// The largest answer read, bytes.
    max_bytes: u64,
    /// The first pause before asking again; doubled after each attempt.
    first_pause: Duration,
    /// Where a pause before asking again is told.
    note: &'a dyn Fn(&str),
    /// The credentials as they may be echoed: as given, and as sent.
    secrets: Vec<String>,
}

impl<'a> Client<'a> {
    /// A client of the server at `base` (`http://localhost:9090`), telling `note` when it
    /// pauses before asking again.
    #[must_use]
    pub fn new(base: &str, auth: &Auth, max_bytes: u64, note: &'a dyn Fn(&str)) -> Self {
        use base64::Engine as _;
        let config = ureq::Agent::config_builder()
            // Answers that are errors carry the server's reason in their body, read below.
            .http_status_as_error(false)
            .timeout_connect(Some(Duration::from_secs(30)))
            // A year of a large batch takes the server a while; Prometheus's own query
            // timeout is two minutes by default.
            .timeout_global(Some(Duration::from_mins(10)))
            .user_agent(concat!("wattprint/", env!("CARGO_PKG_VERSION")))
            .build();
        let mut secrets = match auth {
            Auth::None => Vec::new(),
            Auth::Bearer(token) => vec![token.clone()],
            Auth::Basic(pair) => {
                let mut secrets = vec![
                    pair.clone(),
                    base64::engine::general_purpose::STANDARD.encode(pair),
                ];
                secrets.extend(
                    pair.split_once(':')
                        .map(|(_, password)| password.to_owned()),
                );
                secrets
            }
        };
        secrets.retain(|s| !s.is_empty());
        Client {
            agent: config.into(),
            base: base.trim_end_matches('/').to_owned(),
            authorization: match auth {
                Auth::None => None,
                Auth::Bearer(token) => Some(format!("Bearer {token}")),
                Auth::Basic(pair) => Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                )),
            },
            max_bytes,
            first_pause: Duration::from_secs(1),
            note,
            secrets,
        }
    }

    /// The `data` of a successful answer to `path` (`/api/v1/series`) with `form`.
    ///
    /// # Errors
    /// [`Failure::TooLarge`] when the server refuses the query for its size (or its answer is
    /// larger than the limit); [`Failure::Fatal`] for anything else, after the retries.
    pub fn post(&self, path: &str, form: &[(&str, String)]) -> Result<Value, Failure> {
        let url = format!("{}{path}", self.base);
        let mut pause = self.first_pause;
        let mut attempt = 1;
        loop {
            match self.once(&url, form) {
                Err(Attempt::Again {
                    reason,
                    retry_after,
                }) if attempt < ATTEMPTS => {
                    // A `Retry-After: 0` would spend every attempt at once.
                    let wait = retry_after
                        .unwrap_or(pause)
                        .clamp(self.first_pause, LONGEST_PAUSE);
                    (self.note)(&format!(
                        "{reason}; asking again in {} s (attempt {} of {ATTEMPTS})",
                        wait.as_secs(),
                        attempt + 1
                    ));
                    std::thread::sleep(wait);
                    pause = (pause * 2).min(LONGEST_PAUSE);
                    attempt += 1;
                }
                Err(Attempt::Again { reason, .. }) => {
                    return Err(Failure::Fatal {
                        message: format!("{reason}, {ATTEMPTS} times"),
                        hint: "try again later, or ask the server's operators about its load"
                            .to_owned(),
                    });
                }
                Err(Attempt::Failed(failure)) => return Err(failure),
                Ok(data) => return Ok(data),
            }
        }
    }

    /// One request and its answer.
    fn once(&self, url: &str, form: &[(&str, String)]) -> Result<Value, Attempt> {
        let mut request = self.agent.post(url);
        if let Some(value) = &self.authorization {
            request = request.header("Authorization", value);
        }
        let mut response = match request.send_form(form.iter().map(|(k, v)| (*k, v.as_str()))) {
            Ok(response) => response,
            Err(error) => return Err(transport(&error)),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        if matches!(status, 429 | 502 | 503 | 504) {
            return Err(Attempt::Again {
                reason: format!("the server answered HTTP {status} (busy)"),
                retry_after,
            });
        }
        let body = match response
            .body_mut()
            .with_config()
            .limit(self.max_bytes)
            .read_to_vec()
        {
            Ok(body) => body,
            Err(ureq::Error::BodyExceedsLimit(_)) => {
                return Err(Attempt::Failed(Failure::TooLarge(format!(
                    "the answer is larger than {} bytes",
                    self.max_bytes
                ))));
            }
            Err(error) => return Err(transport(&error)),
        };
        // The credentials are taken out of an error's body before it is cut short for the
        // message, where a cut secret would no longer be found.
        if status != 200 && !self.secrets.is_empty() {
            let mut text = String::from_utf8_lossy(&body).into_owned();
            for secret in &self.secrets {
                text = text.replace(secret.as_str(), "…");
            }
            return answer(status, text.as_bytes()).map_err(Attempt::Failed);
        }
        answer(status, &body).map_err(|failure| Attempt::Failed(self.redacted(failure)))
    }

    /// `failure` without the credentials, which a proxy may echo in the body it answers.
    fn redacted(&self, failure: Failure) -> Failure {
        let clean = |mut text: String| {
            for secret in &self.secrets {
                text = text.replace(secret.as_str(), "…");
            }
            text
        };
        match failure {
            Failure::TooLarge(reason) => Failure::TooLarge(clean(reason)),
            Failure::Fatal { message, hint } => Failure::Fatal {
                message: clean(message),
                hint,
            },
        }
    }
}

/// The outcome of one attempt that gave no data.
enum Attempt {
    /// Worth asking again: the server was busy or the connection dropped.
    Again {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// Asking again would not help.
    Failed(Failure),
}

/// What a transport error means: a dropped connection is asked again, anything else (no such
/// host, a refused connection, a certificate that does not verify) is reported.
fn transport(error: &ureq::Error) -> Attempt {
    match error {
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::ConnectionReset
                    | std::io::ErrorKind::ConnectionAborted
                    | std::io::ErrorKind::BrokenPipe
                    | std::io::ErrorKind::UnexpectedEof
                    | std::io::ErrorKind::TimedOut
            ) =>
        {
            Attempt::Again {
                reason: format!("the connection failed ({io})"),
                retry_after: None,
            }
        }
        ureq::Error::Timeout(_) => Attempt::Again {
            reason: "the server did not answer in time".to_owned(),
            retry_after: None,
        },
        other => Attempt::Failed(Failure::Fatal {
            message: format!("cannot be reached: {other}"),
            hint: "check the address (http:// or https://, host, port and any path prefix such as /prometheus), and that the server is running".to_owned(),
        }),
    }
}

/// The `data` of an answer with HTTP `status` and `body`, or why there is none.
fn answer(status: u16, body: &[u8]) -> Result<Value, Failure> {
    let value: Option<Value> = serde_json::from_slice(body).ok();
    let field = |name: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(name))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    if status == 200 && field("status").as_deref() == Some("success") {
        // Thanos and Mimir warn of a partial response (a store that did not answer): figures
        // from it would be short, so it is refused.
        // Prometheus 2.48 to 2.53 put informational notes there too ("PromQL info: metric might
        // not be a counter", of a counter not named `_total`), which say nothing of the data.
        let warnings: Vec<&str> = value
            .as_ref()
            .and_then(|v| v.get("warnings"))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .filter(|w| !w.starts_with("PromQL info:"))
            .collect();
        if !warnings.is_empty() {
            return Err(Failure::Fatal {
                message: format!(
                    "answered with warnings, so the data may be incomplete: {}",
                    crate::text::yaml::one_line(&warnings.join("; "))
                ),
                hint: "ask again when every store answers (Thanos: --query.partial-response off)"
                    .to_owned(),
            });
        }
        return value
            .and_then(|mut v| v.get_mut("data").map(Value::take))
            .ok_or_else(|| Failure::Fatal {
                message: "answered success without `data`".to_owned(),
                hint: "check that the address is a Prometheus-compatible HTTP API".to_owned(),
            });
    }
    let Some(error) = field("error") else {
        let text = String::from_utf8_lossy(&body[..body.len().min(200)]).into_owned();
        return Err(Failure::Fatal {
            message: format!(
                "answered HTTP {status} without a Prometheus API answer: {}",
                crate::text::yaml::one_line(&text)
            ),
            hint: match status {
                401 | 403 => "give credentials: --bearer-token-file or WATTPRINT_PROMETHEUS_TOKEN, --basic-auth-file or WATTPRINT_PROMETHEUS_BASIC_AUTH",
                404 => "check the address's path prefix (Mimir serves the API under /prometheus, Grafana Cloud under /api/prom)",
                _ => "check that the address is a Prometheus-compatible HTTP API",
            }
            .to_owned(),
        });
    };
    if too_large(&error) {
        return Err(Failure::TooLarge(error));
    }
    Err(Failure::Fatal {
        message: format!(
            "refused the query ({}): {error}",
            field("errorType").unwrap_or_else(|| format!("HTTP {status}"))
        ),
        hint: "check the --selector (label matchers such as job=\"dcgm\",cluster=\"prod\")"
            .to_owned(),
    })
}

/// Whether the server's `error` says the query asked for too much at once: Prometheus's
/// `--query.max-samples` ("query processing would load too many samples into memory"), and
/// the per-query limits of Thanos, Mimir and `VictoriaMetrics`, which name samples, series,
/// chunks or bytes.
fn too_large(error: &str) -> bool {
    let error = error.to_ascii_lowercase();
    error.contains("too many samples")
        || ((error.contains("exceed") || error.contains("limit"))
            && ["sample", "series", "chunk", "bytes", "points"]
                .iter()
                .any(|what| error.contains(what)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_success_gives_its_data() {
        let data = answer(200, br#"{"status":"success","data":[{"gpu":"0"}]}"#).unwrap();
        assert_eq!(data[0]["gpu"], "0");
    }

    #[test]
    fn a_partial_response_is_refused() {
        let body = br#"{"status":"success","data":{"resultType":"matrix","result":[]},"warnings":["partial response: store unavailable"]}"#;
        assert!(
            matches!(answer(200, body), Err(Failure::Fatal { message, .. }) if message.contains("partial response"))
        );
    }

    #[test]
    fn a_query_too_large_for_the_server_is_told_apart() {
        // Prometheus 2.42's answer to a range query above --query.max-samples.
        let body = br#"{"status":"error","errorType":"execution","error":"query processing would load too many samples into memory in query execution"}"#;
        assert!(matches!(answer(422, body), Err(Failure::TooLarge(_))));
        // Mimir's (its documentation's err-mimir-max-fetched-samples-per-query).
        assert!(too_large(
            "the query exceeded the maximum number of samples (limit: 50000000)"
        ));
        let body = br#"{"status":"error","errorType":"bad_data","error":"1:5: parse error: unexpected \"}\""}"#;
        assert!(
            matches!(answer(400, body), Err(Failure::Fatal { message, .. }) if message.contains("bad_data") && message.contains("parse error"))
        );
    }

    #[test]
    fn an_answer_not_from_an_api_names_its_status() {
        let failure = answer(404, b"404 page not found").unwrap_err();
        assert!(
            matches!(&failure, Failure::Fatal { message, hint } if message.contains("HTTP 404") && hint.contains("/prometheus")),
            "{failure:?}"
        );
    }

    #[test]
    fn credentials_never_print() {
        assert_eq!(
            format!("{:?}", Auth::Bearer("s3cret".to_owned())),
            "Bearer(…)"
        );
    }
}
