"""What the words of a statement say, as named features for the coach's model, each with the words behind it.

A statement is read by its form first: a verb that leads ("Launch …", "Reduce …"), a participle that
leads ("Increased awareness", "Developed website"), a subject doing something ("Participants
improve …", "100% of the team is certified"), or a KPI name ("Number of potholes repaired",
"Budget variance"). Each form is crossed with the class of the noun it acts on or measures (a
result, people, the team's work…), because "reduce churn" and "reduce open bugs in the backlog"
differ only there. The evidence kept with each feature is the statement's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reviewtui.domain.coach_lexicon import (
    ARTEFACT_PROPERTIES,
    BEHAVIOUR,
    CHANGE,
    DELIVERY,
    DONE_BY_OTHERS,
    DONE_BY_TEAM,
    ENABLE,
    INTERNAL_ARTEFACTS,
    MAKE_STATE,
    MEASURE,
    NOMINAL_VERBS,
    NOUN_VERBS,
    PACE,
    PAST_IRREGULAR,
    PEOPLE,
    RESULT,
    SERVED,
    SERVICE,
    STATES,
    STUDY,
    TEAM,
    TEAM_ACTIVITY,
    VAGUE,
    WORK,
    WORK_COMPOUNDS,
    stem,
)

FEATURES_VERSION = 7
"""Bump when the features change: the shipped weights must then be retrained (a test checks)."""

Add = Callable[[str, str], None]

_DETERMINERS = frozenset(
    """
    the a an our their its this that these those all every each any more most less least new current
    at least some many several key top high higher low lower further additional other both own
""".split()
)
_PREPOSITIONS = frozenset(
    """
    to of in for on at by with from within into over under via through across among between after before
    during without per than as vs versus against toward towards around about beyond upon including following
    below above ahead
""".split()
)
_SKIP = frozenset("we will to let's lets our the a an and please must should shall would can i".split())
_MODALS = frozenset("will can should shall would must may might could do does did".split())
_COUNTS = frozenset(
    stem(w)
    for w in """
    number count total # qty quantity percent percentage % share proportion no amount rate ratio level levels
""".split()
)
_COMPOUNDS_FROM: dict[str, list[tuple[str, ...]]] = {}
for _phrase in WORK_COMPOUNDS:
    _stems = tuple(stem(x) for x in _phrase.split())
    _COMPOUNDS_FROM.setdefault(_stems[0], []).append(_stems)
_UNITS = frozenset("m k b x bn mm pp pts".split())
_MOVE = frozenset(map(stem, "increase reduce decrease grow raise lower cut boost double triple halve lift".split()))
_MAKERS = frozenset(map(stem, "make create build".split()))
_RECEIVE = frozenset(map(stem, "receive benefit participate enroll enrol".split()))
_CHANGE_NOUNS = frozenset(map(stem, "increase reduction decrease rise drop decline improvement change growth".split()))
_JOINED = (
    (re.compile(r"(?i)\bwell[- ]being\b"), "wellbeing"),
    (re.compile(r"(?i)\bworld[- ]class\b"), "worldclass"),
    (re.compile(r"(?i)\bbest[- ]in[- ]class\b"), "bestinclass"),
    (re.compile(r"(?i)\bhigh[- ]performing\b"), "highperforming"),
    (re.compile(r"(?i)\bdata[- ]driven\b"), "datadriven"),
)
"""Words that are one word whatever the hyphen: 'well-being' is not 'well' and 'being'."""
_CLASSES = (("people", PEOPLE), ("team", TEAM), ("result", RESULT), ("work", WORK), ("measure", MEASURE))
_TOKEN = re.compile(r"[a-z][a-z'’]*|\d[\d.,]*|[%#$€£→>,]")
_TARGET = re.compile(
    r"\d[\d.,]*\s*(%|percent|k\b|m\b|x\b|points?|pts|hours?|days?|weeks?|months?|minutes?|mins?|"
    r"seconds?|ms|eur|usd|gbp|stars?|out of)|[$€£]\s*\d[\d.,]*|→|->"
    r"|\b(by|to|from|under|below|above|over|within|least|than|of|at|reach|hit|exceed|achieve)\s+[$€£]?\d[\d.,]*%?"
    r"|\b(double|triple|halve|twice|zero)\b|\bfrom\s+\S+\s+to\s+\S+",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\b[nN]\d+\b|\b[XY][a-z]{0,3}\b")
_CLAUSE = re.compile(r"(?<=[a-z0-9)%])(?:[.!?](?=\s+[A-Z0-9\"“]|\s*$)|;)\s*|\s[–—]\s|\s-\s")


def tokens(text: str) -> list[str]:
    """Lower-case words, numbers, signs and commas; hyphens and slashes split words ('time-to-fill')."""
    text = _PLACEHOLDER.sub("9", text)  # "N14 customers", "from X to Y": numbers the source hid
    for pattern, joined in _JOINED:
        text = pattern.sub(joined, text)
    return [t.replace("’", "'") for t in _TOKEN.findall(re.sub(r"[-/]", " ", text.lower()))]


def _number(token: str) -> bool:
    return token[0].isdigit() or token in ("%", "#", "$", "€", "£", ">", "→")


def _is_past(word: str) -> bool:
    return word.endswith("ed") or word in PAST_IRREGULAR


def _is_base(word: str) -> bool:
    """A verb said as an instruction ('launch'), not 'launched', 'launching' or 'launches'."""
    return not (
        word.endswith(("ed", "ing")) or word in PAST_IRREGULAR or (word.endswith("s") and not word.endswith("ss"))
    )


def clauses(text: str) -> list[str]:
    """Sentences and parts of a statement: a key result often follows its objective in one line."""
    spelled = re.fullmatch(r"\s*[A-Z0-9&/-]{2,8}\s*\(([^)]{6,})\)\W*", text)
    if spelled:
        text = spelled[1]  # "OEE (Overall Equipment Effectiveness)": the brackets say what it is
    text = re.sub(r"\([^)]*\)", " ", text)
    out: list[str] = []
    for part in (p.strip() for p in _CLAUSE.split(text)):
        if not part:
            continue
        label, colon, rest = part.partition(": ")
        if colon and len(label.split()) <= 4 and rest:
            out += [label, rest]  # "Recovery Rate: % of abandoned carts recovered"
        else:
            out.append(part)
    return out or [text]


class Words:
    """The tokens of one clause with their stems and the noun class of each position."""

    def __init__(self, text: str) -> None:
        self.words = tokens(text)
        self.stems = [stem(w) for w in self.words]
        names = [x for x in re.findall(r"[A-Za-z][\w'’]*", text) if x.lower() not in _PREPOSITIONS | _DETERMINERS]
        self.titled = 2 <= len(names) <= 6 and all(x[0].isupper() for x in names)
        self.compound: set[int] = set()
        for j, s in enumerate(self.stems):
            for phrase in _COMPOUNDS_FROM.get(s, ()):
                if tuple(self.stems[j : j + len(phrase)]) == phrase:
                    self.compound.update(range(j, j + len(phrase)))

    def __len__(self) -> int:
        return len(self.words)

    def cls(self, i: int) -> str | None:
        """people, team, work, result, measure or None for the word at i (a compound of work first)."""
        if i < 0 or i >= len(self.words):
            return None
        s = self.stems[i]
        if i in self.compound:
            return "work"
        return next((name for name, words in _CLASSES if s in words), None)


def extract(text: str) -> dict[str, str]:
    """The features of a statement, each with the words that show it (quoted by the reason)."""
    found: dict[str, str] = {}

    def add(name: str, evidence: str) -> None:
        found.setdefault(name, evidence)

    parts = clauses(text)
    if len(parts) > 1 and ": " in text and len(parts[0].split()) <= 4:
        lead = tokens(parts[1])[:1]
        if lead and _is_base(lead[0]) and stem(lead[0]) in DELIVERY | CHANGE:
            parts = parts[1:]  # "Dynamic Timing: Adjust email send times …": a label, then the statement
    everything = Words(text)
    first = Words(parts[0])
    if not any(w[0].isalpha() for w in first.words):
        if not any(w[0].isalpha() for w in everything.words):
            return found
        first = everything
    for word, s in zip(everything.words, everything.stems):
        if word[0].isalpha() and word not in _PREPOSITIONS and word not in _DETERMINERS and word not in _SKIP:
            add(f"w:{s}", word)  # the vocabulary itself: 'retention' and 'workshops' weigh in on their own
    n = sum(w[0].isalpha() for w in first.words)
    add("len:" + ("1" if n == 1 else "2-3" if n <= 3 else "4-8" if n <= 8 else "9+"), "")
    target = _TARGET.search(_PLACEHOLDER.sub("9", text))  # "Add N5 ARR": the source hid the number, not the target
    if target:
        add("target", target[0].strip())
    _read_form(first, add)
    for part in parts[1:]:
        _later_clause(Words(part), add)
    _anywhere(everything, add)
    return found


# ------------------------------------------------------------------------------------ forms


def _start(w: Words) -> int:
    """The first word that says something: past 'We will', 'To', '100% of', '500'."""
    i = 0
    words, stems = w.words, w.stems
    while i < len(w) and (
        words[i] in _SKIP
        or _number(words[i])
        or words[i] == ","
        or (words[i] == "of" and i and _number(words[i - 1]))
        or (words[i].endswith("ly") and i + 1 < len(w) and stems[i + 1] in DELIVERY | CHANGE)
    ):
        i += 1  # "Successfully deploy", "Strategically reduce": the adverb says nothing
    return i


def noun_phrase(w: Words, start: int) -> tuple[int, int, bool]:
    """(first, last) word of the noun phrase at `start`, and whether it counts something ('the number of …').

    'the number of blog posts published' -> 'blog posts', counted; 'a 95% error-free rate' -> 'error free rate'.
    """
    i = start
    counted = False
    while i < len(w) and (w.words[i] in _DETERMINERS or _number(w.words[i]) or (w.words[i] in _UNITS and i > start)):
        i += 1  # "the", "at least 2", "$5.9 m"
    first = i
    last = None
    while i < len(w):
        word, s = w.words[i], w.stems[i]
        if word == "of" and last is not None and w.stems[last] in _COUNTS:
            counted, first, last = True, i + 1, None  # "number of X": the phrase is X
        elif _number(word) or (word in _UNITS and i and _number(w.words[i - 1])):
            pass  # "FY21", "$5.9m": a number inside the phrase
        elif word in _PREPOSITIONS or word in (",", "and", "or", "so", "that", "which", "who", "while"):
            if last is not None:
                break
        elif (
            last is not None
            and (_is_past(word) or word.endswith("ing"))
            and (s in DELIVERY or s in DONE_BY_TEAM or s in DONE_BY_OTHERS or s in SERVICE)
        ):
            break  # "blog posts published": the participle is not part of the phrase
        elif word not in _DETERMINERS:
            last = i
        i += 1
    return first, (last if last is not None else first), counted


def _object_features(w: Words, form: str, verb_at: int, add: Add) -> None:
    """'Reduce churn' -> form+result; 'Reduce the number of blog posts' -> form+work and form+count."""
    first, last, counted = noun_phrase(w, verb_at + 1)
    if first >= len(w):
        add(f"{form}+nothing", w.words[verb_at])
        return
    head = phrase_class(w, first, last) or "other"
    begin = first - 1 if first - 1 > verb_at and w.words[first - 1][0].isdigit() else first
    shown = " ".join(w.words[begin : last + 1])  # "30 day retention"
    add(f"{form}+{head}", f"{w.words[verb_at]} … {shown}")
    add(f"obj:{'count:' if counted else ''}{head}", f"{w.words[verb_at]} … {shown}")  # pooled over verb forms
    add(f"names:{head}", shown)  # pooled with what KPI names and subjects name
    if counted:
        add(f"counts:{head}", shown)  # "Increase the number of blog posts" counts like "Number of blog posts"
    for j in range(first, last):
        if w.cls(j) and w.cls(j) != head:
            add(f"{form}+mod:{w.cls(j)}", f"{w.words[verb_at]} … {shown}")
            break
    if counted:
        add(f"{form}+count:{head}", f"{w.words[verb_at]} … {shown}")


def _read_form(w: Words, add: Add) -> None:
    words, stems = w.words, w.stems
    i = _start(w)
    if i >= len(w):
        return
    word, s = words[i], stems[i]
    nxt = words[i + 1] if i + 1 < len(w) else ""
    add(f"first:{s}", word)
    # A KPI name may open with a word that is also a verb: "Support Team Member Retention" (title case),
    # "Support tickets per new account" (a rate), "Call volume" (ends in a measure).
    named = s in NOUN_VERBS and (w.titled or ("per" in words and w.cls(i + 1) in ("work", "result")))
    # After "To" or "We will" the first word is a verb whatever ends the line: "To establish a Facility Needs index".
    told = i > 0 and words[i - 1] in ("to", "will", "shall", "must", "should")
    ends_in_measure = named or (
        not told and len(w) - i <= 5 and stems[-1] in MEASURE | {stem("volume"), stem("utilization")}
    )
    # "Shipping cost", "Hiring manager satisfaction": a gerund that describes the measure after it.
    modifies_noun = word.endswith("ing") and (
        w.cls(i + 1) in ("measure", "result") or (len(w) - i <= 4 and w.cls(len(w) - 1) in ("measure", "result"))
    )

    # 1. A verb first: an instruction, the commonest form of objectives and initiatives.
    if s == stem("ensure") and _ensured(w, i, add):
        return
    if (
        _is_base(word)
        and (s in DELIVERY or s in CHANGE or s in ENABLE)
        and nxt not in ("of", "per")
        and not ends_in_measure
        and (s in CHANGE or w.cls(i + 1) != "measure")
    ):  # not "Call volume"
        kind = "enable" if s in ENABLE else "change" if s in CHANGE else "delivery"
        if nxt in ("and", "&") and i + 2 < len(w) and _is_base(words[i + 2]) and stems[i + 2] in _MOVE:
            kind, i = "change", i + 2  # "Measure and increase pipe-to-spend"
            word = words[i]
        add(f"lead:{kind}", word)
        # "Analyze energy use" studies a result and "Close enterprise deals" wins one: what a verb of finding
        # out acts on is told apart, so a result after a verb of doing is not diluted by them.
        _object_features(w, "lead:study" if kind == "delivery" and s in STUDY else f"lead:{kind}", i, add)
        if s == stem("make") and any(x in MAKE_STATE for x in stems[i + 1 : i + 6]):
            state = next(words[j] for j in range(i + 1, min(len(w), i + 6)) if stems[j] in MAKE_STATE)
            add("lead:make_state", f"{word} … {state}")
        elif s in _MAKERS and any(x in ("more", "less") for x in words[i + 1 : i + 3]):
            # "Create a more livable city": what is made is a change in a state, like "Make users aware".
            add("lead:make_state", " ".join(words[i : i + 4]))
        return
    if _is_base(word) and s in BEHAVIOUR and not w.cls(i) and nxt not in ("of", "per") and not ends_in_measure:
        add("lead:behaviour", word)  # "Attend school more often", "Engage with literacy initiatives"
        _object_features(w, "lead:behaviour", i, add)
        return
    # 2. A participle or a gerund first: the language of logic models and logframes.
    if (
        (_is_past(word) or word.endswith("ing"))
        and (s in CHANGE or s in DELIVERY or s in ENABLE)
        and nxt
        and not modifies_noun
        and not ends_in_measure
    ):
        form = ("ing:" if word.endswith("ing") else "ed:") + ("change" if s in CHANGE else "delivery")
        add(form, word)
        _object_features(w, form, i, add)
        return
    if s in _CHANGE_NOUNS and nxt in ("in", "of"):
        add("ed:change", f"{word} {nxt}")  # "Reduction in crime", "Increase in % of adults …"
        _object_features(w, "ed:change", i + 1, add)
        return
    # 3. A subject and its verb: who does what.
    if not _subject_clause(w, i, add):
        # 4. A KPI name: what it counts or measures.
        _kpi(w, i, add)


def _subject_clause(w: Words, i: int, add: Add) -> bool:
    """'Participants improve …', 'All online marketing is tracked': the subject's class and what its verb says."""
    verb_at = _verb_after_subject(w, i)
    if verb_at is None:
        return False
    words = w.words
    who = phrase_class(w, i, verb_at - 1) or "thing"  # the subject's head: "customer service center" is a thing
    who = "thing" if who == "measure" else who
    kind, shown = _verb_kind(w, verb_at)
    add(f"names:{who}", " ".join(words[i:verb_at]))
    add(f"subject:{who}+{kind}", " ".join(words[i:verb_at]) + " " + shown)
    add(f"verb:{kind}", shown)
    return True


_QUANTIFIERS = frozenset("that more than less fewer at least over under all every each of".split())


def _ensured(w: Words, i: int, add: Add) -> bool:
    """'Ensure (that) 60% of changes are recorded': what is ensured is a clause, read as the statement.

    'Ensure' only says the clause must hold, so the clause's subject and verb decide, as if said alone.
    """
    j = i + 1
    while j < len(w) and (w.words[j] in _QUANTIFIERS or _number(w.words[j])):
        j += 1  # "that more than 60% of …"
    if j >= len(w) or not _subject_clause(w, j, add):
        return False
    add("lead:ensure", w.words[i])
    return True


def _verb_after_subject(w: Words, start: int) -> int | None:
    """Where the verb of 'Participants improve …' or 'Multi-touch attribution is in place' is, if any."""
    words, stems = w.words, w.stems
    for j in range(start + 1, min(len(w), start + 8)):
        word, s = words[j], stems[j]
        if word in _MODALS or s in ("be", "have") or (word == "in" and words[j + 1 : j + 2] == ["place"]):
            return j  # "… is in place", "Customer service center in place"
        if word in _PREPOSITIONS or word == ",":
            return None  # "Number of …", "Cost per …": a KPI name, not a sentence
        if _number(word) or word in _DETERMINERS or word in ("and", "or"):
            continue
        if _is_past(word) and _verbal(s):
            return j  # "Joint implementation plan developed", "Customers retained"
        if (
            word.endswith("s")
            and not word.endswith("ss")
            and (s in BEHAVIOUR or s in CHANGE or s in DELIVERY)
            and not w.cls(j)
            and j + 1 < len(w)
        ):
            return j  # "Marketing achieves the plan", "Threat index shows …"
        if (
            _is_base(word)
            and (s in BEHAVIOUR or s in CHANGE or s in SERVICE)
            and w.cls(j - 1) in ("people", "team")
            and not w.cls(j)
        ):
            return j  # "Participants improve communication skills"
    return None


def _verb_kind(w: Words, at: int) -> tuple[str, str]:
    """'is in place' -> state; 'will attend' -> behaviour; 'trained' -> done; 'improve' -> change."""
    words, stems = w.words, w.stems
    j = at
    while j < len(w) - 1 and (words[j] in _MODALS or stems[j] in ("be", "have") or words[j] in ("now", "not", "all")):
        j += 1
    word, s = words[j], stems[j]
    particle = j + 1 < len(w) and words[j + 1] in ("out", "up", "off", "on")
    shown = " ".join(words[at : j + 1 + particle])  # "carried out", "set up"
    after = " ".join(words[j : j + 3])
    if (stems[at] in ("be", "have") and any(after.startswith(p) for p in STATES)) or after.startswith("in place"):
        state = next((p for p in STATES if after.startswith(p)), "in place")
        return "state", " ".join(words[at:j]) + (" " if j > at else "") + state
    later = " " + " ".join(words[j + 1 : j + 8]) + " "
    if stems[at] == "have" and any(f" {p} " in later for p in STATES):
        return "state", shown  # "100% of customers have business reviews completed or scheduled"
    if s in SERVICE and (_is_past(word) or word.endswith("ing") or s in _RECEIVE):
        return "served", shown
    if _is_past(word) and s in DONE_BY_TEAM and s not in DONE_BY_OTHERS:
        return "done", shown
    if s in CHANGE:
        return "change", shown
    if s in BEHAVIOUR or s in DONE_BY_OTHERS:
        return "behaviour", shown
    if s in DELIVERY:
        return "delivery", shown
    return "other", shown


def _kpi(w: Words, i: int, add: Add) -> None:
    """'Number of potholes repaired', 'Cart abandonment rate', 'Cost per ton of garbage collected'."""
    words, stems = w.words, w.stems
    add("form:name", "")
    counted = _counted_at(w, i)
    if counted is not None:
        first, last, _ = noun_phrase(w, counted)
        what = phrase_class(w, first, last) or "thing"
        shown = " ".join(words[first : last + 1])
        add(f"counts:{what}", shown)
        if what == "people" and stems[last] in SERVED:
            add("counts:served_people", shown)  # "Number of participants": the reach of a service
        # Who did it: a participle after the phrase ('potholes repaired') or in it ('delivered orders'), or
        # the whole phrase ('# enrolled'), or the verb of a clause about it ('individuals who have applied …').
        done = next(
            (
                j
                for j in range(first, min(len(w), last + 6))
                if (j != last or first == last)
                and words[j][0].isalpha()
                and (_is_past(words[j]) or (j > last and words[j].endswith("ing")))
                and _verbal(stems[j])
            ),
            None,
        )
        if done is None:
            done = _relative_verb(w, last)
        if done is not None:
            evidence = shown if first == last == done else f"{shown} … {words[done]}"  # '# enrolled': said once
            add(f"counts:{what}+{_done_by(stems[done])}", evidence)
        return
    # Otherwise the name's head is its last noun before a trailing phrase: 'Time in transit' -> time.
    end = len(w)
    for j in range(i + 2, len(w)):
        if words[j] == "," or (words[j] in _PREPOSITIONS and not (words[j] == "of" and j - 1 == i)):
            end = j
            break
    head_at = next(
        (
            j
            for j in range(end - 1, i - 1, -1)
            if words[j][0].isalpha() and words[j] not in _DETERMINERS and not (words[j].endswith("ly") and j > i)
        ),
        None,
    )
    if head_at is None:
        return
    head, s = words[head_at], stems[head_at]
    add(f"head:{s}", head)
    if (_is_past(head) or head.endswith("ing")) and head_at > i and _verbal(s) and s not in MEASURE:  # not "rating"
        acted_on = next(
            (w.cls(j) for j in range(head_at - 1, i - 1, -1) if w.cls(j) and w.cls(j) != "measure"), "thing"
        )
        by = _done_by(s)
        shown = " ".join(words[max(i, head_at - 3) : head_at + 1])
        add(f"name_done:{by}", shown)
        add(f"name_done:{by}+{acted_on}", shown)
        return
    last = head_at
    _measured(w, i, last, add)
    cls = phrase_class(w, i, last)
    if cls:
        mod = next((w.cls(j) for j in range(last - 1, i - 1, -1) if w.cls(j) and w.cls(j) != cls), None)
        add(f"name_head:{cls}", " ".join(words[i : last + 1]))
        add(f"names:{cls}", " ".join(words[i : last + 1]))
        if mod:
            add(f"name_head:{cls}+{mod}", " ".join(words[i : last + 1]))
        if stems[last] in TEAM_ACTIVITY and any(w.cls(j) == "team" for j in range(i, last)):
            # "Agent utilization": how busy the team's own people are, unlike "Employee retention".
            add("name_head:activity+team", " ".join(words[i : last + 1]))
    if stems[last] in PACE and last > i and w.cls(last - 1) == "work":
        # "Deployment frequency", "Vulnerability scan coverage": how often or how fully the team does its own work.
        add("name_head:pace+work", " ".join(words[i : last + 1]))


_AUXILIARIES = frozenset(
    """
    have has had are were is was be been will would can could now not already also then successfully actually
""".split()
)


def _relative_verb(w: Words, last: int) -> int | None:
    """Where the verb of 'who / that …' after a counted phrase is: 'individuals who have applied …' -> applied."""
    words = w.words
    for j in range(last + 1, min(len(w), last + 10)):
        if words[j] in ("who", "that", "which"):
            k = j + 1
            while k < len(w) and words[k] in _AUXILIARIES:
                k += 1
            return k if k < len(w) and words[k][0].isalpha() and _verbal(w.stems[k]) else None
    return None


_NOMINAL_ENDINGS = (
    ("ation", ""),
    ("ation", "e"),
    ("ion", ""),
    ("ion", "e"),
    ("ment", ""),
    ("ance", ""),
    ("ence", ""),
    ("al", ""),
    ("ure", ""),
    ("ure", "e"),
    ("ery", "er"),
    ("ing", ""),
)


def action_of(word: str) -> str | None:
    """The stem of the verb a noun of action names: 'completion' -> complete, 'closure' -> close; else None.

    Only nouns made from a verb count ('-tion', '-ment', '-ance', '-al', '-ure', '-ing'): 'call' or 'review'
    name a piece of work as often as an action.
    """
    if word in NOMINAL_VERBS:
        return stem(NOMINAL_VERBS[word])
    for ending, add in _NOMINAL_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            s = stem(word[: -len(ending)] + add)
            if _verbal(s):
                return s
    return None


def _measured(w: Words, i: int, last: int, add: Add) -> None:
    """Whose action a KPI name measures: 'QBR completion rate' measures the completing of QBRs.

    The head of a name like '<thing> <action> rate' is a measure that says nothing by itself; what it
    measures is the action before it, done by the team or by others, to a thing of some class.
    """
    words = w.words
    if w.cls(last) == "measure":
        at = next((j for j in range(last - 1, i - 1, -1) if action_of(words[j])), None)
    else:
        at = last if action_of(words[last]) else None
    if at is None:
        return
    by = _done_by(action_of(words[at]) or "")
    what = phrase_class(w, i, at - 1) if at > i else None
    shown = " ".join(words[i : last + 1])
    add(f"measured:{by}+{what or 'thing'}", shown)  # "measured:team+work": the team completing its own work


def _counted_at(w: Words, i: int) -> int | None:
    """Where what a count or share counts begins: 'Number of X', '% of X', '# X', 'Number and percentage of X'."""
    words, stems = w.words, w.stems
    for j in range(max(0, i - 2), min(len(w) - 1, i + 4)):
        if words[j] == "of" and j > 0 and stems[j - 1] in _COUNTS:
            return j + 1
        if j < i and words[j] in ("#", "%") and (j + 1 == i):
            return i
    return None


def _verbal(s: str) -> bool:
    return s in DELIVERY or s in DONE_BY_TEAM or s in SERVICE or s in DONE_BY_OTHERS or s in CHANGE or s in BEHAVIOUR


def phrase_class(w: Words, first: int, last: int) -> str | None:
    """The class of a noun phrase: its head's, or else its nearest modifier's ('product adoption depth')."""
    return w.cls(last) or next((w.cls(j) for j in range(last - 1, first - 1, -1) if w.cls(j)), None)


def _done_by(s: str) -> str:
    """Who did what a participle says: the team ('repaired'), others ('retained'), a service ('served')."""
    if s in SERVICE:
        return "served"
    if s in DONE_BY_TEAM and s not in DONE_BY_OTHERS:
        return "team"
    if s in DONE_BY_OTHERS or s in BEHAVIOUR or s in CHANGE:
        return "others"
    return "either"


def _later_clause(w: Words, add: Add) -> None:
    """A key result after its objective: 'Improve X. Increase Y retention to 90%'."""
    i = _start(w)
    if i < len(w) and _is_base(w.words[i]) and (w.stems[i] in CHANGE or w.stems[i] in DELIVERY):
        kind = "change" if w.stems[i] in CHANGE else "delivery"
        first, last, counted = noun_phrase(w, i + 1)
        add(
            f"later:{kind}+{'count' if counted else phrase_class(w, first, last) or 'other'}",
            " ".join(w.words[i : last + 1]),
        )


def _anywhere(w: Words, add: Add) -> None:
    """Signs anywhere in the statement: a purpose, people, the team, time, a rate per person."""
    words, stems = w.words, w.stems
    for j in range(1, len(w) - 1):
        if words[j - 1] in ("to", "that", "which", "will", "and", "so") and stems[j] in CHANGE and _is_base(words[j]):
            first, last, counted = noun_phrase(w, j + 1)
            cls = "count" if counted else phrase_class(w, first, last) or "other"
            add(f"purpose:change+{cls}", " ".join(words[j - 1 : last + 1]))
            if _TARGET.search(" ".join(words[j:])):
                add(f"purpose:change+{cls}+target", " ".join(words[j - 1 : last + 1]))
            break
    for j in range(1, len(w) - 1):
        if words[j - 1] == "to" and stems[j] in ENABLE and any(w.cls(k) == "people" for k in range(j + 1, j + 5)):
            # "… documentation to allow a new user … to be prolific": the work is for what people can then do.
            add("purpose:enable+people", " ".join(words[j - 1 : j + 4]))
            break
    so_that = re.search(r"\bso that\b", " ".join(words))
    if so_that and _TARGET.search(" ".join(words)[so_that.end() :]):
        rest = " ".join(words)[so_that.end() :].split()
        add("purpose:change+result+target", " ".join(["so", "that", *rest[:6]]))  # "so that 60% of new accounts …"
    people_at = [j for j in range(len(w)) if w.cls(j) == "people"]
    for j, (word, s) in enumerate(zip(words, stems)):
        if j in people_at:
            add("mentions:people", word)
        if s in TEAM:
            add("mentions:team", word)
        if s in VAGUE:
            add("vague", word)
        if people_at and s in SERVICE and (_is_past(word) or word.endswith("ing")):  # "people … served"
            add("people_served", f"{words[people_at[0]]} … {word}")
        if word == "per" and j + 1 < len(w):
            k = j + 1
            while k < len(w) - 1 and words[k] in ("new", "active", "paying", "full", "time", "each", "the", "a"):
                k += 1
            add(f"per:{w.cls(k) or 'other'}", f"per {words[k]}")
    for j, s in enumerate(stems):
        if s in ARTEFACT_PROPERTIES:
            near = [k for k in range(max(0, j - 4), min(len(w), j + 5)) if k != j and stems[k] in INTERNAL_ARTEFACTS]
            if near:
                k = near[0]
                add("artefact", " ".join(words[min(j, k) : max(j, k) + 1]))  # "error rate of recorded changes"
                break
    joined = " ".join(words)
    for pattern, name in _SIGNS:
        m = pattern.search(joined)
        if m:
            add(name, m[0])


_SIGNS = tuple(
    (re.compile(p), name)
    for p, name in (
        (r"\b(vs|versus|against|compared to)\s+(plan|target|budget|actuals?|forecast)\b|\bplan vs\b", "vs_plan"),
        (
            r"\b(time to|time for|days to|hours to|minutes to|cycle time|lead time|response time|wait time|mean time|"
            r"time in|turnaround|duration|how long|average age|days in)\b(?: (?!by|from|to)[a-z]+){0,2}",
            "time_measure",
        ),
        (
            r"\b(satisf\w*|nps|feel|feels|perception|perceive\w*|confiden\w*|trust|aware\w*|knowledge|attitudes?|"
            r"wellbeing|well being|experience)\b",
            "experience",
        ),
        (r"\b(with|through|by|from)\s+(usg|usda|the project|the program|the programme|united way)\b", "with_our_help"),
        (r"\b(more|less|fewer|higher|lower|better|faster|shorter|longer|greater|smaller)\b", "comparative"),
        (r"%|\bpercent", "unit:share"),
        (r"[$€£]|\b(usd|eur|gbp|dollars?|euros?)\b", "unit:money"),
    )
)
