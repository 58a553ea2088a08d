"""What a form spec may say, and :func:`check_spec`, which finds every way a spec says more.

The test suite runs :func:`check_spec` over every spec file, so a spec mistake is caught
before release, never at a practitioner's desk. The loader in :mod:`caretui.rules.forms`
reads what it can; this is where a field type, a prefill source or a calculator is
checked against the lists below.
"""

from __future__ import annotations

from caretui.rules.form_types import BY_KEY as FORM_TYPES_BY_KEY
from caretui.rules.forms import CHOICE_TYPES, KEY_PATTERN, Field, FormSpec

__all__ = [
    "CALCULATORS",
    "CLD_REQUIRED_FIELDS",
    "COLUMN_TYPES",
    "FIELD_TYPES",
    "PREFILL_SOURCES",
    "check_spec",
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


# --- checking a spec --------------------------------------------------------------------------


def _check_field(f: Field, where: str, earlier: dict[str, Field], *, column: bool) -> list[str]:
    problems: list[str] = []
    allowed = COLUMN_TYPES if column else FIELD_TYPES
    if not KEY_PATTERN.match(f.key):
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
    if f.readonly and f.prefill is None and f.type != "info" and not column:
        # A read-only column is filled by the host's lookup (a person picked from the
        # record), never typed.
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
    return problems + _check_fields(f.columns, where, {}, column=True)


def _check_fields(
    fields: tuple[Field, ...], where: str, earlier: dict[str, Field], *, column: bool
) -> list[str]:
    """Each field (or table column) in turn; ``earlier`` gathers the ones before it, for
    keys used twice and for what a ``shown_when`` may wait on."""
    problems: list[str] = []
    name = "the column key" if column else "the key"
    for f in fields:
        if f.key in earlier:
            problems.append(f"{where}.{f.key}: {name} is used twice")
        problems += _check_field(f, f"{where}.{f.key}", earlier, column=column)
        earlier[f.key] = f
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
        problems += _check_fields(section.fields, spec.key, earlier, column=False)
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
