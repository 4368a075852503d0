"""Where Tally keeps its data and settings: $TALLY_HOME, else the user data folder."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs

from assistant.core.errors import ConfigError

APP_NAME = "tally"
ENV_HOME = "TALLY_HOME"
CONFIG_FILE = "config.toml"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """Tally's data directory: $TALLY_HOME, else the platform's user data folder."""
    env = os.environ if env is None else env
    home = env.get(ENV_HOME, "").strip()
    return Path(home).expanduser() if home else Path(platformdirs.user_data_dir(APP_NAME))


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """The config file: config.toml in the data directory."""
    return data_dir(env) / CONFIG_FILE


def load_config(path: Path) -> dict[str, Any]:
    """The whole config file, {} when there is none; an unreadable one is a ConfigError."""
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the config file: {e}") from e


def read_table(name: str, path: Path | None = None) -> dict[str, Any]:
    """One table of the config file (`[llm]`, `[review]`), {} when the file or table is absent."""
    path = config_path() if path is None else path
    table = load_config(path).get(name, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [{name}] must be a table")
    return table
