"""One settings module owns TALLY_HOME, the data folder and config.toml."""

from __future__ import annotations

import ast
from pathlib import Path

import platformdirs
import pytest

from assistant.app.review import reviewer_name
from assistant.core.errors import ConfigError
from assistant.core.settings import config_path, data_dir, read_table
from assistant.llm.config import resolve_settings
from store.location import resolve_location

ROOT = Path(__file__).resolve().parent.parent


def test_tally_home_else_the_user_data_folder(tmp_path: Path) -> None:
    assert data_dir({"TALLY_HOME": str(tmp_path)}) == tmp_path
    assert data_dir({"TALLY_HOME": "  "}) == Path(platformdirs.user_data_dir("tally"))
    assert config_path({}) == Path(platformdirs.user_data_dir("tally")) / "config.toml"


def test_store_llm_and_review_read_one_home_and_one_file(tmp_path: Path) -> None:
    env = {"TALLY_HOME": str(tmp_path), "USER": "someone"}
    (tmp_path / "config.toml").write_text(
        '[llm]\nprovider = "openai"\nbase_url = "http://127.0.0.1:9/v1"\n'
        '[review]\nname = "Desk Two"\n',
        "utf-8",
    )
    assert resolve_location(None, env=env).path == data_dir(env) / "store"
    assert resolve_settings(env=env).base_url == "http://127.0.0.1:9/v1"
    assert reviewer_name(None, env) == "Desk Two"
    assert read_table("review", config_path(env)) == {"name": "Desk Two"}
    (tmp_path / "config.toml").write_text("llm = 3\n", "utf-8")
    with pytest.raises(ConfigError, match=r"\[llm\] must be a table"):
        read_table("llm", config_path(env))


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_other_module_resolves_the_data_folder_or_reads_config_toml() -> None:
    owners = [
        p.relative_to(ROOT).as_posix()
        for folder in ("assistant", "store")
        for p in sorted((ROOT / folder).rglob("*.py"))
        if _imports(p) & {"platformdirs", "tomllib"}
    ]
    assert owners == ["assistant/core/settings.py"]
