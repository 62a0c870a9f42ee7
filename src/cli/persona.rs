//! `persona pull` and `persona push`: a saved persona into a preset, and a preset's settings
//! into a saved persona, with the diff shown first and a guard before anything is written.

use super::*;
use crate::core::environment;
use crate::core::persona::{self, Plan};
use std::io::{BufRead, IsTerminal};

pub(super) fn run(action: PersonaAction) -> Result<(), Failure> {
    match action {
        PersonaAction::Pull {
            id,
            out,
            base_url,
            timeout,
        } => pull(&id, out.as_deref(), &base_url, timeout),
        PersonaAction::Push {
            preset,
            id,
            yes,
            confirm_name,
            dry_run,
            base_url,
            timeout,
        } => push(
            &preset,
            id.as_deref(),
            Confirm {
                yes,
                name: confirm_name,
                dry_run,
            },
            &base_url,
            timeout,
        ),
    }
}

fn pull(id: &str, out: Option<&Path>, base_url: &str, timeout: u64) -> Result<(), Failure> {
    let (key, client, runtime) = connect(base_url, timeout)?;
    let detail = runtime.block_on(client.persona(&key, id))?;
    let body = detail.to_ephemeral_body();
    match out {
        None => {
            std::io::stdout()
                .lock()
                .write_all(body.to_pretty().as_bytes())?;
        }
        Some(path) => {
            preset::save_new(path, &body).map_err(|e| {
                if preset::is_taken(&e) {
                    Failure(format!(
                        "{} already exists: choose another file, or remove it first.",
                        shown_path(path)
                    ))
                } else {
                    Failure(e.to_string())
                }
            })?;
            eprintln!(
                "Wrote persona \"{}\" ({}) to {}.",
                terminal_text(&detail.summary.name),
                shown(&detail.summary.id),
                shown_path(path)
            );
        }
    }
    Ok(())
}

/// How a push is confirmed.
struct Confirm {
    yes: bool,
    name: Option<String>,
    dry_run: bool,
}

fn push(
    path: &Path,
    id: Option<&str>,
    confirm: Confirm,
    base_url: &str,
    timeout: u64,
) -> Result<(), Failure> {
    let body: RequestBody = handoff::upgrade_older(path, preset::load(path)?);
    // Check the preset before asking the API anything.
    persona::settings(&body)?;
    let (key, client, runtime) = connect(base_url, timeout)?;
    let plan = match id {
        Some(id) => persona::plan_update(&body, &runtime.block_on(client.persona(&key, id))?)?,
        None => persona::plan_create(&body)?,
    };
    let production = api::normalize_base_url(base_url)? == environment::PRODUCTION_URL;
    let env_name = environment_for(base_url)
        .0
        .map_or_else(|| base_url.to_string(), |e| e.name);
    std::io::stdout()
        .lock()
        .write_all(plan.describe(&env_name).as_bytes())?;
    if confirm.dry_run {
        eprintln!("Dry run: nothing was sent.");
        return Ok(());
    }
    let Some(request) = plan.push() else {
        eprintln!("Nothing to push: the persona already has these settings.");
        return Ok(());
    };
    guard(&plan, &confirm, production, &env_name)?;
    let saved = runtime.block_on(client.push_persona(&key, &request))?;
    let done = match plan.target {
        persona::Target::Create => "Created",
        persona::Target::Update { .. } => "Updated",
    };
    println!(
        "{done} persona {} (\"{}\") in {}.",
        shown(&saved.summary.id),
        terminal_text(&saved.summary.name),
        shown(&env_name)
    );
    Ok(())
}

/// The confirmation: `--yes`, else a question on a terminal (refused when there is none). In
/// Production the persona's name must be typed, or given with `--confirm-name`.
fn guard(plan: &Plan, confirm: &Confirm, production: bool, env_name: &str) -> Result<(), Failure> {
    let phrase = plan.guard_phrase();
    if confirm.yes {
        if !production {
            return Ok(());
        }
        return match &confirm.name {
            Some(typed) => persona::confirm_typed(typed, &phrase).map_err(Failure),
            None => Err(Failure(format!(
                "Production needs the persona's name as well as --yes: pass --confirm-name \"{phrase}\", or leave out --yes and type it when asked; nothing was pushed."
            ))),
        };
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure(
            "Not on a terminal, so nothing was pushed: check the diff (--dry-run), then pass --yes to push without asking.".into(),
        ));
    }
    let question = if production {
        format!(
            "Type the persona's name (\"{}\") to write it to Production: ",
            shown(&phrase)
        )
    } else {
        format!(
            "Push these changes to {}? Type yes to go on: ",
            shown(env_name)
        )
    };
    eprint!("{question}");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    if production {
        persona::confirm_typed(&answer, &phrase).map_err(Failure)
    } else if answer.trim().eq_ignore_ascii_case("yes") || answer.trim().eq_ignore_ascii_case("y") {
        Ok(())
    } else {
        Err(Failure("Not confirmed: nothing was pushed.".into()))
    }
}
