//! `key`: the API key in the OS keychain, set, deleted or reported.

use super::*;

pub(super) fn key(action: KeyAction) -> Result<(), Failure> {
    let keychain = Keychain::os();
    match action {
        KeyAction::Set { base_url } => {
            let mut text = String::new();
            std::io::stdin()
                .take(64 * 1024)
                .read_to_string(&mut text)
                .map_err(|e| Failure(format!("could not read the key from stdin: {e}")))?;
            let key = ApiKey::new(&text)?;
            let account = account_for_checked(&base_url)?;
            match keychain.set(&account, &key)? {
                Stored::Keychain => eprintln!("Saved the key for {account} in the keychain."),
                Stored::Memory => {
                    return Err(Failure(format!(
                        "no keychain is available ({}): the key was not stored. Set {} instead.",
                        keychain.unavailable_reason().unwrap_or("unknown reason"),
                        secrets::ENV_VAR
                    )));
                }
            }
        }
        KeyAction::Delete { base_url } => {
            let account = account_for_checked(&base_url)?;
            if keychain.delete(&account)? {
                eprintln!("Deleted the key for {account}.");
            } else {
                eprintln!("No key was stored for {account}.");
            }
        }
        KeyAction::Status { base_url } => {
            let account = account_for_checked(&base_url)?;
            let env = std::env::var(secrets::ENV_VAR).ok();
            let stored = keychain.get(&account)?;
            if env.as_deref().is_some_and(|v| ApiKey::new(v).is_ok()) {
                println!(
                    "{account}: {} is set and is used (it overrides the keychain).",
                    secrets::ENV_VAR
                );
            }
            match (stored, keychain.unavailable_reason()) {
                (Some(_), _) => println!("{account}: a key is stored in the keychain."),
                (None, Some(reason)) => println!("{account}: no keychain is available ({reason})."),
                (None, None) => println!("{account}: no key is stored in the keychain."),
            }
        }
    }
    Ok(())
}

pub(super) fn account_for_checked(base_url: &str) -> Result<String, Failure> {
    Ok(api::normalize_base_url(base_url)?)
}
