"""The files staff upload, as Hypothesis strategies: directory imports of people and
organisations, registration imports with the event's questions, and the attendance reports of
Zoom, Microsoft Teams and Google Meet. Each is a CSV or a workbook of plausible columns and
cells (tests/fuzz/hostile.py's ``spreadsheet`` mixes hostile ones in, breaks encodings and
damages workbooks)."""

from hypothesis import strategies as st

from events.registrations.imports.targets import IGNORE
from events.registrations.models import QuestionType
from network.imports.columns import COLUMNS
from tests.fuzz.hostile import NAMES_AR, ORGANISATIONS, emails, hostile_text, names, spreadsheet, weighted

TEXT = ["Trainer", "مدرب", "Coordinator of the Basra office", ""]
YES_NO = ["yes", "no", "نعم", "لا", ""]
DIRECTORY_CELLS = {
    "slug": st.sampled_from(["", "", "", "civic-fuzz", "basim-kadhim", "بسام-كاظم", "s" * 256]),
    "name": names(),
    "name_ar": st.sampled_from(NAMES_AR),
    "email": st.one_of(emails(), st.just("a" * 250 + "@example.org")),
    "phone": st.sampled_from(["+964 770 123 4567", "07701234567", ""]),
    "gender": st.sampled_from(["female", "Male", "ذكر", "أنثى", ""]),
    "country": st.sampled_from(["Iraq", "العراق", "IQ", "Jordan", ""]),
    "governorate": st.sampled_from(["Basra", "البصرة", "baghdad", ""]),
    "public_profile": st.sampled_from(YES_NO),
    "is_public": st.sampled_from(YES_NO),
    "organisation": st.sampled_from(ORGANISATIONS),
    "acronym": st.sampled_from(["TO", "BYF", ""]),
    "kind": st.sampled_from(["ngo", "NGO", "Media", "منظمة غير حكومية", ""]),
    "city": st.sampled_from(["Basra", "البصرة", ""]),
    "website": st.sampled_from(["example.org", "https://tammuz.example.org/about", "", "example.org/" + "x" * 200]),
}


def directory_file(kind):
    """A directory import of people or organisations: the name columns and some others."""
    keys = [column.key for column in COLUMNS[kind]]
    chosen = st.lists(st.sampled_from(keys), max_size=len(keys), unique=True).map(
        lambda chosen: chosen if {"name", "name_ar"} & set(chosen) else ["name", *chosen]
    )
    return chosen.flatmap(
        lambda chosen: spreadsheet([(key, DIRECTORY_CELLS.get(key, st.sampled_from(TEXT))) for key in chosen])
    )


REGISTRATION_CELLS = {
    "name": names(),
    "name_ar": st.sampled_from(NAMES_AR),
    "email": emails(),
    "phone": DIRECTORY_CELLS["phone"],
    "gender": DIRECTORY_CELLS["gender"],
    "country": DIRECTORY_CELLS["country"],
    "governorate": DIRECTORY_CELLS["governorate"],
    "organisation": DIRECTORY_CELLS["organisation"],
    "registered_at": st.sampled_from(
        [
            "2025/03/01 10:02:11 AM GMT+3",
            "2025/03/01 10:02:11 م غرينتش+3",
            "3/1/2025 10:02:11",
            "2025-03-01T10:02:11+03:00",
            "0001/01/01 00:00",
            "9999/12/31 23:59:59 GMT-23:59",
            "2025/03/01 10:02:11 PM GMT+99",
            "2025/02/30 10:00",
        ]
    ),
}
QUESTION_CELLS = {
    QuestionType.LONG_TEXT: st.sampled_from(TEXT),
    QuestionType.SHORT_TEXT: st.sampled_from(TEXT),
    QuestionType.SINGLE_CHOICE: st.sampled_from(["Media", "إعلام", "Human rights", "حقوق الإنسان", "Cooking"]),
    QuestionType.MULTIPLE_CHOICE: st.sampled_from(["Morning", "Morning, Afternoon", "الصباحية،المسائية", "Evening"]),
    QuestionType.YES_NO: st.sampled_from(YES_NO),
    QuestionType.CONSENT: st.sampled_from(YES_NO),
    QuestionType.COUNTRY: DIRECTORY_CELLS["country"],
    QuestionType.GOVERNORATE: DIRECTORY_CELLS["governorate"],
}


@st.composite
def registration_file(draw, targets, questions):
    """``(file name, content, mapping)``: columns for some of the import's ``targets`` (a name
    and every required question, most of the time), each headed by its label; ``mapping`` gives each
    column, by its position, the target staff choose for it: its own, now and then another, none
    or a made-up one."""
    rolls = draw(st.randoms(use_true_random=True))
    required = [target for target in targets if target.required]
    optional = [target for target in targets if not target.required]
    chosen = draw(st.lists(st.sampled_from(optional), max_size=6, unique_by=lambda target: target.key))
    if rolls.random() < 0.9:
        names = [target for target in optional if target.key in ("name", "name_ar")]
        chosen += [*required, *(target for target in names[:1] if target not in chosen)]
    chosen = draw(st.permutations(chosen))
    headers = [f"{index}. {target.label}" for index, target in enumerate(chosen)]

    def cells(target):
        if target.key in questions:
            return QUESTION_CELLS[questions[target.key]]
        return REGISTRATION_CELLS.get(target.key, st.sampled_from(TEXT))

    name, content = draw(spreadsheet([(header, cells(target)) for header, target in zip(headers, chosen, strict=True)]))
    keys = [IGNORE, *(target.key for target in targets)]
    other = st.sampled_from(keys) | hostile_text(max_pieces=2)
    mapping = [draw(other) if rolls.random() < 0.02 else target.key for target in chosen]
    return name, content, mapping


ODD_TIMES = [
    "0001-01-01",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "45717.5",
    "99999.99999",
    "25:00",
    "2025-02-30 10:00",
    "10:00 (UTC+99:00)",
]
TIMED = {"Join time", "Leave time", "Duration (minutes)", "Timestamp", "First Join", "Last Leave", "Time joined"}
ODD_DURATIONS = ["9" * 400, "99999999999", "1e309", "-5", "2:99", "1:99999999999999", "٦٢"]


def meeting_columns(day, people, emails):
    """Each tool's columns, as ``{tool: [(header, cells)]}``, with times on the meeting's day
    written as each tool writes them, now and then odd."""

    def at(fmt):
        usual = st.sampled_from([day.strftime(fmt.format(hour)) for hour in (9, 10, 11, 12, 16)])
        return weighted((3, usual), (1, st.sampled_from(ODD_TIMES)))

    def minutes(values):
        return weighted((2, st.sampled_from(values)), (1, st.sampled_from(ODD_DURATIONS)))

    name = st.sampled_from(people + ["هاني ضوة (Hani Dawa)", "John Smith (Guest)", "+964 770 *** 4567"])
    email = st.sampled_from(emails + ["", "nobody@example.org"])
    return {
        "zoom": [
            ("Name (original name)", name),
            ("User Email", email),
            ("Join time", at("%m/%d/%Y {:02}:00:00 AM")),
            ("Leave time", at("%m/%d/%Y {:02}:45:00 PM")),
            ("Duration (minutes)", minutes(["62", "90", "5", "0.5"])),
            ("Guest", st.sampled_from(["No", "Yes"])),
            ("In Waiting Room", st.sampled_from(["No", "No", "Yes"])),
        ],
        "teams": [
            ("Full Name", name),
            ("User Action", st.sampled_from(["Joined", "Left", "Joined before"])),
            ("Timestamp", at("%m/%d/%Y, {}:00:00 AM")),
            ("First Join", at("%d/%m/%Y, {}:00:00")),
            ("Last Leave", at("%d/%m/%Y, {}:59:00")),
            ("In-Meeting Duration", minutes(["1h 2m 3s", "45m", "1 hr 5 min", "1:02:03"])),
            ("Role", st.sampled_from(["Attendee", "Organizer"])),
        ],
        "meet": [
            ("First name", name),
            ("Last name", st.sampled_from(["Kadhim", "جاسم", ""])),
            ("Email", email),
            ("Time joined", at("%Y-%m-%d {}:00")),
            ("Time exited", at("%Y-%m-%dT{}:30:00+03:00")),
            ("Duration", minutes(["62 min", "1 hr 5 min", "45"])),
        ],
    }


@st.composite
def meeting_report(draw, day, people, emails):
    """``(content, file name, tool)``: a Zoom, Teams or Meet report of the registered people
    and strangers, sometimes under its summary, as CSV or as a workbook."""
    columns = meeting_columns(day, people, emails)
    tool = draw(st.sampled_from(sorted(columns)))
    name, *others = columns[tool]
    timed = [column for column in others if column[0] in TIMED]
    chosen = [name, draw(st.sampled_from(timed)), *draw(st.lists(st.sampled_from(others), unique=True))]
    chosen = draw(st.permutations(list(dict.fromkeys(chosen))))
    preamble = draw(
        st.sampled_from([[], [["Meeting Start Time", f"{day:%m/%d/%Y} 10:00:00 AM"], []], [["1. Summary"]]])
    )
    name, content = draw(spreadsheet(chosen, preamble=preamble))
    stem = draw(st.sampled_from([f"participants_{day:%Y-%m-%d}", "participants", "تقرير"]))
    return content, f"{stem}.{name.rpartition('.')[2]}", tool
