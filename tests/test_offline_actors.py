"""The offline engine's actors and captured statements on invented articles, one class of
naming custom or statement form at a time: honorific abbreviations, name particles, names
that end in an apostrophe, transcript turns labelled in mixed case, a release that names its
issuer on a line of its own, and bullet points of people."""

from __future__ import annotations

import pytest

from briefer.offline import draft_text
from briefer.schema import Actor, Draft
from briefer.source import from_bytes


def _draft(text: str) -> Draft:
    return draft_text(from_bytes(text.encode(), "t.txt").text)


def _actor(d: Draft, name: str) -> Actor:
    hits = [a for a in d.actors if name == a.name or name in a.aliases]
    assert hits, f"no actor {name!r}: {[(a.name, a.aliases) for a in d.actors]}"
    return hits[0]


def _names(d: Draft) -> set[str]:
    return {a.name for a in d.actors} | {al for a in d.actors for al in a.aliases}


def _claimant_of(d: Draft, words: str) -> str:
    hits = [c.claimant for c in d.claims if words in c.quote]
    assert hits, f"no claim quotes {words!r}: {[c.quote for c in d.claims]}"
    return hits[0]


# --- honorific abbreviations -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("honorific", "given", "surname"),
    [
        ("Hon.", "Wambui", "Karanja"),
        ("Eng.", "Otieno", "Mboya"),
        ("Atty.", "Rosario", "Villanueva"),
        ("Engr.", "Dindo", "Macaraeg"),
        ("Mme", "Céline", "Aubert"),
        ("Ato", "Tesfaye", "Gebremariam"),
        ("Frau", "Ilse", "Brandtner"),
        ("Sra.", "Lucía", "Paredes"),
        ("Mx", "Robin", "Tallis"),
        ("Alhaji", "Musa", "Dankwambo"),
    ],
)
def test_a_name_after_an_honorific_abbreviation_is_a_person(
    honorific: str, given: str, surname: str
) -> None:
    text = (
        "Bridge to reopen in May\n\n"
        f"The bridge over the Tarle river will reopen in May, {honorific} {given} {surname} "
        "told reporters on Monday.\n\n"
        f'"The repairs are ahead of schedule," {honorific} {surname} said. "We found less '
        'damage than we feared."\n'
    )
    d = _draft(text)
    a = _actor(d, f"{given} {surname}")
    assert a.kind == "person"
    assert _claimant_of(d, "ahead of schedule") == a.name
    # the abbreviation's full stop ends no sentence: the statement is the whole sentence
    assert any(c.quote.startswith("The bridge over the Tarle river") for c in d.claims)


def test_an_honorific_before_a_firm_s_name_makes_no_person() -> None:
    text = (
        "Retailer cuts prices\n\n"
        "Mr Kettle Group, the discount retailer, said on Monday it would cut the price of "
        "school uniforms by a tenth.\n\n"
        "Mr Kettle Group said the cut would cost it little.\n"
    )
    d = _draft(text)
    assert "Kettle Group" not in _names(d)
    assert all(a.kind != "person" for a in d.actors if "Kettle" in a.name)


# --- name particles and names that end in an apostrophe ----------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Kipchumba arap Langat",
        "Lemayian ole Saitoti",
        "Gruffydd ap Rhys",
        "Signe af Wetterstedt",
        "Mohamed ould Beddy",
        "Wairimu wa Njoroge",
        "Jordi Ferrer i Solà",
        "Hendrik ter Haar",
    ],
)
def test_a_name_with_a_lower_case_particle_is_one_person(name: str) -> None:
    surname = name.split()[-1]
    text = (
        "Growers ask for help\n\n"
        f"{name}, a grower from the valley, said the frost had killed half of the crop.\n\n"
        f'"We have never seen a spring like it," {surname} said.\n'
    )
    d = _draft(text)
    a = _actor(d, name)
    assert a.kind == "person"
    assert _claimant_of(d, "never seen a spring") == name


@pytest.mark.parametrize("name", ["Adhiambo' Nyakwar", "Ochola' Odera"])
def test_an_apostrophe_after_a_vowel_or_ng_is_part_of_the_name(name: str) -> None:
    surname = name.split()[-1]
    text = (
        "Fishers protest\n\n"
        f"{name}, who chairs the beach management unit, said the nets had been seized.\n\n"
        f'"We were given no notice," {surname} said.\n'
    )
    d = _draft(text)
    assert _actor(d, name).kind == "person"
    assert _claimant_of(d, "given no notice") == name


def test_a_plural_possessive_still_ends_a_name() -> None:
    text = (
        "Union warns\n\n"
        "The Farmers' Union said the Dockers' pay offer was too low, and the Dockers' Union "
        "agreed.\n"
    )
    d = _draft(text)
    assert "Farmers' Union" in _names(d)
    assert not any(n.startswith("Farmers' Union") and n != "Farmers' Union" for n in _names(d))


# --- transcript turns labelled in mixed case --------------------------------------------------


HEARING = (
    "Council committee questions roads agency\n\n"
    "The following is an edited record of the Roads Committee of Tarle County Assembly.\n\n"
    "Hon. Adhiambo' Nyakwar (Chairperson): Order. We are joined by the Director of the "
    "Tarle Roads Agency. Eng. Langat, you have the floor.\n\n"
    "Eng. Kipchumba arap Langat (Director, Tarle Roads Agency): Thank you, Madam Chair. Our "
    "budget was cut by a third last year. We cannot resurface the market road without it.\n\n"
    "Hon. Baraka Chege: Eng. Langat, how many roads were finished last year?\n\n"
    "Eng. Langat: Four of the nine. The rest are waiting for the money.\n\n"
    "Hon. Chege: Then the agency has failed the residents of the ward.\n\n"
    "Chairperson: The Committee will write to the Treasury before the end of the month.\n"
)


def test_a_hearing_with_honorific_labels_gives_every_turn_its_speaker() -> None:
    d = _draft(HEARING)
    assert _claimant_of(d, "budget was cut by a third") == "Kipchumba arap Langat"
    assert _claimant_of(d, "Four of the nine") == "Kipchumba arap Langat"
    assert _claimant_of(d, "failed the residents") == "Baraka Chege"
    # a role label stands for the member whose earlier label gave that role in brackets
    assert _claimant_of(d, "write to the Treasury") == "Adhiambo' Nyakwar"
    assert "Chairperson" not in _names(d)
    assert "Eng" not in _names(d)


# --- bullet points and a release's issuer line ------------------------------------------------


@pytest.mark.parametrize("mark", ["-", "•", "*", "–"])
def test_people_listed_in_bullet_points_are_actors(mark: str) -> None:
    text = (
        "Two charged after depot break-in\n\n"
        "Two women have been charged with burglary after a break-in at a bus depot.\n\n"
        "The following have been charged:\n\n"
        f"{mark} Odile Marchetti, 29, of Quarry Road, Lestrem\n"
        f"{mark} Saoirse Kavanagh-Doyle, 41, of no fixed address\n\n"
        "Both will appear before magistrates on Monday.\n"
    )
    d = _draft(text)
    for name in ("Odile Marchetti", "Saoirse Kavanagh-Doyle"):
        assert _actor(d, name).kind == "person"
    assert not {"Lestrem", "Quarry Road"} & _names(d)  # where she lives is no actor


def test_the_town_of_an_address_is_no_actor() -> None:
    text = (
        "Man charged over fire\n\n"
        "Idris Vaughan-Pugh, 40, of Mill Lane, Dunmore, was charged on Friday. Crews from "
        "Dunmore and Kelt attended the fire.\n\n"
        "Noor Haddadin, 52, of Station Crescent, Kelt, was released on bail.\n"
    )
    d = _draft(text)
    assert not {"Dunmore", "Kelt", "Mill Lane", "Station Crescent"} & _names(d)
    assert _actor(d, "Noor Haddadin").kind == "person"


def test_a_bullet_of_words_makes_no_actor() -> None:
    text = (
        "Council sets out its plan\n\n"
        "The council said on Tuesday it would change how bins are collected.\n\n"
        "- Fortnightly collections\n"
        "- New Recycling Bins\n"
        "- Garden Waste Charges\n"
    )
    d = _draft(text)
    assert not {"Fortnightly", "New Recycling Bins", "Garden Waste Charges"} & _names(d)


@pytest.mark.parametrize(
    "line",
    [
        "Statement issued by Harrowfield Police, Friday 3 May, 17:00",
        "Press release issued by the Harrowfield Police on 3 May",
        "Issued by Harrowfield Police - 3 May",
        "Joint statement issued by Harrowfield Police",
    ],
)
def test_a_release_names_its_issuer_on_a_line_of_its_own(line: str) -> None:
    text = (
        "Man charged after crash on ring road\n\n"
        f"{line}\n\n"
        "A man has been charged with dangerous driving after a crash on the ring road in "
        "which a cyclist was seriously injured.\n\n"
        "Officers were called to the junction with Mill Street shortly after 08:00 on "
        "Wednesday.\n\n"
        "Harrowfield Police is asking anyone with dashcam footage to come forward.\n"
    )
    d = _draft(text)
    assert _claimant_of(d, "charged with dangerous driving") == "Harrowfield Police"
    assert _claimant_of(d, "Officers were called") == "Harrowfield Police"


def test_a_line_that_only_mentions_issuing_names_no_issuer() -> None:
    text = (
        "Court hears of forged permits\n\n"
        "Permits issued by Harrowfield Council were forged, a court heard on Monday.\n\n"
        "The trial continues.\n"
    )
    d = _draft(text)
    assert all(c.claimant != "Harrowfield Council" for c in d.claims if "trial" in c.quote)


# --- a name after a capitalised post ------------------------------------------------------


@pytest.mark.parametrize(
    ("post", "body", "name"),
    [
        (
            "Minister of Roads and Public Works",
            "Ministry of Roads and Public Works",
            "Tavita Leaupepe",
        ),
        (
            "Minister for Lands and Natural Resources",
            "Lands and Natural Resources ministry",
            "Kofi Asamoah-Boateng",
        ),
        (
            "Secretary of Trade and Industry",
            "Department of Trade and Industry",
            "Ragnheiður Þórsdóttir",
        ),
    ],
)
def test_a_name_after_a_post_of_several_words(post: str, body: str, name: str) -> None:
    text = (
        "New levy announced\n\n"
        f"The {body} said on Monday that a new levy would be charged from April.\n\n"
        f"{post} {name} said the money would go to repairs.\n\n"
        '"Every cent will be spent on the roads," she said.\n'
    )
    d = _draft(text)
    a = _actor(d, name)
    assert a.kind == "person"
    assert _claimant_of(d, "money would go to repairs") == name


def test_a_post_of_several_words_with_no_name_after_it_makes_no_person() -> None:
    text = (
        "Board meets\n\n"
        "The Minister of Trade and Industry Development Board met on Monday, officials said.\n"
    )
    d = _draft(text)
    assert not any(a.kind == "person" and "Board" in a.name for a in d.actors)


@pytest.mark.parametrize(
    ("post", "name"),
    [
        ("The Director General of the Harbour Authority", "Ingibjörg Þórsdóttir"),
        ("The Chief Executive of Portmore Water", "Siosaia Fifita"),
        ("The Head of the Roads Agency", "Aigerim Zhaksylykova"),
    ],
)
def test_a_name_in_apposition_to_a_capitalised_post_is_a_person(post: str, name: str) -> None:
    text = (
        "Harbour to close for repairs\n\n"
        "The harbour will close for two weeks in June for repairs to the sea wall.\n\n"
        f"{post}, {name}, said the work could not wait. "
        '"The wall is older than any of us," she said.\n'
    )
    d = _draft(text)
    assert _actor(d, name).kind == "person"
    assert _claimant_of(d, "could not wait") == name


# --- institutions named only by what they are -------------------------------------------------


def test_an_institution_introduced_with_an_indefinite_article() -> None:
    text = (
        "Festival drops film\n\n"
        "One of the film's backers, a regional pension fund with a stake in the mine, had "
        "threatened to sue, two people involved said.\n\n"
        "The festival said the film was withdrawn over a dispute about rights.\n\n"
        "The pension fund did not respond to requests for comment.\n"
    )
    d = _draft(text)
    assert any("pension fund" in n.lower() for n in _names(d))


def test_an_institution_after_a_place_s_possessive_and_with_two_modifiers() -> None:
    text = (
        "Clinic births rise\n\n"
        "The clinic is what the province's water authority calls its best investment in "
        "years.\n\n"
        "Last year 80 percent of homes had piped water, according to the provincial water "
        "authority's figures. The provincial authority pays for the pipes.\n"
    )
    d = _draft(text)
    assert any(n.lower().endswith("water authority") for n in _names(d))


def test_two_institutions_of_one_kind_make_no_actor() -> None:
    text = (
        "Loans refused\n\n"
        "A local bank lent the farm money in 2019, but a regional bank refused a second "
        "loan last year.\n\n"
        "The farmers say they will try again in the spring.\n"
    )
    d = _draft(text)
    assert not any(n.lower().endswith(" bank") for n in _names(d))


def test_an_indefinite_institution_that_the_text_never_names_again_is_no_actor() -> None:
    text = (
        "Governor holds rates\n\n"
        "The governor of the Reserve Bank of Melora said a central bank with too many "
        "targets ends up missing all of them.\n\n"
        "The bank held its main rate at 4 percent on Thursday. The bank meets again in May.\n"
    )
    d = _draft(text)
    assert "Central bank" not in _names(d)


# --- abbreviated ranks and titles ------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "Det Supt",
        "Det. Insp.",
        "Ch Supt",
        "DCI",
        "Maj. Gen.",
        "Lt. Col.",
        "Lt-Col",
        "Brig. Gen.",
        "Adm.",
        "Cmdr.",
        "Cpl.",
        "Pte",
        "Amb.",
        "Assoc. Prof.",
        "H.E.",
    ],
)
def test_a_name_after_an_abbreviated_rank_is_a_person_and_the_rank_no_actor(title: str) -> None:
    text = (
        "Road closed after crash\n\n"
        f"The road was closed on Monday after a crash, {title} Ilse Okonjo-Varga said.\n\n"
        f'"We are asking drivers to avoid the area," {title} Okonjo-Varga said. "It will '
        'take hours."\n'
    )
    d = _draft(text)
    a = _actor(d, "Ilse Okonjo-Varga")
    assert a.kind == "person"
    assert {c.claimant for c in d.claims} == {"Ilse Okonjo-Varga"}
    assert [x.name for x in d.actors] == ["Ilse Okonjo-Varga"]


@pytest.mark.parametrize(
    "firm", ["Himal Kosi Treks Pvt. Ltd.", "Captain Morgan Ltd", "Major Lift Holdings"]
)
def test_a_firm_whose_name_holds_a_rank_is_no_person(firm: str) -> None:
    text = (
        "Trek firm responds\n\n"
        f"{firm} said on Monday that its guides had followed every safety rule.\n\n"
        f"{firm} said it would cooperate with the inquiry.\n"
    )
    d = _draft(text)
    assert not any(a.kind == "person" for a in d.actors)
