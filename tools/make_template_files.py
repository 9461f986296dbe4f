"""Write the bundled templates (domain.templates) as the TOML files shipped to copy from:
src/reviewtui/templates/<id>.toml. Run after changing a bundled template; the tests check that the
files are what this writes, and that each reads back as the template through the users' check."""

from __future__ import annotations

import json
import sys

from reviewtui.domain.templates import BUNDLED_TEMPLATES, Template
from reviewtui.store.template_catalogue import bundled_file


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a TOML basic string


def template_toml(template: Template) -> str:
    """The TOML text of a bundled template, with a note on making one's own from it."""
    lines = [
        f"# The {template.name} template, shipped with reviewtui. Copy it to your config folder's",
        "# templates/ (or a --templates-dir) under a new file name to make one of your own: the file",
        "# name (without .toml) is the template's id.",
        "",
        f"name = {_quoted(template.name)}",
        f"description = {_quoted(template.description)}",
        "",
    ]
    for parameter in template.parameters:
        lines += ["[[parameters]]", f"name = {_quoted(parameter.name)}", f"label = {_quoted(parameter.label)}"]
        lines.append(f"kind = {_quoted(parameter.kind)}  # text, date or amount")
        lines += [f"help = {_quoted(parameter.help)}"] if parameter.help else []
        lines.append("")
    for phase in template.phases:
        lines += ["[[phases]]", f"id = {_quoted(phase.id)}", f"title = {_quoted(phase.title)}"]
        lines += [f"kind = {_quoted(phase.kind)}", f"purpose = {_quoted(phase.purpose)}"]
        if phase.questions:
            lines += ["questions = [", *(f"    {_quoted(q)}," for q in phase.questions), "]"]
        lines += [f"minutes = {phase.minutes}", ""]
    return "\n".join(lines).rstrip() + "\n"


def main() -> int:
    for template_id, template in BUNDLED_TEMPLATES.items():
        bundled_file(template_id).write_text(template_toml(template), encoding="utf-8")
    print(f"wrote {len(BUNDLED_TEMPLATES)} template files to {bundled_file('x').parent}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
