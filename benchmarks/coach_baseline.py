"""The outcome coach as it was before issue 17 (rules only), kept so the benchmark can show baseline vs new."""

# A verbatim copy of src/reviewtui/domain/coach.py at commit 1c52c64; do not improve it: it is the yardstick.

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Kind = Literal["outcome", "output", "unclear"]


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    reason: str
    suggestion: str | None = None


# ------------------------------------------------------------------------------------ word lists

DELIVERY_VERBS = frozenset(
    """
    launch ship release build write publish hold run complete finish deliver implement create
    develop design redesign deploy migrate host organise organize attend send post hire recruit
    roll set introduce add refactor document conduct produce prepare draft make update upgrade
    install integrate automate open start kick finalise finalize record film present submit
    close execute establish define plan distribute print translate rewrite replace rebuild move
    provide offer train coach mentor onboard interview survey visit call email tweet
    perform schedule arrange rollout replatform re-platform outsource sign prototype test pilot
    repair fill serve fix clean plant process review screen teach respond reply answer
""".split()
)

_MOVE_VERBS = frozenset(
    """
    increase reduce decrease grow raise lower cut boost retain keep maintain achieve
    reach double triple halve eliminate minimise minimize maximise maximize accelerate shorten
    speed lift expand drive win earn save prevent avoid stabilise stabilize sustain attain hit
    exceed recover convert shrink widen get lessen diminish acquire attract gain generate ensure
""".split()
)

# Improvements of something: an outcome when the something is a result, else unclear.
IMPROVE_VERBS = frozenset(
    """
    improve enhance strengthen modernise modernize streamline optimise optimize revamp overhaul
    transform refresh simplify standardise standardize
""".split()
)
CHANGE_VERBS = _MOVE_VERBS | IMPROVE_VERBS

# Results and behaviour of others: a change in one of these is an outcome.
RESULT_NOUNS = frozenset(
    """
    retention churn conversion conversions rate rates share percentage percent ratio
    satisfaction nps csat ces enps revenue arr mrr sales profit profitability margin margins
    cost costs spend cac ltv roi income donations funds funding bookings deals latency uptime
    availability downtime errors defects incidents complaints returns readmissions wait waiting
    attendance graduation literacy turnover attrition absenteeism accuracy loyalty repeat
    referrals rating ratings traffic leads winrate quota cash burn savings fraud injuries
    wellbeing mortality outcomes recovery abandonment bounce dau mau wau resolution purchases
    payback delinquency arrears emissions waste footprint yield
    occupancy utilisation utilization completions adoption activation usage renewals upgrades
    placements awareness trust score scores size outstanding restore failure infections
    accidents delays outages breaches consumption falls crashes bugs lifetime on-time
""".split()
)

# People (or their accounts) counted: a result only when a number, a change or a qualifier
# ("active", "paying") says something about them. "Delight our customers" says nothing.
POPULATION_NOUNS = frozenset(
    """
    customers users clients buyers shoppers visitors readers subscribers members signups
    sign-ups registrations followers donors patients students learners accounts installs
    downloads graduates volunteers applicants households families citizens residents
    merchants sellers partners developers employees
""".split()
)
QUALIFIERS = frozenset(
    """
    active paying new returning repeat retained engaged satisfied happy loyal monthly weekly
    daily qualified recurring converted churned lost
""".split()
)

# Words that name time or money spent by, or saved for, someone else: outcome when measured.
TIME_WORDS = frozenset("time hours minutes days weeks seconds".split())

# Countable things the team itself produces or does.
ACTIVITY_NOUNS = frozenset(
    """
    post posts blog blogs article articles email emails newsletter newsletters meeting meetings
    workshop workshops webinar webinars session sessions training trainings course courses
    feature features release releases deployment deployments ticket tickets task tasks call
    calls demo demos campaign campaigns video videos page pages report reports document
    documents doc docs presentation presentations event events conference conferences interview
    interviews hires commits experiment experiments prototype prototypes design designs mockup
    mockups tweet tweets paper papers ad ads brochure brochures outreach touchpoints survey
    surveys visit visits hackathon hackathons podcast podcasts episode episodes content pieces
    sprint sprints project projects initiative initiatives deliverable deliverables milestone
    milestones grants proposals applications certification certificate accreditation audit
    audits clinics plans lessons meals classes gala galas
""".split()
)
ACTIVITY_PHRASES = (
    "pull requests",
    "lines of code",
    "story points",
    "press releases",
    "case studies",
    "tests written",
    "lesson plans",
)

# Past participles that mark a count as the team's own activity: "posts published".
DONE_WORDS = frozenset(
    """
    published sent held shipped made run delivered written completed created launched hosted
    given conducted attended posted released closed worked done produced organised organized
    scheduled answered recorded filmed submitted built deployed merged hired logged handled
    performed executed opened started finished served filled interviewed trained repaired
    cleaned planted distributed processed reviewed visited screened installed migrated
    drafted designed fixed resolved prepared presented taught
""".split()
)

BENEFICIARIES = frozenset(
    """
    customer customers user users client clients buyer buyers shopper shoppers visitor visitors
    reader readers subscriber subscribers member members patient patients student students
    learner learners employee employees staff nurse nurses teacher teachers donor donors partner
    partners developer developers citizen citizens resident residents family families account
    accounts workspace workspaces team teams people parent parents guest guests traveller
    travellers traveler travelers driver drivers seller sellers merchant merchants volunteers
    graduates applicants candidates callers hires joiners newcomers
""".split()
)

# Aspirations and topics that say neither what changes nor what is made.
VAGUE_WORDS = frozenset(
    """
    best world-class world class leader leading excellence excellent great delight delightful
    amazing brand culture focus quality scalable scalability innovative innovation seamless
    robust awesome premier top-notch exceptional engagement experience performance success
    successful vision mission transform transformation empower excellence synergy alignment
    culture stronger better healthier productivity efficiency data-driven
""".split()
)

_WORD = re.compile(r"[a-z][a-z'-]*|\d+(?:[.,]\d+)*%?|%")
# A measurable target: a percentage, a number after "by", "to", "under"…, a number with a unit,
# or a multiplier. A bare number inside a name ("SOC 2", "ISO 9001") is not a target.
_TARGET = re.compile(
    r"\d[\d.,]*\s*(%|percent|k\b|m\b|x\b|points?|pts|hours?|days?|weeks?|months?|minutes?|mins?|"
    r"seconds?|ms|eur|usd|gbp|€|\$|£|stars?|out of)"
    r"|[$€£]\s*\d"
    r"|\b(by|to|from|under|below|above|over|within|least|than|of|at|reach|hit|exceed|achieve)\s+[$€£]?\d"
    r"|\b(double|triple|halve|half|twice|zero)\b",
    re.IGNORECASE,
)
_FROM_TO = re.compile(r"\bfrom\b[^,;]*\bto\b", re.IGNORECASE)
_PURPOSE = re.compile(r"\b(to|so that|in order to)\s+(\w+)", re.IGNORECASE)
_SKIP_LEADING = frozenset("we will to let's lets our the a an and please must should".split())


_BEHAVIOUR_VERBS = frozenset(
    """
    resolve use return buy renew recommend choose stay pay find finish complete sign join
    invite adopt rate report feel spend read click open visit apply enrol enroll attend
    graduate recover leave churn cancel upgrade downgrade share refer trust understand learn
    solve get receive access are be become feel can say
""".split()
)


def _lemma(word: str) -> str:
    """A crude verb/noun base form: 'launched' -> 'launch', 'shipping' -> 'ship', 'hires' -> 'hire'."""
    for suffix in ("ing", "ed", "es", "s", "d"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem in DELIVERY_VERBS or stem in CHANGE_VERBS:
                return stem
            if len(stem) > 3 and stem[-1] == stem[-2] and stem[:-1] in DELIVERY_VERBS | CHANGE_VERBS:
                return stem[:-1]  # shipped -> shipp -> ship
            if stem + "e" in DELIVERY_VERBS or stem + "e" in CHANGE_VERBS:
                return stem + "e"  # released -> releas -> release
    return word


@dataclass
class _Reading:
    """What the words of one statement say, gathered before any verdict."""

    words: list[str]
    first_verb: str | None = None
    first_verb_kind: str | None = None
    delivery: list[str] | None = None
    change: list[str] | None = None
    results: list[str] | None = None
    activities: list[str] | None = None
    done: list[str] | None = None
    beneficiary_subject: str | None = None
    vague: list[str] | None = None
    has_target: bool = False
    purpose_change: str | None = None
    counts_activity: bool = False
    time_measure: bool = False
    rate_of_others: bool = False
    """"... per account", "... per customer": a rate of what others do."""
    topic_only: bool = False
    """One or two words with no verb, like "Onboarding": a topic, not a statement."""


def _read(text: str) -> _Reading:
    words = _WORD.findall(text.lower())
    reading = _Reading(words=words)
    lemmas = [_lemma(w) for w in words]
    content = [(w, l) for w, l in zip(words, lemmas) if w not in _SKIP_LEADING]
    reading.topic_only = (
        len(content) <= 2
        and not any(l in CHANGE_VERBS for _, l in content)
        and (not content or content[0][0].endswith("ing") or len(content) == 1)
    )
    if content and not reading.topic_only:
        word, lemma = content[0]
        following = content[1][0] if len(content) > 1 else ""
        after = [w for w, _ in content[1:5]]
        if lemma == "make" and _COMPARATIVES.intersection(after):
            # "Make our platform more scalable": a change to our own thing, like "improve".
            reading.first_verb, reading.first_verb_kind = word, "change"
        elif lemma in DELIVERY_VERBS and not (word in ACTIVITY_NOUNS and following in ACTIVITY_NOUNS | DONE_WORDS):
            # ("Email campaigns sent" opens with a noun, not the verb "email".)
            reading.first_verb, reading.first_verb_kind = word, "delivery"
        elif lemma in CHANGE_VERBS:
            reading.first_verb, reading.first_verb_kind = word, "change"
        elif word in BENEFICIARIES or following in BENEFICIARIES:
            subject = word if word in BENEFICIARIES else following
            rest = [l for _, l in content[1:6]]
            # "New users complete their first project": a beneficiary doing something.
            if any(l in _BEHAVIOUR_VERBS or l in CHANGE_VERBS for l in rest):
                reading.beneficiary_subject = subject
    reading.delivery = [w for w, l in zip(words, lemmas) if l in DELIVERY_VERBS]
    reading.change = [w for w, l in zip(words, lemmas) if l in CHANGE_VERBS]
    joined = " ".join(words)
    reading.activities = [p for p in ACTIVITY_PHRASES if p in joined] + [w for w in words if w in ACTIVITY_NOUNS]
    reading.done = [w for w in words if w in DONE_WORDS]
    reading.vague = [w for w in words if w in VAGUE_WORDS]
    reading.has_target = bool(_TARGET.search(text)) or bool(_FROM_TO.search(text))
    for match in _PURPOSE.finditer(text):
        if _lemma(match[2].lower()) in CHANGE_VERBS:
            reading.purpose_change = match[2].lower()
            break
    reading.rate_of_others = bool(re.search(r"\bper (new |active |paying )?(\w+)", joined)) and any(
        m[2] in BENEFICIARIES or m[2] in POPULATION_NOUNS
        for m in re.finditer(r"\bper (new |active |paying )?(\w+)", joined)
    )
    counted = re.search(r"\b(number of|count of|# of|\d+)\s+(\w+\s+)?(\w+)", joined)
    if counted and (counted[3] in ACTIVITY_NOUNS or (counted[2] or "").strip() in ACTIVITY_NOUNS):
        reading.counts_activity = True
    if reading.done and (reading.activities or any(w in TIME_WORDS for w in words)):
        reading.counts_activity = True  # "posts published", "hours worked"
    if reading.first_verb is None and 2 <= len(words) <= 5 and _lemma(words[-1]) != words[-1]:
        # A KPI name ending in what was done to things: "Meals served", "Potholes filled".
        done_to = words[-2]
        if (
            words[-1] in DONE_WORDS or _lemma(words[-1]) in DELIVERY_VERBS
        ) and done_to not in RESULT_NOUNS | POPULATION_NOUNS:
            reading.counts_activity = True
    moved = bool(reading.change) or reading.has_target
    # "Response time", "time to first value", "reduce handling time": a duration someone lives with.
    reading.time_measure = "time" in words and (
        moved or reading.first_verb is None or bool(re.search(r"\btime (to|for|per)\b", joined))
    )
    reading.time_measure |= bool(re.search(r"\b(hours|minutes|days) (saved|spent)\b", joined))
    people = [
        w
        for i, w in enumerate(words)
        if w in POPULATION_NOUNS and (moved or (i and words[i - 1] in QUALIFIERS) or "number" in words)
    ]
    averaged = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("average", "mean", "median")]
    reading.results = [w for w in averaged if w not in ACTIVITY_NOUNS] + [
        w
        for i, w in enumerate(words)
        if (w in RESULT_NOUNS or w in people)
        and not (i + 1 < len(words) and (words[i + 1] in ARTIFACT_NOUNS or words[i + 1] in ACTIVITY_NOUNS))
    ]
    return reading


_COMPARATIVES = frozenset("more less better easier faster simpler cheaper safer clearer".split())

# Things we make: a result word right before one of these only describes it ("loyalty programme").
ARTIFACT_NOUNS = frozenset(
    """
    programme program page campaign campaigns dashboard tool tools feature features system plan
    strategy initiative report process policy project platform app portal site website flow
    module survey course training playbook calls call team teams function pipeline deck
    workshop framework roadmap model
""".split()
)


# ------------------------------------------------------------------------------------ verdicts


@lru_cache(maxsize=4096)  # pure, and asked again for every item each time a review is checked
def classify(text: str) -> Verdict:
    """The coach's verdict on an objective statement or a KPI name."""
    statement = " ".join(text.split())
    if not statement:
        return Verdict("unclear", "there is nothing to read yet", _UNCLEAR_SUGGESTION)
    r = _read(statement)
    has_result = bool(r.results) or r.time_measure or r.rate_of_others
    if r.topic_only and not has_result and not r.counts_activity:
        return Verdict(
            "unclear", "names a topic, not what should change or how we would know", _unclear_suggestion(statement)
        )
    # 1. A count of our own activity is an output, whatever verb moves it.
    if r.counts_activity and not _result_outweighs_activity(r):
        return Verdict("output", _count_reason(r, statement), suggest_for_output(statement))
    # 2. Someone other than the team doing something: an outcome.
    if r.beneficiary_subject:
        return Verdict(
            "outcome",
            f"says what {r.beneficiary_subject} will do differently",
            None if r.has_target else _TARGET_SUGGESTION,
        )
    # 3. A delivery verb first: output, unless the statement names the result it should cause.
    if r.first_verb_kind == "delivery":
        if has_result and (r.purpose_change or _object_is_result(r)):
            cause = f"{r.purpose_change!r} " if r.purpose_change else ""
            return Verdict(
                "outcome",
                f"names the result it should cause ({cause}{_first(r.results) or 'time'!r}); "
                f"{r.first_verb!r} is the means",
                None if r.has_target else _TARGET_SUGGESTION,
            )
        return Verdict(
            "output",
            f"starts with the delivery verb {r.first_verb!r}, so it says what the team "
            "will do or make, not what should change for anyone",
            suggest_for_output(statement),
        )
    # 4. A change verb on a result, or a result measured: an outcome.
    if has_result:
        cue = _first(r.results) or ("time" if r.time_measure else "a rate per person")
        target = ", with a target" if r.has_target else ""
        if r.first_verb_kind == "change":
            reason = f"names a change ({r.first_verb!r}) in a result or behaviour ({cue!r}){target}"
        else:
            reason = f"measures a result or behaviour ({cue!r}){target}"
        return Verdict("outcome", reason, None if r.has_target else _TARGET_SUGGESTION)
    # 5. A change moved by a number ("Cut energy use by 20%"): something measured moves.
    if r.first_verb_kind == "change" and r.has_target and not r.activities:
        return Verdict(
            "outcome",
            f"{r.first_verb!r} something measurable, with a target",
            "Name the measure and its baseline: from what, to what, by when?",
        )
    # 6. A deliverable reached ("Achieve SOC 2 certification") or activity named without a number.
    if r.activities and not r.vague and (r.first_verb_kind == "change" or len(r.words) <= 6):
        return Verdict(
            "output",
            f"names the team's own activity or deliverable ({_activity_phrase(r)!r}), "
            "not a change in what anyone else does",
            suggest_for_output(statement),
        )
    # 7. Nothing decides.
    if r.vague:
        return Verdict(
            "unclear",
            f"{_first(r.vague)!r} says what we aspire to, not what will change or how we would measure it",
            _unclear_suggestion(statement),
        )
    if r.first_verb_kind == "change":
        return Verdict(
            "unclear",
            f"{r.first_verb!r} what? It names no effect on anyone and no measure",
            _unclear_suggestion(statement),
        )
    return Verdict("unclear", "the words name neither a change nor a deliverable", _unclear_suggestion(statement))


def _object_is_result(r: _Reading) -> bool:
    """'Close 20 enterprise deals', 'Deliver 20% cost savings': the verb's object is itself a result."""
    index = r.words.index(r.first_verb) if r.first_verb in r.words else 0
    return any(w in r.results for w in r.words[index + 1 : index + 5])


def _result_outweighs_activity(r: _Reading) -> bool:
    """ "Leads from webinars", "Revenue per sales call": a result measured against an activity."""
    for joint in ("per", "from"):
        if joint in r.words:
            before = r.words[: r.words.index(joint)]
            if any(w in r.results for w in before) and not r.done:
                return True
    return False


def _activity_phrase(r: _Reading) -> str | None:
    """The first run of activity nouns: 'blog posts', 'training sessions'."""
    run: list[str] = []
    for word in r.words:
        if word in ACTIVITY_NOUNS:
            run.append(word)
        elif run:
            break
    return " ".join(run) or None


def _count_reason(r: _Reading, statement: str) -> str:
    counted = _activity_phrase(r) or next((w for w in r.words if w in TIME_WORDS), "activity")
    done = f" {_first(r.done)}" if r.done else ""
    return f"counts the team's own activity ({counted}{done}), not a change in what anyone else does"


def _first(items: list[str] | None) -> str | None:
    return items[0] if items else None


# ------------------------------------------------------------------------------------ suggestions

_TARGET_SUGGESTION = "Add a baseline and a target: from what, to what, by when?"
_UNCLEAR_SUGGESTION = (
    "Say what will be different, for whom, and how you would know: "
    '"Increase <measure> for <who> from X to Y by <date>".'
)

# topic words -> (who benefits, an outcome measure to propose)
_TOPICS: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (
        ("onboarding", "sign-up", "signup", "activation", "first-run", "welcome"),
        "new users",
        "the share of new users who are active after their first week",
    ),
    (("checkout", "cart", "pricing", "payment", "basket"), "buyers", "checkout conversion rate"),
    (
        ("help", "faq", "knowledge", "docs", "documentation", "documents", "document", "manual"),
        "customers",
        "the share of questions answered without contacting support",
    ),
    (
        (
            "blog",
            "post",
            "posts",
            "article",
            "articles",
            "content",
            "newsletter",
            "email",
            "emails",
            "webinar",
            "webinars",
            "video",
            "videos",
            "podcast",
            "social",
            "tweet",
            "tweets",
        ),
        "readers",
        "qualified sign-ups from readers per month",
    ),
    (
        ("training", "course", "courses", "workshop", "workshops", "coaching", "mentoring"),
        "the people trained",
        "the error or incident rate among the people trained",
    ),
    (("hire", "hiring", "recruit", "engineers", "headcount"), "the team", "lead time from request to delivery"),
    (
        (
            "migration",
            "migrate",
            "refactor",
            "infrastructure",
            "platform",
            "billing",
            "database",
            "servers",
            "cloud",
            "performance",
        ),
        "customers",
        "uptime, latency or cost per transaction",
    ),
    (
        ("sso", "single", "enterprise", "security", "compliance"),
        "enterprise customers",
        "enterprise deals won, or time to close them",
    ),
    (("dashboard", "analytics", "report", "reports", "reporting"), "users", "weekly active users of the dashboard"),
    (("crm", "sales", "calls", "demos", "pipeline"), "the sales team", "win rate or length of the sales cycle"),
    (("referral", "loyalty"), "customers", "new customers from referrals per month"),
    (("tickets", "support"), "customers", "time to resolution or first-contact resolution"),
    (
        ("meeting", "meetings", "board", "conference", "conferences", "event", "events", "hackathon"),
        "the people who attend",
        "what attendees do differently afterwards",
    ),
    (
        ("app", "mobile", "feature", "features", "roadmap", "product", "redesign", "release"),
        "users",
        "weekly active users or retention",
    ),
)


def _topic(statement: str) -> tuple[str, str]:
    words = set(_WORD.findall(statement.lower()))
    for keys, who, measure in _TOPICS:
        if words.intersection(keys):
            return who, measure
    return "the people it is for", "the rate, share, time or amount you expect to move"


def _object_of(statement: str) -> str:
    """The thing a delivery verb acts on: 'Launch the new onboarding flow by May' -> 'the new onboarding flow'."""
    words = statement.split()
    content = [w for w in words if w.lower() not in _SKIP_LEADING]
    if content and _lemma(content[0].lower().strip(",.;:")) in DELIVERY_VERBS | CHANGE_VERBS:
        rest = words[words.index(content[0]) + 1 :]
        if rest and rest[0].lower() in ("out", "up", "off"):
            rest = rest[1:]
        cut = next(
            (i for i, w in enumerate(rest) if w.lower() in ("by", "before", "in", "to", "for", "so", "within")),
            len(rest),
        )
        return " ".join(rest[:cut]).strip(" ,.;:") or "it"
    return statement.strip(" .")


_LIVE_VERBS = frozenset("launch ship release deploy roll rollout introduce open".split())
_OUT_VERBS = frozenset("write publish post send distribute print".split())


def suggest_for_output(statement: str) -> str:
    """A question that turns an output into the outcome it is for, with an example measure."""
    who, measure = _topic(statement)
    words = [w for w in _WORD.findall(statement.lower()) if w not in _SKIP_LEADING]
    verb = _lemma(words[0]) if words else ""
    if verb not in DELIVERY_VERBS | CHANGE_VERBS:
        # A KPI name that counts activity: propose a measure of its effect instead.
        return f"Measure what it changes for {who} instead, for example: {measure}."
    if verb in CHANGE_VERBS:  # "Increase the number of blog posts"
        return (
            f"What would {_object_of(statement)} change for {who}, and how would you know? "
            f"Measure that instead, for example: {measure}."
        )
    state = "is live" if verb in _LIVE_VERBS else "is out" if verb in _OUT_VERBS else "is done"
    return (
        f"What should change for {who} once {_object_of(statement)} {state}, and by how much? "
        f"For example: {measure}, from X to Y by a date."
    )


def _unclear_suggestion(statement: str) -> str:
    who, measure = _topic(statement)
    if who == "the people it is for":
        return _UNCLEAR_SUGGESTION
    return f"Say what will be different for {who}, and how you would know: for example, {measure} from X to Y."
