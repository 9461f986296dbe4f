"""Word classes the outcome coach reads statements with: verbs of delivery and of change, nouns of results and of work.

Plain English word classes, written as words and compared as stems (see `stem`). They are meant to
hold for any team's statements, not to remember the phrases of one source: the model learns how
much each class counts, and the reason quotes the statement's own words.
"""

from __future__ import annotations

from functools import lru_cache

IRREGULAR = {
    "held": "hold",
    "built": "build",
    "ran": "run",
    "written": "write",
    "wrote": "write",
    "sent": "send",
    "made": "make",
    "given": "give",
    "taught": "teach",
    "won": "win",
    "met": "meet",
    "spent": "spend",
    "led": "lead",
    "grew": "grow",
    "grown": "grow",
    "kept": "keep",
    "brought": "bring",
    "begun": "begin",
    "began": "begin",
    "done": "do",
    "did": "do",
    "got": "get",
    "gotten": "get",
    "paid": "pay",
    "sold": "sell",
    "bought": "buy",
    "found": "find",
    "chosen": "choose",
    "seen": "see",
    "known": "know",
    "shown": "show",
    "drawn": "draw",
    "left": "leave",
    "lost": "lose",
    "felt": "feel",
    "taken": "take",
    "took": "take",
    "became": "become",
    "came": "come",
    "children": "child",
    "women": "woman",
    "men": "man",
    "analyses": "analysis",
    "series": "series",
    "status": "status",
    "people": "people",
    "data": "data",
    "news": "news",
    "bus": "bus",
    "sales": "sale",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "been": "be",
    "being": "be",
    "has": "have",
    "had": "have",
}
"""Irregular forms: their stem, so 'held' is read as 'hold'."""

PAST_IRREGULAR = frozenset(w for w in IRREGULAR if IRREGULAR[w] not in (w, "child", "woman", "man", "be", "have"))
_KEEP = frozenset(
    """
    this his its yes process business less loss access across success address always analysis basis
    campus bonus census focus plus thus gas canvas series news during thing things bring spring morning
    evening string king nothing something anything everything need speed feed seed indeed exceed
    proceed succeed ongoing red bed shed wed hundred
""".split()
)


@lru_cache(maxsize=16384)  # the same few thousand words come back on every keystroke
def stem(word: str) -> str:
    """A light stem, the same for the forms of one word: 'workshops' -> 'workshop', 'repaired' -> 'repair'.

    Crude on purpose (no dictionary): it only has to agree with itself, not to be a real word.
    """
    if word in IRREGULAR:
        word = IRREGULAR[word]  # then stemmed like any word: 'held' -> 'hold', 'made' -> 'make' -> 'mak'
        if word in ("be", "have", "people", "data", "news", "bus", "status", "series"):
            return word
    if len(word) <= 3 or word in _KEEP:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        word = word[:-1]
    if word.endswith("ied") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ed") and len(word) > 4 and not word.endswith("eed"):
        word = _undouble(word[:-2])
    elif word.endswith("ing") and len(word) > 5:
        word = _undouble(word[:-3])
    if word.endswith("e") and len(word) > 3 and not word.endswith(("ee", "ue")):
        word = word[:-1]
    return word


def _undouble(word: str) -> str:
    """'shipp' -> 'ship', 'plann' -> 'plan'; 'fill' and 'pass' keep their double letter."""
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        return word[:-1]
    return word


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


# ------------------------------------------------------------------------------------ verbs

DELIVERY = _stems("""
    launch ship release build write publish hold run complete finish deliver implement create develop add close
    design redesign deploy migrate host organise organize send post hire recruit roll introduce
    refactor document conduct produce prepare draft update upgrade install integrate automate start
    kick finalise finalize record film present submit execute establish define plan distribute print
    translate rewrite replace rebuild provide offer train coach mentor onboard interview survey call
    email tweet perform schedule arrange outsource sign prototype test pilot repair fill serve fix clean
    plant process review screen teach assemble analyze analyse assess audit map identify research
    monitor track measure negotiate propose validate instrument restructure prioritize prioritise
    triage refine equip facilitate promote educate disseminate sensitize sensitise construct
    rehabilitate resurface pave collect inspect certify configure refresh revamp overhaul put
    undertake initiate agree communicate socialize socialise compile catalogue digitize digitise
    allocate manage amplify celebrate elevate capture speak place carry rollout streamline adjust
    customize customise personalize personalise address treat protect preserve restore select
    evaluate experiment demonstrate invest enforce issue reconcile source transport enroll enrol
    check dedicate verify formalize formalise standardize standardise consolidate simplify modernize
    modernise open stabilize stabilise assign decide learn
""")
"""What a team does or makes: said first, the statement is usually about the work."""

CHANGE = _stems("""
    increase reduce decrease grow raise lower cut boost retain keep maintain sustain achieve reach
    attain hit exceed double triple halve eliminate minimise minimize maximise maximize accelerate
    shorten speed lift drive win earn save prevent avoid recover convert shrink lessen diminish acquire
    attract gain generate improve enhance strengthen optimise optimize decline drop rise fall climb
    ensure mitigate control foster move bring turn land expand scale grow get make book receive
    become
""")
"""What moves a measure: said first, the statement is about a change when its object is a result."""

STUDY = _stems("""
    analyze analyse assess measure monitor track review research map evaluate survey audit study investigate
    identify explore examine benchmark document report
""")
"""Verbs of finding out: 'Analyze energy use' studies a result, it does not change it."""

IMPROVE = _stems("improve enhance strengthen optimise optimize streamline modernise modernize simplify refresh")
"""Improvements of something: a change when what improves is a result, else the team's own work."""

ENABLE = _stems("help enable allow empower encourage support equip")
"""Verbs that put someone else in the sentence: 'Help youth to establish …'."""

BEHAVIOUR = _stems("""
    use return buy purchase renew recommend choose stay pay find sign join invite adopt rate report
    feel spend read click visit apply attend graduate recover leave churn cancel upgrade downgrade
    refer trust understand learn solve get access become say reach complete demonstrate improve
    increase gain identify prepare handle engage convert remain reunite exit have achieve attain score
    meet transition continue grow expand index sync experience see know accept redeem direct take
    reduce decrease evangelize evangelise manage contribute perceive show enroll enrol participate
    vote comply quit smoke drink work earn own live thrive succeed
""")
"""What other people do: after a person as subject, the statement is about their behaviour."""

SERVICE = _stems("""
    receive reach serve enroll enrol benefit participate assist support provide expose cover train
    mentor screen test treat refer sensitize sensitise engage house place counsel tutor
""")
"""People on the receiving end of the team's service: 'clients served', 'learners reached'."""

DONE_BY_TEAM = _stems("""
    repair collect clean construct build publish hold conduct distribute process issue complete
    deliver resurface install deploy launch ship send make answer handle review inspect audit write
    produce create develop implement establish sign hire source track reconcile preserve open change
    merge fix resolve close respond file sweep pave plant print assess upgrade convert visit call
    schedule record document update test scan patch train prepare organize organise run dispose detect
    carry select identify disseminate map
""")
"""Said of things at the end of a KPI name, the team did it: 'Potholes repaired', 'Tons of garbage collected'."""

DONE_BY_OTHERS = _stems("""
    retain return employ house enroll convict prevent divert recover purchase buy visit download
    accept book win lose churn refer satisfy engage file grant last meet improve spend use renew
    upgrade cancel abandon graduate drop complete redeem adopt activate subscribe register join
    vote remain reunite default delay
""")
"""Said at the end of a KPI name, others did it: 'Customers retained', 'Waste diverted'."""

# ------------------------------------------------------------------------------------ nouns

RESULT = _stems("""
    retention churn conversion conversions satisfaction nps csat ces enps ssat osat isat revenue arr
    mrr iacv acv sale profit profitability margin margins cost costs saving savings income earnings
    ebitda roi cac ltv booking bookings pipeline deal deals logo logos lead leads opportunity opp opps
    opportunities order orders purchase purchases traffic visit visits visitor view
    views download downloads install installs signup trial adoption activation usage engagement
    attendance graduation dropout literacy proficiency knowledge awareness skill skills confidence
    perception attitude attitudes behaviour behavior health mortality morbidity disease infection
    injury injuries accident accidents crime recidivism homelessness employment poverty security
    yield productivity efficiency performance latency uptime availability downtime outage outages
    incident incidents error errors defect defects complaint complaints return returns refund refunds
    readmission readmissions wait delay delays accuracy quality reliability durability stability
    safety emission emissions waste consumption energy footprint occupancy utilisation utilization
    turnover attrition absenteeism tenure diversity equity representation citation citations
    contribution contributions fork forks star stars mention mentions share loyalty referral referrals
    renewal renewals upgrade upgrades expansion expansions debt liquidity cash spend budget variance
    prevalence incidence risk exposure access demand use wellbeing
    income trust reputation market value fatalities collisions sickness violation violations
    abandonment bounce resolution recovery collection pay equality equity fairness success trip trips
    grievance grievances appointment appointments attainment session sessions follower
    followers viewer viewers listener listeners mau expense expenses receivable receivables dollar dollars
    impact membership memberships effectiveness
    mtbf mttr mttd mtta mttm mttp oee teep otif sla aov arpu dso dpo dau wau sus roas cpl cpa cpc ctr iarr
    eviction evictions foreclosure foreclosures arrest arrests death deaths
    hospitalization hospitalisation overdose overdoses violence hunger
    breaches vulnerabilities fraud arrears delinquency payback age speed
""")
"""Results and behaviour of others, and their measures: a change in one of these is an outcome."""

MEASURE = _stems("""
    rate ratio score index percentage percent proportion share level average mean median time
    duration cycle days hours minutes weeks months amount value variance volume total growth change
    trend number count coverage velocity throughput frequency
""")
"""Words that make a KPI of what they measure: 'churn rate', 'time to fill'."""

PEOPLE = _stems("""
    customer user client buyer shopper visitor reader subscriber member participant patient student
    learner youth child adult woman girl boy farmer household family citizen resident tenant people
    individual community stakeholder candidate applicant contributor developer donor parent smoker
    voter traveller traveler driver seller merchant partner prospect audience graduate beneficiary
    inhabitant mentee person persons man men dev devs champion champions player players fan fans
    newcomer newcomers joiner joiners teenager adolescent infant mother mothers
""")
"""People other than the team: what changes for them is what outcomes are made of."""

SERVED = _stems("""
    participant participants beneficiary beneficiaries trainee trainees attendee attendees enrollee
    enrollees recipient recipients mentee mentees
""")
"""People counted as reached by a service: how many took part is the reach of the work, an output."""

TEAM = _stems("""
    team teams staff agent agents engineer engineers crew department faculty rep reps sdr
    sdrs ae aes manager managers mentor mentors volunteer volunteers organization organisation
    implementer personnel officer officers employee employees workforce headcount tutor tutors
    teacher teachers nurse nurses educator educators sa sas csm csms instructor instructors
""")
"""The team itself, or its people: their own activity counted is an output."""

WORK = _stems("""
    post blog article email newsletter meeting workshop webinar training course feature release
    deployment ticket task call demo campaign video page report document doc presentation event
    conference interview commit experiment prototype design mockup tweet paper ad advert brochure
    outreach touchpoint survey hackathon podcast episode piece sprint project initiative deliverable
    milestone grant proposal application certification audit clinic plan lesson meal class gala
    inspection assessment review check kit material materials signage guide tutorial mr mrs pr prs
    activity activities mentoring tutoring screening test program programme curriculum camp handbook
    estimate procedure protocol policy roadmap strategy spec integration dashboard tool system portal
    website site app model framework template playbook database infrastructure architecture
    inventory catalogue catalog code documentation docs process pipeline road
    roads classroom classrooms pothole potholes street streets sidewalk streetlight streetlights
    sewer basin basins garbage refuse unit units flyer flyers story stories announcement
    announcements issue issues bug bugs request requests patch patches scan scans fix fixes work
    changes transaction transactions invoice invoices payroll slip asset assets equipment service
    services shift shifts board boards council network group groups committee
    committees structure structures agreement agreements contract contracts plan plans training
    trainings effort efforts study studies analysis website content workflow workflows list lists
    standard standards persona personas idea ideas category categories description descriptions
    sso mode role roles responsibilities
""")
"""What a team makes or does, and its units of work: counted or moved, it is an output."""

WORK_COMPOUNDS = (
    "work order",
    "change order",
    "purchase order",
    "service request",
    "pull request",
    "merge request",
    "case study",
    "case studies",
    "press release",
    "story point",
    "lines of code",
    "test coverage",
    "code review",
    "blog post",
    "help center",
    "help centre",
    "action plan",
    "lesson plan",
    "business review",
    "training session",
    "tutoring session",
    "enablement session",
    "educational session",
    "home visit",
    "site visit",
    "training hours",
)
"""Two words that name one piece of work: 'work order' is not a customer's order."""

STATES = (
    "in place",
    "available",
    "tracked",
    "ready",
    "live",
    "operational",
    "functional",
    "done",
    "complete",
    "completed",
    "implemented",
    "established",
    "developed",
    "deployed",
    "launched",
    "conducted",
    "signed",
    "created",
    "certified",
    "trained",
    "reviewed",
    "documented",
    "defined",
    "agreed",
    "adopted",
    "enforced",
    "scheduled",
    "held",
    "delivered",
    "carried out",
    "set up",
    "equipped",
    "prepared",
    "built",
    "published",
    "started",
    "finished",
    "installed",
    "drafted",
    "in progress",
    "underway",
    "rolled out",
    "up and running",
)
"""States of the team's own work: 'Multi-touch attribution is in place'."""

VAGUE = _stems("""
    best worldclass bestinclass highperforming datadriven trusted lasting champion presence excellence
    excellent great delight delightful amazing culture scalable innovative innovation seamless robust
    awesome premier exceptional vision mission transformation empower synergy alignment stronger better
    healthier stellar inspiring inspire passion passionate
""")
"""Aspirations: they say what we hope for, not what changes or how we would know."""

MAKE_STATE = _stems("""
    aware able easier easy better faster possible comfortable successful confident valuable accessible
    visible happy productive ready prepared safe healthy informed engaged satisfied loyal
""")
"""'Make users aware of …': make + people + a state of theirs is a change in them."""

NOUN_VERBS = _stems("""
    support service process plan design test review call demo release report survey training change return
    lead order email post record visit sign check audit map track measure cost target increase budget
    schedule project program programme file forecast access offer contact request help
""")
"""Words that are nouns as often as verbs: a title-case KPI may open with one ("Support Team Member Retention")."""

NOMINAL_VERBS = {
    "resolution": "resolve",
    "retention": "retain",
    "conversion": "convert",
    "compliance": "comply",
    "response": "respond",
    "submission": "submit",
    "decision": "decide",
    "provision": "provide",
    "expansion": "expand",
    "production": "produce",
    "reduction": "reduce",
    "admission": "admit",
    "referral": "refer",
    "cancellation": "cancel",
    "registration": "register",
    "subscription": "subscribe",
    "fulfillment": "fulfil",
    "fulfilment": "fulfil",
    "enrollment": "enroll",
    "enrolment": "enrol",
    "growth": "grow",
    "sale": "sell",
    "sales": "sell",
    "payment": "pay",
    "signup": "sign",
    "uptake": "take",
    "attrition": "leave",
    "turnover": "leave",
    "churn": "churn",
    "use": "use",
    "usage": "use",
}
"""Nouns of action whose verb a suffix does not give back: 'retention' is the act of retaining."""

ARTEFACT_PROPERTIES = _stems("""
    quality accuracy accurate error errors coverage completeness consistency correctness revision
    revisions rework freshness size
""")
"""Properties of a thing made: of the team's own records or code they are a property of its own work."""

INTERNAL_ARTEFACTS = _stems("""
    code test tests documentation docs document documents record records ledger ledgers backlog handbook
    article articles content report reports process processes build builds book books file files
    spreadsheet spreadsheets template templates account accounts entry entries reconciliation
""")
"""Things a team makes for its own use, which nobody outside experiences directly."""

TEAM_ACTIVITY = _stems("productivity utilization utilisation throughput velocity workload occupancy output capacity")
"""Measures of how much the team's own people do: of agents or engineers they count the team's activity."""

PACE = _stems("coverage frequency velocity cadence")
"""How often or how fully something is done: of the team's own work ('Deployment frequency') it is an output."""
