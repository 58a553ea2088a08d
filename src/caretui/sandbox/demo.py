# ruff: noqa: E501
"""The hand-written part of the training sandbox: writes the demo's cast and their records.

The named teams, demo users and story people are in ``demo_cast``. Around them a
fixed-seed block from the bulk generator fills each named practitioner's caseload to a
realistic size, and the records the stories point at (carers, lock-down, secondary
work, forms, DoLS) are added by hand. Every date is an offset from ``today``, so due
and overdue work is always due or overdue when the sandbox is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from random import Random

from caretui.rules.roles import Role
from caretui.rules.vocab import FormStatus
from caretui.sandbox.demo_cast import (
    ALLOCATING_TEAMS,
    CASELOAD_TARGETS,
    DEMO_TEAM_KINDS,
    DEMO_TEAMS,
    DEMO_USERS,
    NORTH,
    STORIES,
    TRANSFERRED_FROM_HOSPITAL,
    UNALLOCATED_PER_TEAM,
)
from caretui.sandbox.front_door import FrontDoorResult, build_front_door
from caretui.sandbox.front_door_cast import story_details
from caretui.sandbox.people import CARE_ACT_STATES, NhsNumbers, PeopleMaker
from caretui.sandbox.records import CaseFacts
from caretui.sandbox.rows import Sink
from caretui.sandbox.staff import TeamStaff, Worker


@dataclass
class DemoResult:
    """What the demo wrote that bulk mode and the build summary need."""

    teams: dict[str, TeamStaff]
    users: dict[str, Worker]
    cases: dict[str, CaseFacts] = field(default_factory=dict)
    front_door: FrontDoorResult = field(default_factory=FrontDoorResult)

    @property
    def logins(self) -> set[str]:
        return set(self.users)


def _write_staff(sink: Sink, today: date) -> DemoResult:
    created = datetime.combine(today - timedelta(days=700), time(9, 0))
    teams: dict[str, TeamStaff] = {}
    for name in DEMO_TEAMS:
        team_id = sink.add("team", {"name": name, "created_at": created})
        teams[name] = TeamStaff(team_id, name, DEMO_TEAM_KINDS[name])
    users: dict[str, Worker] = {}
    for n, user in enumerate(DEMO_USERS):
        team = teams[user.team]
        first, last = user.name.split(" ", 1)
        access = None if user.access_days is None else today + timedelta(days=user.access_days)
        user_id = sink.add(
            "app_user",
            {
                "login": user.login,
                "name": user.name,
                "role": user.role.value,
                "team_id": team.id,
                "designation": user.designation,
                "email": f"{first.lower()}.{last.lower()}@council.example",
                "phone": f"01632 961{100 + n:03d}",
                "access_ends": access,
                "created_at": created,
            },
        )
        worker = Worker(user_id, user.login, user.name, user.role.value, team.id, user.designation)
        users[user.login] = worker
        group = {
            Role.PRACTITIONER: team.practitioners,
            Role.MANAGER: team.managers,
            Role.ADMIN: team.admins,
            Role.STUDENT: team.students,
        }.get(user.role)
        if group is not None:
            group.append(worker)
    return DemoResult(teams, users)


def build_demo(
    sink: Sink,
    today: date,
    nhs: NhsNumbers,
    progress: Callable[[str, int, int], None] | None = None,
) -> DemoResult:
    """Teams, demo users, story people, the fill block, the records stories need and the
    front door's contacts (``front_door``)."""
    demo = _write_staff(sink, today)
    maker = PeopleMaker(sink, Random(2486), today, nhs)
    users = demo.users
    teams = demo.teams
    total = (
        len(STORIES) + sum(CASELOAD_TARGETS.values()) + UNALLOCATED_PER_TEAM * len(ALLOCATING_TEAMS)
    )
    done = 0
    held: dict[str, int] = dict.fromkeys(CASELOAD_TARGETS, 0)
    unallocated: dict[str, int] = dict.fromkeys(ALLOCATING_TEAMS, 0)
    for holder, spec in STORIES:
        if holder.startswith("team:"):
            team = teams[holder.removeprefix("team:")]
            worker = None
            unallocated[team.name] += 1
        else:
            worker = users[holder]
            team = next(t for t in teams.values() if t.id == worker.team_id)
            held[holder] += 1
        if f"{spec.first} {spec.last}" in TRANSFERRED_FROM_HOSPITAL:
            spec = replace(spec, transferred_from=users["hughes"])
        spec = replace(spec, details=story_details(spec))
        demo.cases[f"{spec.first} {spec.last}"] = maker.populate(team, worker, spec=spec)
        done += 1
        if progress:
            progress("Demo people", done, total)

    # The fill block: generated people, same generator as bulk, fixed seed.
    colleagues = [users[login] for login in ("sharma", "okafor", "walsh", "hughes", "begum")]
    for login, target in CASELOAD_TARGETS.items():
        worker = users[login]
        team = next(t for t in teams.values() if t.id == worker.team_id)
        for n in range(target - held[login]):
            state = CARE_ACT_STATES[n % len(CARE_ACT_STATES)] if n < 8 else None
            same_team = [c for c in colleagues if c.team_id == team.id] or colleagues
            maker.populate(team, worker, colleagues=same_team, care_act=state)
            done += 1
            if progress:
                progress("Demo people", done, total)
    for name in ALLOCATING_TEAMS:
        team = teams[name]
        for _ in range(UNALLOCATED_PER_TEAM - unallocated[name]):
            maker.populate(team, None)
            done += 1
            if progress:
                progress("Demo people", done, total)

    _add_story_records(maker, demo, today)
    # Last, and with its own random source: everything above comes out as it did before.
    demo.front_door = build_front_door(sink, today, nhs, users, teams)
    return demo


def _add_story_records(maker: PeopleMaker, demo: DemoResult, today: date) -> None:
    """The records trainers point at: carers, lock-down, secondary work, forms, DoLS."""
    u = demo.users
    c = demo.cases
    t = demo.teams
    sink = maker.sink

    def ago(days: int) -> date:
        return today - timedelta(days=days)

    # Carers and the people they care for, both on record.
    for carer, cared in (("Kenneth Haigh", "Dorothy Haigh"), ("Sadia Hussain", "Shamim Hussain")):
        on = min(c[carer].referral_date, c[cared].referral_date)
        maker.contact(
            c[cared].person_id, "Carer", carer, on=on, related_person_id=c[carer].person_id
        )
        maker.contact(
            c[carer].person_id, "Cared for", cared, on=on, related_person_id=c[cared].person_id
        )

    # Lock-down: only Daniel Okafor may open Irene Whitaker's record.
    irene = c["Irene Whitaker"]
    sink.add(
        "person_restriction",
        {
            "person_id": irene.person_id,
            "user_id": u["okafor"].id,
            "added_by_id": u["morgan"].id,
            "added_at": maker.at(irene.referral_date),
        },
    )
    maker.activity(
        irene, "case_note", "Record locked down",
        notes="Locked down by Adults System Support at the family's request: a relative works for the council. Access limited to the allocated worker.",
        when=maker.at(irene.referral_date), team_id=t[NORTH].id, user_id=u["okafor"].id,
        author_id=u["morgan"].id, done=True,
    )  # fmt: skip

    # Secondary involvements: every practitioner and the student works on others' cases.
    secondary = (
        ("begum", "Margaret Oldroyd", "Occupational Therapist", 3, None),
        ("begum", "Ronald Pickles", "Occupational Therapist", 40, None),
        ("begum", "Lilian Ackroyd", "Occupational Therapist", 20, None),
        ("begum", "Frank Illingworth", "Occupational Therapist", 2, None),
        ("sharma", "Winston Francis", "Secondary Worker", 10, None),
        ("sharma", "George Ramsden", "Best Interests Assessor", 30, None),
        ("sharma", "Keith Marsden", "Secondary Worker", 50, 20),
        ("okafor", "Eileen Murphy", "Secondary Worker", 25, None),
        ("okafor", "Arthur Crowther", "Reviewing Officer", 45, 12),
        ("walsh", "Gwendoline Firth", "Best Interests Assessor", 60, None),
        ("walsh", "Hyacinth Gordon", "Secondary Worker", 5, None),
        ("hughes", "Derek Sunderland", "Secondary Worker", 6, None),
        ("hughes", "Edna Priestley", "Secondary Worker", 30, None),
        ("hughes", "Maureen Dyson", "Secondary Worker", 40, 30),
        ("evans", "Arthur Crowther", "Social Work Assistant", 30, None),
        ("evans", "Brian Holroyd", "Social Work Assistant", 20, None),
        ("evans", "Walter Sykes", "Social Work Assistant", 60, 20),
    )
    for login, person, role, start, end in secondary:
        worker = u[login]
        case = c[person]
        began = max(ago(start), case.referral_date)
        ended = ago(end) if end is not None and ago(end) > began else None
        if end is not None and ended is None:
            ended = min(began + timedelta(days=5), ago(1))
        maker.involvement(case.case_id, worker.id, worker.team_id, role, began, ended)

    # Something open on every dashboard, and a queue for every team.
    open_items = (
        ("sharma", "Dorothy Haigh", "task", "Arrange respite for Dorothy so Kenneth can attend his cardiology appointment", 3, ""),
        ("sharma", "Margaret Oldroyd", "phone_call", "Phone call with niece re: hospital discharge date", 0, "Julie (niece)"),
        ("okafor", "Brian Holroyd", "appointment", "Home visit to complete Care Act assessment", -2, ""),
        ("okafor", "Keith Marsden", "task", "Book joint visit (do not visit alone) with a colleague", -3, ""),
        ("walsh", "Valerie Moorhouse", "task", "Section 42 enquiry: speak to the bank's vulnerable customers team", 1, ""),
        ("walsh", "Edna Priestley", "task", "Complete review task before resubmitting closure", 2, ""),
        ("hughes", "Frank Illingworth", "email", "Email to Ward 12 discharge coordinator confirming reablement start", 0, "Pinderfields Hospital Ward 12"),
        ("hughes", "Abdul Rehman", "task", "Chase nursing home assessment for Abdul Rehman", -4, ""),
        ("begum", "Harold Swallow", "appointment", "OT home visit: stair assessment and bathing", -1, ""),
        ("begum", "Emeka Okonkwo", "letter", "Letter to Mr Okonkwo with kitchen equipment recommendations", 0, "Mr Okonkwo"),
        ("evans", "Ivy Jagger", "appointment", "Home visit with practice educator to complete Care Act assessment", -3, ""),
        (None, "Cyril Barker", "task", "Duty: return call to Mr Barker's daughter about allocation", 0, ""),
        (None, "Edward Hudson", "task", "Allocate: hospital discharge referral for Mr Hudson", 1, ""),
        (None, "Nora Flanagan", "task", "Screen new referral from St James's University Hospital", 0, ""),
        (None, "Percy Ibbotson", "task", "Waiting list: prioritise OT referral for Mr Ibbotson", 5, ""),
        (None, "Walter Sykes", "case_note", "Duty note: Walter rang to ask when his case will close", None, ""),
    )  # fmt: skip
    for login, person, kind, subject, offset, contact in open_items:
        case = c[person]
        worker = u[login] if login else None
        team_id = worker.team_id if worker else case.team_id
        member = demo.teams[_team_name(demo, team_id)].any_member()
        assert member is not None
        author = worker.id if worker else member.id
        if kind == "appointment":
            when = maker.at(today + timedelta(days=-(offset or 0) + 1), 9 * 60, 15 * 60)
        else:
            when = maker.at(today - timedelta(days=max(0, offset or 0)))
        maker.activity(
            case, kind, subject, when=when, team_id=team_id,
            user_id=worker.id if worker else None, author_id=author,
            done=person == "Walter Sykes",
            due=today - timedelta(days=offset) if kind == "task" and offset is not None else None,
            direction="outgoing" if kind in ("phone_call", "email", "letter") else "",
            contact=contact,
            location="Home address" if kind == "appointment" else "",
        )  # fmt: skip

    # The student's entries wait for a qualified worker's countersignature.
    for person, kind, subject, days in (
        ("Arthur Crowther", "case_note", "Joint home visit with Priya Sharma: Arthur's views on support", 2),
        ("Brian Holroyd", "phone_call", "Phone call with daughter re: hospital discharge date", 4),
        ("Brenda Wainwright", "case_note", "Review visit: Brenda happy with her carers", 1),
        ("Ivy Jagger", "task", "Request GP summary ahead of assessment", 0),
    ):  # fmt: skip
        case = c[person]
        team = demo.teams[_team_name(demo, case.team_id)]
        maker.activity(
            case, kind, subject, when=maker.at(ago(days)), team_id=team.id,
            user_id=case.worker_id, author_id=u["evans"].id, done=kind != "task",
            due=today + timedelta(days=5) if kind == "task" else None,
            direction="outgoing" if kind == "phone_call" else "",
            contact="Karen (daughter)" if kind == "phone_call" else "",
            notes="Discussed with Arthur and his granddaughter; notes to be countersigned."
            if person == "Arthur Crowther" else "",
            student=True,
        )  # fmt: skip
    maker.activity(
        c["Gary Naylor"], "case_note", "Visit to Gary at his day service",
        notes="Gary showed me the garden project. Countersigned by Helen Clarke.",
        when=maker.at(ago(40)), team_id=t[NORTH].id, user_id=u["evans"].id,
        author_id=u["evans"].id, done=True, student=True, countersigned_by=u["clarke"].id,
    )  # fmt: skip

    # Forms: one In Progress for every worker, some Complete waiting for the manager.
    forms = (
        ("Dorothy Haigh", "adult_conversation_record", FormStatus.IN_PROGRESS, "sharma", 6, ""),
        ("Nasreen Akhtar", "carers_conversation_record", FormStatus.IN_PROGRESS, "okafor", 4, ""),
        ("Maureen Dyson", "adult_interim_support_plan", FormStatus.IN_PROGRESS, "walsh", 9, ""),
        ("Bridget O'Connor", "adult_conversation_record", FormStatus.IN_PROGRESS, "walsh", 12,
            "Please add the views of Bridget's son to section 2."),
        ("Frank Illingworth", "reablement_outreach_referral", FormStatus.IN_PROGRESS, "hughes", 1, ""),
        ("Christine Lodge", "ot_conversation_record", FormStatus.IN_PROGRESS, "begum", 3, ""),
        ("Ivy Jagger", "adult_conversation_record", FormStatus.IN_PROGRESS, "evans", 2, ""),
        ("Kenneth Haigh", "carers_conversation_record", FormStatus.COMPLETE, "sharma", 8, ""),
        ("Mohammed Rafiq", "indicative_budget", FormStatus.COMPLETE, "sharma", 5, ""),
        ("Winston Francis", "adult_conversation_record", FormStatus.COMPLETE, "okafor", 6, ""),
        ("Errol Samuels", "adult_conversation_record", FormStatus.COMPLETE, "walsh", 7, ""),
        ("Maureen Dyson", "indicative_budget", FormStatus.COMPLETE, "walsh", 10, ""),
        ("Abdul Rehman", "adult_interim_support_plan", FormStatus.COMPLETE, "hughes", 9, ""),
    )  # fmt: skip
    for person, form_type, status, login, days, returned in forms:
        case = c[person]
        team = demo.teams[_team_name(demo, case.team_id)]
        maker.form(
            case.case_id,
            form_type,
            status,
            created=ago(days),
            user_id=u[login].id,
            author_id=u[login].id,
            manager_id=team.manager.id if team.manager else None,
            answers=None if status != FormStatus.IN_PROGRESS else 2,
            returned_reason=returned,
            student=login == "evans",
        )

    # Letters with their files, and files the admins have added.
    dorothy = c["Dorothy Haigh"]
    received = dorothy.referral_date + timedelta(days=2)
    letter = maker.attachment(
        dorothy.person_id, "GP letter: diagnosis of mixed dementia", received, u["fox"].id,
        filename="gp-letter-dementia-diagnosis.pdf", media_type="application/pdf",
        content=tiny_pdf("Trinity Medical Centre", (
            "Re: Mrs Dorothy Haigh", "Diagnosis: mixed Alzheimer's and vascular dementia.",
            "Please assess support needs at home.")),
    )  # fmt: skip
    maker.activity(
        dorothy, "letter", "Letter from GP confirming diagnosis", when=maker.at(received),
        team_id=t[NORTH].id, user_id=u["sharma"].id, author_id=u["fox"].id, done=True,
        direction="incoming", contact="Trinity Medical Centre", attachment_id=letter,
    )  # fmt: skip
    mary = c["Mary Gallagher"]
    maker.attachment(
        mary.person_id, "Signed consent to share information", ago(90), u["fox"].id,
        filename="consent-to-share.pdf", media_type="application/pdf",
        content=tiny_pdf("Consent to share information", (
            "I agree to Adult Social Care sharing information with my GP", "and the memory service.",
            "Signed: Mary Gallagher")),
    )  # fmt: skip
    maker.attachment(
        c["Edna Priestley"].person_id, "Letter to Mrs Priestley", ago(25), u["nowak"].id
    )
    maker.attachment(c["George Ramsden"].person_id, "Letter to Mr Ramsden", ago(60), u["nowak"].id)

    # Section 117 aftercare.
    for person, login, summary in (
        ("Peter Hinchliffe", "sharma", "Aftercare: supported flat, weekly visits from the care coordinator, help with budgeting."),
        ("Alan Whiteley", "walsh", "Aftercare: supported tenancy, day service two days a week, family contact plan."),
        ("Chipo Moyo", "walsh", "Aftercare: community mental health team follow-up and a peer support group."),
    ):  # fmt: skip
        case = c[person]
        maker.section117(
            case.person_id, case.referral_date - timedelta(days=10), u[login].id, summary
        )

    # Service provisions.
    services = (
        ("Jean Barraclough", 0), ("Ronald Pickles", 4), ("Margaret Oldroyd", 6),
        ("Dorothy Haigh", 2), ("Dorothy Haigh", 7), ("Kenneth Haigh", 3), ("George Ramsden", 1),
        ("Edna Priestley", 0), ("Norman Exley", 0), ("Zubeda Patel", 5), ("Joan Kitching", 1),
        ("Raymond Hartley", 6), ("Audrey Pollard", 0), ("Colin Stead", 4), ("Shamim Hussain", 0),
    )  # fmt: skip
    for person, kind in services:
        case = c[person]
        maker.service(case.person_id, case.allocated_on, u["fox"].id, case.ctx, kind)

    # Safeguarding.
    maker.safeguarding(
        c["Eileen Murphy"].case_id, c["Eileen Murphy"].referral_date, u["sharma"].id,
        concern_type="Self-neglect", stage="Concern", source="Housing officer",
        concern_date=c["Eileen Murphy"].referral_date,
        notes="No heating, little food, hoarding blocking the stairs. Eileen has capacity and declines most help; agreed weekly visits.",
    )  # fmt: skip
    maker.safeguarding(
        c["Valerie Moorhouse"].case_id, c["Valerie Moorhouse"].referral_date, u["walsh"].id,
        concern_type="Financial or material abuse", stage="Section 42 enquiry",
        source="Home care provider", concern_date=c["Valerie Moorhouse"].referral_date,
        notes="Pension collected by a new acquaintance. Section 42 enquiry opened; police informed.",
    )  # fmt: skip
    maker.safeguarding(
        c["Brian Holroyd"].case_id, c["Brian Holroyd"].referral_date, u["okafor"].id,
        concern_type="Neglect and acts of omission", stage="Closed", source="Hospital ward",
        outcome="Concern not substantiated", concern_date=c["Brian Holroyd"].referral_date,
        notes="Pressure damage on admission; enquiry found it developed before the home care started.",
    )  # fmt: skip

    # Deprivation of Liberty: one current, one ended and past.
    gwen = c["Gwendoline Firth"]
    maker.dols(gwen.case_id, ago(150), u["sharma"].id, current=True,
               notes="Standard authorisation at Sandal Grange Care Home; conditions: weekly outings.")  # fmt: skip
    maker.dols(gwen.case_id, ago(520), u["sharma"].id, current=False,
               notes="Previous authorisation, ended when renewed.")  # fmt: skip
    george = c["George Ramsden"]
    maker.dols(george.case_id, ago(200), u["walsh"].id, current=False,
               notes="Authorised while on the ward at Calderdale Royal Hospital; ended on discharge.")  # fmt: skip
    maker.dols(c["Abdul Rehman"].case_id, ago(12), u["hughes"].id, current=True,
               notes="Urgent authorisation on the ward pending the standard authorisation.")  # fmt: skip


def _team_name(demo: DemoResult, team_id: int) -> str:
    return next(name for name, team in demo.teams.items() if team.id == team_id)


def tiny_pdf(title: str, lines: tuple[str, ...]) -> bytes:
    """A real one-page PDF (Helvetica text), so "open attachment" opens something."""
    text = ["BT /F1 16 Tf 72 760 Td (" + _pdf_escape(title) + ") Tj ET"]
    for n, line in enumerate(lines):
        text.append(f"BT /F1 11 Tf 72 {720 - 18 * n} Td ({_pdf_escape(line)}) Tj ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
