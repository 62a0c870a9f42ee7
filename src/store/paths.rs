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
    std::env::var_os("ANAM_STUDIO_PRESETS")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs().map(|d| d.data_dir().join("presets")))
        .unwrap_or_else(|| PathBuf::from("presets"))
}

/// The settings file: `ANAM_STUDIO_CONFIG` if set, else `config.json` in the config folder.
pub fn config_path() -> PathBuf {
    std::env::var_os("ANAM_STUDIO_CONFIG")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
        .or_else(|| dirs().map(|d| d.config_dir().join("config.json")))
        .unwrap_or_else(|| PathBuf::from("anam-studio-config.json"))
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
