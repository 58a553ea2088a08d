"""Forms are data (C5-C8): a spec file per form type, one loader, one validator.

A spec is TOML in ``caretui/forms/specs/<form type>.toml``, one per key of
:data:`caretui.rules.form_types.FORM_TYPES`::

    title = "Occupational Therapy Review"
    description = "What the review is for, in a sentence."
    calculator = "indicative_budget"        # optional: a live figure shown on the form

    [[sections]]
    key = "review"
    title = "Review"
    help = "Shown under the section title."

    [[sections.fields]]
    key = "outcome"                 # snake_case, unique in the form; the stored answer's name
    label = "Outcome"
    type = "choice"                 # see form_spec_check.FIELD_TYPES
    options = ["Met", "Not met"]    # or [{ value = "2", label = "2: Moderate" }, ...]
    required = true                 # enforced when the form is completed
    shown_when = { field = "changes", equals = "Yes" }   # or { field = "x", in = ["A", "B"] }
    help = "A hint under the field."
    max_length = 200                # text and textarea
    min = 0                         # number: the smallest and largest sensible values
    max = 100
    default = "Review"              # filled in on a new form; the practitioner may change it
    prefill = "person.nhs_number"   # from the record (form_spec_check.PREFILL_SOURCES)
    readonly = true                 # with prefill: locked when the record supplies a value;
                                    # on a table column: filled by the host's lookup, never typed
    columns = [ { key = "goal", label = "Goal", type = "text", required = true } ]  # tables

    [[sections]]
    include = "cld"                 # a shared section from caretui/forms/sections/cld.toml
    defaults = { cld_event_type = "Assessment" }

Saving In Progress only checks the format of what is typed; completing also needs every
required field that is shown. A hidden field (its ``shown_when`` not met) is neither
required nor checked, and its answer is not kept. Spec mistakes are caught by
:func:`caretui.rules.form_spec_check.check_spec` in the test suite, never at a
practitioner's desk. How an answer is stored, shown and prefilled is in
:mod:`caretui.rules.form_answers`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from caretui.rules.validation import (
    ValidationError,
    check_email,
    check_nhs_number,
    check_phone,
    check_postcode,
    parse_date,
    parse_datetime,
    parse_money,
    parse_number,
)

__all__ = [
    "CHOICE_TYPES",
    "KEY_PATTERN",
    "YES_NO",
    "Condition",
    "Field",
    "FormSpec",
    "Section",
    "SpecError",
    "all_specs",
    "check_value",
    "is_blank",
    "load_spec",
    "missing_before_complete",
    "parse_spec",
    "spec_keys",
    "validate",
    "visible_fields",
]

CHOICE_TYPES = frozenset({"choice", "multichoice", "yesno"})
YES_NO = ("Yes", "No")

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
"""What a key looks like: of a spec file, a field or a table column."""
_FIELD_KEYS = frozenset(
    {
        "key",
        "label",
        "type",
        "required",
        "options",
        "shown_when",
        "readonly",
        "prefill",
        "default",
        "help",
        "columns",
        "max_length",
        "min",
        "max",
    }
)
_SECTION_KEYS = frozenset({"key", "title", "fields", "office_use_only", "help"})
_SPEC_KEYS = frozenset({"title", "description", "sections", "calculator"})


class SpecError(ValueError):
    """A spec file that cannot be read at all; the message names the file and the place."""


# --- the shape of a spec ----------------------------------------------------------------------


@dataclass(frozen=True)
class Condition:
    """``shown_when``: the field appears only when an earlier field has one of these answers."""

    field: str
    equals: str | None = None
    among: tuple[str, ...] = ()

    @property
    def values(self) -> tuple[str, ...]:
        return (self.equals,) if self.equals is not None else self.among

    def holds(self, value: Any) -> bool:
        """Whether an answer meets the condition; a multichoice meets it if any ticked one does."""
        if is_blank(value):
            return False
        answers = value if isinstance(value, list) else [value]
        return any(str(a) in self.values for a in answers)


@dataclass(frozen=True)
class Field:
    """One question. ``columns`` are the cells of each row when ``type`` is ``table``."""

    key: str
    label: str
    type: str = "text"
    required: bool = False
    options: tuple[str, ...] = ()
    option_labels: tuple[tuple[str, str], ...] = ()
    shown_when: Condition | None = None
    readonly: bool = False
    prefill: str | None = None
    default: str | None = None
    help: str = ""
    columns: tuple[Field, ...] = ()
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    unknown_settings: tuple[str, ...] = ()

    @property
    def choices(self) -> tuple[str, ...]:
        """The values a choice may take: the options, or Yes and No."""
        return YES_NO if self.type == "yesno" else self.options

    def option_label(self, value: Any) -> str:
        """What a practitioner reads for a stored option value."""
        text = str(value)
        return dict(self.option_labels).get(text, text)

    @property
    def holds_answer(self) -> bool:
        return self.type != "info"


@dataclass(frozen=True)
class Section:
    """A step of the form; ``office_use_only`` marks the Client Level Data section."""

    key: str
    title: str
    fields: tuple[Field, ...]
    office_use_only: bool = False
    help: str = ""
    unknown_settings: tuple[str, ...] = ()


@dataclass(frozen=True)
class FormSpec:
    key: str
    title: str
    description: str
    sections: tuple[Section, ...]
    calculator: str | None = None
    unknown_settings: tuple[str, ...] = ()

    @property
    def fields(self) -> tuple[Field, ...]:
        """Every question in order, section after section."""
        return tuple(f for s in self.sections for f in s.fields)

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(f"{self.key} has no field {key!r}")

    def section_of(self, key: str) -> int:
        """The index of the section holding a field."""
        for index, section in enumerate(self.sections):
            if any(f.key == key for f in section.fields):
                return index
        raise KeyError(f"{self.key} has no field {key!r}")


# --- reading spec files -----------------------------------------------------------------------


def _options(raw: Any, where: str) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    values: list[str] = []
    labels: list[tuple[str, str]] = []
    for item in raw or ():
        if isinstance(item, dict):
            if "value" not in item:
                raise SpecError(f"{where}: an option table needs a value")
            value = str(item["value"])
            labels.append((value, str(item.get("label", value))))
        else:
            value = str(item)
        values.append(value)
    return tuple(values), tuple(labels)


def _condition(raw: Any, where: str) -> Condition | None:
    if not raw:
        return None
    if not isinstance(raw, dict) or "field" not in raw:
        raise SpecError(
            f"{where}: shown_when needs a field, e.g. {{ field = 'x', equals = 'Yes' }}"
        )
    equals = raw.get("equals")
    return Condition(
        field=str(raw["field"]),
        equals=None if equals is None else str(equals),
        among=tuple(str(v) for v in raw.get("in", ())),
    )


def _number(raw: Any, name: str, where: str) -> float | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise SpecError(f"{where}: {name} must be a number")
    return float(raw)


def _field(raw: Any, where: str) -> Field:
    if not isinstance(raw, dict) or "key" not in raw or "label" not in raw:
        raise SpecError(f"{where}: every field needs a key and a label")
    where = f"{where}.{raw['key']}"
    options, labels = _options(raw.get("options"), where)
    max_length = raw.get("max_length")
    default = raw.get("default")
    return Field(
        key=str(raw["key"]),
        label=str(raw["label"]),
        type=str(raw.get("type", "text")),
        required=bool(raw.get("required", False)),
        options=options,
        option_labels=labels,
        shown_when=_condition(raw.get("shown_when"), where),
        readonly=bool(raw.get("readonly", False)),
        prefill=raw.get("prefill"),
        default=None if default is None else str(default),
        help=str(raw.get("help", "")),
        columns=tuple(_field(c, where) for c in raw.get("columns", ())),
        max_length=None if max_length is None else int(max_length),
        minimum=_number(raw.get("min"), "min", where),
        maximum=_number(raw.get("max"), "max", where),
        unknown_settings=tuple(sorted(set(raw) - _FIELD_KEYS)),
    )


@cache
def _shared_section_text(name: str) -> str:
    path = resources.files("caretui.forms") / "sections" / f"{name}.toml"
    if not path.is_file():
        raise SpecError(f"there is no shared section {name!r} (caretui/forms/sections)")
    return path.read_text(encoding="utf-8")


def _section(raw: Any, where: str) -> Section:
    if not isinstance(raw, dict):
        raise SpecError(f"{where}: a section must be a table")
    defaults: dict[str, Any] = {}
    if "include" in raw:
        name = str(raw["include"])
        defaults = dict(raw.get("defaults", {}))
        extra = set(raw) - {"include", "defaults"}
        if extra:
            raise SpecError(f"{where}: an included section takes only defaults, not {extra}")
        try:
            raw = tomllib.loads(_shared_section_text(name))
        except tomllib.TOMLDecodeError as exc:
            raise SpecError(f"shared section {name}: {exc}") from exc
    if "key" not in raw or "title" not in raw:
        raise SpecError(f"{where}: every section needs a key and a title")
    where = f"{where}.{raw['key']}"
    fields = [_field(f, where) for f in raw.get("fields", ())]
    known = {f.key for f in fields}
    for key in defaults:
        if key not in known:
            raise SpecError(f"{where}: defaults names {key!r}, which is not in the section")
    fields = [replace(f, default=str(defaults[f.key])) if f.key in defaults else f for f in fields]
    return Section(
        key=str(raw["key"]),
        title=str(raw["title"]),
        fields=tuple(fields),
        office_use_only=bool(raw.get("office_use_only", False)),
        help=str(raw.get("help", "")),
        unknown_settings=tuple(sorted(set(raw) - _SECTION_KEYS)),
    )


def parse_spec(key: str, text: str) -> FormSpec:
    """A spec from TOML text; :class:`SpecError` when its shape cannot be read."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{key}: {exc}") from exc
    if "title" not in raw:
        raise SpecError(f"{key}: the spec needs a title")
    calculator = raw.get("calculator")
    return FormSpec(
        key=key,
        title=str(raw["title"]),
        description=str(raw.get("description", "")),
        sections=tuple(_section(s, key) for s in raw.get("sections", ())),
        calculator=None if calculator is None else str(calculator),
        unknown_settings=tuple(sorted(set(raw) - _SPEC_KEYS)),
    )


def _spec_folder() -> Any:
    return resources.files("caretui.forms") / "specs"


@cache
def load_spec(key: str) -> FormSpec:
    """The spec for a form type, read once per process from the package's spec files."""
    path = _spec_folder() / f"{key}.toml"
    if not KEY_PATTERN.match(key) or not path.is_file():
        raise SpecError(f"There is no form spec for {key!r}.")
    return parse_spec(key, path.read_text(encoding="utf-8"))


def spec_keys() -> list[str]:
    """The form types that have a spec file, sorted."""
    return sorted(
        p.name.removesuffix(".toml") for p in _spec_folder().iterdir() if p.name.endswith(".toml")
    )


def all_specs() -> list[FormSpec]:
    return [load_spec(k) for k in spec_keys()]


# --- answers ----------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    """Nothing answered: None, empty or spaces only, an empty list, or table rows all empty."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_blank(v) for v in value.values())
    if isinstance(value, list):
        return all(is_blank(v) for v in value)
    return False


def visible_fields(spec: FormSpec, answers: Mapping[str, Any]) -> list[Field]:
    """The fields shown for these answers, in order.

    A field whose condition depends on a hidden field is hidden too, so clearing a
    "Yes" hides every question that hung from it, however deep.
    """
    shown: list[Field] = []
    shown_keys: set[str] = set()
    for f in spec.fields:
        cond = f.shown_when
        if cond is None or (cond.field in shown_keys and cond.holds(answers.get(cond.field))):
            shown.append(f)
            shown_keys.add(f.key)
    return shown


def _check_scalar(f: Field, value: Any, today: date) -> None:
    """Raise :class:`ValidationError` when a non-blank single answer does not fit its field."""
    if isinstance(value, bool | list | dict):
        raise ValidationError("This answer could not be read: type or choose it again.")
    text = value.isoformat() if isinstance(value, date | datetime) else str(value)
    kind = f.type
    if kind in ("text", "textarea"):
        if f.max_length is not None and len(text) > f.max_length:
            raise ValidationError(
                f"Keep this to {f.max_length} characters (it is {len(text)} now)."
            )
    elif kind == "date":
        parse_date(text, today=today)
    elif kind == "datetime":
        parse_datetime(text, today=today)
    elif kind == "number":
        parse_number(text, minimum=f.minimum, maximum=f.maximum)
    elif kind == "money":
        parse_money(text)
    elif kind in ("choice", "yesno"):
        if text not in f.choices:
            if len(f.choices) <= 4:
                listed = ", ".join(f.option_label(c) for c in f.choices)
                raise ValidationError(f"Choose one of: {listed}.")
            raise ValidationError(f"'{text}' is not one of the options: choose again.")
    elif kind == "nhs_number":
        check_nhs_number(text)
    elif kind == "postcode":
        check_postcode(text)
    elif kind == "phone":
        check_phone(text)
    elif kind == "email":
        check_email(text)


def _table_problem(f: Field, value: Any, *, completing: bool, today: date) -> str | None:
    if not isinstance(value, list) or not all(isinstance(r, dict) for r in value):
        return "This table could not be read: add its rows again."
    for number, row in enumerate((r for r in value if not is_blank(r)), start=1):
        for column in f.columns:
            cell = row.get(column.key)
            if is_blank(cell):
                if completing and column.required:
                    return f"Row {number}: {column.label} is needed."
                continue
            try:
                _check_scalar(column, cell, today)
            except ValidationError as exc:
                return f"Row {number}, {column.label}: {exc}"
    return None


def check_value(
    f: Field, value: Any, *, today: date | None = None, completing: bool = False
) -> str | None:
    """The message for an answer that does not fit its field, or None when it is fine.

    Blank answers are fine here (whether they are needed is :func:`validate`'s business,
    except for a table's required columns, which only the rows themselves can say).
    Never raises, whatever the answer holds.
    """
    if f.type == "info" or is_blank(value):
        return None
    today = today or _today()
    try:
        if f.type == "table":
            return _table_problem(f, value, completing=completing, today=today)
        if f.type == "multichoice":
            ticked = value if isinstance(value, list) else [value]
            wrong = [str(v) for v in ticked if str(v) not in f.options]
            return f"Not an option here: {', '.join(wrong)}. Untick it." if wrong else None
        _check_scalar(f, value, today)
    except ValidationError as exc:
        return str(exc)
    except (TypeError, ValueError, AttributeError, OverflowError):
        return "This answer could not be read: type or choose it again."
    return None


def _today() -> date:
    from caretui.rules import clock

    return clock.today()


def _required_message(f: Field) -> str:
    if f.type == "table":
        return "Add at least one row before completing the form."
    if f.type in CHOICE_TYPES:
        return "Choose an answer before completing the form."
    return "Needed before the form can be completed."


def validate(
    spec: FormSpec,
    answers: Mapping[str, Any],
    *,
    completing: bool,
    today: date | None = None,
) -> dict[str, str]:
    """Messages by field key for the shown fields: formats always, required when completing.

    Saving In Progress passes with blanks, so a practitioner can stop half way; completing
    needs every shown required field. Hidden fields and keys the spec does not know are
    ignored. Never raises, whatever the answers hold.
    """
    today = today or _today()
    problems: dict[str, str] = {}
    for f in visible_fields(spec, answers):
        if not f.holds_answer:
            continue
        value = answers.get(f.key)
        message = check_value(f, value, today=today, completing=completing)
        if message is None and completing and f.required and is_blank(value):
            message = _required_message(f)
        if message:
            problems[f.key] = message
    return problems


def missing_before_complete(spec: FormSpec, answers: Mapping[str, Any]) -> list[Field]:
    """The shown required fields still blank: what stands between the form and Complete."""
    return [
        f
        for f in visible_fields(spec, answers)
        if f.required and f.holds_answer and is_blank(answers.get(f.key))
    ]
