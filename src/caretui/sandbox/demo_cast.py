# ruff: noqa: E501
"""The demo's cast, written out by hand: named teams, demo users and story people.

Trainers walk through the same people in every session (Dorothy Haigh and her husband
Kenneth, the locked-down record of Irene Whitaker, Walter Sykes's closure waiting for
Helen Clarke), so these are written out rather than generated. Nothing here writes a
row: ``demo`` builds them into the sandbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caretui.rules import clock
from caretui.rules.roles import Role
from caretui.sandbox.people import PersonSpec

NORTH = "North Community Assessment"
SOUTH = "South Community Assessment"
HOSPITAL = "Hospital Discharge Team"
OT = "Occupational Therapy"
FRONT_DOOR = "Adult Social Care Front Door"  # screens new contacts (issue 12; ``front_door``)
DEMO_TEAMS = (NORTH, SOUTH, HOSPITAL, OT, FRONT_DOOR)
DEMO_TEAM_KINDS = {
    NORTH: "assessment",
    SOUTH: "assessment",
    HOSPITAL: "hospital",
    OT: "ot",
    FRONT_DOOR: "front_door",
}
# Teams whose duty desk holds cases the old way: open, awaiting allocation (see ``demo``).
# The front door's waiting work is its referrals, written by ``front_door``.
ALLOCATING_TEAMS = (NORTH, SOUTH, HOSPITAL, OT)


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
    # Added last so every earlier user keeps its id (and the screens' snapshots their data).
    DemoUser("iqbal", "Farah Iqbal", Role.PRACTITIONER, FRONT_DOOR, "Social Worker"),
    DemoUser("booth", "Martin Booth", Role.MANAGER, FRONT_DOOR, "Team Manager"),
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
