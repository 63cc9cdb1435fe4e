"""The offline engine's claimants on invented articles, one class of attribution at a time:
transcript labels of every shape, anonymous sources, "the company said", places and outlets
that are not actors, and references across paragraphs."""

from __future__ import annotations

import pytest

from briefer.offline import draft_text
from briefer.offline.text import blocks, speaker_label
from briefer.schema import Draft
from briefer.source import from_bytes


def _draft(text: str) -> Draft:
    return draft_text(from_bytes(text.encode(), "t.txt").text)


def _claimant_of(d: Draft, words: str) -> str:
    hits = [c.claimant for c in d.claims if words in c.quote]
    assert hits, f"no claim quotes {words!r}: {[c.quote for c in d.claims]}"
    return hits[0]


def _names(d: Draft) -> set[str]:
    return {a.name for a in d.actors} | {al for a in d.actors for al in a.aliases}


# --- transcript speaker labels -------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("OKONKWO: We will not raise the levy.", "OKONKWO"),
        ("MR. DE SOUSA: The figures are wrong.", "MR. DE SOUSA"),
        ("Ms Haverkamp: That is not what I said.", "MS HAVERKAMP"),
        ("Dr. Lin Wei-ting: The vaccine is safe.", "DR. LIN WEI-TING"),
        ("IBÁÑEZ: No.", "IBÁÑEZ"),
        ("O'DONNELL-RÍOS: It was approved in May.", "O'DONNELL-RÍOS"),
        ("MAREK WÓJCIK (Lakeside North, Green Party): Will she resign?", "MAREK WÓJCIK"),
        ("THE SECRETARY OF STATE (Ines Falk): We have no such plan.", "INES FALK"),
        ("CHAIR (Ms Tovey): Order.", "MS TOVEY"),
        ("Q: Why now?", "Q"),
        ("A: Because the money ran out.", "A"),
        ("THE SPEAKER: Order.", "THE SPEAKER"),
        ("Senator HOLLOWAY-BRINK: The fund is empty.", "SENATOR HOLLOWAY-BRINK"),
        ("Senator Dame Ottilie VANCE: We disagree.", "SENATOR DAME OTTILIE VANCE"),
        ("Councillor Pryce (Labour): Nobody asked us.", "COUNCILLOR PRYCE"),
        ("Hon. Wairimu Njoroge-Kamau (Chairperson): Order, Members.", "HON. WAIRIMU NJOROGE-KAMAU"),
        ("Eng. Mutua: The pumps are forty years old.", "ENG. MUTUA"),
        ("Atty. Benedicto Lacson: Objection, your honour.", "ATTY. BENEDICTO LACSON"),
        ("Engr. Dalisay (Project Engineer, Public Works): It was built in 1994.", "ENGR. DALISAY"),
        ("Rev. Fr. Anselm Okafor: The parish was never told.", "REV. FR. ANSELM OKAFOR"),
        ("Insp. Tavita Leota: Two men were seen leaving.", "INSP. TAVITA LEOTA"),
        ("Supt. Halvorsen: We have no suspect yet.", "SUPT. HALVORSEN"),
        ("Amb. Lorenzo Vitale: My government regrets the delay.", "AMB. LORENZO VITALE"),
        ("Sen. Okwuosa: The fund is empty.", "SEN. OKWUOSA"),
        ("Cllr Deirdre Foley (Ballymun, Labour): The rents went up twice.", "CLLR DEIRDRE FOLEY"),
        ("Justice Amara Kone: The application is refused.", "JUSTICE AMARA KONE"),
        ("Capt. Ines Moreau: The crew followed the checklist.", "CAPT. INES MOREAU"),
        ("HON. ODUYA (Kisumu West): The figures are wrong.", "HON. ODUYA"),
        ("Hon. Kipchumba arap Tanui: The water is brown.", "HON. KIPCHUMBA ARAP TANUI"),
        ("Dr. Nyokabi wa Gathogo (Director, Lake Basin Board): No.", "DR. NYOKABI WA GATHOGO"),
        ("Chairperson: Let us hear from the regulator.", "CHAIRPERSON"),
        ("The Chair: The committee will resume at two.", "THE CHAIR"),
        ("Clerk: The next item is the budget.", "CLERK"),
        ("Hon. Wambui Karanja: The fund is empty.", "HON. WAMBUI KARANJA"),
        ("Eng. Otieno: We will finish in May.", "ENG. OTIENO"),
        ("Atty. Villanueva: Objection.", "ATTY. VILLANUEVA"),
        ("Hon. Kipchumba arap Langat: We disagree.", "HON. KIPCHUMBA ARAP LANGAT"),
        ("Ms van der Berg: That is not what I said.", "MS VAN DER BERG"),
        ("Hon. Adhiambo' Nyakwar (Chairperson): Order.", "HON. ADHIAMBO' NYAKWAR"),
        ("Chairperson: Order, Members.", "CHAIRPERSON"),
        ("The Chair: We move on.", "THE CHAIR"),
    ],
)
def test_speaker_labels_of_every_shape(line: str, label: str) -> None:
    text = "A transcript\n\n" + line + "\n"
    got = speaker_label(text, blocks(text)[1])
    assert got is not None and got[0] == label


@pytest.mark.parametrize(
    "line",
    [
        "Update: the road reopened at noon on Friday after the clearing.",
        "The bottom line: nobody knows how much the repairs will cost in the end.",
        "In short: the deal is off, and the talks will resume in the spring.",
        "Warning signs: falling orders and rising stocks in the warehouses.",
    ],
)
def test_prose_with_a_colon_is_no_label(line: str) -> None:
    text = "A story\n\n" + line + "\n"
    got = speaker_label(text, blocks(text)[1])
    assert got is None or got[0] in {"UPDATE"}  # upper-cased word labels are filtered later


QUESTION_TIME = (
    "Ferry fares: minister questioned in the Assembly\n\n"
    "An edited record of questions to the Minister for Transport, Gwendolyn Ó Briain, in the "
    "Assembly on Thursday.\n\n"
    "THE SPEAKER: Question one, the member for Harrowgate.\n\n"
    "PIOTR ZAWADZKI (Harrowgate, Reform Union): Thank you, Mr Speaker. Fares on the island "
    "routes have doubled in two years. Families on the islands are paying for the "
    "minister's mistakes. Will she cap them?\n\n"
    "THE MINISTER FOR TRANSPORT (Gwendolyn Ó Briain): The member knows that fares are set "
    "by the operator. We have frozen the harbour charges that make up a third of each "
    "ticket.\n\n"
    "ZAWADZKI: A freeze is not a cap. The islanders deserve better than a freeze.\n\n"
    "Ó BRIAIN: The operator's contract ends next spring. The new contract will cap fares for "
    "residents.\n\n"
    "THE SPEAKER: Order. The minister will be heard.\n\n"
    "Ó BRIAIN: That is a promise, and it is in the tender documents.\n"
)


def test_question_time_labels_are_the_members_and_the_minister() -> None:
    d = _draft(QUESTION_TIME)
    # a role label with a name in brackets is that person; her surname label is her too
    assert _claimant_of(d, "We have frozen the harbour charges") == "Gwendolyn Ó Briain"
    assert _claimant_of(d, "The new contract will cap fares") == "Gwendolyn Ó Briain"
    assert _claimant_of(d, "it is in the tender documents") == "Gwendolyn Ó Briain"
    # a member's question argues before it asks: the argument is his
    assert _claimant_of(d, "Fares on the island routes have doubled") == "Piotr Zawadzki"
    assert _claimant_of(d, "A freeze is not a cap") == "Piotr Zawadzki"
    # whoever presides keeps order, makes no claims, and is no actor
    assert not [c for c in d.claims if "heard" in c.quote or "Question one" in c.quote]
    assert "The Speaker" not in _names(d)
    # a constituency in brackets is not an organisation
    assert "Harrowgate" not in {a.name for a in d.actors if a.kind == "organisation"}


HEARING = (
    "Committee hears from the water regulator\n\n"
    "The committee took evidence from Dr. Lin Wei-ting, the regulator's chief scientist, "
    "and from Mr. Rhys Ap-Owen of the Consumer Council.\n\n"
    "CHAIR (Ms Tovey): Dr. Lin, how many samples failed? And when did you know?\n\n"
    "Dr. Lin Wei-ting: Eleven samples failed in March. We told the companies within a day.\n\n"
    "The results are published every quarter.\n\n"
    "CHAIR (Ms Tovey): Mr. Ap-Owen, were customers told? Why not?\n\n"
    "MR. AP-OWEN: Customers were not told for six weeks. That is unacceptable.\n"
)


def test_hearing_labels_with_honorifics_and_runs_on() -> None:
    d = _draft(HEARING)
    assert _claimant_of(d, "Eleven samples failed in March") == "Lin Wei-ting"
    # an unlabelled paragraph continues the turn before it
    assert _claimant_of(d, "The results are published every quarter") == "Lin Wei-ting"
    assert _claimant_of(d, "Customers were not told for six weeks") == "Rhys Ap-Owen"
    assert not [c for c in d.claims if c.quote.endswith("?")]


PANEL = (
    "Committee questions the dam operator\n\n"
    "An edited record of the committee's hearing on Tuesday.\n\n"
    "Ms Corvina Halberd (Chief Engineer, Tarrow Dams Board): The spillway was inspected in "
    "June. We found no cracks in the main wall.\n\n"
    "Senator ABERNETHY-KOLL: The spillway failed in July. Who signed the inspection report?\n\n"
    "Ms Halberd: I signed it, Senator.\n\n"
    "Senator Sir Piers MOLLINGTON (Minister for Water): Chair, I can answer that. The board "
    "followed the national standard.\n\n"
    "Senator QUARRINGTON-DEE: The standard is twenty years old. Will the minister update it?\n\n"
    "Senator Sir Piers MOLLINGTON: The review will report in spring.\n\n"
    "Senator ABERNETHY-KOLL: Spring is too late for the valley. Is that acceptable?\n"
)


def test_a_panel_of_titled_questioners_argues_on_the_record() -> None:
    d = _draft(PANEL)
    # "Senator NAME:" is a label; the turn is the senator's, not the witness's before it
    assert _claimant_of(d, "The spillway failed in July") == "Abernethy-Koll"
    assert _claimant_of(d, "The standard is twenty years old") == "Quarrington-Dee"
    assert _claimant_of(d, "Spring is too late") == "Abernethy-Koll"
    # a minister labelled with title and honorific answers for the board, by his own name
    assert _claimant_of(d, "followed the national standard") == "Piers Mollington"
    assert _claimant_of(d, "The review will report in spring") == "Piers Mollington"
    assert _claimant_of(d, "We found no cracks") == "Corvina Halberd"
    assert not [c for c in d.claims if c.quote.endswith("?")]


def test_one_interviewer_makes_no_claims() -> None:
    text = (
        "Interview: the harbour master\n\n"
        "Reporter Ada Quell spoke to the harbour master, Tomas Brevik.\n\n"
        "QUELL: The dredging is late again. Why?\n\n"
        "BREVIK: The barge broke down in March. It is repaired now.\n\n"
        "QUELL: And the cost? Who pays?\n\n"
        "BREVIK: The port pays, not the town.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "The barge broke down") == "Tomas Brevik"
    assert not [c for c in d.claims if "dredging is late" in c.quote]


# --- anonymous sources --------------------------------------------------------------------

SOURCES = (
    "Port authority faces inquiry over crane contract\n\n"
    "HARWICH, May 2 (Wirenews) - The Marlow Port Authority is examining how a crane contract "
    "was awarded, according to three people familiar with the matter.\n\n"
    "The Atlantic Trust Bank, which financed the cranes, has asked for an explanation.\n\n"
    "The authority's chairwoman, Delia Frost, said on Monday that the board had \"full "
    'confidence" in the tender. "We followed every rule," she said.\n\n'
    "An official at the authority, who asked not to be named because the review is "
    "confidential, said the crane maker had been told the budget before bidding closed. "
    '"The numbers were shared in advance," the official said.\n\n'
    "A bank spokesman in Lisbon said the lender did not comment on its clients.\n\n"
    "Two diplomats in the capital said the contract had also raised concerns abroad.\n\n"
    "Frost later said the board would publish the review.\n"
)


def test_anonymous_sources_are_never_the_nearest_name_or_place() -> None:
    d = _draft(SOURCES)
    anonymous = _claimant_of(d, "who asked not to be named")
    assert "official" in anonymous and anonymous != "Delia Frost"
    # "the official" again is that unnamed official, not the chairwoman named before
    assert _claimant_of(d, "The numbers were shared in advance") == anonymous
    # "a bank spokesman in Lisbon": the bank the story names, not the city
    assert _claimant_of(d, "did not comment on its clients") == "Atlantic Trust Bank"
    assert "diplomats" in _claimant_of(d, "raised concerns abroad")
    assert _claimant_of(d, "according to three people") == "people familiar with the matter"
    # the named spokeswoman keeps her own words, and a later surname is hers
    assert _claimant_of(d, "We followed every rule") == "Delia Frost"
    assert _claimant_of(d, "publish the review") == "Delia Frost"
    # the dateline's city and wire are not actors
    assert not _names(d) & {"HARWICH", "Harwich", "Wirenews", "Lisbon", "Portugal"}


DOCUMENTS = (
    "Ministry weighs sale of ferry operator, documents show\n\n"
    "The government of Korvia is considering the sale of its ferry operator, according to a "
    "government document seen by Tidewire.\n\n"
    "The Ministry of Transport said the review was routine. Ridership fell by a tenth last "
    "year, according to the ministry's own annual report.\n"
)


def test_a_document_speaks_for_its_owner_not_the_outlet_that_saw_it() -> None:
    d = _draft(DOCUMENTS)
    assert _claimant_of(d, "considering the sale") == "Korvia"
    assert _claimant_of(d, "Ridership fell") == "Ministry of Transport"
    assert "Tidewire" not in {c.claimant for c in d.claims}


# --- "the company said": the organisation the role refers to -----------------------------

EARNINGS = (
    "Brightline profit falls as rival cuts prices\n\n"
    "Brightline, the country's largest broadband provider, reported a 12 percent fall in "
    "quarterly profit on Tuesday as a price war with its rival Fennick Telecom cut revenue.\n\n"
    "Operating profit fell to 90 million euros, the company said.\n\n"
    "Fennick Telecom, which is owned by the fund Arden Capital, said its prices were fair. "
    "The company said it had added 30,000 customers.\n\n"
    "A Brightline spokeswoman, Ana Ruiz, said the board would meet in June.\n"
)


def test_the_company_is_the_subject_not_the_last_company_named() -> None:
    d = _draft(EARNINGS)
    # the lead names Brightline as subject and Fennick as object: the company is Brightline
    assert _claimant_of(d, "Operating profit fell") == "Brightline"
    # after a sentence whose subject is Fennick, the company is Fennick
    assert _claimant_of(d, "added 30,000 customers") == "Fennick Telecom"
    kinds = {a.name: a.kind for a in d.actors}
    assert kinds.get("Brightline") in {"company", "organisation"}  # not a person
    assert _claimant_of(d, "the board would meet in June") == "Ana Ruiz"


# --- places are not organisations ---------------------------------------------------------

PLACES = (
    "Villagers oppose Marrow dam\n\n"
    "Residents of the Marrow valley said on Sunday they would block the road to the Marrow "
    "dam site. The dam, on the Marrow river, would flood six villages.\n\n"
    "The member for Eastleigh, Joan Pryce, said the project should be paused. Prices in "
    "Eastleigh have already risen, she said.\n\n"
    "Tallan Power, which is building the dam, said it had consulted every village.\n"
)


def test_rivers_valleys_and_constituencies_are_places_not_actors() -> None:
    d = _draft(PLACES)
    orgs = {a.name for a in d.actors if a.kind in ("organisation", "company")}
    assert not orgs & {"Marrow", "Eastleigh"}
    assert "Tallan Power" in orgs
    assert _claimant_of(d, "should be paused") == "Joan Pryce"


# --- references across paragraphs ---------------------------------------------------------

TRIAL = (
    "Pharmacist convicted of selling fake inhaler\n\n"
    "A pharmacist was convicted on Friday of selling counterfeit asthma inhalers.\n\n"
    "The prosecution said Dale Hurst had bought the inhalers from an unlicensed dealer and "
    "sold them at full price.\n\n"
    "Opening the case in May, prosecutor Nadia Brennan told the jury that the defendant had "
    "put profit before patients.\n\n"
    "The orchestra's chairman, Paul Fenn, who sat in the public gallery, said the verdict "
    "was fair. He praised the jury for its patience.\n\n"
    '"This has been a long year for the families," he said. "It is not over.\n\n'
    '"We will ask for a review of how the inhalers reached the shelves."\n'
)


def test_roles_pronouns_and_quotes_across_paragraphs() -> None:
    d = _draft(TRIAL)
    # "the prosecution" before the prosecutor is named: the one prosecutor the text names
    assert _claimant_of(d, "unlicensed dealer") == "Nadia Brennan"
    # "He praised ...": the person the sentence before named
    assert _claimant_of(d, "praised the jury") == "Paul Fenn"
    # a quote that runs on into the next paragraph is still his
    assert _claimant_of(d, "ask for a review") == "Paul Fenn"


# --- general reading rules: columns, relative "who", titles of local office --------------


COLUMN_WITH_PARTICLES = (
    "The library should stay open on Sundays\n\n"
    "By Joost van den Heuvel\n\n"
    "I have used the Eastgate library every Sunday for twenty years. The council wants to "
    "close it on Sundays from April. I think that is a mistake, and the council should "
    "think again.\n"
)


def test_a_byline_with_name_particles_names_the_columns_writer() -> None:
    d = _draft(COLUMN_WITH_PARTICLES)
    assert _claimant_of(d, "I think that is a mistake") == "Joost van den Heuvel"
    writer = next(a for a in d.actors if a.name == "Joost van den Heuvel")
    assert writer.kind == "person"


def test_a_columns_closing_bio_line_names_its_writer() -> None:
    text = (
        "Why the ferry fare rise is wrong\n\n"
        "The ferry company wants to raise fares by a fifth in May. I take that ferry twice a "
        "day, and I know what it costs the people who have no other way to the mainland.\n\n"
        "The rise is unfair, and we should not accept it. The company made a profit last year.\n\n"
        "Our island needs a ferry it can afford. I would rather pay more tax than lose it.\n\n"
        "Aisling de la Cruz is a teacher on Inishmore and writes about island life.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "The rise is unfair") == "Aisling de la Cruz"
    # a news story that ends with a sentence about someone has no writer to credit
    news = text.replace("I take", "Islanders take").replace("I know", "they know")
    news = news.replace("I would rather", "Many would rather").replace("we should", "many")
    news = news.replace("Our island", "The island")
    assert not [c for c in _draft(news).claims if c.claimant == "Aisling de la Cruz"]


def test_a_name_followed_by_who_is_a_person_who_can_speak_later() -> None:
    text = (
        "Residents fight the quarry\n\n"
        "The quarry was approved on Monday. Temitope Okafor, who runs the village shop, spoke "
        "at the meeting. \u201cWe were never asked,\u201d she said.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "We were never asked") == "Temitope Okafor"
    assert next(a for a in d.actors if a.name == "Temitope Okafor").kind == "person"


def test_alderman_is_a_title_before_a_name() -> None:
    text = (
        "Tram plan approved\n\n"
        "Alderman Pieter Wouters defended the plan on Tuesday. He said the line would open in "
        "2029.\n"
    )
    d = _draft(text)
    actor = next(a for a in d.actors if "Wouters" in a.name)
    assert actor.kind == "person"
    assert _claimant_of(d, "would open in 2029") == actor.name


def test_arabic_name_particles_and_post_nominal_letters_stay_in_one_name() -> None:
    text = (
        "Court hears from harbour staff\n\n"
        "The first witness, Noura bint Faisal al-Harthy, told the court that the radar had "
        "failed. Ms al-Harthy said she had reported it twice.\n\n"
        "Opening the case for the prosecution, Imogen Castellane KC told the jury that the crew "
        "had ignored the fault. Ms Castellane said the logs would be shown to the jury.\n"
    )
    d = _draft(text)
    names = _names(d)
    assert "Noura bint Faisal al-Harthy" in names
    assert _claimant_of(d, "the radar had failed") == "Noura bint Faisal al-Harthy"
    assert _claimant_of(d, "reported it twice") == "Noura bint Faisal al-Harthy"
    # "KC" is a barrister's letters, not part of the name: "Ms Castellane" is the same person
    assert _claimant_of(d, "the crew had ignored the fault") == "Imogen Castellane"
    assert _claimant_of(d, "the logs would be shown") == "Imogen Castellane"


def test_agreement_with_a_that_clause_is_testimony_but_an_agreed_deal_is_not() -> None:
    text = (
        "Pilot trial\n\n"
        "Under cross-examination, Captain Lars Berglund accepted that he could have taken "
        "back control of the ship. The two unions agreed a new rota on Monday.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "could have taken back control") == "Lars Berglund"
    assert not [c for c in d.claims if "new rota" in c.quote]


def test_an_ordinal_picks_one_of_the_unnamed_sources_cited_before() -> None:
    text = (
        "Licence row\n\n"
        "The government is preparing to suspend the licence, according to two officials who "
        "asked not to be named. The second official said the cabinet had not yet voted. A "
        "spokesman for the fishermen, Omar Haddad, said the protests would go on.\n"
    )
    d = _draft(text)
    source = _claimant_of(d, "preparing to suspend the licence")
    assert "officials" in source
    assert _claimant_of(d, "the cabinet had not yet voted") == source


def test_a_place_after_an_unnamed_source_is_where_it_spoke_not_who() -> None:
    text = (
        "Mine talks\n\n"
        "LIMA, May 3 - Talks on the Cerro Blanco mine resumed in Lima on Monday. A senior "
        "Western diplomat in Lima said the government wanted a bigger share. The Chinese "
        "embassy in Lima said it hoped the parties would settle. Huaxin Mining declined to "
        "comment.\n"
    )
    d = _draft(text)
    assert "diplomat" in _claimant_of(d, "wanted a bigger share")
    assert "embassy" in _claimant_of(d, "hoped the parties would settle").lower()
    assert "Lima" not in {c.claimant for c in d.claims}


def test_a_named_person_opens_a_chain_of_appositives_before_the_verb() -> None:
    text = (
        "Bonds fall\n\n"
        "Investors sold the bonds on Friday. Rohan Menezes, a fund manager at Tollway "
        "Capital, which holds the bonds, said the sell-off was overdone.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "the sell-off was overdone") == "Rohan Menezes"


RELEASE = (
    "Halvorsen Foods to close Dunmere bakery\n\n"
    "PRESS RELEASE\n\n"
    "Dunmere, 4 March - Halvorsen Foods plc (\u201cHalvorsen\u201d or \u201cthe Group\u201d) "
    "today announced that it will close its bakery in Dunmere by the end of the year.\n\n"
    "The bakery has lost money in each of the last six quarters. The Group will supply its "
    "customers from its plant in Arnby.\n\n"
    "Halvorsen said it had begun talks with the bakers' union.\n\n"
    "-ENDS-\n\n"
    "Reaction\n\n"
    "The union's organiser, Mette Lund, said the workers had been given no warning. The "
    "closure follows a year of falling sales across the sector.\n"
)


def test_a_press_releases_own_sentences_are_its_issuers_claims() -> None:
    d = _draft(RELEASE)
    issuer = _claimant_of(d, "today announced that it will close its bakery")
    assert issuer == "Halvorsen Foods"
    # defined short forms ("Halvorsen", "the Group") are the issuer's names
    assert _claimant_of(d, "begun talks with the bakers' union") == issuer
    # a sentence of the release no attribution verb introduces is the issuer's
    assert _claimant_of(d, "has lost money in each of the last six quarters") == issuer
    assert _claimant_of(d, "will supply its customers from its plant") == issuer
    # after "-ENDS-" the text is no longer the issuer's
    assert _claimant_of(d, "given no warning") == "Mette Lund"
    assert not [c for c in d.claims if "falling sales" in c.quote]
    # "Dunmere, 4 March - " is a dateline, not an actor or part of a claim
    assert "Dunmere" not in _names(d)
    assert next(a for a in d.actors if a.name == issuer).kind == "company"


def test_a_news_story_about_a_closure_credits_no_one_with_its_own_sentences() -> None:
    news = RELEASE.replace("PRESS RELEASE\n\n", "").replace("-ENDS-\n\n", "")
    d = _draft(news)
    assert not [c for c in d.claims if "has lost money" in c.quote]


def test_an_institution_named_only_by_what_it_is_is_an_actor() -> None:
    text = (
        "Currency falls\n\n"
        "The lira fell on Monday after Harwell Bank cut its forecast. The central bank said "
        "it was watching the market closely. Analysts expect the central bank to raise rates "
        "in June.\n\n"
        "The road was approved by the county council in May. Residents have asked the council "
        "to think again.\n"
    )
    d = _draft(text)
    # "the central bank" is not the bank the text named last
    assert _claimant_of(d, "watching the market closely") == "Central bank"
    assert {"Central bank", "County council"} <= _names(d)
    # a description written once, with no second mention, is no actor
    once = text.replace("Residents have asked the council to think again.", "")
    assert "County council" not in _names(_draft(once))


def test_a_described_institution_that_a_name_holds_is_that_name() -> None:
    text = (
        "Depot plan\n\n"
        "Brenford County Council approved the depot. The county council said the work would "
        "start in May. The council will meet again in June.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "the work would start in May") == "Brenford County Council"
    assert "County council" not in _names(d)


def test_counsel_are_named_by_the_side_they_speak_for() -> None:
    text = (
        "Crane collapse trial\n\n"
        "Opening the case for the prosecution, Orla Brennan-Whyte KC told the jury that the "
        "crane had not been inspected. Defending, Tomasz Wielgosz said his client had followed "
        "every rule.\n\n"
        "The crane had been overloaded twice that week, the prosecutor said. The prosecution "
        "said the firm had ignored three warnings.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "overloaded twice that week") == "Orla Brennan-Whyte"
    assert _claimant_of(d, "ignored three warnings") == "Orla Brennan-Whyte"
    roles = {a.name: a.role for a in d.actors}
    assert roles["Tomasz Wielgosz"] == "defence counsel"


def test_a_person_who_gives_only_a_first_name_is_a_person() -> None:
    text = (
        "Park protest\n\n"
        "Councillor Ruth Ames said the vote was fair. Outside, one protester, a man who gave "
        "his name only as Idris, said he had used the park for years. \u201cWe will not give it "
        "up without a fight,\u201d he said.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "We will not give it up") == "Idris"


def test_a_role_before_a_name_ends_at_a_verb() -> None:
    text = (
        "Pension row\n\n"
        "The minister, Ana Varela, spoke on Sunday. The minister told the programme's presenter, "
        "Tom Reyes, that the fund would run dry by 2034. She said the change would be phased "
        "in.\n"
    )
    d = _draft(text)
    roles = {a.name: a.role for a in d.actors}
    assert roles.get("Tom Reyes") == "programme's presenter"
    # whom the speaker told does not take the speaker's place for the next "she said"
    assert _claimant_of(d, "phased in") == "Ana Varela"


def test_a_name_after_at_is_where_the_speaker_works_not_the_speaker() -> None:
    text = (
        "Tram levy\n\n"
        "The Centre for Transport Studies at Marlow University estimated that fares would "
        "rise by a tenth. The cleaners' union, Clean Work, has calculated that its members "
        "would lose two days' pay.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "fares would rise") == "Centre for Transport Studies"
    assert _claimant_of(d, "lose two days' pay") == "Clean Work"


def test_a_long_institutional_description_and_a_named_confederation() -> None:
    text = (
        "Breakwater dispute\n\n"
        "The General Federation of Fishers called a strike. In a statement, the provincial "
        "public works office said the breakwaters were safe. The federation estimates that "
        "two thousand boats will stay in port.\n"
    )
    d = _draft(text)
    assert "public works office" in _claimant_of(d, "the breakwaters were safe").lower()
    assert _claimant_of(d, "two thousand boats") == "General Federation of Fishers"


def test_a_post_with_one_word_portfolio_then_a_name_and_a_coordinated_said() -> None:
    text = (
        "Licence row\n\n"
        "Minister of Mines Yusuf bin Tariq al-Hamadi, speaking after a cabinet meeting, did "
        "not confirm the plan but said the venture owed the state a large sum.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "owed the state a large sum") == "Yusuf bin Tariq al-Hamadi"
    roles = {a.name: a.role for a in d.actors}
    assert roles["Yusuf bin Tariq al-Hamadi"] == "Minister of Mines"


def test_an_aside_attribution_names_who_says_the_whole_sentence() -> None:
    text = (
        "Royalty row\n\n"
        "A person familiar with the matter put the unpaid royalties at 90 million. Kestrel "
        "Mining disputes the figure, the person said, arguing that the rate was lower.\n"
    )
    d = _draft(text)
    assert "person familiar with the matter" in _claimant_of(d, "disputes the figure")


def test_a_name_before_a_kind_noun_is_that_named_body() -> None:
    text = (
        "Park vote\n\n"
        "Councillors approved the depot. Residents set up Keep Ashgrove Green in May. The Keep "
        "Ashgrove Green campaign said after the vote that it would go to court.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "it would go to court") == "Keep Ashgrove Green"


def test_an_age_description_is_the_person_given_that_age() -> None:
    text = (
        "Salt pans\n\n"
        "Marisa Tanod, 61, has worked the pans for forty years. Her son, Beni Tanod, left for "
        "the city in 2019. \u201cHe asked me whether he should come back,\u201d the "
        "61-year-old said.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "whether he should come back") == "Marisa Tanod"


def test_told_by_names_the_one_who_told() -> None:
    text = (
        "Hospital software hearing\n\n"
        "Dr Ama Mensah, who chairs the committee, opened the hearing. The committee has been "
        "told by the midwives' union that staff were asked to keep paper records.\n"
    )
    d = _draft(text)
    assert "union" in _claimant_of(d, "keep paper records").lower()


def test_an_opening_time_a_catenative_verb_and_a_stance_verb_keep_the_subject() -> None:
    text = (
        "Orchestra row\n\n"
        "In 2019 the players' committee accused the management of cutting rehearsal time. The "
        "mayor, Daniel Okoro, likes to say that the answer to high rents is more homes. The "
        "chief medical officer, Dame Ruth Ellery, backed the plans in a report last year.\n"
    )
    d = _draft(text)
    assert "players' committee" in _claimant_of(d, "accused the management").lower()
    assert _claimant_of(d, "the answer to high rents") == "Daniel Okoro"
    assert _claimant_of(d, "backed the plans") == "Ruth Ellery"


def test_two_voices_in_one_sentence_each_make_a_claim() -> None:
    text = (
        "Port deal\n\n"
        "The dockworkers' union welcomed the agreement on Monday, while the shipping "
        "association warned that it would raise costs for exporters.\n"
    )
    d = _draft(text)
    assert "union" in _claimant_of(d, "welcomed the agreement").lower()
    second = [c for c in d.claims if c.quote.startswith("the shipping association warned")]
    assert second and "association" in second[0].claimant.lower()


def test_a_name_in_apposition_to_a_kind_of_body_is_that_body() -> None:
    text = (
        "Housing plan\n\n"
        "The council approved the towers. The tenants' union, Homes Here Now, has proposed "
        "that one flat in three should have three bedrooms.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "one flat in three") == "Homes Here Now"
    assert "Homes Here Now" in _names(d)


def test_a_stance_verb_inside_what_was_said_is_not_an_attribution() -> None:
    text = (
        "Strike talks\n\n"
        "An official at the ministry said the cabinet had met on Monday but that several "
        "ministers opposed using the law.\n"
    )
    d = _draft(text)
    assert not [c for c in d.claims if c.claimant.lower() == "ministers"]


BULLETIN = (
    "Drought bulletin No. 7\n\n"
    "Issued by the Regional Water Office (RWO), northern district. Covers 2-9 May.\n\n"
    "KEY POINTS\n\n"
    "Reservoirs in the north hold 31 percent of their capacity, according to the Hydrology "
    "Board. Tanker deliveries now reach forty villages every second day. The eastern pipeline "
    "remains shut for repairs until the end of the month.\n\n"
    "The district engineer, Colonel (retd.) Ilse Marwick, told farmers on 6 May that "
    "irrigation quotas would be halved.\n\n"
    "For further information, please contact the RWO press desk in the district capital.\n"
)


def test_an_issued_reports_own_sentences_are_its_issuers() -> None:
    d = _draft(BULLETIN)
    assert _claimant_of(d, "Tanker deliveries now reach forty villages") == "Regional Water Office"
    assert _claimant_of(d, "eastern pipeline remains shut") == "Regional Water Office"
    # a source it cites speaks for itself
    assert _claimant_of(d, "hold 31 percent") == "Hydrology Board"
    # "(retd.)" ends no sentence: the colonel is the subject of "told"
    assert _claimant_of(d, "irrigation quotas would be halved") == "Ilse Marwick"
    # the contact line closes the report's own text
    assert not [c for c in d.claims if "press desk" in c.quote]


def test_according_to_vouches_for_an_announcement_it_reports() -> None:
    text = (
        "Relief package\n\n"
        "The government of Vellmark has announced a grant scheme for flooded farms, according "
        "to the Treasury Department. Farm groups said the scheme was too small.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "announced a grant scheme") == "Treasury Department"


def test_an_impersonal_it_is_thought_leaves_the_named_speaker() -> None:
    text = (
        "Data breach\n\n"
        "The retailer's spokesman, Oren Talby, confirmed the breach on Monday.\n\n"
        "The intrusion began in March, Kestrel Bank said. Although the intruder copied some "
        "files, it is thought he never reached the payment system, said Mr Talby.\n"
    )
    d = _draft(text)
    # "it is thought" names no one: the "it" is not the bank that spoke before
    assert _claimant_of(d, "never reached the payment system") == "Oren Talby"


def test_a_letter_from_a_body_is_its_words_not_the_outlets_that_read_it() -> None:
    text = (
        "Dam finance\n\n"
        "DAKAR, May 4 (Riverwire) - The Northern Reconstruction Bank lends to the project. "
        "Costs have risen by a third, according to a letter from the bank dated May 3 and "
        "reviewed by Riverwire.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "Costs have risen by a third") == "Northern Reconstruction Bank"


FEATURE = (
    "A mill town waits\n\n"
    "The last time Tomasz Wierzbicki clocked on at the mill, it was to help switch off the "
    "looms.\n\n"
    "Wierzbicki, now 61, spent the next decades driving buses. He is the oldest trainee in the "
    "new plant's first intake.\n\n"
    '"The young ones call me Uncle," he says. "I have more reason to finish than any of them."\n\n'
    'One of his classmates, 19-year-old Sadie Brannock, worked on a till until March. "My '
    'nan cried when I told her," she says.\n\n'
    "The plant's owner, Halden Cells, employs 300 people. Irma Castellanos-Pyle, a professor "
    "of regional economics at Oakridge University who has studied such plants, is cautious. "
    '"One factory is not a recovery," she says.\n'
)


def test_a_person_shown_by_age_or_a_who_clause_is_resolved_by_pronoun() -> None:
    d = _draft(FEATURE)
    # ", now 61," makes the surname a person's, and the full name named before is theirs
    assert _claimant_of(d, "call me Uncle") == "Tomasz Wierzbicki"
    assert _claimant_of(d, "more reason to finish") == "Tomasz Wierzbicki"
    # "19-year-old Sadie Brannock": an age before a name is a person's
    assert _claimant_of(d, "My nan cried") == "Sadie Brannock"
    # a role before a relative clause ("... University who has studied ...") is a role
    assert _claimant_of(d, "One factory is not a recovery") == "Irma Castellanos-Pyle"


def test_a_long_who_clause_makes_a_person_and_cllr_is_a_title() -> None:
    text = (
        "Harbour vote\n\n"
        "Cllr Nessa Tregear proposed the motion. Piran Vosper, who owns five cottages on the "
        "harbour front and chairs the Harbour Lettings Owners Federation, said the cap would "
        "ruin the town. He said most of his guests were local families.\n\n"
        '"This is a sad night," Cllr Tregear said.\n'
    )
    d = _draft(text)
    assert _claimant_of(d, "most of his guests") == "Piran Vosper"
    assert _claimant_of(d, "This is a sad night") == "Nessa Tregear"


FRAUD_TRIAL = (
    "Fraud trial\n\n"
    "Osman Kerimov, 58, of Larch Road, Dunmore, denies six counts of fraud.\n\n"
    "The first witness, the club's former secretary, Anouk Verhaegen, said she had trusted "
    "him.\n\n"
    '"So nobody checked the accounts for three years?" Mr Halloran asked.\n\n'
    '"We had no reason to," the witness replied.\n\n'
    "Judge Efua Mensah-Boateng reminded the jury that they must decide on the evidence.\n"
)


def test_court_addresses_speech_tags_and_a_witness_by_her_role() -> None:
    d = _draft(FRAUD_TRIAL)
    # ", of Larch Road, Dunmore,": an address, not the subject
    assert _claimant_of(d, "denies six counts") == "Osman Kerimov"
    # a quoted question and its tag are one sentence: the question is the counsel's
    asked = [c for c in d.claims if "nobody checked" in c.quote]
    assert not asked or "Halloran" in asked[0].claimant
    # "the witness" is the one introduced as the first witness, however many roles she has
    assert _claimant_of(d, "We had no reason to") == "Anouk Verhaegen"
    assert _claimant_of(d, "decide on the evidence") == "Efua Mensah-Boateng"


def test_a_family_and_a_states_authority_speak_as_themselves() -> None:
    text = (
        "Shares fall\n\n"
        "Shares in Orkun Foods fell in Turkey on Tuesday. The Demirel family, which controls "
        "a third of the company, said it had full confidence in the board. Separately, "
        "Turkey's competition authority said it had opened an inquiry into biscuit prices.\n"
    )
    d = _draft(text)
    assert "Demirel" in _claimant_of(d, "full confidence in the board")
    assert _claimant_of(d, "opened an inquiry") != "Turkey"
    assert "competition authority" in _claimant_of(d, "opened an inquiry")


COLUMN = (
    "Opinion: the bus cuts will cost more than they save\n\n"
    "By Odile Fairbrother-Nkemelu\n\n"
    "I have driven buses in this county for twenty years, and I have never seen a plan as "
    "thin as this one.\n\n"
    "The county council's own transport paper says the cuts would save $2 million a year. "
    "Once the depots are sold, nobody will find the money to reopen them. Families without "
    "a car will lose their way to work.\n\n"
    "Odile Fairbrother-Nkemelu is a bus driver and a member of the Transit Workers Union.\n"
)


def test_a_columns_predictions_are_the_writers_and_a_paper_speaks_for_its_owner() -> None:
    d = _draft(COLUMN)
    writer = "Odile Fairbrother-Nkemelu"
    assert _claimant_of(d, "nobody will find the money") == writer
    assert _claimant_of(d, "Families without a car will lose") == writer
    # "the county council's own transport paper says": the council's words, not the writer's
    assert _claimant_of(d, "would save $2 million") != writer


def test_a_surname_ending_in_ly_opens_a_sentence_as_a_name() -> None:
    text = (
        "Port chief jailed\n\n"
        "A court jailed Marek Hrubly on Friday. Hrubly, 61, who ran the port from 2015, had "
        "denied the charges.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "had denied the charges") == "Marek Hrubly"


def test_a_role_then_a_name_after_an_inverted_verb_is_that_person() -> None:
    text = (
        "Airline apologises\n\n"
        'Skylane Air said on Monday that booking data had been taken. "We let our customers '
        "down and we are sorry,\" said Skylane's chief executive officer, Dato' Rahim Aziz bin "
        'Osman. "It will not happen again."\n\n'
        "Dato' Rahim said the airline would pay for identity monitoring.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "We let our customers down") == "Rahim Aziz bin Osman"
    assert _claimant_of(d, "It will not happen again") == "Rahim Aziz bin Osman"
    # "Dato'" is an honorific: the given name after it is the same person
    assert _claimant_of(d, "pay for identity monitoring") == "Rahim Aziz bin Osman"


def test_a_body_named_by_the_last_word_of_its_name_and_by_its_possessor() -> None:
    text = (
        "Floods\n\n"
        "The Water Trucking Cluster reports that 40 villages are supplied. Stocks will last "
        "ten more days, according to the cluster.\n\n"
        "Interior Minister Tomas Reyvik is due in the valley. On Tuesday his office said in a "
        "statement that he would meet the mayors.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "Stocks will last") == "Water Trucking Cluster"
    assert _claimant_of(d, "meet the mayors") == "Tomas Reyvik"


def test_declined_to_comment_but_said_is_the_named_person_not_her_employer() -> None:
    text = (
        "Power imports\n\n"
        "KPA spokeswoman Ilona Marsh-Tembo declined to comment on the talks, but said the "
        "utility was looking at every option.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "looking at every option") == "Ilona Marsh-Tembo"


def test_the_club_keeps_meaning_the_club_it_meant_before() -> None:
    text = (
        "Manager sacked\n\n"
        "Harrowfield United sacked their manager on Sunday. The club said the coach would take "
        "charge for now.\n\n"
        "Bookmakers have made the former Wales coach Idris Pengarth the favourite. He managed "
        "Dunmore Rovers for three seasons. The club said it would not comment on speculation.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "would not comment on speculation") == "Harrowfield United"
    # a plural common noun opening a sentence is no organisation "the club" could mean
    assert not [a for a in d.actors if a.name == "Bookmakers" and a.kind != "group"]


def test_an_aside_naming_where_a_finding_comes_from_is_its_source() -> None:
    text = (
        "Opinion: the longer school day\n\n"
        "By Tamsin Oyelaran-Price\n\n"
        "I have read the studies the board cites. The best of them, from a team at Harwick "
        "University, found that pupils fell behind in maths. I think the board should read "
        "it too.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "pupils fell behind in maths") == "Harwick University"


def test_data_gathered_by_a_body_speak_for_it() -> None:
    text = (
        "Site blocked\n\n"
        "The ministry ordered the block on Monday. Data gathered by Trafficlens on the pattern "
        "of visits to the site shows that the block is being evaded.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "the block is being evaded") == "Trafficlens"


def test_a_passive_agent_is_the_head_of_the_phrase_after_by() -> None:
    text = (
        "Flights\n\n"
        "The report was published on Monday. Remedies suggested by ecologists include "
        "limiting internal UK car travel and boosting electric trams.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "limiting internal UK car travel").lower() == "ecologists"


# --- transcript labels: honorific abbreviations, offices, short labels ---------------------


@pytest.mark.parametrize(
    "line",
    [
        "Hon. members were absent: the vote was postponed to Friday.",
        "Reason: the audit found that the meters had not been read.",
        "Chair of the board: a post that has been vacant since May.",
        "Hon. members will recall the vote on the budget.",
        "Chairperson elected: the committee chose its leader on Friday.",
        "The chair of the board: a job nobody wants, it seems, this year.",
    ],
)
def test_prose_after_an_honorific_or_office_is_no_label(line: str) -> None:
    text = "A story\n\n" + line + "\n"
    assert speaker_label(text, blocks(text)[1]) is None


ASSEMBLY = (
    "Committee questions the roads agency\n\n"
    "An edited excerpt from the record of the Assembly's Committee on Roads, sitting on "
    "Tuesday.\n\n"
    "Hon. Wairimu Njoroge-Kamau (Chairperson): Order. Eng. Mutua, you have the floor.\n\n"
    "Eng. Daudi Mutua (Director General, Rural Roads Agency): Thank you, Madam Chair. The "
    "bridge at Kisiwa was closed in March. Its piers were scoured by the floods.\n\n"
    "Hon. Otieno Barasa (Rongai): The bridge was inspected last year. Who signed the "
    "report?\n\n"
    "Eng. Mutua: I signed it, Honourable Member. The scour happened after the inspection.\n\n"
    "Hon. Barasa: Then the inspection was worthless to the people of Rongai.\n\n"
    "Chairperson: The agency will table the inspection report by Friday.\n\n"
    "Clerk: The next item is the supplementary budget.\n"
)


def test_assembly_labels_of_honorific_abbreviations_and_offices() -> None:
    d = _draft(ASSEMBLY)
    # "Eng. NAME (Role, Body):" is the engineer; his short label later is him too
    assert _claimant_of(d, "The bridge at Kisiwa was closed") == "Daudi Mutua"
    assert _claimant_of(d, "The scour happened after the inspection") == "Daudi Mutua"
    # a member's label with a constituency in brackets, then his surname label
    assert _claimant_of(d, "The bridge was inspected last year") == "Otieno Barasa"
    assert _claimant_of(d, "the inspection was worthless") == "Otieno Barasa"
    # the office label is whoever the record named with that office
    assert _claimant_of(d, "table the inspection report") == "Wairimu Njoroge-Kamau"
    # the clerk, named by office alone, makes no claims and is no actor
    assert not [c for c in d.claims if "supplementary budget" in c.quote]
    assert "Clerk" not in _names(d)


def test_an_office_label_is_whoever_first_held_it_in_brackets() -> None:
    text = (
        "Senators question the ports agency\n\n"
        "An edited record of the estimates hearing on Monday.\n\n"
        "CHAIR (Senator Mbeki-Larsen): We will begin with the ports agency. Welcome, Mr Oduro.\n\n"
        "Mr Kwame Oduro (Chief Executive, Ports Agency): Thank you. Dredging of the outer "
        "channel finished in May, two months late.\n\n"
        "Senator HALLORAN: Who paid for the delay?\n\n"
        "Mr Oduro: The contractor paid for it under the penalty clause.\n\n"
        "CHAIR: The committee will put the remaining questions on notice.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "put the remaining questions on notice") == "Mbeki-Larsen"
    assert _claimant_of(d, "The contractor paid for it") == "Kwame Oduro"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Insp. Tavita Leota said two men were seen leaving the yard.", "Tavita Leota"),
        ("Supt. Halvorsen said the force had no suspect yet.", "Halvorsen"),
        ("Gen. Amadou Sy said the troops would leave by June.", "Amadou Sy"),
        ("Capt. Moreau said the crew had followed the checklist.", "Moreau"),
    ],
)
def test_an_abbreviated_rank_before_a_name_makes_a_person(line: str, name: str) -> None:
    d = _draft("Inquiry opens\n\n" + line + "\n")
    assert _claimant_of(d, "said") == name
    assert [a.kind for a in d.actors if a.name == name] == ["person"]


# --- statements introduced by a paragraph that ends with a colon --------------------------

FORCE_STATEMENT = (
    "Two charged after harbour boat fire\n\n"
    "{heading}\n\n"
    "Two women have been charged with arson after a fire destroyed a fishing boat in "
    "Westmere harbour on Sunday night.\n\n"
    "Insp. Rowan Tremaine, who leads the inquiry, said:\n\n"
    '"The crew were asleep on the quay when the boat went up. It is a miracle nobody was '
    "hurt.\n\n"
    '"We are grateful to the harbour staff who raised the alarm."\n\n'
    "Mr Penrose's family have asked that the following statement be published on their "
    "behalf:\n\n"
    '"The boat was our grandfather\'s and our living. We thank the town for its kindness."\n\n'
    "In a statement, the harbour board said:\n\n"
    "The harbour will reopen on Monday and berth fees for April are waived.\n\n"
    "The following people have been charged:\n\n"
    "- Tamsin Kellow, 31, of Quay Street\n"
    "- Demelza Rowe, 28, of Fore Street\n\n"
    "Anyone with information is asked to call the force on its non-emergency number.\n"
)


def test_voices_after_a_colon_speak_the_paragraphs_after_it() -> None:
    d = _draft(FORCE_STATEMENT.format(heading="Westmere Police: update on the harbour fire"))
    # "X said:" and the quote in the paragraphs after it
    assert _claimant_of(d, "The crew were asleep") == "Rowan Tremaine"
    assert _claimant_of(d, "We are grateful to the harbour staff") == "Rowan Tremaine"
    # a family's statement is the family's, not the relative it is named by
    assert "family" in _claimant_of(d, "The boat was our grandfather")
    # an unquoted paragraph after "X said:" is X's
    assert "harbour board" in _claimant_of(d, "The harbour will reopen").lower()
    # the line that introduces a statement is no statement itself
    assert not [c for c in d.claims if c.quote.rstrip().endswith(":")]


def test_a_line_ending_in_a_colon_without_a_speaker_gives_no_voice() -> None:
    text = (
        "Rail works\n\n"
        "The rail operator has published its timetable for the summer works.\n\n"
        "The lines affected are listed below:\n\n"
        "The northern branch will close for three weeks from the first of July.\n"
    )
    d = _draft(text)
    hits = [c for c in d.claims if "northern branch" in c.quote]
    assert not hits or "rail operator" not in hits[0].claimant.lower()


# --- claims carried by verbs that put a figure on something --------------------------------


@pytest.mark.parametrize(
    ("line", "claimant"),
    [
        ("The finance ministry puts the cost of the repairs at 4.2 billion pesos.", "ministry"),
        ("Analysts at Harrow Capital pegged the shortfall at $40m.", "Analysts"),
        ("Ms Okafor put the number of displaced families at more than 12,000.", "Okafor"),
        ("A person close to the talks put the price at about 310 million euros.", "person"),
        ("Tindall Partners valued the stake at between 80 and 95 million pounds.", "Tindall"),
    ],
)
def test_a_figure_put_on_something_is_a_claim(line: str, claimant: str) -> None:
    d = _draft("Costs rise\n\nThe repairs began in May. " + line + "\n")
    assert claimant.lower() in _claimant_of(d, line[-12:-1]).lower()


@pytest.mark.parametrize(
    "line",
    [
        "The council put the plan on hold after the vote.",
        "Police put officers at every junction on the route.",
        "The club placed the striker at the top of its list.",
    ],
)
def test_putting_without_a_figure_is_no_claim(line: str) -> None:
    d = _draft("Costs rise\n\nThe repairs began in May. " + line + "\n")
    assert not [c for c in d.claims if line[:20] in c.quote]


@pytest.mark.parametrize(
    "line",
    [
        "The Director General of the Tarrow Ports Directorate, Sigrun Halldorsdottir, said the "
        "harbour would reopen in May.",
        "The chief executive of Kestrel Mining, Oyelaran Badmus, said the harbour would reopen "
        "in May.",
        "Brannock Foods' finance director, Tiit Kallas, said the harbour would reopen in May.",
    ],
)
def test_a_post_of_a_body_then_a_name_is_that_person(line: str) -> None:
    d = _draft("Port to reopen\n\n" + line + "\n")
    name = line.split(", ")[1]
    assert _claimant_of(d, "harbour would reopen") == name
    assert [a.kind for a in d.actors if a.name == name] == ["person"]


def test_a_body_then_its_name_in_apposition_stays_the_body() -> None:
    d = _draft(
        "Homes approved\n\nThe developer, Kestrel Homes, said the first houses would be ready "
        "in May.\n"
    )
    assert _claimant_of(d, "first houses") == "Kestrel Homes"


@pytest.mark.parametrize(
    "heading",
    [
        "Statement issued by Westmere Police, Friday 4 April, 09:00",
        "Issued on behalf of Westmere Police on 4 April",
        "Media release issued by Westmere Police, 4 April 2025",
    ],
)
def test_a_statement_headed_by_its_issuer_speaks_in_its_voice(heading: str) -> None:
    d = _draft(FORCE_STATEMENT.format(heading=heading))
    # the heading names whose statement this is: its own sentences are the issuer's
    assert _claimant_of(d, "Two women have been charged") == "Westmere Police"
    assert _claimant_of(d, "Anyone with information") == "Westmere Police"
    # the voices it quotes keep their own words
    assert _claimant_of(d, "The crew were asleep") == "Rowan Tremaine"
    assert "family" in _claimant_of(d, "The boat was our grandfather")
    assert "harbour board" in _claimant_of(d, "The harbour will reopen").lower()


def test_a_heading_that_names_no_issuer_makes_no_release() -> None:
    d = _draft(FORCE_STATEMENT.format(heading="Statement issued by the harbour, 4 April"))
    assert not [c for c in d.claims if "Two women have been charged" in c.quote]


@pytest.mark.parametrize(
    ("line", "other"),
    [
        (
            "Another analyst, who asked not to be named because his firm advises the company, "
            "said the price war would last a year.",
            "Another analyst",
        ),
        ("Another official said the price war would last a year.", "Another official"),
        (
            "Another resident of the estate said the price war would last a year.",
            "Another resident of the estate",
        ),
    ],
)
def test_another_source_is_not_the_one_named_before(line: str, other: str) -> None:
    d = _draft(
        "Profits fall\n\nAnn Roe, an analyst at Kestrel Securities, said the dividend was safe. "
        + line
        + "\n"
    )
    assert _claimant_of(d, "dividend was safe") == "Ann Roe"
    assert _claimant_of(d, "price war") == other


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("Researchers at Tamsin University said the effect was large. ", "researchers"),
        ("The scientists said the effect was large. ", "scientists"),
        ("", "authors"),
    ],
)
def test_the_authors_of_a_study_are_its_researchers_not_its_funder(
    before: str, expected: str
) -> None:
    d = _draft(
        "Trial results\n\n"
        + before
        + "The trial was funded by the Kestrel Foundation and by Halden Pharma. The authors "
        "say the company had no role in analysing the data.\n"
    )
    got = _claimant_of(d, "no role in analysing").lower()
    assert expected in got
    assert "kestrel" not in got and "halden" not in got


@pytest.mark.parametrize(
    ("body", "name", "role_word"),
    [
        (
            "The Ministry of Trade and Industry published the figures on Monday. Minister of "
            "Trade and Industry Ama Owusu-Ansah said the tariffs would fall.",
            "Ama Owusu-Ansah",
            "Industry",
        ),
        (
            "The Department of Foreign Affairs and Trade confirmed the visit. Minister for "
            "Foreign Affairs and Trade Tevita Fifita said the tariffs would fall.",
            "Tevita Fifita",
            "Trade",
        ),
        (
            "The Ministry of Foreign Affairs summoned the envoy. Minister of Foreign Affairs "
            "Oskar Lindqvist said the tariffs would fall.",
            "Oskar Lindqvist",
            "Affairs",
        ),
    ],
)
def test_a_minister_of_a_portfolio_of_several_words_then_a_name(
    body: str, name: str, role_word: str
) -> None:
    d = _draft("Tariffs\n\n" + body + "\n")
    assert _claimant_of(d, "tariffs would fall") == name
    person = [a for a in d.actors if a.name == name]
    assert person and person[0].kind == "person" and role_word in (person[0].role or "")


@pytest.mark.parametrize(
    ("line", "claimant"),
    [
        ("Halden Mobile declined to comment on the price war.", "Halden Mobile"),
        ("The Kestrel Fund did not respond to requests for comment.", "Kestrel Fund"),
        (
            "The Anti-Fraud Office declined to say whether it had opened a case.",
            "Anti-Fraud Office",
        ),
        ("Mr Osei refused to discuss the payments.", "Osei"),
    ],
)
def test_declining_to_comment_is_a_statement(line: str, claimant: str) -> None:
    d = _draft("Inquiry\n\nThe contract was signed in May. " + line + "\n")
    assert claimant in _claimant_of(d, line[:25])


@pytest.mark.parametrize(
    "line",
    [
        "Halden Mobile declined to renew the contract with the port in May.",
        "Firefighters did not respond to the alarm for more than an hour.",
        "The share price declined to its lowest level since 2019.",
    ],
)
def test_declining_anything_but_comment_is_no_statement(line: str) -> None:
    d = _draft("Inquiry\n\nThe contract was signed in May. " + line + "\n")
    assert not [c for c in d.claims if line[:25] in c.quote]


def test_declining_to_comment_ranks_after_what_a_source_said() -> None:
    d = _draft(
        "Dam talks\n\n"
        "The Tarrow Authority declined to comment on the leaked minutes of the talks.\n\n"
        "The Tarrow Authority said the dam had been built within the limits set by the "
        "treaty.\n"
    )
    mine = [c.quote for c in d.claims if c.claimant == "Tarrow Authority"]
    assert len(mine) == 2 and "declined to comment" in mine[1]
