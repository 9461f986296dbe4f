"""The outcome coach: is a statement an outcome, an output, or unclear? Says why, and suggests better.

A small linear model over named features of the statement's words (coach_features: the verb that
leads and what it acts on, what a KPI name counts or measures, who does what), with weights learned
from real teams' statements (coach_model.json, written by tools/train_coach.py). Linear, so every
verdict can be explained: the reason quotes the words behind the features that pushed hardest.
A few statements are settled by the labelling guide's plainest rules instead (nothing to read, a
bare topic, an aspiration with no measure, a state of the team's own work, a property of its own
artefact, a delivery with nothing to measure), and those the model cannot call either way, by its
calibrated probability, get `unclear`: a wrong verdict costs the room more than an honest "say more".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from reviewtui.domain.coach_features import extract, tokens
from reviewtui.domain.coach_lexicon import CHANGE, DELIVERY, IMPROVE, PEOPLE, RESULT, STUDY, TEAM, WORK, stem
from reviewtui.domain.coach_model import Model, model, score

Kind = Literal["outcome", "output", "unclear"]


@dataclass(frozen=True)
class Verdict:
    kind: Kind
    reason: str
    suggestion: str | None = None


# The word lists of the rules-only coach, kept for callers that used them (now stems, see coach_lexicon).
DELIVERY_VERBS = DELIVERY
CHANGE_VERBS = CHANGE
IMPROVE_VERBS = IMPROVE

TOPICS = frozenset(
    stem(w)
    for w in """
    quality innovation culture onboarding security compliance experience transformation excellence strategy
    communication collaboration partnerships partnership brand branding digital operations relations
    alignment leadership governance sustainability stewardship teamwork talent process processes
""".split()
)
"""Words that on their own name a topic, not a statement: 'Quality', 'Stakeholder relations'."""
_TOPIC_COMPANIONS = frozenset("stakeholder customer employee program".split())
_TOPIC_VERBS = IMPROVE | frozenset(stem(w) for w in "focus prioritise prioritize foster".split())
_TOPIC_FILLERS = frozenset("on our the a an we will to in of and all at level levels".split())
"""'Improve our processes': a verb of improving or attending to, then only a topic, names no change."""

VAGUE_MARGIN = 0.45
"""An aspiration ('Be the best …') that names no result needs the model this sure to be called anyway."""


@lru_cache(maxsize=4096)  # pure, and asked again for every item each time a review is checked
def classify(text: str) -> Verdict:
    """The coach's verdict on an objective statement or a KPI name."""
    return judge(text, model())


Rule = Literal[
    "empty", "no-words", "topic", "vague", "purpose", "state", "artefact", "pace", "delivery", "torn", "model"
]
"""What settled a verdict: a rule before the model, the model's doubt (`torn`), or the model."""


def before_model(statement: str) -> Rule | None:
    """The rules that settle a verdict from the words alone: nothing to read, or only a topic."""
    if not statement:
        return "empty"
    words = [w for w in tokens(statement) if w[0].isalpha()]
    if not words:
        return "no-words"
    if (
        len(words) <= 2
        and any(stem(w) in TOPICS for w in words)
        and all(stem(w) in TOPICS or w in _TOPIC_COMPANIONS for w in words)
    ):
        return "topic"
    if stem(words[0]) in _TOPIC_VERBS and 1 < len(words) <= 6:
        rest = [w for w in words[1:] if w not in _TOPIC_FILLERS]
        if rest and all(stem(w) in TOPICS for w in rest):
            return "topic"  # "Strengthen our brand", "Focus on quality": a topic with a verb says no more
    return None


def decide(features: dict[str, str], p: float, band: float) -> tuple[Kind, Rule]:
    """The verdict from the features and the model's calibrated probability: the trainer chooses `band` with it."""
    if "vague" in features and "target" not in features and not _names_result(features) and abs(p - 0.5) < VAGUE_MARGIN:
        return "unclear", "vague"
    if (
        features.get("purpose:change+result+target") or features.get("purpose:change+measure+target")
    ) and p < 0.5 + band:
        # The labelling convention: a delivery made for a measured change in a result is an outcome.
        return "outcome", "purpose"
    # The guide's plainest rules, ahead of the model. A property of the team's own artefact is an output
    # even with a target ("Increase test coverage to 80%"), unless it is for a change in others' results.
    if (
        "artefact" in features
        and "mentions:people" not in features
        and not any(name.startswith(("purpose:change+result", "purpose:change+people")) for name in features)
    ):
        return "output", "artefact"  # "Keep the error rate of recorded changes below 3%"
    if "name_head:pace+work" in features and "mentions:people" not in features:
        return "output", "pace"  # the guide's "Deployment frequency": a count of the team's own activity
    if "target" not in features and not any(name.startswith("purpose:") for name in features):
        # The team's own work named with nothing to measure.
        if "verb:state" in features:
            return "output", "state"  # "Cash and voucher assistance is implemented"
        if (
            "lead:delivery" in features
            and "lead:make_state"
            not in features  # "Create a more livable city": a change in a state, like "Make … aware"
            and ("lead:delivery+result" not in features or stem(features["lead:delivery"].lower()) in STUDY)
        ):
            # "Launch …", "Write …", "Analyze energy use" with nothing to measure after it; but "Close
            # enterprise deals" may be the deals, so a result after a verb of doing is left to the model.
            return "output", "delivery"
    if abs(p - 0.5) <= band:
        return "unclear", "torn"
    return ("outcome" if p > 0.5 else "output"), "model"


def judge(text: str, weights: Model) -> Verdict:
    """The verdict under given weights: classify() uses the shipped ones, the benchmark each fold's."""
    statement = " ".join(text.split())
    rule = before_model(statement)
    if rule == "empty":
        return Verdict("unclear", "there is nothing to read yet", _UNCLEAR_SUGGESTION)
    if rule == "no-words":
        return Verdict("unclear", "the words name neither a change nor a deliverable", _UNCLEAR_SUGGESTION)
    if rule == "topic":
        topic = " ".join(w for w in tokens(statement) if stem(w) in TOPICS or w in _TOPIC_COMPANIONS)
        return Verdict(
            "unclear",
            f"names a topic ({topic!r}), not what should change or how we would know",
            _unclear_suggestion(statement),
        )
    features = extract(statement)
    result = score(features, weights)
    kind, rule = decide(features, result.probability, weights.band)
    if rule == "vague":
        return Verdict(
            "unclear",
            f"{features['vague']!r} says what we aspire to, not what will change or how we would measure it",
            _unclear_suggestion(statement),
        )
    if rule == "purpose":
        purpose = features.get("purpose:change+result+target") or features.get("purpose:change+measure+target")
        return Verdict(
            "outcome",
            f"names the result the work is for ({purpose!r}), with a target, so the delivery is the means",
            None,
        )
    if rule == "torn":
        return Verdict("unclear", _torn_reason(result.contributions, features), _unclear_suggestion(statement))
    if rule == "state":
        reason = f"describes the state of the team's own work ({features['verb:state']!r}), not a change for others"
    elif rule == "pace":
        reason = (
            f"measures how often or how fully the team does its own work ({features['name_head:pace+work']!r}), "
            "not a change for others"
        )
    elif rule == "artefact":
        reason = f"measures the team's own work ({features['artefact']!r}), which nobody else experiences"
    else:
        reason = _reason(kind, result.contributions, features)
    if kind == "output":
        return Verdict("output", reason, suggest_for_output(statement))
    return Verdict("outcome", reason, None if "target" in features else _TARGET_SUGGESTION)


def _names_result(features: dict[str, str]) -> bool:
    """Whether the statement names a result or a measure, however vaguely it is put."""
    named = ("name_head:result", "name_head:measure", "counts:", "time_measure", "experience")
    return any(name.endswith(("+result", "+measure")) or name.startswith(named) for name in features)


# ------------------------------------------------------------------------------------ reasons


def _family(name: str) -> str:
    """Features that say one thing in two ways are told once: 'lead:delivery' and 'lead:delivery+work'."""
    if name.startswith(("w:", "first:", "head:")):
        return "word:" + name.split(":", 1)[1]
    return name.split("+", 1)[0]


_OUTCOME_WORDS = (RESULT | PEOPLE) - WORK
_OUTPUT_WORDS = (WORK | TEAM | DELIVERY) - RESULT - {stem(w) for w in ("number", "use", "total", "case")}
"""Single words worth quoting in a reason: what they usually name agrees with the verdict."""
_SILENT = ("len:", "form:", "verb:", "first:", "head:", "mentions:", "obj:")
"""Features that weigh in but say nothing a facilitator could read out (or say it through another)."""
_FORMS = ("lead:", "ed:", "ing:")


def _ranked(kind: Kind, contributions: tuple[tuple[str, float], ...], features: dict[str, str]) -> list[str]:
    """Families of features that pushed toward `kind`, strongest first: the statement's shape, then single words."""
    sign = 1.0 if kind == "outcome" else -1.0
    form = next((_family(name) for name in features if name.startswith(_FORMS) and "+" not in name), None)
    totals: dict[str, float] = {}
    for name, weight in contributions:
        family = _family(name)
        if family == "obj" and form:
            family = form  # what the verb acts on is told with the verb
        totals[family] = totals.get(family, 0.0) + weight * sign
    later = ("names", "target")  # they support what the statement's shape says; alone they say little
    shaped = [
        f
        for f, t in sorted(totals.items(), key=lambda item: (item[0].split(":")[0] in later, -item[1]))
        if t > 0 and not f.startswith("word:")
    ]
    words = [f for f, t in sorted(totals.items(), key=lambda item: -item[1]) if t > 0.25 and f.startswith("word:")]
    return shaped + words


def _reason(kind: Kind, contributions: tuple[tuple[str, float], ...], features: dict[str, str]) -> str:
    """What decided, in words a facilitator can read out: the shape of the statement, then a telling word."""
    said: list[str] = []
    quoted: list[str] = []
    agreeing = _agreeing(kind, contributions)
    for family in _ranked(kind, contributions, features):
        text = _describe(family, kind, features, agreeing)
        shown = _evidence(family, features, agreeing)
        if not text or any(shown and (shown in q or q in shown) for q in quoted):
            continue  # a second clause must add words the first did not quote
        said.append(text)
        quoted.append(shown)
        if len(said) == 2 or len(text) > 70:
            break
    if not said:
        return (
            "measures something others experience"
            if kind == "outcome"
            else "names the team's own work, not a change for anyone else"
        )
    return said[0] if len(said) == 1 else f"{said[0]}, and {said[1]}"


def _agreeing(kind: Kind, contributions: tuple[tuple[str, float], ...]) -> frozenset[str]:
    """The features that pushed toward `kind`: only their words are quoted for it."""
    return frozenset(name for name, weight in contributions if (weight > 0) == (kind == "outcome"))


def _torn_reason(contributions: tuple[tuple[str, float], ...], features: dict[str, str]) -> str:
    toward, away = (
        next(
            (
                text
                for family in _ranked(kind, contributions, features)
                if (text := _describe(family, kind, features, _agreeing(kind, contributions)))
            ),
            None,
        )
        for kind in ("outcome", "output")
    )
    if toward and away:
        return f"pulls both ways: it {toward}, but it also {away}"
    return "the words do not say clearly whether something changes for others or the team delivers something"


def _evidence(family: str, features: dict[str, str], agreeing: frozenset[str] = frozenset()) -> str:
    """The words behind a family of features: the most specific one's ('launch … onboarding flow').

    With `agreeing`, a feature that pushed the other way is not quoted for this side.
    """
    if family.startswith("word:"):
        word = family[len("word:") :]
        grab = {name: ev for name, ev in features.items() if name in (f"w:{word}", f"first:{word}", f"head:{word}")}
    else:
        grab = {name: ev for name, ev in features.items() if name.startswith(family) and _family(name) == family}
    detail = next((ev for name, ev in grab.items() if "+" in name and ev and (not agreeing or name in agreeing)), None)
    if detail is None and family.startswith(_FORMS):
        # What a verb acts on is quoted with it even when the pair itself weighed the other way.
        detail = next((ev for name, ev in grab.items() if "+" in name and "+mod:" not in name and ev), None)
    return detail or next((ev for ev in grab.values() if ev), "")


def _parts(evidence: str) -> tuple[str, str]:
    """'launch … the new onboarding flow' -> ('launch', 'the new onboarding flow')."""
    verb, _, rest = evidence.partition(" … ")
    return verb, rest


def _describe(
    family: str,
    kind: Kind,
    features: dict[str, str],
    agreeing: frozenset[str] = frozenset(),
) -> str | None:
    """A feature family as a clause that follows 'it': "counts the team's own activity ('workshops held')"."""
    if family.startswith(_SILENT):
        return None
    evidence = _evidence(family, features, agreeing)
    outcome = kind == "outcome"
    if family.startswith("word:"):
        if len(evidence) < 3 or stem(evidence) not in (_OUTCOME_WORDS if outcome else _OUTPUT_WORDS):
            return None  # a word is quoted only when what it usually names agrees with the verdict
        return (
            f"uses {evidence!r}, a word that usually names a result for others"
            if outcome
            else f"uses {evidence!r}, a word that usually names the team's own work"
        )
    verb, thing = _parts(evidence)
    thing = "" if thing in ("it", "this", "that", "them") else thing  # "Ship it": nothing to quote
    said = f"{verb} {thing}".strip()
    prefix, _, sub = family.partition(":")
    match prefix, sub:
        case "lead", "delivery":
            if outcome:
                return f"is led by {verb!r}, but what it delivers is a result for others ({thing!r})" if thing else None
            if thing:
                return f"starts with the delivery verb {verb!r}, so it names what the team will do or make ({thing!r})"
            return f"starts with the delivery verb {verb!r}, so it says what the team will do, not what should change"
        case "lead", "study":
            if outcome:
                return None
            return f"starts with {verb!r}, a verb of finding out, so it names what the team will study ({thing!r})"
        case "lead", "change":
            if outcome:
                return f"names a change ({verb!r}) in a result for others ({thing!r})" if thing else None
            return f"uses {verb!r} on the team's own work ({thing!r}), not on a result for others" if thing else None
        case "lead", "enable":
            return (
                f"says what others will be able to do ({said!r})"
                if outcome
                else f"enables the team's own work ({said!r})"
            )
        case "lead", "behaviour":
            return f"says what people will do ({said!r})" if outcome else None
        case "lead", "make_state":
            return f"names a change in people ({said!r})" if outcome else None
        case (("ed" | "ing"), "change"):
            return (
                f"describes a change that results ({said!r})"
                if outcome
                else f"reports a change to the team's own work ({said!r})"
            )
        case (("ed" | "ing"), "delivery"):
            return None if outcome else f"reports work done ({said!r})"
        case "subject", ("people" | "result"):
            return (
                f"says what happens for others ({evidence!r})"
                if outcome
                else f"describes what people were given or did for the team ({evidence!r})"
            )
        case "subject", _:
            return (
                f"describes the state of the team's own work ({evidence!r})"
                if not outcome
                else f"describes something others experience ({evidence!r})"
            )
        case "name_head", "activity":
            return None if outcome else f"measures how busy the team's own people are ({evidence!r})"
        case "name_head", _:
            return (
                f"measures a result others experience ({evidence!r})"
                if outcome
                else f"names the team's own work or deliverable ({evidence!r})"
            )
        case "measured", "others":
            return f"measures what others do ({evidence!r})" if outcome else None
        case "measured", ("team" | "served"):
            return None if outcome else f"measures how the team does its own work ({evidence!r})"
        case "name_done", _:
            return f"counts what others did ({evidence!r})" if outcome else f"counts what the team did ({evidence!r})"
        case "counts", "served_people":
            return None if outcome else f"counts people reached by the team's service ({evidence!r})"
        case "counts", _:
            return f"counts what others do ({said!r})" if outcome else f"counts the team's own activity ({said!r})"
        case "names", ("result" | "people" | "measure"):
            return f"names a result for others ({evidence!r})" if outcome else None
        case "names", ("work" | "team"):
            return None if outcome else f"names the team's own work ({evidence!r})"
        case "purpose", _:
            return (
                f"names the result the work is for ({evidence!r})"
                if outcome
                else f"aims at more of the team's own work ({evidence!r})"
            )
        case "later", _:
            return (
                f"has a key result that is a change ({evidence!r})"
                if outcome
                else f"has a key result that is a delivery ({evidence!r})"
            )
        case "people_served", _:
            return None if outcome else f"counts a service delivered ({said!r}), not what changed for the people"
        case "time_measure", _:
            return f"measures a time others wait on ({evidence!r})" if outcome else None
        case "experience", _:
            return f"names what people feel, know or experience ({evidence!r})" if outcome else None
        case "per", ("people" | "result"):
            return f"measures a rate ({evidence!r})" if outcome else None
        case "per", ("team" | "work"):
            return None if outcome else f"measures the team's own output ({evidence!r})"
        case "target", _:
            return f"sets a measurable target ({evidence!r})" if outcome else None
        case "vs_plan", _:
            return "compares against a plan or budget" if outcome else "counts the team's own work against a plan"
        case "with_our_help", _:
            return None if outcome else "counts what the team's help reached"
        case "vague", _:
            return None if outcome else f"{evidence!r} says what we aspire to"
    return None


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
        ("help", "faq", "knowledge", "docs", "documentation", "documents", "document", "manual", "guide"),
        "customers",
        "the share of questions answered without contacting support",
    ),
    (
        (
            "webinar",
            "webinars",
            "meeting",
            "meetings",
            "board",
            "conference",
            "conferences",
            "event",
            "events",
            "hackathon",
            "expo",
            "gala",
        ),
        "the people who attend",
        "what attendees do differently afterwards",
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
            "video",
            "videos",
            "podcast",
            "social",
            "tweet",
            "tweets",
            "pages",
            "page",
        ),
        "readers",
        "qualified sign-ups from readers per month",
    ),
    (
        ("training", "trained", "course", "courses", "workshop", "workshops", "coaching", "mentoring", "tutoring"),
        "the people trained",
        "what the people trained do better afterwards, such as their error rate",
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
        ("potholes", "streets", "roads", "garbage", "sidewalk", "streetlights", "sewer"),
        "residents",
        "the share of residents who rate the service as good",
    ),
    (
        ("students", "classrooms", "schools", "curriculum", "camp", "camps", "reading", "kits"),
        "students",
        "the share of students reading at grade level",
    ),
    (
        ("app", "mobile", "feature", "features", "roadmap", "product", "redesign", "release"),
        "users",
        "weekly active users or retention",
    ),
)


def _topic(statement: str) -> tuple[str, str]:
    """Who the work is for and a measure to propose: from the topic, else the people it names."""
    words = re.findall(r"[a-z][a-z'-]*", statement.lower())
    for keys, who, measure in _TOPICS:
        if set(words).intersection(keys):
            return who, measure
    named = next((w for w in words if stem(w) in PEOPLE and w.endswith("s") and stem(w) not in TEAM), None)
    return named or "the people it is for", "the rate, share, time or amount you expect to move"


_LEADING = frozenset("we will to let's lets please must should shall".split())
_CUT = re.compile(
    r"\s(?:by|before|until|within|so that|so|in order to|to|during|in q\d|each|every)\b"
    r"|[.;:(]|\s[-–—]\s",
    re.IGNORECASE,
)
_YOURS = {"our": "your", "we": "you", "us": "you", "ours": "yours", "ourselves": "yourselves"}
_MAX_WORDS = 9


def _base_form(verb: str) -> bool:
    return not (verb.endswith(("ed", "ing")) or (verb.endswith("s") and not verb.endswith("ss")))


def _instruction(statement: str) -> str | None:
    """'We will launch the new onboarding flow by May' -> 'launch the new onboarding flow'.

    The statement's own words from its verb on, cut before a deadline or a purpose, with 'our' made
    'your' so the facilitator can say it to the room. None when it does not open with a verb to do
    something, or is too long to repeat aloud.
    """
    words = statement.strip().split()
    while words and words[0].lower().strip(",") in _LEADING:
        words = words[1:]
    if not words:
        return None
    verb = words[0].lower().strip(",.;:")
    if stem(verb) not in DELIVERY | CHANGE or not _base_form(verb):
        return None
    rest = " ".join(words)
    cut = _CUT.search(rest, len(words[0]))
    phrase = rest[: cut.start()] if cut else rest
    phrase = phrase.strip(" ,.;:")
    spoken = [(_YOURS.get(w.lower(), w)) for w in phrase.split()]
    if len(spoken) > _MAX_WORDS or len(spoken) < 2:
        return None
    return " ".join([spoken[0].lower(), *spoken[1:]])


def suggest_for_output(statement: str) -> str:
    """A question that turns an output into the outcome it is for, with an example measure.

    Said aloud by a facilitator, so whole sentences with no agreement to get wrong: the statement's
    own words are quoted after "after you …", or stood for by "that".
    """
    who, measure = _topic(statement)
    features = extract(statement)
    instruction = _instruction(statement) if any(name.startswith("lead:") for name in features) else None
    if instruction and any(name.startswith("lead:change") for name in features):
        # "Increase the number of blog posts", "Improve our reporting": more or better of our own work.
        return (
            f"That changes the team's own work. What should it change for {who}, and how would you know? "
            f"For example: {measure}."
        )
    if instruction:
        return (
            f"What should change for {who} after you {instruction}, and by how much? "
            f"For example: {measure}, from X to Y by a date."
        )
    if any(name.startswith("lead:") for name in features):  # an instruction too long to repeat aloud
        return (
            f"Once that is done, what should change for {who}, and by how much? "
            f"For example: {measure}, from X to Y by a date."
        )
    # A KPI name that counts activity, or a state of the team's work.
    return (
        f"This shows the work was done, not what it changed. Measure what changes for {who} instead, "
        f"for example: {measure}."
    )


def _unclear_suggestion(statement: str) -> str:
    who, measure = _topic(statement)
    if who == "the people it is for":
        return _UNCLEAR_SUGGESTION
    return f"Say what will be different for {who}, and how you would know: for example, {measure}, from X to Y."
