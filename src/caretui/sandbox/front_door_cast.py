# ruff: noqa: E501
"""The front door's cast (issue 12), written out by hand: new contacts and what became of them.

Trainers show the front door with the same people every time, so, like ``demo_cast``,
they are written out rather than generated; ``front_door`` writes them into the sandbox.
As **Farah Iqbal** (front-door practitioner) or **Martin Booth** (its manager):

- referrals awaiting screening from six different sources, two of them urgent;
- North Community Assessment's waiting list in every priority (Urgent, Normal, Low), with
  its past allocations to Daniel Okafor in the last 90 days, so **Helen Clarke** sees a
  likely wait for each priority (Urgent about 2 days, Normal about 2 weeks, Low about 6);
- three declines (self-funding, needs not met here, moved away) with alternative
  services, a CLD outcome and the letter or email on the Timeline, and one
  information-and-advice-only contact;
- consent for nearly everyone: one person has **withdrawn** it (Marjorie Heseltine), one
  has had it **re-confirmed** while waiting (Sandra Kilner), one is going ahead without it
  on safeguarding grounds (Wilfred Backhouse);
- the near-duplicate pair for the duplicate check: **Katherine Smyth** (awaiting screening,
  recorded despite the warning, with the reason kept) and **Catherine Smith** (on the
  waiting list) share a date of birth. Record a new contact for "Catherine Smyth" born
  that day and both are listed.

Every date is a number of days before the sandbox's "today"; no contact is dated today,
so none is ever later than the moment the sandbox is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from caretui.rules.consent import ConsentEventKind, ConsentNature, LawfulBasis
from caretui.rules.referrals import (
    DeclineReason,
    InformMethod,
    Priority,
    ReferralSource,
    RouteOfAccess,
    ScreeningOutcome,
)
from caretui.sandbox.demo_cast import HOSPITAL, NORTH
from caretui.sandbox.people import PersonSpec

FRONT_DOOR_WORKER = "iqbal"
FRONT_DOOR_MANAGER = "booth"


@dataclass(frozen=True)
class Newcomer:
    """A person met at the front door: every detail written out, nothing generated."""

    first: str
    last: str
    gender: str
    age: int
    address1: str
    town: str
    postcode: str
    address2: str = ""
    title: str = ""
    ethnicity: str = "White British"
    group: str = "Physical support"
    employment: str = "Retired"
    main_language: str = "English"
    interpreter: bool = False
    communication: str = ""
    accommodation: str = "Owner occupier or shared ownership"
    unpaid_carer: str = "Unknown"
    support_reason: str = "Physical support: personal care support"
    birthday: tuple[int, int] | None = None  # (month, day), when a story needs the exact date
    relative: tuple[str, str] | None = None  # (relationship, name) kept on their contacts

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Consent:
    """One consent entry, ``days_ago`` before today, obtained or recorded by ``by`` (a login)."""

    kind: ConsentEventKind
    days_ago: int
    by: str = FRONT_DOOR_WORKER
    nature: ConsentNature | None = None
    representative: tuple[str, str] = ("", "")  # (name, relationship)
    to_share_information: bool = True
    lawful_basis: LawfulBasis | None = None
    justification: str = ""
    reason: str = ""


def spoken(days_ago: int, by: str = FRONT_DOOR_WORKER) -> Consent:
    return Consent(ConsentEventKind.GIVEN, days_ago, by, ConsentNature.SPOKEN)


def written(days_ago: int, by: str = FRONT_DOOR_WORKER) -> Consent:
    return Consent(ConsentEventKind.GIVEN, days_ago, by, ConsentNature.WRITTEN)


@dataclass(frozen=True)
class Screening:
    """The front door's decision, ``days_ago`` before today, and what followed it."""

    outcome: ScreeningOutcome
    days_ago: int
    informed: InformMethod
    by: str = FRONT_DOOR_WORKER
    team: str = NORTH  # the team accepting it or whose waiting list it joins
    worker: str = ""  # accepted straight to this worker (a login)
    priority: Priority | None = None
    decline_reason: DeclineReason | None = None
    detail: str = ""
    alternatives: str = ""
    advice: str = ""
    allocated: tuple[int, str, str] | None = None  # (days ago, worker, by manager) off the list


@dataclass(frozen=True)
class Contact:
    """A new contact as the front door recorded it, and its screening if there has been one."""

    person: Newcomer
    days_ago: int
    time: str  # "HH:MM": the Care Act clock starts at the initial contact
    source: ReferralSource
    route: RouteOfAccess
    urgency: Priority
    reason: str
    referrer: str = ""
    referrer_contact: str = ""
    consent: tuple[Consent, ...] = ()
    duplicate_reason: str = ""
    screening: Screening | None = None
    notes: tuple[tuple[int, str, str, str], ...] = ()  # (days ago, login, activity type, subject)


N = Newcomer
C = Contact
S = Screening
W = ScreeningOutcome.WAITING_LIST
_ROUTE = RouteOfAccess.COMMUNITY_OR_OTHER

# The near-duplicate pair: the same date of birth, names a letter or two apart.
SMYTH = N(
    "Katherine",
    "Smyth",
    "Female",
    81,
    "27 Rockingham Close",
    "Normanton",
    "WF6 2QS",
    address2="Altofts",
    title="Mrs",
    birthday=(5, 9),
    support_reason="Support with memory and cognition",
    group="Support with memory and cognition",
    unpaid_carer="No",
    relative=("Daughter-in-law", "Joanne Smyth"),
)
SMITH = N(
    "Catherine",
    "Smith",
    "Female",
    81,
    "4 Tanshelf Terrace",
    "Castleford",
    "WF10 4LN",
    address2="Whitwood",
    title="Mrs",
    birthday=(5, 9),
    accommodation="Tenant: council, housing association or social landlord",
    unpaid_carer="Yes",
    relative=("Daughter", "Tracey Bell"),
)
NEAR_DUPLICATES = (SMYTH.name, SMITH.name)

CONTACTS: tuple[Contact, ...] = (
    # --- awaiting screening on the front door (Farah Iqbal's and Martin Booth's list)
    C(N("Edith", "Thornton", "Female", 88, "Flat 6 Calder Court", "Wakefield", "WF2 8NJ", address2="Lupset", title="Mrs",
        accommodation="Tenant: council, housing association or social landlord", unpaid_carer="No"),
      1, "09:40", ReferralSource.HOSPITAL, RouteOfAccess.DISCHARGE_FROM_HOSPITAL, Priority.URGENT,
      "Admitted to Pinderfields Hospital after a fall at home; medically fit for discharge from Ward 12 from tomorrow. Lives alone in a first-floor flat and needs help with washing, dressing and meals to go home.",
      "Gill Parkin, discharge coordinator, Pinderfields Hospital Ward 12", "01632 960412",
      consent=(spoken(1),)),
    C(N("Wilfred", "Backhouse", "Male", 83, "19 Doncaster Road", "Wakefield", "WF1 5DP", address2="Agbrigg", title="Mr",
        communication="Confused at times, worse in the evening: short questions, one at a time.", unpaid_carer="No",
        support_reason="Support with memory and cognition", group="Support with memory and cognition"),
      2, "23:20", ReferralSource.POLICE, _ROUTE, Priority.URGENT,
      "Found by police at 11pm walking on Doncaster Road in his slippers, unsure of his address; taken home to his wife, who has dementia herself. Neighbours say it is the third time this month.",
      "PC Sarah Lund, West Yorkshire Police (incident 1913)", "01632 960233",
      consent=(Consent(ConsentEventKind.NO_CONSENT, 1, lawful_basis=LawfulBasis.SAFEGUARDING,
                       justification="Risk of serious harm at night; Wilfred could not follow the conversation about sharing his information. Section 42 enquiry duty: going ahead without consent, to be reviewed at the first visit."),)),
    C(SMYTH, 2, "10:15", ReferralSource.FAMILY_OR_CARER, _ROUTE, Priority.NORMAL,
      "Daughter-in-law reports Katherine has been forgetting meals and her tablets since her husband died in the autumn, and has stopped going to her church group.",
      "Joanne Smyth (daughter-in-law)", "07700 900318",
      consent=(spoken(2),),
      duplicate_reason="Not Catherine Smith of Castleford, who has the same date of birth: checked with Joanne Smyth, a different address, GP and NHS number."),
    C(N("Grace", "Adeyemi", "Female", 67, "8 Laburnum Grove", "Ossett", "WF5 9HT", address2="Gawthorpe", title="Mrs",
        ethnicity="Black or Black British - African", communication="Sight loss: large print (at least 16 point) or a phone call; cannot read standard letters.",
        unpaid_carer="Yes", support_reason="Sensory support: visual impairment", group="Sensory support", relative=("Husband", "Samuel Adeyemi")),
      3, "11:05", ReferralSource.GP, _ROUTE, Priority.NORMAL,
      "Type 2 diabetes and worsening sight (diabetic retinopathy); has stopped going out and missed two hospital appointments. Lives with her husband, who works nights.",
      "Dr Helen Marsh, Orchard Croft Surgery", "01632 960587",
      consent=(spoken(3),)),
    C(N("Michael", "Dunne", "Male", 59, "Flat 14 Jubilee House", "Pontefract", "WF8 1AU", address2="Chequerfield", title="Mr", ethnicity="White Irish",
        employment="Unemployed", accommodation="Tenant: council, housing association or social landlord",
        unpaid_carer="No", support_reason="Mental health support", group="Mental health support"),
      4, "15:50", ReferralSource.HOUSING, _ROUTE, Priority.NORMAL,
      "Tenancy officer could not get the gas engineer to the boiler for the clutter; rent arrears are building up. Michael has depression and rarely goes out.",
      "Leanne Hirst, tenancy officer, Wakefield District Housing", "leanne.hirst@housing.example",
      consent=(spoken(4),)),
    C(N("Leonard", "Whitworth", "Male", 74, "52 Orchard Way", "Horbury", "WF4 6LB", address2="Sitlington", title="Mr",
        support_reason="Physical support: access and mobility only"),
      5, "14:30", ReferralSource.SELF, _ROUTE, Priority.LOW,
      "Rang himself: since a knee replacement in the spring he struggles with the stairs and with getting in and out of the bath. Asks about a second stair rail and a bath seat."),
    # --- on North Community Assessment's waiting list (Helen Clarke allocates)
    C(N("Bernard", "Lumb", "Male", 90, "3 Church Lane", "Wakefield", "WF2 7RE", address2="Sandal", title="Mr", unpaid_carer="Yes"),
      2, "08:55", ReferralSource.COMMUNITY_HEALTH, _ROUTE, Priority.URGENT,
      "District nurse reports Bernard's wife, his carer, was admitted to hospital last night. He cannot manage his personal care alone; a neighbour is staying with him for now.",
      "Kate Rushworth, district nurse, Eastmoor Health Centre", "01632 960771",
      consent=(spoken(2),),
      screening=S(W, 1, InformMethod.PHONE, priority=Priority.URGENT)),
    C(N("Ruksana", "Bibi", "Female", 76, "41 Savile Road", "Dewsbury", "WF12 9PL", address2="Savile Town", title="Mrs",
        ethnicity="Asian or Asian British - Pakistani", main_language="Urdu", interpreter=True,
        communication="Speaks Urdu; book a female Urdu interpreter for visits and calls.", unpaid_carer="Yes",
        relative=("Son", "Asif Mahmood")),
      5, "12:20", ReferralSource.FAMILY_OR_CARER, _ROUTE, Priority.URGENT,
      "Son reports two falls this week; his mother is frightened to be alone while he is at work and is not eating.",
      "Asif Mahmood (son)", "07700 900452",
      consent=(spoken(5),),
      screening=S(W, 4, InformMethod.PHONE, priority=Priority.URGENT)),
    C(N("Trevor", "Nettleton", "Male", 68, "16 Westfield Drive", "Ossett", "WF5 0QA", address2="Healey", title="Mr", unpaid_carer="Yes",
        communication="Word-finding difficulty since his stroke: give him time, and check understanding.",
        accommodation="Settled with family or friends", relative=("Daughter", "Emma Nettleton")),
      10, "10:00", ReferralSource.OTHER_COUNCIL, _ROUTE, Priority.NORMAL,
      "Stroke in the summer; has moved from Leeds into his daughter's house in Ossett. Leeds City Council closed their case and passed on his support plan.",
      "Duty team, Adult Social Care, Leeds City Council", "01632 960640",
      consent=(written(10),),
      screening=S(W, 9, InformMethod.LETTER, priority=Priority.NORMAL)),
    C(N("Marjorie", "Heseltine", "Female", 79, "9 Primrose Hill", "Pontefract", "WF8 3JD", address2="Carleton", title="Mrs",
        relative=("Son", "Paul Heseltine")),
      24, "16:10", ReferralSource.FAMILY_OR_CARER, _ROUTE, Priority.NORMAL,
      "Son asks for an assessment: his mother has lost weight, is unsteady on her feet and has let the house go since a chest infection.",
      "Paul Heseltine (son)", "07700 900127",
      consent=(spoken(24), Consent(ConsentEventKind.WITHDRAWN, 10, by="clarke",
                                   reason="Rang to say she does not want her GP or her son told anything until she has decided whether she wants help.")),
      screening=S(W, 23, InformMethod.LETTER, priority=Priority.NORMAL),
      notes=((10, "clarke", "phone_call", "Phone call from Mrs Heseltine: consent withdrawn"),)),
    C(N("Sandra", "Kilner", "Female", 61, "30 Wrenthorpe Lane", "Wakefield", "WF2 0JJ", address2="Alverthorpe", title="Mrs",
        group="Carer", employment="Employed part time", unpaid_carer="No", support_reason=""),
      39, "13:35", ReferralSource.COMMUNITY_HEALTH, _ROUTE, Priority.NORMAL,
      "Cares for her husband, who has early-onset dementia. His community psychiatric nurse says Sandra is exhausted and would like a carer's assessment.",
      "Owen Garside, community psychiatric nurse", "01632 960918",
      consent=(written(39), Consent(ConsentEventKind.RECONFIRMED, 8, by="clarke")),
      screening=S(W, 38, InformMethod.LETTER, priority=Priority.NORMAL),
      notes=((8, "clarke", "phone_call", "Waiting list call to Mrs Kilner: still wants a carer's assessment; consent re-confirmed"),)),
    C(N("Gordon", "Tattersall", "Male", 71, "7 Quarry Bank", "Featherstone", "WF7 5EX", address2="Purston", title="Mr", unpaid_carer="Yes",
        support_reason="Physical support: access and mobility only", relative=("Wife", "Maureen Tattersall")),
      33, "09:25", ReferralSource.SELF, _ROUTE, Priority.LOW,
      "Parkinson's disease, slowly progressing. Gordon would like advice before things get harder: a second banister, a raised toilet seat, perhaps a wet room later.",
      consent=(spoken(33),),
      screening=S(W, 31, InformMethod.LETTER, priority=Priority.LOW)),
    C(SMITH, 66, "11:45", ReferralSource.GP, _ROUTE, Priority.LOW,
      "Mild memory problems; her GP asks for a review of support at home because her daughter is moving to Sheffield in the spring.",
      "Dr Anil Rao, Castleford Medical Practice", "01632 960305",
      consent=(written(66),),
      screening=S(W, 64, InformMethod.LETTER, priority=Priority.LOW)),
    # --- allocated from North's waiting list in the last 90 days: the likely-wait history
    C(N("Olive", "Pinder", "Female", 89, "22 Ings Road", "Wakefield", "WF1 2LR", address2="Eastmoor", title="Mrs"),
      12, "10:30", ReferralSource.HOSPITAL, RouteOfAccess.DISCHARGE_FROM_HOSPITAL, Priority.URGENT,
      "Home from Pinderfields Hospital after a chest infection; much weaker and needs help to wash and dress.",
      "Ward 40 discharge team, Pinderfields Hospital", "01632 960415", consent=(spoken(12),),
      screening=S(W, 11, InformMethod.PHONE, priority=Priority.URGENT, allocated=(10, "okafor", "clarke"))),
    C(N("Clifford", "Usher", "Male", 84, "61 Kingsway", "Ossett", "WF5 8DU", title="Mr", unpaid_carer="No"),
      40, "14:05", ReferralSource.GP, _ROUTE, Priority.URGENT,
      "Carer breakdown: his wife has gone into a nursing home and Clifford, who is partially sighted, is alone and not coping.",
      "Dr Fiona Lees, Northgate Surgery", "01632 960566", consent=(spoken(40),),
      screening=S(W, 39, InformMethod.PHONE, priority=Priority.URGENT, allocated=(36, "okafor", "clarke"))),
    C(N("Hazel", "Midgley", "Female", 77, "5 Sycamore Close", "Normanton", "WF6 1HS", title="Mrs"),
      30, "11:20", ReferralSource.SELF, _ROUTE, Priority.NORMAL,
      "Asks for help with bathing and housework after a shoulder operation; husband has his own health problems.",
      consent=(spoken(30),),
      screening=S(W, 29, InformMethod.LETTER, priority=Priority.NORMAL, allocated=(17, "okafor", "clarke"))),
    C(N("Dinesh", "Mistry", "Male", 72, "88 Regent Street", "Wakefield", "WF1 4QE", title="Mr", ethnicity="Asian or Asian British - Indian",
        main_language="Gujarati", communication="Prefers Gujarati for anything complicated; his son can interpret on visits.", unpaid_carer="Yes",
        relative=("Son", "Nikhil Mistry")),
      75, "15:15", ReferralSource.FAMILY_OR_CARER, _ROUTE, Priority.NORMAL,
      "Son asks for an assessment: heart failure, breathless on the stairs; his wife can no longer help him up them.",
      "Nikhil Mistry (son)", "07700 900661", consent=(spoken(75),),
      screening=S(W, 74, InformMethod.LETTER, priority=Priority.NORMAL, allocated=(58, "okafor", "clarke")),
      notes=((57, "okafor", "case_note", "Home visit with Nikhil: Dinesh's views on support"),)),
    C(N("Beryl", "Raynor", "Female", 92, "12 Vicarage Lane", "Wakefield", "WF2 6HQ", address2="Sandal", title="Mrs", unpaid_carer="No"),
      50, "09:50", ReferralSource.COMMUNITY_HEALTH, _ROUTE, Priority.NORMAL,
      "Community matron reports Beryl is struggling to prepare meals and has lost weight since the winter.",
      "Community matron, Trinity Medical Centre", "01632 960850",
      consent=(spoken(50), Consent(ConsentEventKind.RECONFIRMED, 26, by="okafor")),
      screening=S(W, 48, InformMethod.LETTER, priority=Priority.NORMAL, allocated=(27, "okafor", "clarke")),
      notes=((26, "okafor", "case_note", "First visit: Beryl agreed to an assessment and re-confirmed her consent"),)),
    C(N("Norma", "Jowett", "Female", 80, "3 Rowan Avenue", "Horbury", "WF4 5AB", title="Mrs"),
      84, "13:10", ReferralSource.SELF, _ROUTE, Priority.LOW,
      "Asks whether she could have a community alarm and a bath lift; managing otherwise.",
      consent=(spoken(84),),
      screening=S(W, 82, InformMethod.LETTER, priority=Priority.LOW, allocated=(47, "okafor", "clarke"))),
    C(N("Glyn", "Brearley", "Male", 69, "70 Moor Lane", "Castleford", "WF10 3TD", title="Mr"),
      99, "10:40", ReferralSource.GP, _ROUTE, Priority.LOW,
      "COPD; GP asks for advice on equipment and help with the garden path, which he can no longer manage.",
      "Dr Anil Rao, Castleford Medical Practice", "01632 960305", consent=(spoken(99),),
      screening=S(W, 97, InformMethod.LETTER, priority=Priority.LOW, allocated=(53, "okafor", "clarke"))),
    # --- accepted straight to a worker
    C(N("Eric", "Wadsworth", "Male", 81, "15 Station Road", "Knottingley", "WF11 8AH", title="Mr", unpaid_carer="Yes",
        relative=("Wife", "Joan Wadsworth")),
      6, "10:05", ReferralSource.HOSPITAL, RouteOfAccess.DISCHARGE_FROM_HOSPITAL, Priority.URGENT,
      "Hip fracture repaired at Pontefract Hospital; ready for discharge to assess with reablement at home.",
      "Discharge coordinator, Pontefract Hospital", "01632 960377", consent=(spoken(6),),
      screening=S(ScreeningOutcome.ACCEPT, 5, InformMethod.PHONE, team=HOSPITAL, worker="hughes")),
    # --- declined in writing, with alternatives, and an information-and-advice-only contact
    C(N("Elaine", "Garside", "Female", 70, "2 Manor Croft", "Wakefield", "WF2 7JU", address2="Sandal", title="Mrs", unpaid_carer="No"),
      12, "11:30", ReferralSource.SELF, _ROUTE, Priority.LOW,
      "Would like help with cleaning and shopping after a cataract operation, and a list of care agencies.",
      consent=(spoken(12),),
      screening=S(ScreeningOutcome.DECLINE, 10, InformMethod.LETTER, decline_reason=DeclineReason.SELF_FUNDING,
                  detail="Savings well above the upper capital limit; Mrs Garside prefers to arrange her own help.",
                  alternatives="Sent the list of registered home care agencies in Wakefield and the council's guide 'Paying for care'; told her she can ask for a needs assessment at any time.")),
    C(N("Roy", "Cawthorne", "Male", 66, "44 Beckett Street", "Pontefract", "WF8 4NB", title="Mr",
        accommodation="Tenant: council, housing association or social landlord", unpaid_carer="No", support_reason=""),
      20, "14:45", ReferralSource.HOUSING, _ROUTE, Priority.LOW,
      "Neighbours complain the garden is overgrown; the housing officer asks whether adult social care can help Roy keep it tidy.",
      "Wakefield District Housing, estate office", "01632 960728", consent=(spoken(19),),
      screening=S(ScreeningOutcome.DECLINE, 18, InformMethod.EMAIL, by=FRONT_DOOR_MANAGER, decline_reason=DeclineReason.NEEDS_NOT_MET_HERE,
                  detail="Roy is well and independent; garden maintenance is not an eligible care need.",
                  alternatives="Age UK Wakefield District's garden and handyperson service; Wakefield District Housing's tenancy support team.")),
    C(N("Doris", "Fawcett", "Female", 85, "10 Elm Grove", "Hemsworth", "WF9 4QT", title="Mrs"),
      33, "10:50", ReferralSource.GP, _ROUTE, Priority.NORMAL,
      "GP asks for a care assessment: frailty and falls. The practice has since heard Doris has moved to live with her son in Harrogate.",
      "Kinsley Surgery", "01632 960199", consent=(spoken(32),),
      screening=S(ScreeningOutcome.DECLINE, 30, InformMethod.LETTER, decline_reason=DeclineReason.MOVED_AWAY,
                  detail="Living with her son in Harrogate since last month.",
                  alternatives="With Doris's consent, the referral and the GP's letter were passed to North Yorkshire Council's adult social care.")),
    C(N("Kathleen", "Denton", "Female", 78, "6 Darnley Avenue", "Wakefield", "WF2 9PX", address2="Lupset", title="Mrs", unpaid_carer="Yes",
        relative=("Daughter", "Michelle Denton")),
      8, "12:40", ReferralSource.FAMILY_OR_CARER, _ROUTE, Priority.LOW,
      "Daughter asks what help there is with her mother's heating costs and how to apply for Attendance Allowance.",
      "Michelle Denton (daughter)", "07700 900844", consent=(spoken(8),),
      screening=S(ScreeningOutcome.ADVICE_ONLY, 7, InformMethod.PHONE,
                  advice="Explained Attendance Allowance and requested the claim form; signposted to Citizens Advice Wakefield District for a benefits check and to the council's warm homes scheme.")),
)  # fmt: skip

# Open tasks on the front door's Team Activities: (person, subject, due in days).
QUEUE: tuple[tuple[str, str, int], ...] = (
    ("Edith Thornton", "Ring Ward 12 to confirm Mrs Thornton's discharge date before screening", 0),
    ("Wilfred Backhouse", "Ring the GP about Mr and Mrs Backhouse before screening", 0),
    ("Michael Dunne", "Ask the tenancy officer for the gas safety notice before screening", 2),
)


# --- the person details the front door added, for the demo's story people -----------------------

_LANGUAGES = {  # story people who do not speak English as their main language
    "Mohammed Rafiq": "Urdu",
    "Shamim Hussain": "Urdu",
    "Kulwant Kaur": "Punjabi",
    "Tadeusz Kaminski": "Polish",
}
_COMMUNICATION = {
    "Memory problems - confirm visits by phone": "Memory problems: confirm visits by phone the day before.",
    "Hearing impaired - use loop": "Hearing impaired: use the hearing loop and face them when speaking.",
    "Visually impaired": "Visually impaired: large print or a phone call instead of letters.",
    "Interpreter required - Urdu": "Speaks Urdu: book an interpreter for visits and calls.",
}
_SENSORY = {
    "Hearing impaired - use loop": "Sensory support: hearing impairment",
    "Visually impaired": "Sensory support: visual impairment",
}
_ACCOMMODATION = {
    "learning_disability": "Settled with family or friends",
    "mental_health": "Supported accommodation or supported lodgings",
}


def story_details(spec: PersonSpec) -> dict[str, object]:
    """Main language, interpreter, communication needs, accommodation, unpaid carer and
    (for sensory support) the primary support reason of a demo story person, read from
    what their story already says: alerts, address, scenario, who cares for them."""
    name = f"{spec.first} {spec.last}"
    language = _LANGUAGES.get(name, "English")
    needs = " ".join(_COMMUNICATION[a] for a in spec.alerts if a in _COMMUNICATION)
    if "Care Home" in spec.address1:
        accommodation = "Registered care home"
    else:
        default = "Owner occupier or shared ownership" if spec.age >= 65 else "Not known"
        accommodation = _ACCOMMODATION.get(spec.scenario, default)
    if spec.group == "Carer" or "Lives alone" in spec.alerts:
        carer = "No"
    elif spec.relative_on_record or spec.scenario == "dementia":
        carer = "Yes"
    else:
        carer = "Unknown"
    details: dict[str, object] = {
        "main_language": language,
        "interpreter_needed": any(a.startswith("Interpreter required") for a in spec.alerts),
        "communication_needs": needs,
        "accommodation_status": accommodation,
        "has_unpaid_carer": carer,
    }
    sensory = next((_SENSORY[a] for a in spec.alerts if a in _SENSORY), "")
    if sensory:
        details["primary_support_reason"] = sensory
    return details
