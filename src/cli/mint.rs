//! `validate`, `decode` and `mint`: files checked, tokens read, tokens minted (`demo` mints
//! here too).

use super::*;

pub(super) fn validate_files(files: &[PathBuf]) -> ExitCode {
    let mut any_errors = false;
    for file in files {
        match preset::load_with_bytes(file) {
            Err(e) => {
                any_errors = true;
                eprintln!("{}", shown(&e.to_string()));
            }
            Ok((body, bytes)) => {
                let body = handoff::upgrade_older(file, body);
                report_duplicates(file, &bytes);
                let problems = validate::validate(&body.into_value());
                for p in &problems {
                    let path = if p.path.is_empty() { "body" } else { &p.path };
                    let tag = if p.is_error() { "" } else { "warning: " };
                    eprintln!(
                        "{}: {}: {tag}{}",
                        shown_path(file),
                        shown(path),
                        shown(&p.message)
                    );
                }
                if validate::has_errors(&problems) {
                    any_errors = true;
                } else {
                    println!("{}: valid", shown_path(file));
                }
            }
        }
    }
    if any_errors {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// How many keys written twice `validate` lists for a file; the rest are counted.
const DUPLICATES_LISTED: usize = 5;

/// The keys written twice in `bytes` (the file's text): the first few, then how many more.
fn report_duplicates(file: &Path, bytes: &[u8]) {
    let found = crate::core::contract::duplicates::duplicate_keys(bytes);
    for d in found.iter().take(DUPLICATES_LISTED) {
        eprintln!("{}: {}: warning: {d}", shown_path(file), shown(&d.path()));
    }
    if let Some(more) = found
        .len()
        .checked_sub(DUPLICATES_LISTED)
        .filter(|&n| n > 0)
    {
        eprintln!(
            "{}: warning: {more} more keys appear twice; only the first {DUPLICATES_LISTED} are listed.",
            shown_path(file)
        );
    }
}

pub(super) fn decode(token: Option<String>) -> Result<(), Failure> {
    let token = match token.as_deref() {
        None | Some("-") => {
            // Read a little past the limit (a trailing newline is fine); reaching the cap means
            // the token is longer than that, and how much longer is not known (nor read).
            let cap = jwt::MAX_TOKEN_LEN as u64 + 64;
            let mut text = String::new();
            std::io::stdin()
                .take(cap)
                .read_to_string(&mut text)
                .map_err(|e| Failure(format!("could not read the token from stdin: {e}")))?;
            if text.len() as u64 >= cap {
                return Err(Failure(format!(
                    "not a JWT: the token on stdin is longer than {} bytes; a session token is at most {}",
                    jwt::MAX_TOKEN_LEN,
                    jwt::MAX_TOKEN_LEN
                )));
            }
            text
        }
        Some(t) => t.to_string(),
    };
    let decoded = jwt::decode(&token).map_err(|e| Failure(format!("not a JWT: {e}")))?;
    print_json(&decoded.to_json())
}

pub(super) fn mint(
    path: &Path,
    base_url: &str,
    timeout: u64,
    json: bool,
    no_validate: bool,
) -> Result<(), Failure> {
    let minted = mint_token(path, base_url, timeout, no_validate)?;
    if json {
        let mut out = serde_json::json!({ "token": minted.token });
        if let (Some(map), serde_json::Value::Object(parts)) =
            (out.as_object_mut(), minted.jwt.to_json())
        {
            map.extend(parts);
        }
        print_json(&out)
    } else {
        let mut stdout = std::io::stdout().lock();
        writeln!(stdout, "{}", minted.token)?;
        Ok(())
    }
}

/// Loads and checks the preset, then mints with the resolved key (`mint` and `demo`).
pub(super) fn mint_token(
    path: &Path,
    base_url: &str,
    timeout: u64,
    no_validate: bool,
) -> Result<api::Minted, Failure> {
    let body: RequestBody = handoff::upgrade_older(path, preset::load(path)?);
    let body = body.into_value();
    if !no_validate {
        let problems = validate::validate(&body);
        let errors: Vec<_> = problems.iter().filter(|p| p.is_error()).collect();
        if !errors.is_empty() {
            for p in &errors {
                eprintln!("{}: {}", shown_path(path), shown(&p.to_string()));
            }
            return Err(Failure(format!(
                "{} has {} validation error{}; fix them, or pass --no-validate to send it anyway.",
                shown_path(path),
                errors.len(),
                if errors.len() == 1 { "" } else { "s" }
            )));
        }
    }
    let body = with_label(path, body, base_url)?;
    let (key, client, runtime) = connect(base_url, timeout)?;
    Ok(runtime.block_on(client.mint(&key, &body))?)
}

/// The body with the environment's `clientLabel` template filled in (config.json), unless the
/// preset has a label of its own; the label goes to stderr so the session can be found later.
fn with_label(
    path: &Path,
    body: serde_json::Value,
    base_url: &str,
) -> Result<serde_json::Value, Failure> {
    use crate::core::label::{self, LabelContext};
    let (Some(env), config) = environment_for(base_url) else {
        return Ok(body);
    };
    let Some(template) = config.label_template(&env.name) else {
        return Ok(body);
    };
    let serde_json::Value::Object(map) = body else {
        return Ok(body);
    };
    let preset_name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let user = ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|u| !u.trim().is_empty()))
        .unwrap_or_default();
    let ctx = LabelContext {
        preset: preset_name,
        user,
        env: env.name.clone(),
        time: chrono::Utc::now(),
    };
    let (sent, label) =
        label::apply(&RequestBody::from_map(map), Some(template), &ctx).map_err(|e| {
            Failure(format!(
                "{e} (the {} environment, in config.json)",
                env.name
            ))
        })?;
    if let Some(label) = label {
        eprintln!("Client label: {}", shown(&label));
    }
    Ok(sent.into_value())
}
