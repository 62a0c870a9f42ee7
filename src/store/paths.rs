//! Where the app keeps its files: one root per kind of file, the platform's usual one, asked of
//! `directories` in this one place (so the presets, the settings, the caches and the window's
//! own state never end up under two roots).
//!
//! | | Linux | macOS | Windows |
//! |---|---|---|---|
//! | presets, window state | `~/.local/share/anam-studio` | `~/Library/Application Support/ai.Anam.anam-studio` | `%APPDATA%\Anam\anam-studio\data` |
//! | settings (`config.json`) | `~/.config/anam-studio` | `~/Library/Application Support/ai.Anam.anam-studio` | `%APPDATA%\Anam\anam-studio\config` |
//! | caches (catalogs, SDK) | `~/.cache/anam-studio` | `~/Library/Caches/ai.Anam.anam-studio` | `%LOCALAPPDATA%\Anam\anam-studio\cache` |

use directories::ProjectDirs;
use std::path::PathBuf;

fn dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("ai", "Anam", "anam-studio")
}

/// The presets folder: `ANAM_STUDIO_PRESETS` if set, else `presets` in the data folder.
pub fn presets_dir() -> PathBuf {
    from_env_or(
        "ANAM_STUDIO_PRESETS",
        |d| d.data_dir().join("presets"),
        "presets",
    )
}

/// Whether `ANAM_STUDIO_PRESETS` names the presets folder (it wins over the one in Settings).
pub fn presets_dir_from_env() -> bool {
    std::env::var_os("ANAM_STUDIO_PRESETS").is_some_and(|p| !p.is_empty())
}

/// The presets folder the command line uses: `ANAM_STUDIO_PRESETS`, else the one chosen in
/// Settings (`config`'s), else the app's own.
pub fn presets_dir_with(config: Option<PathBuf>) -> PathBuf {
    match presets_dir_from_env() {
        true => presets_dir(),
        false => config.unwrap_or_else(presets_dir),
    }
}

/// The settings file: `ANAM_STUDIO_CONFIG` if set, else `config.json` in the config folder.
pub fn config_path() -> PathBuf {
    from_env_or(
        "ANAM_STUDIO_CONFIG",
        |d| d.config_dir().join("config.json"),
        "anam-studio-config.json",
    )
}

/// The path the variable `var` names, else `in_dirs` of the platform's folders, else `fallback`
/// (a system with no home folder) in the working folder.
fn from_env_or(
    var: &str,
    in_dirs: impl FnOnce(&ProjectDirs) -> PathBuf,
    fallback: &str,
) -> PathBuf {
    std::env::var_os(var)
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs().as_ref().map(in_dirs))
        .unwrap_or_else(|| PathBuf::from(fallback))
}

/// A folder of the cache: `catalogs`, `sdk`.
pub fn cache_dir(name: &str) -> Option<PathBuf> {
    dirs().map(|d| d.cache_dir().join(name))
}

/// The window's own state (size, last preset, environment), beside the presets. On Linux this
/// is where eframe would put it anyway; on Windows and macOS eframe's own choice would be a
/// second root (`%APPDATA%\anam-studio`).
pub fn window_state_file() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().join("app.ron"))
}
