"""Forms are data (C5-C8): a spec file per form type, one loader, one validator.

A spec is TOML in ``caretui/forms/specs/<form type>.toml``::

    title = "Occupational Therapy Review"
    [[sections]]
    key = "review"
    title = "Review"
    [[sections.fields]]
    key = "outcome"
    label = "Outcome"
    type = "choice"            # text textarea date number money yesno choice multichoice
    options = ["Met", "Not met"]  # nhs_number postcode table info
    required = true
    shown_when = { field = "changes", equals = "Yes" }   # or in = [...]

Required fields are enforced when a form is completed (saving In Progress only checks
the format of what is typed); hidden fields are neither required nor kept. A spec error is
caught by ``tests/rules/test_form_specs.py``, never at a practitioner's desk.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from caretui.rules.form_types import FORM_TYPES
from caretui.rules.validation import (
    ValidationError,
    check_nhs_number,
    check_postcode,
    parse_date,
)

FIELD_TYPES = frozenset(
    {
        "text",
        "textarea",
        "date",
        "number",
        "money",
        "yesno",
        "choice",
        "multichoice",
        "nhs_number",
        "postcode",
        "table",
        "info",
    }
)
YES_NO = ("Yes", "No")


@dataclass(frozen=True)
class Condition:
    field: str
    equals: str | None = None
    among: tuple[str, ...] = ()

    def holds(self, answers: dict[str, Any]) -> bool:
        value = answers.get(self.field)
        values = value if isinstance(value, list) else [value]
        if self.equals is not None:
            return self.equals in values
        return any(v in self.among for v in values)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    type: str = "text"
    required: bool = False
    options: tuple[str, ...] = ()
    shown_when: Condition | None = None
    readonly: bool = False
    help: str = ""
    columns: tuple[Field, ...] = ()
    max_length: int | None = None

    @property
    def choices(self) -> tuple[str, ...]:
        return YES_NO if self.type == "yesno" else self.options


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[Field, ...]
    office_use_only: bool = False
    help: str = ""


@dataclass(frozen=True)
class FormSpec:
    key: str
    title: str
    description: str
    sections: tuple[Section, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(f for s in self.sections for f in s.fields)


def _field(raw: dict[str, Any]) -> Field:
    cond = raw.get("shown_when")
    condition = None
    if cond:
        condition = Condition(
            field=cond["field"], equals=cond.get("equals"), among=tuple(cond.get("in", ()))
        )
    return Field(
        key=raw["key"],
        label=raw["label"],
        type=raw.get("type", "text"),
        required=bool(raw.get("required", False)),
        options=tuple(raw.get("options", ())),
        shown_when=condition,
        readonly=bool(raw.get("readonly", False)),
        help=raw.get("help", ""),
        columns=tuple(_field(c) for c in raw.get("columns", ())),
        max_length=raw.get("max_length"),
    )


def _section(raw: dict[str, Any]) -> Section:
    if "include" in raw:  # a shared section, e.g. the Client Level Data one
        raw = shared_section(raw["include"])
    return Section(
        key=raw["key"],
        title=raw["title"],
        fields=tuple(_field(f) for f in raw.get("fields", ())),
        office_use_only=bool(raw.get("office_use_only", False)),
        help=raw.get("help", ""),
    )


@cache
def shared_section(name: str) -> dict[str, Any]:
    path = resources.files("caretui.forms") / "sections" / f"{name}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8"))


def parse_spec(key: str, text: str) -> FormSpec:
    raw = tomllib.loads(text)
    return FormSpec(
        key=key,
        title=raw["title"],
        description=raw.get("description", ""),
        sections=tuple(_section(s) for s in raw.get("sections", ())),
    )


@cache
def load_spec(key: str) -> FormSpec:
    path = resources.files("caretui.forms") / "specs" / f"{key}.toml"
    return parse_spec(key, path.read_text(encoding="utf-8"))


def spec_keys() -> list[str]:
    folder = resources.files("caretui.forms") / "specs"
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def all_specs() -> list[FormSpec]:
    return [load_spec(k) for k in spec_keys()]


def check_spec(spec: FormSpec) -> list[str]:
    """Every problem with a spec, in words a developer can act on."""
    problems: list[str] = []
    seen: set[str] = set()
    known = {t.key: t for t in FORM_TYPES}
    for section in spec.sections:
        if not section.fields:
            problems.append(f"section {section.key} has no fields")
        for f in section.fields:
            where = f"{spec.key}.{f.key}"
            if f.key in seen:
                problems.append(f"{where}: the key is used twice")
            if f.type not in FIELD_TYPES:
                problems.append(f"{where}: unknown type {f.type!r}")
            if f.type in ("choice", "multichoice") and not f.options:
                problems.append(f"{where}: a {f.type} needs options")
            if f.type == "table" and not f.columns:
                problems.append(f"{where}: a table needs columns")
            if f.shown_when is not None:
                if f.shown_when.field not in seen:
                    problems.append(
                        f"{where}: shown_when refers to {f.shown_when.field!r}, "
                        "which is not an earlier field"
                    )
                if f.shown_when.equals is None and not f.shown_when.among:
                    problems.append(f"{where}: shown_when needs equals or in")
            if f.readonly and f.required:
                problems.append(f"{where}: a read-only field cannot be required")
            seen.add(f.key)
    kind = known.get(spec.key)
    if kind is not None and kind.cld:
        office = [s for s in spec.sections if s.office_use_only]
        if not office:
            problems.append(f"{spec.key}: carries Client Level Data but has no Office Use Only")
        elif not any(f.required for s in office for f in s.fields):
            problems.append(f"{spec.key}: its Office Use Only section has no mandatory field")
    return problems


def visible_fields(spec: FormSpec, answers: dict[str, Any]) -> list[Field]:
    return [f for f in spec.fields if f.shown_when is None or f.shown_when.holds(answers)]


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def check_value(f: Field, value: Any, *, today: date) -> str | None:
    """The message for a badly typed answer, or None when it is acceptable."""
    if _blank(value):
        return None
    try:
        if f.type == "date":
            parse_date(str(value), today=today)
        elif f.type in ("number", "money"):
            number = float(str(value).replace(",", "").replace("£", ""))
            if number < 0:
                return "This cannot be negative."
        elif f.type == "nhs_number":
            check_nhs_number(str(value))
        elif f.type == "postcode":
            check_postcode(str(value))
        elif f.type in ("choice", "yesno") and value not in f.choices:
            return f"Choose one of: {', '.join(f.choices)}."
        elif f.type == "multichoice":
            wrong = [v for v in value if v not in f.options]
            if wrong:
                return f"Not an option: {', '.join(map(str, wrong))}."
        elif f.type == "table":
            if not isinstance(value, list):
                return "This table's rows could not be read."
        elif f.max_length and len(str(value)) > f.max_length:
            return f"Keep this to {f.max_length} characters."
    except ValidationError as exc:
        return str(exc)
    except ValueError:
        return "Type a number, e.g. 12 or 12.50."
    return None


def validate(
    spec: FormSpec, answers: dict[str, Any], *, completing: bool, today: date
) -> dict[str, str]:
    """Messages by field key: formats always, required fields when completing."""
    problems: dict[str, str] = {}
    for f in visible_fields(spec, answers):
        value = answers.get(f.key)
        message = check_value(f, value, today=today)
        if message is None and completing and f.required and _blank(value):
            message = f"{f.label} is required before the form can be completed."
        if message:
            problems[f.key] = message
    return problems


def missing_before_complete(spec: FormSpec, answers: dict[str, Any]) -> list[Field]:
    return [f for f in visible_fields(spec, answers) if f.required and _blank(answers.get(f.key))]


__all__ = [
    "Condition",
    "Field",
    "FormSpec",
    "Section",
    "all_specs",
    "check_spec",
    "load_spec",
    "missing_before_complete",
    "validate",
    "visible_fields",
]
