"""mkdocs hooks (mkdocs.yml `hooks:`): publish docs/generated/ at the site's root, with its nav.

`playbook docs build` writes the generated pages and `nav.json` into docs/generated/; these hooks
let `mkdocs build` and `mkdocs serve` alone give the same site as `playbook docs build`.
"""

from __future__ import annotations

import json
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

GENERATED = "generated"
NAV_FILE = "nav.json"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    nav_file = Path(config.docs_dir) / GENERATED / NAV_FILE
    if not nav_file.is_file():
        raise PluginError(
            f"{nav_file.parent} holds no generated pages: run `playbook docs build` first"
        )
    config.nav = json.loads(nav_file.read_text(encoding="utf-8"))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    generated_dir = Path(config.docs_dir) / GENERATED
    prefix = GENERATED + "/"
    for file in list(files):
        if not file.src_uri.startswith(prefix):
            continue
        files.remove(file)
        published = file.src_uri.removeprefix(prefix)
        if published == NAV_FILE:
            continue
        if files.get_file_from_path(published) is not None:
            raise PluginError(f"docs/{published} is hand-written and generated too: rename it")
        files.append(
            File(published, str(generated_dir), config.site_dir, config.use_directory_urls)
        )
    return files
