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
    type = "choice"                 # see FIELD_TYPES
    options = ["Met", "Not met"]    # or [{ value = "2", label = "2: Moderate" }, ...]
    required = true                 # enforced when the form is completed
    shown_when = { field = "changes", equals = "Yes" }   # or { field = "x", in = ["A", "B"] }
    help = "A hint under the field."
    max_length = 200                # text and textarea
    min = 0                         # number: the smallest and largest sensible values
    max = 100
    default = "Review"              # filled in on a new form; the practitioner may change it
    prefill = "person.nhs_number"   # filled from the record (see PREFILL_SOURCES)
    readonly = true                 # with prefill: locked when the record supplies a value
    columns = [ { key = "goal", label = "Goal", type = "text", required = true } ]  # tables

    [[sections]]
    include = "cld"                 # a shared section from caretui/forms/sections/cld.toml
    defaults = { cld_event_type = "Assessment" }

Saving In Progress only checks the format of what is typed; completing also needs every
required field that is shown. A hidden field (its ``shown_when`` not met) is neither
required nor checked, and its answer is not kept. Spec mistakes are caught by
:func:`check_spec` in the test suite, never at a practitioner's desk.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from caretui.rules.form_types import BY_KEY as FORM_TYPES_BY_KEY
from caretui.rules.validation import (
    ValidationError,
    check_email,
    check_nhs_number,
    check_phone,
    check_postcode,
    format_nhs_number,
    parse_date,
    parse_datetime,
    parse_money,
    parse_number,
)

__all__ = [
    "CALCULATORS",
    "CLD_REQUIRED_FIELDS",
    "COLUMN_TYPES",
    "FIELD_TYPES",
    "PREFILL_SOURCES",
    "YES_NO",
    "Condition",
    "Field",
    "FormSpec",
    "Section",
    "SpecError",
    "all_specs",
    "check_spec",
    "check_value",
    "clean_answers",
    "display_value",
    "initial_answers",
    "is_blank",
    "load_spec",
    "locked_fields",
    "missing_before_complete",
    "normalise",
    "option_pairs",
    "parse_spec",
    "spec_keys",
    "validate",
    "visible_fields",
]

FIELD_TYPES = frozenset(
    {
        "text",
        "textarea",
        "date",
        "datetime",
        "number",
        "money",
        "yesno",
        "choice",
        "multichoice",
        "nhs_number",
        "postcode",
        "phone",
        "email",
        "table",
        "info",
    }
)
COLUMN_TYPES = FIELD_TYPES - {"table", "info", "multichoice"}
"""A table cell holds one short value; a table in a table would not fit an 80-column row."""
CHOICE_TYPES = frozenset({"choice", "multichoice", "yesno"})
YES_NO = ("Yes", "No")

CALCULATORS = frozenset({"indicative_budget", "carers_budget"})
"""Live figures a form may show as it is filled in (see :mod:`caretui.rules.budget`)."""

PREFILL_SOURCES: dict[str, str] = {
    "person.name": "the person's full name",
    "person.date_of_birth": "the person's date of birth (ISO date)",
    "person.nhs_number": "the person's NHS number",
    "person.address": "the person's current address",
    "person.postcode": "the person's current postcode",
    "person.phone": "the person's phone number",
    "person.gender": "the person's gender",
    "person.ethnicity": "the person's ethnicity",
    "person.employment_status": "the person's employment status",
    "person.service_user_group": "the person's primary service user group",
    "case.referral_date": "the date the case was referred (ISO date)",
    "case.referral_source": "who referred the case",
    "case.referral_reason": "why the case was referred",
    "user.name": "the practitioner filling in the form",
    "user.team": "the practitioner's team",
    "today": "today's date (ISO date)",
    "previous.support_plan": "the support plan table of the carer's last conversation or review",
}
"""What a host may hand to a form before it is filled in, by the name a spec uses."""

CLD_REQUIRED_FIELDS = (
    "cld_event_type",
    "cld_event_start",
    "cld_event_outcome",
    "cld_primary_support_reason",
    "cld_gender",
    "cld_ethnicity",
    "cld_accommodation_status",
    "cld_employment_status",
    "cld_has_unpaid_carer",
    "cld_funding_status",
)
"""Client Level Data every CLD form must collect before it can be completed.

The primary support reason is asked only of service users, not of carers, so it may hang
from the client type; the rest are always asked.
"""

_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
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
    if not _KEY.match(key) or not path.is_file():
        raise SpecError(f"There is no form spec for {key!r}.")
    return parse_spec(key, path.read_text(encoding="utf-8"))


def spec_keys() -> list[str]:
    """The form types that have a spec file, sorted."""
    return sorted(
        p.name.removesuffix(".toml") for p in _spec_folder().iterdir() if p.name.endswith(".toml")
    )


def all_specs() -> list[FormSpec]:
    return [load_spec(k) for k in spec_keys()]


# --- checking a spec --------------------------------------------------------------------------


def _check_field(f: Field, where: str, earlier: dict[str, Field], *, column: bool) -> list[str]:
    problems: list[str] = []
    allowed = COLUMN_TYPES if column else FIELD_TYPES
    if not _KEY.match(f.key):
        problems.append(f"{where}: a key is lower-case letters, digits and _")
    if f.type not in allowed:
        kind = "a table column" if column else "a field"
        problems.append(f"{where}: unknown type {f.type!r} for {kind}")
    if f.unknown_settings:
        problems.append(f"{where}: unknown settings {', '.join(f.unknown_settings)}")
    if f.type in ("choice", "multichoice"):
        if len(f.options) < 2:
            problems.append(f"{where}: a {f.type} needs options (at least two)")
        if len(set(f.options)) != len(f.options):
            problems.append(f"{where}: an option is listed twice")
    elif f.options:
        problems.append(f"{where}: options only belong to choice and multichoice fields")
    if f.type == "table" and not f.columns:
        problems.append(f"{where}: a table needs columns")
    if f.type != "table" and f.columns:
        problems.append(f"{where}: only a table has columns")
    if f.max_length is not None and (f.type not in ("text", "textarea") or f.max_length < 1):
        problems.append(f"{where}: max_length is a positive length for text and textarea")
    if (f.minimum is not None or f.maximum is not None) and f.type != "number":
        problems.append(f"{where}: min and max belong to number fields")
    if f.minimum is not None and f.maximum is not None and f.minimum > f.maximum:
        problems.append(f"{where}: min is more than max")
    if f.prefill is not None and f.prefill not in PREFILL_SOURCES:
        problems.append(f"{where}: prefill {f.prefill!r} is not one of {sorted(PREFILL_SOURCES)}")
    if f.readonly and f.prefill is None and f.type != "info":
        problems.append(f"{where}: a read-only field needs a prefill to show")
    if f.default is not None:
        if f.type in ("choice", "yesno") and f.default not in f.choices:
            problems.append(f"{where}: default {f.default!r} is not one of its options")
        elif f.type not in ("choice", "yesno", "text", "textarea"):
            problems.append(f"{where}: default is for choice, yes/no and text fields")
    if f.type == "info" and (f.required or not f.label.strip()):
        problems.append(f"{where}: an info field is text to read: never required, never empty")
    if f.shown_when is not None:
        target = earlier.get(f.shown_when.field)
        if target is None:
            problems.append(
                f"{where}: shown_when refers to {f.shown_when.field!r}, "
                "which is not an earlier field"
            )
        elif target.type not in CHOICE_TYPES:
            problems.append(f"{where}: shown_when must depend on a choice, multichoice or yes/no")
        elif not f.shown_when.values:
            problems.append(f"{where}: shown_when needs equals or in")
        else:
            wrong = [v for v in f.shown_when.values if v not in target.choices]
            if wrong:
                problems.append(
                    f"{where}: shown_when waits for {wrong}, which {target.key} never answers"
                )
    seen_columns: dict[str, Field] = {}
    for c in f.columns:
        if c.key in seen_columns:
            problems.append(f"{where}.{c.key}: the column key is used twice")
        problems += _check_field(c, f"{where}.{c.key}", seen_columns, column=True)
        seen_columns[c.key] = c
    return problems


def check_spec(spec: FormSpec) -> list[str]:
    """Every problem with a spec, in words a developer can act on; empty when sound."""
    problems: list[str] = []
    kind = FORM_TYPES_BY_KEY.get(spec.key)
    if kind is None:
        problems.append(f"{spec.key}: not a form type in caretui.rules.form_types")
    elif spec.title != kind.label:
        problems.append(f"{spec.key}: title {spec.title!r} differs from the form type's label")
    if spec.unknown_settings:
        problems.append(f"{spec.key}: unknown settings {', '.join(spec.unknown_settings)}")
    if spec.calculator is not None and spec.calculator not in CALCULATORS:
        problems.append(f"{spec.key}: calculator {spec.calculator!r} is not one of {CALCULATORS}")
    if not spec.sections:
        problems.append(f"{spec.key}: the form has no sections")
    earlier: dict[str, Field] = {}
    section_keys: set[str] = set()
    for section in spec.sections:
        where = f"{spec.key}.{section.key}"
        if section.key in section_keys:
            problems.append(f"{where}: the section key is used twice")
        section_keys.add(section.key)
        if section.unknown_settings:
            problems.append(f"{where}: unknown settings {', '.join(section.unknown_settings)}")
        if not any(f.holds_answer for f in section.fields):
            problems.append(f"section {section.key} has no fields")
        for f in section.fields:
            if f.key in earlier:
                problems.append(f"{spec.key}.{f.key}: the key is used twice")
            problems += _check_field(f, f"{spec.key}.{f.key}", earlier, column=False)
            earlier[f.key] = f
    office = [s for s in spec.sections if s.office_use_only]
    if kind is not None and kind.cld:
        if len(office) != 1:
            problems.append(
                f"{spec.key}: carries Client Level Data, so needs one Office Use Only section"
            )
        else:
            if spec.sections[-1] is not office[0]:
                problems.append(f"{spec.key}: the Office Use Only section comes last")
            held = {f.key: f for f in office[0].fields}
            for key in CLD_REQUIRED_FIELDS:
                if key not in held:
                    problems.append(f"{spec.key}: Office Use Only lacks the CLD field {key}")
                elif not held[key].required:
                    problems.append(f"{spec.key}: the CLD field {key} must be required")
    elif office:
        problems.append(f"{spec.key}: has an Office Use Only section but carries no CLD")
    return problems


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


# --- stored and shown forms of an answer ------------------------------------------------------


def normalise(f: Field, value: Any, *, today: date | None = None) -> Any:
    """The answer as it is stored: ISO dates, bare NHS digits, tidy postcodes, pence as 0.00.

    An answer that does not parse is returned as typed, so nothing typed is ever lost;
    :func:`validate` says what is wrong with it.
    """
    if is_blank(value):
        return [] if f.type in ("multichoice", "table") else ""
    today = today or _today()
    try:
        if f.type == "table":
            if not isinstance(value, list):
                return value
            return [
                {c.key: normalise(c, row.get(c.key), today=today) for c in f.columns}
                if isinstance(row, dict)
                else row
                for row in value
                if not is_blank(row)
            ]
        if f.type == "multichoice":
            ticked = {str(v) for v in (value if isinstance(value, list) else [value])}
            return [o for o in f.options if o in ticked] + sorted(ticked - set(f.options))
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            return value
        text = str(value).strip()
        if f.type == "date":
            return parse_date(text, today=today).isoformat()
        if f.type == "datetime":
            return parse_datetime(text, today=today).isoformat(timespec="minutes")
        if f.type == "number":
            return parse_number(text)
        if f.type == "money":
            return f"{parse_money(text):.2f}"
        if f.type == "nhs_number":
            return check_nhs_number(text)
        if f.type == "postcode":
            return check_postcode(text)
        if f.type == "phone":
            return check_phone(text)
        if f.type == "email":
            return check_email(text)
        if f.type == "textarea":
            return str(value).rstrip()
        return text
    except ValidationError:
        return value.strip() if isinstance(value, str) else value


def display_value(f: Field, value: Any) -> str:
    """An answer as a practitioner reads it (dates day first, money in pounds); '' when blank."""
    if is_blank(value):
        return ""
    try:
        if f.type == "date":
            return date.fromisoformat(str(value)).strftime("%d/%m/%Y")
        if f.type == "datetime":
            return datetime.fromisoformat(str(value)).strftime("%d/%m/%Y %H:%M")
        if f.type == "money":
            return f"£{parse_money(str(value)):,.2f}"
        if f.type == "nhs_number":
            return format_nhs_number(str(value))
    except (ValueError, ValidationError):
        return str(value)
    if f.type in ("choice", "yesno"):
        return f.option_label(value)
    if f.type == "multichoice":
        ticked = value if isinstance(value, list) else [value]
        return ", ".join(f.option_label(v) for v in ticked)
    if f.type == "table":
        rows = [r for r in value if not is_blank(r)] if isinstance(value, list) else []
        return f"{len(rows)} row{'s' * (len(rows) != 1)}"
    return str(value)


def clean_answers(
    spec: FormSpec,
    answers: Mapping[str, Any],
    *,
    today: date | None = None,
    every_field: bool = False,
) -> dict[str, Any]:
    """The answers to store: shown fields only, each normalised; hidden answers dropped.

    Keys the spec does not know are dropped. With ``every_field`` each shown field appears,
    blank ("" or []) when unanswered, so two readings of a form always compare key for key.
    """
    today = today or _today()
    return {
        f.key: normalise(f, answers.get(f.key), today=today)
        for f in visible_fields(spec, answers)
        if f.holds_answer and (every_field or f.key in answers)
    }


def initial_answers(
    spec: FormSpec,
    answers: Mapping[str, Any],
    prefill: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Answers with the blanks filled: from the record (``prefill``), then spec defaults.

    A read-only prefilled field always shows what the record holds now, because the record
    is where that fact is kept; an editable one only fills a blank.
    """
    out = dict(answers)
    context = dict(prefill or {})
    for f in spec.fields:
        source = context.get(f.prefill) if f.prefill else None
        if not is_blank(source) and (f.readonly or is_blank(out.get(f.key))):
            out[f.key] = source
        elif f.default is not None and is_blank(out.get(f.key)):
            out[f.key] = f.default
    return out


def locked_fields(spec: FormSpec, prefill: Mapping[str, Any] | None) -> set[str]:
    """Read-only fields the record has supplied; without a value they are typed on the form."""
    context = prefill or {}
    return {
        f.key
        for f in spec.fields
        if f.readonly and f.prefill is not None and not is_blank(context.get(f.prefill))
    }


def option_pairs(f: Field, extra: Iterable[str] = ()) -> list[tuple[str, str]]:
    """(label, value) pairs for a choice, with any stored value no longer offered kept last."""
    pairs = [(f.option_label(o), o) for o in f.choices]
    for value in extra:
        if value not in f.choices:
            pairs.append((f"{value} (no longer an option)", value))
    return pairs
