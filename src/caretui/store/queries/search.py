"""Finding people (P1) and the palette's people and cases: as typed, at any store size."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from functools import cache

from sqlalchemy import and_, bindparam
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, func, select

from caretui.rules import clock
from caretui.rules.permissions import Actor
from caretui.rules.timescales import age_on
from caretui.rules.vocab import CaseStatus
from caretui.store.db import Store
from caretui.store.models import (
    Case,
    Person,
    Team,
    User,
)
from caretui.store.queries.lockdown import RESTRICTED, is_hidden, person_name, unlocked_ids
from caretui.store.queries.worklists import (
    CURRENT_CASE,
)


@dataclass(frozen=True)
class PaletteHit:
    person_id: int
    case_id: int | None
    label: str
    detail: str
    where: str = "no open case: person record"  # what enter opens, in words


def find_people_and_cases(
    store: Store, actor: Actor, text: str, limit: int = 20
) -> list[PaletteHit]:
    """The palette's people: :func:`search_people`, each with their open case if any."""
    hits = []
    for h in search_people(store, actor, text, limit).hits:
        if h.restricted:
            hits.append(PaletteHit(h.person_id, None, RESTRICTED, f"Person {h.person_id}"))
            continue
        born = f"born {h.date_of_birth:%d %b %Y}" if h.date_of_birth else "date of birth not known"
        where = f"case {h.case_id}" if h.case_id else "no open case"
        opens = "no open case: person record"
        if h.case_id:
            closed = h.case_status is CaseStatus.CLOSED
            opens = f"{'closed' if closed else 'open'} case {h.case_id}"
        hits.append(
            PaletteHit(h.person_id, h.case_id, h.name, f"P{h.person_id} · {born} · {where}", opens)
        )
    return hits


@dataclass(frozen=True)
class PersonHit:
    """A search result with enough to tell two namesakes apart."""

    person_id: int
    name: str
    date_of_birth: date | None
    age: int | None
    address: str
    case_id: int | None
    responsible_user: str
    responsible_team: str
    restricted: bool = False
    case_status: CaseStatus | None = None

    @property
    def born(self) -> str:
        if self.date_of_birth is None:
            return "" if self.restricted else "DOB not known"
        return f"{self.date_of_birth:%d/%m/%Y} ({self.age})"

    @property
    def case(self) -> str:
        if self.restricted:
            return ""
        if self.case_id is None:
            return "No open case"
        who = self.responsible_user or "unallocated"
        status = self.case_status
        stage = f" ({status.label})" if status and status is not CaseStatus.OPEN else ""
        return f"Case {self.case_id}{stage}: {who}, {self.responsible_team}"


@dataclass(frozen=True)
class PersonSearch:
    hits: tuple[PersonHit, ...]
    hint: str = ""  # what to do when nothing is found, or how the text was read
    more: bool = False  # there were more matches than the limit


_DRIVER_CAP = 1_000


def _word_range(word: str) -> tuple[str, str]:
    """(lowest, first word past) the index range of words starting with ``word``."""
    from caretui.rules.names import TOP_OF_WORDS, after_prefix

    return word, after_prefix(word) or TOP_OF_WORDS


@cache
def _word_count_statement():  # type: ignore[no-untyped-def]
    """How many name words start with :lo (counted only up to a cap: cheap for any prefix).

    The search statements are built once and reused with new values on every key press:
    building them again costs more than running them.
    """
    from caretui.store.models import PersonNameWord as W

    capped = (
        select(W.person_id)
        .where(col(W.word) >= bindparam("lo"), col(W.word) < bindparam("hi"))
        .limit(_DRIVER_CAP)
    )
    return select(func.count()).select_from(capped.subquery())


@cache
def _name_statement(words: int):  # type: ignore[no-untyped-def]
    """People with a name word in [lo0, hi0), ordered by that word, who also have one in
    [lo1, hi1), [lo2, hi2) ...; at most :want rows."""
    from caretui.store.models import PersonNameWord as W

    lead = aliased(W)
    stmt = select(lead.person_id).where(
        col(lead.word) >= bindparam("lo0"), col(lead.word) < bindparam("hi0")
    )
    for n in range(1, words):
        other = aliased(W)
        stmt = stmt.where(
            select(other.person_id)
            .where(
                other.person_id == lead.person_id,
                col(other.word) >= bindparam(f"lo{n}"),
                col(other.word) < bindparam(f"hi{n}"),
            )
            .exists()
        )
    return stmt.order_by(lead.word, lead.sort_key, lead.person_id).limit(bindparam("want"))


def _name_matches(session: Session, words: tuple[str, ...], want: int) -> list[int]:
    """People whose names have a word starting with each typed word.

    The rarest typed word leads: its range of the word index is read in order (word, then
    surname) only as far as ``want`` people, and each is checked for the other words, so
    the cost stays small however common a prefix is.
    """

    def how_many(word: str) -> int:
        lo, hi = _word_range(word)
        return session.exec(_word_count_statement(), params={"lo": lo, "hi": hi}).one()

    ordered = sorted(words, key=len, reverse=True)
    if len(ordered) > 1:
        ordered.sort(key=how_many)
    params: dict[str, object] = {"want": want * 2}
    for n, word in enumerate(ordered):
        params[f"lo{n}"], params[f"hi{n}"] = _word_range(word)
    seen: dict[int, None] = {}
    for person_id in session.exec(_name_statement(len(ordered)), params=params).all():
        seen.setdefault(person_id)
    return list(seen)


@cache
def _hits_statement():  # type: ignore[no-untyped-def]
    responsible = aliased(User)
    return (
        select(
            Person.id,
            Person.first_name,
            Person.last_name,
            Person.date_of_birth,
            Person.restricted,
            Person.address_line1,
            Person.address_line2,
            Person.town,
            Person.postcode,
            col(Case.id).label("case_id"),
            col(Case.status).label("case_status"),
            col(responsible.name).label("responsible"),
            col(Team.name).label("team"),
        )
        .outerjoin(Case, and_(col(Case.person_id) == Person.id, CURRENT_CASE))
        .outerjoin(Team, col(Team.id) == Case.responsible_team_id)
        .outerjoin(responsible, col(responsible.id) == Case.responsible_user_id)
        .where(col(Person.id).in_(bindparam("ids", expanding=True)))
    )


def _the_case(session: Session, hits: list[PersonHit], case_id: int) -> PersonSearch:
    """A search by case ID: its person, with that case (a closed one too) as the hit's case."""
    if not hits:
        return PersonSearch((), f"There is no case {case_id}.")
    [hit] = hits
    if hit.restricted or hit.case_id == case_id:
        return PersonSearch((hit,))
    responsible = aliased(User)
    status, user, team = session.exec(
        select(Case.status, responsible.name, Team.name)
        .join(Team, col(Team.id) == Case.responsible_team_id)
        .outerjoin(responsible, col(responsible.id) == Case.responsible_user_id)
        .where(Case.id == case_id)
    ).one()
    return PersonSearch(
        (
            replace(
                hit,
                case_id=case_id,
                case_status=CaseStatus(status),
                responsible_user=user or "",
                responsible_team=team or "",
            ),
        )
    )


def _hits(session: Session, actor: Actor, ids: list[int], today: date) -> list[PersonHit]:
    """Result rows in the order found; a restricted person the actor is not named on is
    a bare "Restricted record" (S3: others see that a record exists, nothing more), put
    after the named rows so its place in the alphabet says nothing of the name."""
    if not ids:
        return []
    rows = session.exec(_hits_statement(), params={"ids": ids}).all()
    by_id: dict[int, PersonHit] = {}
    masked: dict[int, PersonHit] = {}
    unlocked = unlocked_ids(session, actor)
    for pid, first, last, dob, restricted, *address, case_id, status, user, team in rows:
        if pid in by_id or pid in masked:
            continue
        if is_hidden(restricted, pid, unlocked):
            masked[pid] = PersonHit(pid, RESTRICTED, None, None, "", None, "", "", True)
            continue
        by_id[pid] = PersonHit(
            person_id=pid,
            name=person_name(first, last),
            date_of_birth=dob,
            age=age_on(dob, today) if dob else None,
            address=", ".join(x for x in address if x),
            case_id=case_id,
            responsible_user=user or "",
            responsible_team=team or "",
            case_status=CaseStatus(status) if status else None,
        )
    return [by_id[i] for i in ids if i in by_id] + [masked[i] for i in ids if i in masked]


def _postcode_spellings(postcode: str) -> list[str]:
    """'WF3 9ZZ' as it may be stored: tidy, without its space, in lower case."""
    compact = postcode.replace(" ", "")
    return sorted({postcode, compact, postcode.lower(), compact.lower()})


def search_people(
    store: Store, actor: Actor, text: str, limit: int = 50, today: date | None = None
) -> PersonSearch:
    """P1: people by name prefixes in any order, person or case ID, date of birth, NHS
    number or postcode, as typed. Restricted people are masked for anyone not named on
    them (S3)."""
    from caretui.rules.names import read_search

    terms = read_search(text)
    today = today or clock.today()
    if terms.kind in ("empty", "partial"):
        return PersonSearch((), terms.hint)
    with store.read() as session:
        if terms.kind == "name":
            ids = _name_matches(session, terms.words, limit + 1)
        elif terms.kind == "person":
            ids = [terms.number] if session.get(Person, terms.number) else []  # type: ignore[list-item]
        elif terms.kind == "case":
            found = session.exec(select(Case.person_id).where(Case.id == terms.number)).first()
            ids = [found] if found is not None else []
            # The case asked for, closed or not, rather than the person's current one.
            return _the_case(session, _hits(session, actor, ids, today), terms.number)
        else:
            where = {
                "dob": Person.date_of_birth == terms.born,
                "nhs": Person.nhs_number == terms.nhs,
                # ix_person_postcode; older records may hold it as typed (wf39zz)
                "postcode": col(Person.postcode).in_(_postcode_spellings(terms.postcode)),
            }[terms.kind]
            ids = list(
                session.exec(
                    select(Person.id)
                    .where(where)
                    .order_by(col(Person.last_name_key), col(Person.first_name_key))
                    .limit(limit + 1)
                ).all()
            )  # type: ignore[arg-type]
        hits = _hits(session, actor, ids, today)
    more = len(hits) > limit
    hits = hits[:limit]
    hint = ""
    if not hits:
        hint = {
            "name": f"No one found whose names start with {' and '.join(terms.words)}. "
            "Check the spelling, type less of the name, or search by date of birth or ID.",
            "person": f"There is no person P{terms.number}.",
            "case": f"There is no case {terms.number}.",
            "dob": f"No one on record was born on {terms.born:%d %B %Y}." if terms.born else "",
            "nhs": "No one on record has that NHS number.",
            "postcode": f"No one on record lives at {terms.postcode}.",
        }[terms.kind]
    elif more:
        hint = f"Showing the first {limit}: type more of the name, or add a second name."
    return PersonSearch(tuple(hits), hint, more)
