# ruff: noqa: E501
"""Words the training sandbox is made of: names, places, and how practitioners write.

Kept apart from the generator so a trainer can read (and improve) the vocabulary
without reading any code. Everything here is made up. Phone numbers come from the
ranges Ofcom keeps for drama (01632 960xxx, 0113 496 0xxx, 07700 900xxx) so a
sandbox number can never ring a real person; e-mail addresses use the reserved
``.example`` domain.
"""

from __future__ import annotations

from typing import NamedTuple


class Heritage(NamedTuple):
    """A naming tradition with the ethnicity categories it is recorded under."""

    key: str
    weight_older: float  # share among people aged 65+
    weight_younger: float  # share among people aged 18-64
    ethnicities: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.replace("_", " ") for w in text.split())


HERITAGES: tuple[Heritage, ...] = (
    Heritage(
        "white_british",
        0.76,
        0.62,
        ("White British",),
        _words(
            "Margaret Jean Patricia Barbara Joan Dorothy Sheila Brenda Maureen Pauline "
            "Christine Irene Doreen Kathleen Valerie Marjorie Audrey Elsie Edna Mavis Betty "
            "Joyce Hilda Iris Rita Sylvia Eileen Shirley Janet Susan Linda Carol Sandra Elaine "
            "Gillian Wendy Lesley Anne Mary Elizabeth Jennifer Judith Hazel June Vera Gladys "
            "Freda Winifred Ivy Lilian Phyllis Muriel Beryl Rosemary Julie Karen Tracey Dawn "
            "Deborah Sharon Nicola Joanne Claire Sarah Emma Rachel Hannah Laura Kelly Gemma "
            "Lisa Amanda Michelle Donna Lorraine Alison Angela Denise Heather Yvonne "
            "Jacqueline Diane Glenys Norma Pamela Marion Gwendoline Annie Ethel Nellie Lillian "
            "Kathryn Helen Jane Stephanie Rebecca Leanne Kirsty Chloe Jodie Stacey"
        ),
        _words(
            "John David Michael Peter Brian Kenneth Ronald Derek Keith Alan Colin Roy "
            "Geoffrey Dennis Raymond Frank George Harold Albert Arthur Stanley Norman Leslie "
            "Eric Gordon Trevor Malcolm Terence Barry Graham Clifford Jack Walter Ernest Fred "
            "Bernard Douglas Stuart Philip Robert William Richard Stephen Paul Mark Andrew "
            "Christopher Ian Gary Neil Darren Lee Craig Dean Wayne Shaun Jason Martin Kevin "
            "Anthony Nigel Howard Gerald Maurice Cyril Wilfred Herbert Sidney Percy Reginald "
            "Thomas James Daniel Matthew Ryan Liam Jamie Carl Adrian Simon Neville Alfred "
            "Edward Harry Joseph Samuel Leonard Victor Donald Glyn Dale Scott Russell"
        ),
        _words(
            "Smith Jones Taylor Brown Wilson Walker Wood Robinson Thompson Wright Hall Green "
            "Jackson Hirst Holroyd Sykes Haigh Armitage Oldroyd Priestley Ackroyd Brook "
            "Firth Crowther Lockwood Mellor Shaw Whiteley Barraclough Hepworth Illingworth "
            "Sutcliffe Greenwood Mitchell Booth Hartley Kaye Dyson Hinchliffe Lodge Bottomley "
            "Fearnley Ramsden Marsden Beaumont Townend Hudson Atkinson Dobson Gledhill Jagger "
            "Moorhouse Normington Pickles Rhodes Stead Exley Senior Swallow Sugden Ibbotson "
            "Wainwright Webster Turner Hollings Hargreaves Binns Blackburn Bentley Cartwright "
            "Tattersall Horsfall Naylor Pearson Pollard Ward Barker Bell Carter Cooper Cox "
            "Davies Dawson Edwards Ellis Fletcher Foster Gibson Hill Holmes Johnson Kitching "
            "Lawson Marshall Moore Morris Parkin Parkinson Richardson Roberts Scott Simpson "
            "Stephenson Stones Sunderland Thornton Usher Wadsworth Watson White Whitehead "
            "Wilkinson Young Bramley Cawthorne Denton Fawcett Garside Heseltine Leadbeater "
            "Pinder Rushworth Uttley Whitaker Sharp Charlesworth Lumb Raynor Hemingway Crossley "
            "Ellison Kilner Hanson Dickinson Brearley Heaton Jowett Midgley Nettleton"
        ),
    ),
    Heritage(
        "south_asian",
        0.10,
        0.18,
        (
            "Asian or Asian British - Pakistani",
            "Asian or Asian British - Pakistani",
            "Asian or Asian British - Indian",
            "Asian or Asian British - Bangladeshi",
        ),
        _words(
            "Shamim Nasreen Parveen Zubeda Bashiran Rashida Khadija Fatima Razia Shahida "
            "Tahira Nusrat Rukhsana Sajida Kalsoom Naseem Zarina Jasvir Harjit Manjit Kulwant "
            "Gurmeet Balbir Parminder Rajinder Kamla Savita Usha Meena Anjali Sunita Shirin "
            "Hafsa Ayesha Sadia Saima Nabila Asma Salma Rehana Yasmin Farzana Shabana Mumtaz "
            "Najma Zainab Maryam Iqra Nighat"
        ),
        _words(
            "Mohammed Muhammad Abdul Ghulam Bashir Rafiq Tariq Arshad Zafar Imran Asif Khalid "
            "Nadeem Shahid Iqbal Aslam Javed Pervez Yousaf Zahid Naveed Sajid Amjad Gurdev "
            "Harbhajan Kuldip Sukhdev Jaswant Ajit Ravi Sanjay Rajesh Anil Vijay Dinesh Ashok "
            "Mahmood Hanif Rashid Saleem Yasin Faisal Adeel Bilal Hamza Usman Zubair Shabir "
            "Mushtaq Akram"
        ),
        _words(
            "Khan Hussain Ahmed Ali Akhtar Iqbal Mahmood Rashid Shah Butt Malik Rehman Aslam "
            "Riaz Saddiq Javed Qureshi Chaudhry Mirza Nawaz Anwar Patel Singh Sandhu Bains "
            "Dhillon Sidhu Mistry Chauhan Parmar Rahman Miah Uddin Islam Choudhury Hanif "
            "Rafiq Bashir Kayani Zaman Din Sadiq Hameed Yousaf Saeed Arif Latif"
        ),
    ),
    Heritage(
        "black_caribbean",
        0.025,
        0.03,
        ("Black or Black British - Caribbean",),
        _words(
            "Beverley Hyacinth Gloria Pearline Monica Cynthia Merline Icilda Lorna Marcia "
            "Yvette Claudette Millicent Esme Dorrett Veronica Sonia Paulette"
        ),
        _words(
            "Winston Delroy Clinton Errol Lloyd Everton Leroy Carlton Vernon Desmond Linton "
            "Hopeton Wesley Aubrey Cecil Osbourne Roy Lincoln"
        ),
        _words(
            "Campbell Williams Grant Thomas Francis Henry Bailey Gordon Samuels McKenzie "
            "Powell Forbes Gayle Beckford Lindo Morrison Nembhard Brown Reid"
        ),
    ),
    Heritage(
        "black_african",
        0.005,
        0.03,
        ("Black or Black British - African",),
        _words(
            "Precious Blessing Grace Chipo Ngozi Adaeze Folake Abena Efua Nyasha Fatuma "
            "Halima Hodan Tendai Amaka"
        ),
        _words(
            "Chinedu Emeka Oluwaseun Kwame Kofi Farai Tafadzwa Abdi Samuel Emmanuel Joseph "
            "Tinashe Yusuf"
        ),
        _words(
            "Okonkwo Adeyemi Oyelaran Boateng Asante Owusu Moyo Ncube Dube Chikwanha Mohamed "
            "Abdullahi Farah Warsame Mensah Eze"
        ),
    ),
    Heritage(
        "eastern_european",
        0.03,
        0.07,
        ("White - Any other White background",),
        _words(
            "Agnieszka Katarzyna Malgorzata Krystyna Halina Danuta Jadwiga Elzbieta Irena "
            "Zofia Anna Maria Ewa Joanna Monika Daiva Rasa Ilona Jana Lenka Beata Dorota"
        ),
        _words(
            "Piotr Krzysztof Andrzej Tadeusz Stanislaw Jan Zbigniew Marek Tomasz Pawel Jerzy "
            "Henryk Kazimierz Mariusz Darius Tomas Jonas Milan Pavel Bogdan Vasyl Wojciech"
        ),
        _words(
            "Wojcik Kaminski Lewandowski Zielinski Szymanski Wozniak Dabrowski Kozlowski "
            "Jankowski Mazur Krawczyk Kaczmarek Pawlak Michalski Sikora Baran Petrauskas "
            "Kazlauskas Horvath Dvorak Popescu Ionescu Kovalenko Shevchenko Bondarenko "
            "Nowicki Wisniewski"
        ),
    ),
    Heritage(
        "irish",
        0.04,
        0.02,
        ("White Irish",),
        _words(
            "Bridget Kathleen Siobhan Maureen Eileen Nora Teresa Philomena Sinead Aoife "
            "Roisin Bernadette Assumpta Colette Mairead"
        ),
        _words(
            "Patrick Sean Seamus Brendan Declan Kieran Padraig Fergal Dermot Eamon Colm "
            "Cormac Francis Gerard Aidan"
        ),
        _words(
            "Murphy Kelly O'Brien Byrne Ryan O'Connor O'Neill Doyle McCarthy Gallagher "
            "Doherty Kennedy Lynch Quinn Brennan Flanagan Keane Nolan Duffy McGuinness "
            "Mulligan Fitzgerald Carroll Donnelly Regan"
        ),
    ),
    Heritage(
        "east_asian",
        0.01,
        0.02,
        ("Chinese", "Asian or Asian British - Any other Asian background"),
        _words("Mei Li_Na Xiu_Ying Wai_Ling Siu_Ming Yan Ling Hui Thi_Lan Hoa Lan Jing"),
        _words("Wei Jian Kwok_Wah Chi_Keung Ming Hao Tuan Minh Kai Long"),
        _words("Wong Chan Li Cheung Lau Chen Wang Zhang Leung Ho Nguyen Tran Tang Yip"),
    ),
    Heritage(
        "mixed",
        0.01,
        0.03,
        (
            "Mixed - White and Black Caribbean",
            "Mixed - White and Asian",
            "Mixed - Any other mixed background",
        ),
        _words("Jade Shanice Keisha Aaliyah Tanya Leah Chantelle Natalie Kayleigh Simone"),
        _words("Jordan Tyrone Marcus Jermaine Nathan Kyle Reece Aaron Curtis Darnell"),
        _words(
            "Williams Campbell Walker Brown Taylor Clarke Thompson Richards Morgan Lewis "
            "Ahmed Khan Wood Hussain"
        ),
    ),
)

# (town, postcode districts, localities used as the second address line)
TOWNS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("Wakefield", ("WF1", "WF2"), ("Eastmoor", "Agbrigg", "Lupset", "Sandal", "Alverthorpe")),
    ("Pontefract", ("WF8",), ("Carleton", "Chequerfield", "Darrington")),
    ("Castleford", ("WF10",), ("Airedale", "Glasshoughton", "Whitwood")),
    ("Normanton", ("WF6",), ("Altofts", "Snydale")),
    ("Ossett", ("WF5",), ("Gawthorpe", "Healey")),
    ("Horbury", ("WF4",), ("Sitlington", "Netherton")),
    ("Hemsworth", ("WF9",), ("Kinsley", "Fitzwilliam")),
    ("Knottingley", ("WF11",), ("Ferrybridge", "Simpson's Lane")),
    ("Featherstone", ("WF7",), ("Purston", "Ackworth")),
    ("Dewsbury", ("WF12", "WF13"), ("Thornhill", "Savile Town", "Ravensthorpe")),
    ("Batley", ("WF17",), ("Birstall", "Staincliffe")),
    ("Huddersfield", ("HD1", "HD2", "HD3", "HD4", "HD5"), ("Lindley", "Almondbury")),
    ("Halifax", ("HX1", "HX2", "HX3"), ("King Cross", "Ovenden", "Illingworth")),
    ("Bradford", ("BD3", "BD5", "BD7", "BD8", "BD9"), ("Manningham", "Little Horton")),
    ("Keighley", ("BD20", "BD21"), ("Riddlesden", "Long Lee")),
    ("Leeds", ("LS8", "LS11", "LS12", "LS15"), ("Harehills", "Beeston", "Armley")),
    ("Morley", ("LS27",), ("Churwell", "Gildersome")),
)

STREET_NAMES = _words(
    "Albion Balne Beech Castle Church Cross Doncaster Eastmoor Fairfield Garden Grove Hall "
    "Ings Kingsway Lingwell Manor Mill Moor Park Pinfold Queens Regent Rose Sandal Smyth "
    "Station Stanley Thornes Victoria Walton Windhill Wrenthorpe Ashdene Beckett Calder "
    "Denby Elm Fieldhead Gargrave Hawthorn Ivy Jubilee Laburnum Lindale Lowther Marsh "
    "Northfield Oakenshaw Primrose Quarry Rectory Rockingham Sycamore Tenter Upper_Warren "
    "Vicarage Westfield Willow York Aberford Barnsley Chantry Darnley Eldon Heath Ingwell "
    "Kirkgate Lakeside Norton Orchard Rowan Spring Tanshelf Wentbridge"
)
STREET_KINDS = _words(
    "Road Road Road Street Street Lane Lane Avenue Close Crescent Drive Grove Terrace Way "
    "Court Gardens View Walk Rise Mount"
)
FLAT_BLOCKS = _words(
    "Redwood_Court Calder_House Priory_Court Manor_House Sandal_Court Westfield_Court "
    "St_Austin's_Court Chantry_House Beech_Court Lindale_Court Aire_View Holmfield_House"
)
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


HOSPITALS = (
    "Pinderfields Hospital",
    "Pontefract Hospital",
    "Dewsbury and District Hospital",
    "Huddersfield Royal Infirmary",
    "Calderdale Royal Hospital",
    "St James's University Hospital",
    "Leeds General Infirmary",
    "Bradford Royal Infirmary",
)
WARDS = ("Ward 12", "Ward 15", "Ward 40", "Gate 45", "Ward 7", "Ward 22", "the Acute Frailty Unit")
MH_HOSPITALS = ("Fieldhead Hospital", "the Priestley Unit", "the Newton Lodge ward")
GP_PRACTICES = (
    "Trinity Medical Centre",
    "King Street Health Centre",
    "Outwood Park Medical Centre",
    "Orchard Croft Surgery",
    "Castleford Medical Practice",
    "Northgate Surgery",
    "Eastmoor Health Centre",
    "Church Street Practice",
    "Lupset Health Centre",
    "Station Lane Medical Centre",
)
PROVIDERS = (
    "Five Towns Homecare",
    "Calder Valley Care Services",
    "Airedale Home Support",
    "Rosewood Care at Home",
    "Westgate Domiciliary Care",
    "Heronsgate Support Ltd",
    "Brighter Days Homecare",
    "Kirkgate Community Care",
)
DAY_CENTRES = (
    "Eastmoor Day Centre",
    "the Ossett Friendship Club",
    "Castleford Community Hub",
    "the Hemsworth Day Service",
    "the Sandal Lunch Club",
)
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

RELATIVES_OF_OLDER = (
    ("daughter", "F", False),
    ("daughter", "F", False),
    ("son", "M", True),
    ("son", "M", True),
    ("niece", "F", False),
    ("nephew", "M", False),
    ("granddaughter", "F", False),
    ("neighbour", "F", False),
    ("friend", "M", False),
)
RELATIVES_OF_YOUNGER = (
    ("mother", "F", True),
    ("father", "M", True),
    ("sister", "F", True),
    ("brother", "M", True),
    ("partner", "F", False),
    ("friend", "M", False),
)

ALERTS: tuple[tuple[str, str, str], ...] = (
    ("hazard", "Dog at property", "Large dog at the property; ask for it to be shut away before entering."),
    ("hazard", "Aggressive behaviour towards staff", "Has been verbally aggressive to visiting staff. Visit in pairs and keep to the front room."),
    ("hazard", "Oxygen in use - no smoking", "Home oxygen in use. No smoking or naked flames; tubing across the hallway floor."),
    ("hazard", "Do not visit alone", "Two workers must attend. Agreed at the team risk meeting."),
    ("hazard", "Smoker in property", "Heavy smoker; ventilation poor. Ask for windows to be opened during visits."),
    ("hazard", "Hoarding - trip hazards", "Hallway and stairs cluttered; narrow routes through rooms."),
    ("hazard", "Poor access - steep steps", "Steep unlit steps to the front door; use the back entrance off the ginnel."),
    ("alert", "Lives alone", "Lives alone with no regular visitors; check in by phone if a visit is missed."),
    ("alert", "Hearing impaired - use loop", "Wears hearing aids; speak clearly facing them. Portable loop available at the office."),
    ("alert", "Visually impaired", "Registered sight impaired. Introduce yourself by name and send letters in large print."),
    ("alert", "Lasting Power of Attorney in place", "Health and welfare LPA registered; attorney is the next of kin."),
    ("alert", "DNACPR in place", "DNACPR form kept in the kitchen drawer by the phone."),
    ("alert", "Interpreter required - Urdu", "Prefers Urdu for conversations about care. Book an interpreter; do not rely on family."),
    ("alert", "Risk of falls", "Three falls this year. Lifeline pendant worn; check it is on during visits."),
    ("alert", "Memory problems - confirm visits by phone", "Forgets arranged visits; ring the morning before and again on arrival."),
)  # fmt: skip

KEY_SAFE_PLACES = (
    "Key safe to left of front door, behind drainpipe",
    "Key safe on the wall by the back door, under the porch light",
    "Key safe inside the meter cupboard to the right of the front door",
    "Key safe behind the gate post at the side of the house",
    "Key safe fixed beside the garage door, hidden by the hanging basket",
    "Key safe at the rear entrance; ring the bell first as daughter may be in",
    "Key safe by the communal entrance door of the flats; flat is on the second floor",
)

SERVICE_TYPES: tuple[tuple[str, float, str], ...] = (
    ("Home care", 23.40, "hours"),
    ("Home care", 23.40, "hours"),
    ("Day opportunities", 48.00, "days"),
    ("Residential respite", 720.00, "weeks"),
    ("Telecare (Lifeline pendant)", 4.50, "units"),
    ("Direct payment", 19.80, "hours"),
    ("Reablement", 0.0, "hours"),
    ("Sitting service", 21.00, "hours"),
)

SAFEGUARDING_TYPES = (
    "Neglect and acts of omission",
    "Financial or material abuse",
    "Self-neglect",
    "Physical abuse",
    "Psychological abuse",
    "Domestic abuse",
)

# Per scenario: referral reasons, the activities of its history and of its open work,
# and the forms it usually carries. Activity beats are
# (type, subject, notes, direction, contact, location, outcome), with {placeholders}
# filled from the case's context.
Beat = tuple[str, str, str, str, str, str, str]


class Scenario(NamedTuple):
    key: str
    weight_older: float
    weight_younger: float
    groups: tuple[str, ...]
    sources: tuple[str, ...]
    reasons: tuple[str, ...]
    history: tuple[Beat, ...]
    open_work: tuple[Beat, ...]
    forms: tuple[str, ...]


COMMON_HISTORY: tuple[Beat, ...] = (
    ("phone_call", "Phone call with {name} to book a home visit", "Rang {name} to arrange a visit. Agreed {weekday} morning; {rel_name} ({rel}) would like to be there.", "outgoing", "{name}", "", "Visit booked"),
    ("case_note", "Case note: update from {rel}", "{rel_name} rang with an update: {first} has been more settled this week and is eating better. No new concerns raised.", "", "", "", ""),
    ("email", "Email to {gp} requesting medical summary", "Requested a summary of diagnoses and current medication to inform the assessment.", "outgoing", "{gp}", "", ""),
    ("letter", "Letter to {name} confirming appointment", "Letter sent confirming the date and time of the next visit, with the duty desk number.", "outgoing", "{name}", "", ""),
    ("phone_call", "Phone call from {rel} with questions about charging", "{rel_name} asked how contributions are worked out. Explained the financial assessment and sent the leaflet.", "incoming", "{rel_name} ({rel})", "", "Information given"),
)  # fmt: skip

COMMON_OPEN: tuple[Beat, ...] = (
    ("task", "Chase financial assessment outcome", "Financial assessment form returned; check the outcome with the Financial Assessment Team.", "", "", "", ""),
    ("phone_call", "Ring {rel} to update on progress", "", "outgoing", "{rel_name} ({rel})", "", ""),
    ("case_note", "Record outcome of team discussion", "Draft case note to finish after supervision.", "", "", "", ""),
    ("letter", "Letter to {name} confirming the outcome of the assessment", "Draft letter; send once the support plan is agreed.", "outgoing", "{name}", "", ""),
    ("email", "Email to {gp} with update on support", "", "outgoing", "{gp}", "", ""),
    ("task", "Send copy of support plan to {rel_name}", "{first} has agreed the plan can be shared with {rel}.", "", "", "", ""),
    ("phone_call", "Return call to {provider}", "Provider left a message about changing call times.", "outgoing", "{provider}", "", ""),
    ("appointment", "Review visit with {name}", "", "", "", "Home address", ""),
)  # fmt: skip

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "discharge",
        0.26,
        0.08,
        ("Physical support",),
        ("Hospital discharge team", "Hospital discharge team", "Community health"),
        (
            "Admitted to {hospital} ({ward}) after a fall at home. Medically optimised for discharge and needs support with personal care and mobility on return home.",
            "Hospital discharge referral from {hospital}: {name} has been treated for a chest infection, is now medically fit, and needs a package of care to return home safely.",
            "{name} was admitted to {hospital} with a fractured neck of femur. Ward staff request a Care Act assessment and short-term support on discharge.",
            "Discharge to assess: {name} has returned home from {hospital} with reablement; assess longer-term care and support needs.",
        ),
        (
            ("phone_call", "Phone call from {ward} discharge coordinator re: discharge date", "Ward confirmed {name} is medically fit for discharge. Therapy assessment done on the ward: needs one carer for personal care and mobilises with a frame.", "incoming", "{hospital} {ward}", "", "Discharge date agreed"),
            ("appointment", "Ward visit to complete Care Act assessment", "Met {name} on the ward with the discharge nurse. {first} wants to go home and manage with help mornings and evenings.", "", "", "{hospital}, {ward}", "Assessment started"),
            ("phone_call", "Phone call with {rel} re: hospital discharge date", "{rel_name} can stay for the first two nights after discharge and will collect prescriptions.", "outgoing", "{rel_name} ({rel})", "", "Agreed"),
            ("email", "Email to {provider} requesting package of care", "Requested two calls a day (morning and bedtime), 30 minutes each, from the day of discharge.", "outgoing", "{provider} (brokerage)", "", ""),
            ("case_note", "Discharge planning meeting", "Attended the discharge planning meeting with ward staff, physiotherapist and {rel_name}. Plan: home with two calls a day, equipment delivered before discharge, review in two weeks.", "", "", "", ""),
            ("letter", "Letter to {name} confirming care and support arrangements", "Confirmed start date of home care with {provider} and how to contact the team.", "outgoing", "{name}", "", ""),
            ("appointment", "Home visit to review support after discharge", "{first} settled at home; carers arriving on time. Bathing still difficult.", "", "", "Home address", "Support plan working"),
            ("task", "Check first week of home care visits with {provider}", "Provider confirmed all calls delivered; no missed visits.", "", "", "", ""),
        ),
        (
            ("task", "Review package of care after two weeks at home", "Check whether the bedtime call is still needed now {first} is more mobile.", "", "", "", ""),
            ("appointment", "Home visit to review support after discharge", "", "", "", "Home address", ""),
            ("phone_call", "Follow-up call with {rel} after discharge", "", "outgoing", "{rel_name} ({rel})", "", ""),
        ),
        ("adult_conversation_record", "adult_interim_support_plan", "indicative_budget", "reablement_outreach_referral"),
    ),
    Scenario(
        "falls",
        0.18,
        0.08,
        ("Physical support",),
        ("GP", "Family or friend", "Community health", "Self"),
        (
            "{name} has had three falls in the last month and is struggling with stairs and bathing. GP requests an assessment of care and support needs.",
            "Family report {name} is no longer managing meals or personal care since a fall in {month} and is anxious about falling again.",
            "Community matron asks for an assessment: {name} is unsteady, has stopped going out and is not managing the shopping.",
        ),
        (
            ("phone_call", "Referral call from {gp}", "Practice nurse reports repeated falls and weight loss. {first} consents to the referral.", "incoming", "{gp}", "", "Referral taken"),
            ("phone_call", "Phone call with {rel} to arrange home visit", "{rel_name} will be at the visit; asked that we use the back door.", "outgoing", "{rel_name} ({rel})", "", "Visit booked"),
            ("appointment", "Home visit to complete Care Act assessment", "Completed the assessment with {first} and {rel_name}. Needs help with washing, dressing and preparing meals; wants to stay at home.", "", "", "Home address", "Eligible needs identified"),
            ("case_note", "Care Act assessment: strengths and eligible needs", "What matters to {first}: staying at home, seeing the grandchildren, getting to the shops on a Friday. Unable to achieve: maintaining personal hygiene, preparing food. Significant impact on wellbeing.", "", "", "", ""),
            ("email", "Email to the Falls Prevention Service", "Referred for a strength and balance programme with {first}'s agreement.", "outgoing", "Falls Prevention Service", "", ""),
            ("task", "Order raised toilet seat and perching stool", "Ordered through the community equipment service; delivery confirmed.", "", "", "", ""),
            ("letter", "Letter to {name} with copy of support plan", "", "outgoing", "{name}", "", ""),
        ),
        (
            ("task", "Refer to Lifeline for a falls pendant", "{first} has agreed to a pendant; complete the Lifeline referral.", "", "", "", ""),
            ("appointment", "Joint visit with OT to look at bathing", "", "", "", "Home address", ""),
            ("phone_call", "Phone call with {rel} re: falls pendant installation", "", "outgoing", "{rel_name} ({rel})", "", ""),
        ),
        ("adult_conversation_record", "indicative_budget", "ot_referral", "adult_interim_support_plan"),
    ),
    Scenario(
        "dementia",
        0.17,
        0.02,
        ("Support with memory and cognition",),
        ("Family or friend", "GP", "Community health"),
        (
            "{rel_name} ({rel}) reports {name}'s memory has got worse: missing meals, leaving the gas on and going out at night. Diagnosed with Alzheimer's disease last year.",
            "GP referral: {name} has vascular dementia and the family are struggling to provide care. Request assessment for day opportunities and respite.",
            "Memory Assessment Service ask for support at home: {name} is no longer managing medication safely.",
        ),
        (
            ("phone_call", "Phone call from {rel} re: concerns about {first}'s memory", "{rel_name} found the front door open at 2am twice last week. Worried about {first} wandering.", "incoming", "{rel_name} ({rel})", "", "Visit arranged"),
            ("appointment", "Home visit with {rel} present to complete Care Act assessment", "{first} was warm and chatty but could not recall recent events. {rel_name} calls in most days.", "", "", "Home address", "Assessment completed"),
            ("case_note", "Mental capacity: decision about care at home", "Assessed capacity for the decision to accept care at home. {first} could not retain the information for long enough to weigh it up. Best interests decision to follow with {rel_name}.", "", "", "", ""),
            ("email", "Email to Memory Assessment Service requesting update", "", "outgoing", "Memory Assessment Service", "", ""),
            ("phone_call", "Phone call with {provider} re: start date for sitting service", "Sitting service can start on Tuesdays and Thursdays, 10 till 2.", "outgoing", "{provider}", "", "Start date agreed"),
            ("letter", "Letter to {rel} with carer's information pack", "", "outgoing", "{rel_name} ({rel})", "", ""),
        ),
        (
            ("task", "Arrange carer's assessment for {rel_name}", "{rel_name} accepted the offer of a Carers Conversation.", "", "", "", ""),
            ("appointment", "Review visit: day centre trial at {day_centre}", "", "", "", "{day_centre}", ""),
            ("phone_call", "Call {rel} to check respite booking", "", "outgoing", "{rel_name} ({rel})", "", ""),
        ),
        ("adult_conversation_record", "adult_care_support_plan_review", "indicative_budget"),
    ),
    Scenario(
        "carer",
        0.08,
        0.14,
        ("Carer",),
        ("Self", "GP", "Voluntary sector", "Family or friend"),
        (
            "{name} cares for {cared_rel} ({cared_name}), who has Parkinson's disease, and is finding it hard to keep going. Requests a carer's assessment.",
            "Carer referral: {name} provides around 40 hours of care a week to {cared_rel} and is not sleeping. Would like a break and information about support.",
            "Carers' centre refer {name}, who looks after {cared_rel} after a stroke and is struggling to balance caring with work.",
        ),
        (
            ("phone_call", "Carers Conversation by phone: booking and consent", "Explained the privacy notice and what the Carers Conversation covers. {first} consents.", "outgoing", "{name}", "", "Consent given"),
            ("appointment", "Home visit for Carers Conversation", "Talked about a typical week caring for {cared_name}. {first} has given up evening classes and rarely sees friends.", "", "", "Home address", "Conversation completed"),
            ("email", "Email to the carers' centre with referral for peer support", "", "outgoing", "Carers' centre", "", ""),
            ("letter", "Letter confirming carer's personal budget", "Confirmed a one-off carer's budget towards a short break and gym membership.", "outgoing", "{name}", "", ""),
            ("case_note", "Carers Conversation outcome", "Eligible: unable to achieve two outcomes with a significant impact on wellbeing. Level of caring role 2, impact on wellbeing 2. Support plan agreed.", "", "", "", ""),
        ),
        (
            ("task", "Schedule Carers Review in twelve months", "Pass to the team for the annual Carers Review.", "", "", "", ""),
            ("phone_call", "Check-in call with {name} after the short break", "", "outgoing", "{name}", "", ""),
        ),
        ("carers_conversation_record", "carers_support_plan_review", "indicative_budget"),
    ),
    Scenario(
        "ot",
        0.12,
        0.12,
        ("Physical support",),
        ("Self", "Housing", "GP", "Community health"),
        (
            "Struggling to get in and out of the bath and up the stairs. {name} requests equipment and advice on adaptations.",
            "{name} can no longer manage the front steps with a walking frame; the housing association requests an OT assessment for a rail and ramp.",
            "Physiotherapist asks for an OT assessment: {name} cannot get off the settee or the toilet without help.",
        ),
        (
            ("appointment", "OT home visit: bathing and stair assessment", "Observed transfers on and off the bath and toilet. Stairs managed with one rail; second rail recommended.", "", "", "Home address", "Equipment needs identified"),
            ("task", "Order bath board and second stair rail", "Ordered from the community equipment service; fitting booked.", "", "", "", ""),
            ("phone_call", "Call with equipment service re: delivery date", "", "outgoing", "Community equipment service", "", "Delivery Thursday"),
            ("letter", "Letter to housing association supporting adaptation request", "Recommended a level-access shower to replace the bath.", "outgoing", "Housing association (adaptations)", "", ""),
            ("case_note", "OT assessment summary", "{first} is independent with equipment in place; wants to keep cooking for {rel_name} on Sundays.", "", "", "", ""),
        ),
        (
            ("task", "Check equipment delivered and fitted", "", "", "", "", ""),
            ("appointment", "OT review visit: bed lever and commode", "", "", "", "Home address", ""),
            ("email", "Email to Disabled Facilities Grant team", "", "outgoing", "Disabled Facilities Grant team", "", ""),
        ),
        ("ot_conversation_record", "ot_review", "ot_referral", "reablement_physio_input"),
    ),
    Scenario(
        "sensory",
        0.05,
        0.04,
        ("Sensory support",),
        ("Self", "GP", "Community health"),
        (
            "{name} is registered severely sight impaired and has stopped going out since losing confidence. Requests rehabilitation and equipment support.",
            "Deteriorating hearing: {name} cannot hear the doorbell or the phone and has missed two hospital appointments.",
        ),
        (
            ("appointment", "Sensory impairment assessment visit", "Talked through daily routines; {first} struggles to read post and use the cooker dials.", "", "", "Home address", "Assessment completed"),
            ("task", "Order flashing doorbell and amplified phone", "", "", "", "", ""),
            ("letter", "Letter in large print confirming next visit", "", "outgoing", "{name}", "", ""),
            ("email", "Email to rehabilitation officer re: mobility training", "", "outgoing", "Sensory rehabilitation officer", "", ""),
        ),
        (
            ("appointment", "Mobility training session: route to the shops", "", "", "", "Home address", ""),
            ("task", "Check amplified phone is working", "", "", "", "", ""),
        ),
        ("sensory_impairment_referral", "adult_conversation_record"),
    ),
    Scenario(
        "review",
        0.10,
        0.12,
        ("Physical support", "Support with memory and cognition", "Social support"),
        ("Other local authority", "Self", "Family or friend"),
        (
            "Annual review of care and support plan: receives home care four times a day from {provider}.",
            "Planned review of direct payment and support plan; {rel} manages the direct payment.",
            "Review requested by {provider}: {name} is refusing the lunchtime call and may need less support.",
        ),
        (
            ("appointment", "Review visit with {name} and {rel}", "Reviewed outcomes: {first} happy with the carers, would like the morning call later.", "", "", "Home address", "Outcomes partly met"),
            ("phone_call", "Phone call with {provider} for review feedback", "Provider reports calls running well; no missed visits.", "outgoing", "{provider}", "", ""),
            ("case_note", "Case note: review outcome", "Support plan continues with the morning call moved to 9am.", "", "", "", ""),
            ("letter", "Letter confirming outcome of review", "", "outgoing", "{name}", "", ""),
        ),
        (
            ("task", "Update support plan after review", "", "", "", "", ""),
            ("email", "Email to {provider} confirming change to call times", "", "outgoing", "{provider}", "", ""),
        ),
        ("adult_care_support_plan_review", "indicative_budget"),
    ),
    Scenario(
        "mental_health",
        0.01,
        0.18,
        ("Mental health support",),
        ("Community health", "GP", "Police", "Housing"),
        (
            "Discharged from {mh_hospital} after an admission under section 3 of the Mental Health Act. Needs support with daily living and aftercare.",
            "Community mental health team refer: {name} is isolated, not managing the tenancy or finances, and has missed appointments.",
        ),
        (
            ("appointment", "Joint visit with care coordinator", "{first} engaged well; wants help with budgeting and getting back to the allotment.", "", "", "Home address", ""),
            ("phone_call", "Phone call with {name} to rearrange visit", "", "outgoing", "{name}", "", "Rearranged"),
            ("email", "Email to housing officer re: rent arrears", "", "outgoing", "Housing officer", "", ""),
            ("case_note", "Case note: risk and wellbeing discussion", "No current thoughts of self-harm. Crisis plan and numbers left with {first}.", "", "", "", ""),
        ),
        (
            ("appointment", "Visit to review support with budgeting", "", "", "", "Home address", ""),
            ("task", "Referral to employment support service", "", "", "", "", ""),
        ),
        ("adult_conversation_record", "adult_interim_support_plan"),
    ),
    Scenario(
        "learning_disability",
        0.0,
        0.12,
        ("Learning disability support",),
        ("Family or friend", "Other local authority", "Voluntary sector"),
        (
            "{name} has a learning disability and lives with parents who are now in their eighties; the family ask for help planning for the future.",
            "{name} would like to live more independently. Support worker asks for an assessment for supported living.",
        ),
        (
            ("appointment", "Visit to {name} at {day_centre}", "{first} showed me the cafe project and talked about wanting a flat with friends.", "", "", "{day_centre}", ""),
            ("letter", "Easy-read letter about the assessment", "", "outgoing", "{name}", "", ""),
            ("phone_call", "Phone call with {rel} re: supported living options", "", "outgoing", "{rel_name} ({rel})", "", ""),
            ("case_note", "Best interests meeting about tenancy", "Meeting held with {first}, {rel_name} and the advocate. Decision: explore a shared tenancy.", "", "", "", ""),
        ),
        (
            ("appointment", "Visit to view supported living flat with {name}", "", "", "", "Supported living scheme", ""),
            ("task", "Request advocate for tenancy decision", "", "", "", "", ""),
        ),
        ("adult_conversation_record", "adult_care_support_plan_review"),
    ),
    Scenario(
        "self_neglect",
        0.03,
        0.04,
        ("Social support", "Mental health support"),
        ("Housing", "Police", "Community health"),
        (
            "Housing officer reports {name}'s home is cluttered, without heating and with no food in the fridge. {name} declines help but agreed to a visit.",
            "Police welfare check found {name} confused and the house in poor condition. Neighbours concerned.",
        ),
        (
            ("appointment", "Joint visit with housing officer", "Gas capped; no working heating. {first} accepted a temporary heater and a food parcel.", "", "", "Home address", ""),
            ("case_note", "Case note: self-neglect risk discussion", "Discussed with the team manager: self-neglect, capacity presumed. Agreed to keep offering support.", "", "", "", ""),
            ("phone_call", "Phone call with {gp}", "", "outgoing", "{gp}", "", ""),
            ("letter", "Letter offering a further visit", "", "outgoing", "{name}", "", ""),
        ),
        (
            ("task", "Discuss at team safeguarding huddle", "", "", "", "", ""),
            ("appointment", "Follow-up visit with environmental health", "", "", "", "Home address", ""),
        ),
        ("adult_conversation_record",),
    ),
)  # fmt: skip

FORM_ANSWERS: dict[str, dict[str, object]] = {
    "indicative_budget": {"outcomes_unable": 3, "severity": "Substantial", "indicative_amount": 265},
    "adult_interim_support_plan": {"support_needed": "Two calls a day for personal care", "start": "On discharge", "review_in_weeks": 2},
    "carers_support_plan_review": {"outcomes_met": "Partially", "caring_hours_band": "36 - 42 hours", "level_of_caring_role": 2},
    "adult_conversation_record": {"method_of_contact": "Face to face", "what_matters": "Staying at home and seeing family", "eligible": "Yes"},
    "ot_conversation_record": {"method_of_contact": "Home visit", "equipment_recommended": "Bath board, second stair rail"},
    "ot_review": {"equipment_in_use": "Yes", "outcome": "Independent with equipment"},
    "adult_care_support_plan_review": {"review_type": "Planned", "outcomes_met": "Fully", "changes": "Morning call moved to 9am"},
    "reablement_physio_input": {"goal": "Walk to the corner shop", "sessions": 6},
    "carers_conversation_record": {"method_of_contact": "Face to face", "eligible": "Yes", "level_of_caring_role": 2, "impact_on_wellbeing": 2},
    "ot_referral": {"reason": "Bathing and stairs", "priority": "Routine"},
    "sensory_impairment_referral": {"impairment": "Sight", "registered": "Severely sight impaired"},
    "reablement_outreach_referral": {"discharge_date_known": "Yes", "goals": "Regain independence with washing and dressing"},
}  # fmt: skip

CLOSURE_SUMMARIES = (
    {"goals_met": "Yes", "recommendations": "No further involvement needed", "onward_referral": "None"},
    {"goals_met": "Partially", "recommendations": "Review by the long-term team in six months", "onward_referral": "Long Term Review Team"},
    {"goals_met": "Yes", "recommendations": "Carer given information on how to re-refer", "onward_referral": "Carers' centre"},
)  # fmt: skip

REFERRAL_PRIORITIES = ("Normal", "Normal", "Normal", "Normal", "High", "Urgent", "Low")
