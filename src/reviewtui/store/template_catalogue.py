"""Every template a session can start from: the bundled ones, the user's config folder's
`templates/`, and `--templates-dir`; a later one of the same id wins. A broken file is named
(file, field, reason) and left out; it never stops anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from reviewtui.domain.templates import BUNDLED_TEMPLATES, Template, register_templates
from reviewtui.store.safe_read import NotAFile, read_capped

BUNDLED, USER, TEMPLATES_DIR = "bundled", "user", "--templates-dir"
_MAX_BYTES = 64 * 1024
"""A template is a page of TOML; anything bigger is not one (and is never read whole)."""


@dataclass(frozen=True)
class LoadedTemplate:
    template: Template
    source: str
    """`bundled`, `user` (the config folder) or `--templates-dir`."""
    path: str


@dataclass
class Catalogue:
    templates: dict[str, LoadedTemplate] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    """`file: field: reason`, one per problem."""


def bundled_file(template_id: str) -> Path:
    """The TOML copy of a bundled template, shipped in the package to copy from (the app itself
    uses the constants in domain.templates, which the tests hold equal to these files)."""
    return Path(__file__).resolve().parents[1] / "templates" / f"{template_id}.toml"


def user_folder() -> Path:
    """Where a team's own template files go. Not created here: only read if it exists."""
    return platformdirs.user_config_path("reviewtui") / "templates"


def load_templates(templates_dir: Path | None = None, *, register: bool = True) -> Catalogue:
    """The templates, bundled first; with `register`, the team's are offered from now on
    (domain.templates.TEMPLATES)."""
    catalogue = Catalogue()
    for template_id, template in BUNDLED_TEMPLATES.items():
        catalogue.templates[template_id] = LoadedTemplate(template, BUNDLED, str(bundled_file(template_id)))
    folders = [(USER, user_folder())]
    if templates_dir is not None:
        if not templates_dir.is_dir():
            catalogue.problems.append(f"{templates_dir}: --templates-dir: no such folder")
        elif templates_dir.resolve() != user_folder().resolve():
            folders.append((TEMPLATES_DIR, templates_dir))
    for source, path in folders:
        _load_folder(catalogue, source, path)
    if register:
        register_templates({k: v.template for k, v in catalogue.templates.items() if v.source != BUNDLED})
    return catalogue


def _load_folder(catalogue: Catalogue, source: str, folder: Path) -> None:
    from reviewtui.domain.template_spec import TEMPLATE_ID, TemplateInvalid, template_from_toml

    try:
        entries = sorted(e for e in folder.iterdir() if e.name.endswith(".toml") and not e.name.startswith("."))
    except OSError:  # a missing folder is the usual case: no templates of one's own
        return
    import re

    for entry in entries:
        template_id = entry.name.removesuffix(".toml")
        if not re.fullmatch(TEMPLATE_ID, template_id):
            catalogue.problems.append(
                f"{entry}: file name: {template_id!r} is not a template id (lower-case letters, digits, dashes)"
            )
            continue
        try:
            data = read_capped(entry, _MAX_BYTES) or b""
            template = template_from_toml(data.decode("utf-8"), template_id)
        except NotAFile as problem:
            catalogue.problems.append(f"{entry}: file: {problem.reason}: not a template file")
            continue
        except UnicodeDecodeError:
            catalogue.problems.append(f"{entry}: file: not UTF-8 text")
            continue
        except OSError as problem:
            catalogue.problems.append(f"{entry}: file: cannot be read: {problem.strerror or problem}")
            continue
        except TemplateInvalid as invalid:
            catalogue.problems += [f"{entry}: {where}: {reason}" for where, reason in invalid.problems]
            continue
        catalogue.templates[template_id] = LoadedTemplate(template, source, str(entry))
