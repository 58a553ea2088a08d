# ruff: noqa: E501
"""The hand-written part of the training sandbox: named teams, demo users and story people.

Trainers walk through the same people in every session (Dorothy Haigh and her husband
Kenneth, the locked-down record of Irene Whitaker, Walter Sykes's closure waiting for
Helen Clarke), so these are written out rather than generated. Around them a fixed-seed
block from the bulk generator fills each named practitioner's caseload to a realistic
size. Every date is an offset from ``today``, so due and overdue work is always due or
overdue when the sandbox is built.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from random import Random

from caretui.rules import clock
from caretui.rules.roles import Role
from caretui.rules.vocab import FormStatus
from caretui.sandbox.people import CARE_ACT_STATES, NhsNumbers, PeopleMaker, PersonSpec
from caretui.sandbox.records import CaseFacts
from caretui.sandbox.rows import Sink
from caretui.sandbox.staff import TeamStaff, Worker

NORTH = "North Community Assessment"
SOUTH = "South Community Assessment"
HOSPITAL = "Hospital Discharge Team"
OT = "Occupational Therapy"
DEMO_TEAMS = (NORTH, SOUTH, HOSPITAL, OT)
_TEAM_KINDS = {NORTH: "assessment", SOUTH: "assessment", HOSPITAL: "hospital", OT: "ot"}


@dataclass(frozen=True)
class DemoUser:
    """A named demo account a trainer can sign in as.

    Access end dates are kept as days from today so "ends soon" and "expired" stay
    true whenever the sandbox is built; ``access_ends`` turns them into a date.
    """

    login: str
    name: str
    role: Role
    team: str
    designation: str
    access_days: int | None = None

    @property
    def access_ends(self) -> date | None:
        if self.access_days is None:
            return None
        return clock.today() + timedelta(days=self.access_days)


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("sharma", "Priya Sharma", Role.PRACTITIONER, NORTH, "Social Worker"),
    DemoUser("okafor", "Daniel Okafor", Role.PRACTITIONER, NORTH, "Social Worker"),
    DemoUser("walsh", "Megan Walsh", Role.PRACTITIONER, SOUTH, "Senior Social Worker"),
    DemoUser("hughes", "Tom Hughes", Role.PRACTITIONER, HOSPITAL, "Social Worker"),
    DemoUser("begum", "Amina Begum", Role.PRACTITIONER, OT, "Occupational Therapist"),
    DemoUser("clarke", "Helen Clarke", Role.MANAGER, NORTH, "Team Manager"),
    DemoUser("reid", "Graham Reid", Role.MANAGER, SOUTH, "Team Manager"),
    DemoUser("mensah", "Ama Mensah", Role.MANAGER, HOSPITAL, "Team Manager"),
    DemoUser("fox", "Lucy Fox", Role.ADMIN, NORTH, "Customer Service Officer"),
    DemoUser("nowak", "Kasia Nowak", Role.ADMIN, SOUTH, "Customer Service Officer"),
    DemoUser("evans", "Sam Evans", Role.STUDENT, NORTH, "Student Social Worker", 120),
    DemoUser("lee", "Jordan Lee", Role.VIEWER, NORTH, "Health Liaison Officer (view only)", 12),
    DemoUser("grant", "Alex Grant", Role.VIEWER, SOUTH, "Audit Officer (view only)", -5),
    DemoUser("morgan", "Chris Morgan", Role.SYSTEM_ADMIN, NORTH, "Systems Support"),
)

# Open primary cases each named worker holds once the fill block has run (15-40).
CASELOAD_TARGETS = {
    "sharma": 34,
    "okafor": 31,
    "walsh": 36,
    "hughes": 26,
    "begum": 30,
    "evans": 6,
}
UNALLOCATED_PER_TEAM = 12

P = PersonSpec

# Carers who live with the person they care for share the address and landline.
_HAIGHS = {
    "address1": "14 Lingwell Avenue",
    "address2": "Eastmoor",
    "town": "Wakefield",
    "postcode": "WF1 4PT",
    "phone": "0113 496 0231",
}
_HUSSAINS = {
    "address1": "62 Savile Road",
    "address2": "Savile Town",
    "town": "Dewsbury",
    "postcode": "WF12 9LN",
    "phone": "0113 496 0877",
}

# (worker login, or "team:<name>" for a case waiting for allocation; the person)
STORIES: tuple[tuple[str, PersonSpec], ...] = (
    # --- Priya Sharma, North
    ("sharma", P("Dorothy", "Haigh", "Female", 84, "dementia", "overdue", relative=("husband", "Kenneth"), relative_on_record=True, **_HAIGHS,
        reason="Kenneth Haigh (husband) reports Dorothy's memory has got much worse since the summer: she no longer recognises the house at night and has twice been found in the street. Mixed dementia diagnosed two years ago.",
        source="Family or friend", alerts=("Memory problems - confirm visits by phone",),
        key_safe="Key safe to left of front door, behind drainpipe", older_case=True)),
    ("sharma", P("Kenneth", "Haigh", "Male", 86, "carer", "done", cared=("wife", "Dorothy"), cared_on_record=True, relative=("daughter", "Karen"), **_HAIGHS,
        reason="Kenneth cares for his wife Dorothy, who has mixed dementia, day and night. He has angina and says he is 'running on empty'. Requests a carer's assessment.",
        source="GP", group="Carer", employment="Retired")),
    ("sharma", P("Margaret", "Oldroyd", "Female", 91, "discharge", "soon", relative=("niece", "Julie"), hospital="Pinderfields Hospital", ward="Ward 12",
        reason="Admitted to Pinderfields Hospital (Ward 12) after a fall at home; fractured wrist. Medically fit and keen to go home; needs help with personal care and meals while the wrist heals.",
        alerts=("Lives alone", "Risk of falls"), ended_alerts=("Smoker in property",),
        key_safe="Key safe on the wall by the back door, under the porch light")),
    ("sharma", P("Mohammed", "Rafiq", "Male", 78, "falls", "later", heritage="south_asian",
        ethnicity="Asian or Asian British - Pakistani", relative=("son", "Imran"),
        alerts=("Interpreter required - Urdu",))),
    ("sharma", P("Jean", "Barraclough", "Female", 88, "review", "done", relative=("son", "Michael"), older_case=True)),
    ("sharma", P("Arthur", "Crowther", "Male", 93, "falls", "overdue", relative=("granddaughter", "Chloe"),
        alerts=("Dog at property",), ended_alerts=("Aggressive behaviour towards staff",),
        key_safe="Key safe behind the gate post at the side of the house")),
    ("sharma", P("Beverley", "Campbell", "Female", 71, "discharge", "later", heritage="black_caribbean",
        ethnicity="Black or Black British - Caribbean", relative=("daughter", "Simone"))),
    ("sharma", P("Agnieszka", "Wojcik", "Female", 67, "sensory", "later", heritage="eastern_european",
        ethnicity="White - Any other White background", relative=("son", "Tomasz"))),
    ("sharma", P("Peter", "Hinchliffe", "Male", 58, "mental_health", "done", relative=("sister", "Lesley"),
        reason="Discharged from Fieldhead Hospital after an admission under section 3 of the Mental Health Act. Entitled to section 117 aftercare; needs support to manage his flat and money.",
        source="Community health", employment="Unemployed")),
    ("sharma", P("Eileen", "Murphy", "Female", 82, "self_neglect", "overdue", heritage="irish",
        ethnicity="White Irish", relative=("nephew", "Declan"),
        alerts=("Hoarding - trip hazards",))),
    ("sharma", P("Walter", "Sykes", "Male", 89, "review", "done", relative=("daughter", "Susan"),
        reason="Review after six weeks of reablement: Walter has regained his independence with washing and dressing and no longer wants home care.",
        quiet=True, closure="pending", referred_days_ago=62)),
    ("sharma", P("Shirley", "Armitage", "Female", 76, "dementia", "soon", relative=("son", "Gary"))),
    ("sharma", P("Gwendoline", "Firth", "Female", 94, "dementia", "done", relative=("daughter", "Anne"),
        address1="Sandal Grange Care Home", address2="Barnsley Road", town="Wakefield", postcode="WF2 6AW",
        reason="Lives at Sandal Grange Care Home. Advanced dementia; tries to leave the home and is under constant supervision. Care home requests renewal of the DoLS authorisation.",
        source="Other local authority", alerts=("DNACPR in place", "Lasting Power of Attorney in place"))),
    ("sharma", P("Kulwant", "Kaur", "Female", 80, "falls", "later", heritage="south_asian",
        ethnicity="Asian or Asian British - Indian", relative=("daughter", "Parminder"))),
    # --- Daniel Okafor, North
    ("okafor", P("Irene", "Whitaker", "Female", 79, "falls", "later", relative=("son", "Paul"),
        reason="Struggling with stairs and personal care since a hip replacement in the spring. Daughter-in-law works for the council, so the family asked for the record to be locked down.",
        source="Family or friend", restricted=True)),
    ("okafor", P("Brian", "Holroyd", "Male", 83, "discharge", "overdue", relative=("daughter", "Karen"), hospital="Pinderfields Hospital", ward="Ward 40",
        reason="Admitted to Pinderfields Hospital with pneumonia; now medically fit. Lived alone with no support; ward ask for a package of care and a Care Act assessment at home.",
        alerts=("Lives alone",))),
    ("okafor", P("Nasreen", "Akhtar", "Female", 69, "carer", "later", heritage="south_asian",
        ethnicity="Asian or Asian British - Pakistani", cared=("husband", "Ghulam"), relative=("son", "Bilal"),
        group="Carer", employment="Retired")),
    ("okafor", P("Ronald", "Pickles", "Male", 90, "falls", "done", relative=("son", "Stephen"),
        key_safe="Key safe inside the meter cupboard to the right of the front door")),
    ("okafor", P("Patricia", "Hepworth", "Female", 74, "review", "done", relative=("daughter", "Deborah"))),
    ("okafor", P("Winston", "Francis", "Male", 81, "dementia", "soon", heritage="black_caribbean",
        ethnicity="Black or Black British - Caribbean", relative=("daughter", "Marcia"))),
    ("okafor", P("Susan", "Lockwood", "Female", 52, "learning_disability", "later", relative=("mother", "Margaret"), title="Miss",
        reason="Susan has a learning disability and lives with her parents, now 84 and 86. Her mother has had a stroke; the family ask for help planning where Susan will live in future.",
        employment="Not in paid employment (caring)")),
    ("okafor", P("Tadeusz", "Kaminski", "Male", 86, "sensory", "overdue", heritage="eastern_european",
        ethnicity="White - Any other White background", relative=("daughter", "Ewa"),
        alerts=("Hearing impaired - use loop",))),
    ("okafor", P("Joan", "Kitching", "Female", 97, "discharge", "done", relative=("son", "David"),
        alerts=("DNACPR in place",), key_safe="Key safe fixed beside the garage door, hidden by the hanging basket")),
    ("okafor", P("Stanley", "Bottomley", "Male", 77, "self_neglect", "later", relative=("neighbour", "Carol"),
        alerts=("Smoker in property",))),
    ("okafor", P("Mary", "Gallagher", "Female", 85, "dementia", "done", heritage="irish",
        ethnicity="White Irish", relative=("daughter", "Siobhan"))),
    ("okafor", P("Keith", "Marsden", "Male", 72, "falls", "overdue", relative=("brother", "Alan"),
        alerts=("Aggressive behaviour towards staff", "Do not visit alone"))),
    ("okafor", P("Shamim", "Hussain", "Female", 81, "discharge", "soon", heritage="south_asian", **_HUSSAINS,
        ethnicity="Asian or Asian British - Pakistani", relative=("daughter", "Sadia"), relative_on_record=True, hospital="Dewsbury and District Hospital",
        reason="Admitted to Dewsbury and District Hospital with a flare-up of COPD; now on home oxygen. Daughter Sadia is her main carer and asks for help with personal care.",
        alerts=("Oxygen in use - no smoking", "Interpreter required - Urdu"))),
    ("okafor", P("Sadia", "Hussain", "Female", 46, "carer", "later", heritage="south_asian", **_HUSSAINS,
        ethnicity="Asian or Asian British - Pakistani", cared=("mother", "Shamim"), cared_on_record=True, relative=("brother", "Imran"),
        reason="Sadia cares for her mother Shamim, who has COPD and is on home oxygen, while working part time. She is exhausted and would like a carer's assessment.",
        group="Carer", employment="Employed part time")),
    # --- Megan Walsh, South
    ("walsh", P("Maureen", "Dyson", "Female", 87, "discharge", "overdue", relative=("son", "Neil"),
        alerts=("Risk of falls",))),
    ("walsh", P("George", "Ramsden", "Male", 92, "dementia", "done", relative=("daughter", "Wendy"), hospital="Calderdale Royal Hospital",
        reason="Discharged home from Calderdale Royal Hospital, where he was under a DoLS authorisation. Vascular dementia; wife can no longer manage his care alone.")),
    ("walsh", P("Pauline", "Gledhill", "Female", 63, "carer", "soon", cared=("son", "Jamie"), relative=("sister", "Linda"),
        reason="Pauline cares for her son Jamie (34), who has a learning disability and epilepsy, and works full time. Jamie's day service has closed and she cannot keep going without a break.",
        group="Carer", employment="Employed full time")),
    ("walsh", P("Errol", "Samuels", "Male", 76, "falls", "later", heritage="black_caribbean",
        ethnicity="Black or Black British - Caribbean", relative=("wife", "Hyacinth"))),
    ("walsh", P("Edna", "Priestley", "Female", 95, "review", "done", relative=("daughter", "Christine"),
        closure="returned",
        return_reason="Please complete the open review task and end Tom Hughes's involvement before asking to close.")),
    ("walsh", P("Kazimierz", "Nowicki", "Male", 79, "sensory", "overdue", heritage="eastern_european",
        ethnicity="White - Any other White background", relative=("son", "Piotr"),
        alerts=("Visually impaired",))),
    ("walsh", P("Valerie", "Moorhouse", "Female", 73, "self_neglect", "soon", relative=("son", "Darren"),
        reason="Home care provider reports Valerie's pension is being collected by a new 'friend' and there is no food in the house. Valerie is reluctant to talk about it.",
        source="Community health")),
    ("walsh", P("Derek", "Sunderland", "Male", 81, "discharge", "later", relative=("wife", "Brenda"), referred_days_ago=12,
        alerts=("Lives alone",), key_safe="Key safe at the rear entrance; ring the bell first as daughter may be in")),
    ("walsh", P("Bridget", "O'Connor", "Female", 88, "dementia", "later", heritage="irish",
        ethnicity="White Irish", relative=("son", "Patrick"))),
    ("walsh", P("Zubeda", "Patel", "Female", 70, "falls", "done", heritage="south_asian",
        ethnicity="Asian or Asian British - Indian", relative=("son", "Rajesh"),
        alerts=("Hearing impaired - use loop",))),
    ("walsh", P("Alan", "Whiteley", "Male", 61, "mental_health", "done", relative=("sister", "Julie"),
        reason="Discharged from the Priestley Unit after detention under section 3. Section 117 aftercare: supported tenancy and help to rebuild contact with his family.",
        employment="Unemployed")),
    ("walsh", P("Lilian", "Ackroyd", "Female", 90, "falls", "overdue", relative=("niece", "Rachel"),
        alerts=("Lives alone",), key_safe="Key safe by the communal entrance door of the flats; flat is on the second floor")),
    ("walsh", P("Chipo", "Moyo", "Female", 42, "mental_health", "later", heritage="black_african",
        ethnicity="Black or Black British - African", relative=("friend", "Grace"),
        employment="Employed part time")),
    ("walsh", P("Norman", "Exley", "Male", 84, "review", "done", relative=("son", "Philip"), older_case=True)),
    # --- Tom Hughes, Hospital Discharge Team
    ("hughes", P("Frank", "Illingworth", "Male", 85, "discharge", "later", relative=("daughter", "Helen"), hospital="Pinderfields Hospital", ward="Ward 12",
        reason="On Pinderfields Hospital Ward 12 after a fall and a urinary infection. Medically optimised; ward ask for discharge to assess with reablement.")),
    ("hughes", P("Doreen", "Sutcliffe", "Female", 90, "discharge", "soon", relative=("son", "Graham"))),
    ("hughes", P("Abdul", "Rehman", "Male", 77, "discharge", "overdue", heritage="south_asian",
        ethnicity="Asian or Asian British - Pakistani", relative=("son", "Tariq"), hospital="Pontefract Hospital",
        reason="Delayed discharge from Pontefract Hospital: after a stroke Abdul needs two carers for all transfers. Family and ward discussing a nursing home placement; urgent DoLS in place on the ward.")),
    ("hughes", P("Sheila", "Beaumont", "Female", 82, "discharge", "later", relative=("daughter", "Claire"))),
    ("hughes", P("Raymond", "Hartley", "Male", 74, "discharge", "done", relative=("wife", "Pauline"))),
    ("hughes", P("Hyacinth", "Gordon", "Female", 79, "discharge", "later", heritage="black_caribbean",
        ethnicity="Black or Black British - Caribbean", relative=("son", "Delroy"))),
    ("hughes", P("Seamus", "Doyle", "Male", 80, "discharge", "soon", heritage="irish",
        ethnicity="White Irish", relative=("niece", "Aoife"))),
    ("hughes", P("Audrey", "Pollard", "Female", 86, "discharge", "done", relative=("son", "Kevin"))),
    ("hughes", P("Krystyna", "Mazur", "Female", 75, "discharge", "later", heritage="eastern_european",
        ethnicity="White - Any other White background", relative=("daughter", "Monika"))),
    ("hughes", P("Leslie", "Townend", "Male", 88, "discharge", "overdue", relative=("son", "Richard"),
        alerts=("Oxygen in use - no smoking",))),
    # --- Amina Begum, Occupational Therapy
    ("begum", P("Christine", "Lodge", "Female", 70, "ot", "later", relative=("husband", "Trevor"))),
    ("begum", P("Harold", "Swallow", "Male", 87, "ot", "overdue", relative=("daughter", "Janet"),
        alerts=("Poor access - steep steps",))),
    ("begum", P("Rashida", "Malik", "Female", 66, "ot", "soon", heritage="south_asian",
        ethnicity="Asian or Asian British - Pakistani", relative=("son", "Usman"))),
    ("begum", P("Dennis", "Fearnley", "Male", 79, "ot", "done", relative=("wife", "Sylvia"))),
    ("begum", P("Janet", "Normington", "Female", 58, "ot", "later", relative=("husband", "Ian"),
        reason="Janet has multiple sclerosis and can no longer climb the stairs safely. She would like to stay in her own home; asks about a stairlift or a downstairs bathroom.",
        employment="Employed part time")),
    ("begum", P("Geoffrey", "Senior", "Male", 83, "ot", "done", relative=("son", "Andrew"), older_case=True)),
    ("begum", P("Linda", "Hollings", "Female", 61, "ot", "overdue", relative=("partner", "Dawn"))),
    ("begum", P("Emeka", "Okonkwo", "Male", 55, "ot", "later", heritage="black_african",
        ethnicity="Black or Black British - African", relative=("wife", "Ngozi"),
        reason="Stroke six months ago with weakness on his right side. Emeka wants to get back to cooking for his family and return to work; requests equipment and kitchen advice.")),
    ("begum", P("Vera", "Binns", "Female", 92, "ot", "soon", relative=("daughter", "Lorraine"))),
    ("begum", P("Colin", "Stead", "Male", 69, "ot", "done", relative=("wife", "Jean"))),
    # --- Sam Evans, student, North
    ("evans", P("Brenda", "Wainwright", "Female", 78, "review", "later", relative=("daughter", "Tracey"))),
    ("evans", P("Ivy", "Jagger", "Female", 86, "falls", "soon", relative=("son", "Craig"))),
    ("evans", P("Gary", "Naylor", "Male", 45, "learning_disability", "done", relative=("mother", "Joyce"))),
    # --- waiting for allocation
    (f"team:{NORTH}", P("Cyril", "Barker", "Male", 88, "falls", "later", relative=("daughter", "Sharon"))),
    (f"team:{NORTH}", P("Rehana", "Qureshi", "Female", 72, "carer", "later", heritage="south_asian",
        ethnicity="Asian or Asian British - Pakistani", cared=("husband", "Zafar"), relative=("son", "Adeel"),
        group="Carer")),
    (f"team:{SOUTH}", P("Edward", "Hudson", "Male", 79, "discharge", "soon", relative=("son", "Mark"))),
    (f"team:{HOSPITAL}", P("Nora", "Flanagan", "Female", 84, "discharge", "later", heritage="irish",
        ethnicity="White Irish", relative=("daughter", "Roisin"), hospital="St James's University Hospital")),
    (f"team:{OT}", P("Percy", "Ibbotson", "Male", 90, "ot", "overdue", relative=("son", "Stuart"))),
)  # fmt: skip

# Hospital Discharge Team cases that moved to a community team on discharge.
TRANSFERRED_FROM_HOSPITAL = ("Margaret Oldroyd", "Brian Holroyd", "Derek Sunderland")


@dataclass
class DemoResult:
    """What the demo wrote that bulk mode and the build summary need."""

    teams: dict[str, TeamStaff]
    users: dict[str, Worker]
    cases: dict[str, CaseFacts] = field(default_factory=dict)

    @property
    def logins(self) -> set[str]:
        return set(self.users)


def _write_staff(sink: Sink, today: date) -> DemoResult:
    created = datetime.combine(today - timedelta(days=700), time(9, 0))
    teams: dict[str, TeamStaff] = {}
    for name in DEMO_TEAMS:
        team_id = sink.add("team", {"name": name, "created_at": created})
        teams[name] = TeamStaff(team_id, name, _TEAM_KINDS[name])
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
    """Teams, demo users, story people, the fill block and the records stories need."""
    demo = _write_staff(sink, today)
    maker = PeopleMaker(sink, Random(2486), today, nhs)
    users = demo.users
    teams = demo.teams
    total = len(STORIES) + sum(CASELOAD_TARGETS.values()) + UNALLOCATED_PER_TEAM * len(teams)
    done = 0
    held: dict[str, int] = dict.fromkeys(CASELOAD_TARGETS, 0)
    unallocated: dict[str, int] = dict.fromkeys(teams, 0)
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
    for name, team in teams.items():
        for _ in range(UNALLOCATED_PER_TEAM - unallocated[name]):
            maker.populate(team, None)
            done += 1
            if progress:
                progress("Demo people", done, total)

    _add_story_records(maker, demo, today)
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
