"""The rules that link and oppose statements of different sources, on sentences written
for these tests."""

from __future__ import annotations

from briefer.corroborate import Statement, clash, clusters, disagreement, same_claim, shared, stem


def s(src: int, text: str, voice: bool = False) -> Statement:
    return Statement(src, text, voice=voice)


def test_irregular_verbs_are_read_as_their_base_form() -> None:
    assert stem("broke") == stem("broken") == stem("breaks") == "break"
    assert stem("sought") == stem("seeks") and stem("took") == stem("taken")
    # "broke out" is a start, not a breakdown.
    assert "start" in s(0, "A fire broke out in the hold.").stems
    down = s(0, "Talks between the two sides broke down on Tuesday evening.")
    held = s(1, "Talks had not broken down and would resume on Thursday.")
    assert clash(down, held) == "one denies what the other asserts: “not broken”"


def test_a_sentence_with_two_claims_is_compared_clause_by_clause() -> None:
    both = s(0, "Storms flooded the old quarter of Tarvik on Sunday, killing at least 14 people.")
    assert [c.text for c in both.clauses] == [
        "Storms flooded the old quarter of Tarvik on Sunday",
        "killing at least 14 people.",
    ]
    assert both.counts == {"people dead": [(14.0, float("inf"))]}
    assert clash(both, s(1, "Confirmed deaths: 11.", voice=True)) == (
        "different counts: over 14 vs 11 people dead"
    )
    assert not s(0, "The bridge reopened at noon.").clauses


def test_a_clause_does_not_set_the_day_of_its_whole_sentence() -> None:
    grounded = s(
        0, "The barge ran aground late on Monday night, and its crew were ashore by Tuesday."
    )
    ashore = s(1, "All six crew were ashore by 3 a.m. on Tuesday, the harbour master said.")
    assert clash(grounded, ashore) is None


def test_nouns_that_count_one_thing() -> None:
    jobs = s(0, "The plant will close in May, cutting 420 jobs.", voice=True)
    staff = s(1, "Around 380 employees are affected.", voice=True)
    assert clash(jobs, staff) == "different counts: 420 vs about 380 worker"
    # Firefighters at work are not firefighters hurt.
    working = s(0, "More than 300 firefighters were working through the night.")
    hurt = s(1, "Two firefighters were treated for smoke inhalation.")
    assert clash(working, hurt) is None


def test_opposite_outcomes() -> None:
    missed = s(0, "The supplier had missed delivery deadlines six times since March.")
    met = s(1, "The supplier has met every delivery obligation under the contract.", voice=True)
    assert clash(missed, met) == "different outcomes: “missed” vs “met”"
    assert not same_claim(missed, met)
    acquitted = s(0, "The jury acquitted the harbour pilot of manslaughter.")
    convicted = s(1, "The harbour pilot was convicted of manslaughter.")
    assert disagreement(acquitted, convicted) == "different outcomes: “acquitted” vs “convicted”"
    # Negated, an opposite word agrees ("not convicted", "acquitted"): no clash.
    assert disagreement(acquitted, s(1, "The harbour pilot was not convicted.")) is None


def test_a_plan_and_an_event_keep_their_own_days() -> None:
    blast = s(0, "The gas main exploded near the school on Wednesday night.")
    plan = s(1, "Gas would be restored to the school by Friday.")
    assert clash(blast, plan) is None
    visit = s(0, "The minister will visit the school on Thursday.")
    due = s(1, "The minister is due to visit the school on Friday.")
    assert clash(visit, due) == "different days: Thursday vs Friday"


def test_sums_of_money_need_more_than_their_currency() -> None:
    bribe = s(0, "The official had taken 1.2 million crowns from the contractor.")
    fine = s(1, "The firm was ordered to pay a fine of 3 million crowns.")
    assert clash(bribe, fine) is None
    fined = s(0, "The firm itself was fined 5 million crowns.")
    assert clash(fined, fine) == "different counts: 5,000,000 vs 3,000,000 crown"


def test_counts_read_as_a_reader_would() -> None:
    # "no one" is nobody, not a count of one; "2,000 residents" is no year.
    assert s(0, "The fire destroyed 31 homes, and no one has died.").counts == {
        "home": [(31.0, 31.0)]
    }
    forced = s(
        0,
        "The river burst its banks, killing four people and forcing about 2,000 residents "
        "from their homes.",
    )
    assert [c.text for c in forced.clauses][-1] == "forcing about 2,000 residents from their homes."
    assert forced.counts["people evacuated"] == [(1900.0, 2100.0)]
    assert s(0, "The hall last passed an inspection in 2019 the council said.").counts == {}
    # A rough figure and an exact one that agree are one figure shared.
    evacuated = s(1, "Persons evacuated: 2,100.", voice=True)
    assert shared(forced.clauses[-1], evacuated)[0] == 3
    assert same_claim(forced, evacuated)


def test_a_suspended_sentence_is_no_prison_term() -> None:
    suspended = s(0, "The firm's former manager was given a suspended sentence of 18 months.")
    jailed = s(1, "The firm's former manager was jailed for 18 months.")
    assert disagreement(suspended, jailed) == "different outcomes: “probation” vs “jailed”"
    assert not same_claim(suspended, jailed)


def test_a_time_something_was_done_by_is_a_bound() -> None:
    by_six = s(0, "Water was restored to every street by 6 a.m. on Friday, the utility said.")
    by_quarter = s(1, "Every street was reconnected to the water supply by 05:45 on Friday.")
    assert disagreement(by_six, by_quarter) is None
    assert same_claim(by_six, by_quarter)
    by_four = s(1, "Every street was reconnected to the water supply by 4 a.m. on Friday.")
    assert clash(by_six, by_four) == "different times: 06:00 vs 04:00"


def test_a_rounded_figure_agrees_with_the_exact_one() -> None:
    rounded = s(0, "The clerk took 514,000 crowns from the parish accounts.")
    exact = s(1, "The clerk took 514,300 crowns from the parish accounts over four years.")
    assert disagreement(rounded, exact) is None and same_claim(rounded, exact)
    more = s(1, "The clerk helped himself to more than 600,000 crowns from the parish accounts.")
    assert clash(rounded, more) == "different counts: 514,000 vs over 600,000 crown"
    # A small figure stays exact.
    assert clash(s(0, "The storm injured 40 pupils."), s(1, "The storm injured 44 pupils.")) == (
        "different counts: 40 vs 44 people injured"
    )


def test_paraphrases_as_data() -> None:
    sorry = s(0, "We are sorry for the delays our passengers suffered.")
    apologised = s(1, "The operator apologised to passengers for the delays.")
    assert same_claim(sorry, apologised)
    shots = s(0, "No shots were fired during the raid, the police said.")
    gunfire = s(1, "Neighbours said they heard gunshots during the raid.")
    assert clash(shots, gunfire) == "one denies what the other asserts: “No shots”"
    # "received medical treatment" is a count of the hurt: eight treated against six hurt.
    six = s(0, "Six workers were hurt when the bridge gave way.")
    eight = s(1, "Eight workers received medical treatment after the bridge collapsed.")
    assert clash(six, eight) == "different counts: 6 vs 8 people injured"


def test_a_negating_prefix_on_a_known_word_denies_it() -> None:
    unhurt = s(0, "The two drivers were unhurt, the fire service said.")
    not_injured = s(1, "Neither driver was injured in the crash.")
    assert "injur" in unhurt.stems and unhurt.negative
    assert same_claim(unhurt, not_injured)
    hurt = s(1, "Both drivers were injured in the crash.")
    assert clash(unhurt, hurt) == "one denies what the other asserts: “unhurt”"


def test_a_guilty_plea_excludes_a_jury_s_verdict() -> None:
    plea = s(0, "Harlan Vey pleaded guilty to fraud at the district court.")
    jury = s(1, "A jury found Harlan Vey guilty of fraud after a trial at the district court.")
    assert clash(plea, jury) == "different outcomes: “pleaded” vs “jury”"


def test_parts_spans_and_states_are_no_counts_or_days_of_the_event() -> None:
    hit = s(0, "The crane fell on Monday, injuring five workers, two of them seriously.")
    still = s(1, "Two of them were still in hospital on Wednesday after the crane fell.")
    assert clash(hit, still) is None
    # Two spans of time on nothing else in common are no count of one thing.
    report = s(0, "The minister wants a full report within two weeks.")
    stuck = s(1, "Passengers were stuck on the trams for up to two hours.")
    assert clash(report, stuck) is None


def test_rejecting_a_decision_is_no_denial_that_it_was_taken() -> None:
    ended = s(0, "Velmo Foods said it had terminated the supply contract with Arrow Mills.")
    rejects = s(1, "Arrow Mills rejects the termination of the supply contract.")
    assert clash(ended, rejects) is None


def test_two_sources_own_counts_of_the_evacuated_disagree() -> None:
    # A source's own sentences need much in common to be compared, but the count of the
    # dead, the hurt, the missing or the evacuated is one a story has once.
    left = s(0, "Around 600 people were evacuated from the valley.", voice=True)
    moved = s(1, "Some 450 villagers were moved from their homes overnight.", voice=True)
    assert clash(left, moved) == "different counts: about 600 vs about 450 people evacuated"
    # Other counts still need more: two sources' own figures for two things.
    boats = s(0, "Around 600 boats were moored in the valley.", voice=True)
    cars = s(1, "Some 450 boats were sold overnight.", voice=True)
    assert clash(boats, cars) is None


def test_a_bare_four_digit_year_is_no_count() -> None:
    vote = s(0, "The court overturned the result of the June 2024 vote in Morvale.")
    margin = s(1, "The court said the mayor of Morvale had won the vote by 2,318 votes.")
    assert "vote" not in vote.counts
    assert clash(vote, margin) is None
    # A count of thousands written with its separator stays a count.
    assert s(2, "The mayor of Morvale won by 2,024 votes.").counts == {"vote": [(2024.0, 2024.0)]}


def test_a_part_or_a_whole_is_no_second_report_of_one_count() -> None:
    part = s(0, "Six carriages of the 18-carriage train left the rails near Ostby.")
    whole = s(1, "The train of 18 carriages left Ostby at noon.", voice=True)
    assert clash(part, whole) is None
    annulled = s(0, "The panel annulled about 5,000 ballots in the Dunmere district count.")
    some = s(1, "Of these, 3,900 ballots were cast in the Dunmere district count.", voice=True)
    assert clash(annulled, some) is None
    one = s(0, "Crews sealed a crack in one of the fuel tanks near Ostby.")
    assert "tank" not in one.counts


def test_figures_far_apart_count_different_things() -> None:
    shipped = s(0, "About 52,000 tablets from the lot had been shipped to Harnby pharmacies.")
    given = s(1, "Pharmacists in Harnby had dispensed 410 tablets from the lot.")
    assert clash(shipped, given) is None
    # Two reports of one count, a little apart, still disagree.
    again = s(2, "About 39,000 tablets from the lot had been shipped to Harnby pharmacies.")
    assert clash(shipped, again) is not None
    # Figures this far apart are still no one claim.
    assert disagreement(shipped, given) is not None


def test_two_times_clash_only_for_one_event() -> None:
    sealed = s(0, "Crews sealed the gas leak at the Ostby depot at about 5 a.m.")
    found = s(1, "01:10 - Gas leak at the Ostby depot confirmed by the crews.", voice=True)
    assert clash(sealed, found) is None
    again = s(2, "Crews sealed the gas leak at the Ostby depot at 8 a.m.")
    assert clash(sealed, again) == "different times: 05:00 vs 08:00"
    # Two clocks a minute apart tell one moment.
    call = s(0, "The tram derailed at 21:14 near Ostby depot.", voice=True)
    log = s(1, "21:15 - The tram derailed near Ostby depot.", voice=True)
    assert clash(call, log) is None


def test_a_word_inside_a_name_is_not_denied() -> None:
    wont = s(0, "I will not appeal this ruling of the Morvale bench.")
    court = s(1, "The Morvale Appeals Bench issued its ruling in favour of Dana Ilves.")
    assert clash(wont, court) is None
    serial = s(0, "Fuel was pumped from tank No. 3 into lorries at the Ostby depot.", voice=True)
    assert not serial.negative


def test_a_denial_with_the_subject_after_its_auxiliary() -> None:
    never = s(0, "At no point did diesel leak from the Ostby depot tanks.")
    leak = s(1, "Crews found diesel leaking from one of the Ostby depot tanks.")
    assert clash(never, leak) == "one denies what the other asserts: “never did diesel leak”"
    # The subject is not what is denied: a statement of the diesel's amount is no leak.
    stock = s(1, "The Ostby depot tanks held 40,000 litres of diesel.")
    assert clash(never, stock) is None


def test_a_sentence_that_carries_two_claims_corroborates_both() -> None:
    both = s(
        0,
        "A gas leak forced the evacuation of Marren primary school, and the fire brigade "
        "sealed the broken pipe within an hour.",
    )
    school = s(1, "Marren primary school was evacuated after a gas leak on Monday.")
    pipe = s(2, "Firefighters sealed the broken pipe within an hour, the brigade said.")
    parts = list(both.clauses)
    statements = [both, school, pipe, *parts]
    # Whole sentences alone: the sentence goes with one claim, the other stays single.
    assert clusters(statements[:3]) == [[0, 1], [2]]
    # Its clauses may each join another source's claim, the whole sentences' groups kept.
    assert clusters(statements, [None, None, None, 0, 0]) == [[0, 1], [2, 4], [3]]
    # A clause that shares little but names with another claim joins nothing.
    seized = s(
        0,
        "Gunmen seized two engineers near Varn, and the convoy was stopped on the Tessa Kora road.",
    )
    taken = s(1, "Two engineers were seized by gunmen near Varn on Friday.")
    escort = s(2, "Travel on the Tessa Kora road needs a military escort and prior notice.")
    parts = list(seized.clauses)
    assert same_claim(parts[1], escort)  # "road" and two names are all they share
    assert clusters([seized, taken, escort, *parts], [None, None, None, 0, 0]) == [
        [0, 1],
        [2],
        [3],
        [4],
    ]


def test_one_small_count_of_what_befell_people_is_one_fact() -> None:
    log = s(0, "03:30 - 4 persons transported to Orlov Hospital with respiratory irritation.", True)
    wire = s(
        1,
        "Four people had been taken to hospital with breathing problems by early Monday, "
        "none of them seriously ill.",
    )
    assert stem("persons") == stem("people")
    assert shared(log, wire)[1] < 0.5 and same_claim(log, wire)
    # A small figure of anything else is too common to lower the bar.
    pumps = s(0, "03:30 - 4 pumps transported to Orlov depot with spare hoses.", True)
    tankers = s(1, "Four pumps from the north station and two tankers were at work on Monday.")
    assert shared(pumps, tankers)[1] < 0.5 and not same_claim(pumps, tankers)


def test_a_heading_or_label_of_a_source_carries_no_claim() -> None:
    wire = s(
        1, "Residents spent the night in the sports hall on Dolni street after the derailment."
    )
    assert not same_claim(s(0, "Assembly point: sports hall, Dolni street.", True), wire)
    assert not same_claim(
        s(0, "REGIONAL FIRE SERVICE (RFS)", True), s(1, "The Regional Fire Service said.")
    )
    # A label that states a count still does ("Residents evacuated: 300").
    assert same_claim(
        s(0, "Residents evacuated: 300.", True),
        s(1, "About 300 residents were evacuated from the Dolni street area."),
    )


def test_a_unit_in_symbols_and_in_words_is_one_unit() -> None:
    operator = s(0, "The outflow from the Varna weir peaked at 640 m3/s shortly after midnight.")
    agency = s(1, "The agency put the peak outflow from the weir at 910 cubic metres per second.")
    assert operator.counts.keys() == agency.counts.keys()
    assert clash(operator, agency) == "different counts: 640 vs 910 cumec"


def test_bodies_are_a_count_of_the_dead() -> None:
    police = s(0, "Five people have been confirmed dead after the crush at the Dalvik arena.")
    doctor = s(
        1, "A doctor at the Dalvik hospital said eight bodies had been brought in after the crush."
    )
    assert doctor.counts == {"people dead": [(8.0, 8.0)]}
    assert clash(police, doctor) == "different counts: 5 vs 8 people dead"


def test_a_question_asserts_no_day_but_keeps_two_claims_apart() -> None:
    failed = s(0, "The levee failed on Friday evening.")
    asked = s(1, "Where was the mayor on Thursday night? The levee failed in the dark.")
    assert asked.weekdays == set()
    assert clash(failed, asked) is None
    assert not same_claim(failed, asked)
    told = s(1, "The mayor was away on Thursday night, when the levee failed in the dark.")
    assert told.weekdays == {"thursday"}


def test_some_picked_out_of_the_dead_are_no_toll() -> None:
    toll = s(0, "Five people died after drinking water from the well, officials said.")
    some = s(1, "Three of the dead children had drunk water from the well, neighbours said.")
    assert some.picked == frozenset({"people dead"})
    assert clash(toll, some) is None
    whole = s(1, "Three children died after drinking water from the well, neighbours said.")
    assert clash(toll, whole) == "different counts: 5 vs 3 people dead"


def test_a_count_to_date_may_be_passed() -> None:
    later = s(0, "Fifteen people were treated in hospital after the leak.")
    so_far = s(1, "Twelve people have been treated in hospital to date after the leak.")
    assert clash(later, so_far) is None
    then = s(1, "Twelve people were treated in hospital after the leak.")
    assert clash(later, then) == "different counts: 15 vs 12 people injured"


def test_two_times_clash_only_when_they_time_one_verb() -> None:
    began = s(0, "The blaze broke out at 13:20 in scrub north of the village.")
    alert = s(1, "The warning to leave came at 3:40 p.m., two hours after the blaze broke out.")
    assert began.timed == frozenset({"start"})
    assert clash(began, alert) is None
    later = s(1, "The blaze broke out at 3:40 p.m. in scrub north of the village.")
    assert clash(began, later) == "different times: 13:20 vs 15:40"


def test_a_denial_of_another_subject_is_no_contradiction() -> None:
    kept = s(0, "The times are recorded.")
    no_fault = s(1, "The operator said no fault had been recorded on its network.")
    assert clash(kept, no_fault) is None
    found = s(0, "A fault was recorded on the operator's lines on Sunday.")
    assert clash(found, no_fault) == "one denies what the other asserts: “no fault”"
    # People are one subject, whatever a source calls them.
    hurt = s(0, "Two of our members were taken to hospital after the fire.")
    denied = s(1, "No employee was injured in the fire.")
    assert clash(hurt, denied) is not None


def test_event_paraphrases_as_data() -> None:
    freed = s(0, "The two engineers were freed late on Saturday near the border.")
    released = s(1, "Our engineers were released on Saturday evening near the border.")
    assert same_claim(freed, released)
    custody = s(0, "Police took the site manager into custody on Friday.")
    detained = s(1, "The site manager was detained by police on Friday.")
    assert same_claim(custody, detained)
    lost = s(0, "Seven miners lost their lives in the blast.")
    assert lost.counts == {"people dead": [(7.0, 7.0)]}


def test_a_number_in_words_and_figures_is_one_number() -> None:
    legal = s(0, "The permit is suspended for a period of ninety (90) days.")
    assert legal.counts == {"days": [(90.0, 90.0)]}
    assert same_claim(legal, s(1, "The agency suspended the permit for three months."))


def test_a_count_counts_the_noun_its_modifiers_lead_to() -> None:
    six = s(0, "Six container vessels are waiting at anchor in the fairway.")
    nine = s(1, "Nine ships are waiting in the fairway.")
    assert six.counts == {"ship": [(6.0, 6.0)]}
    assert clash(six, nine) == "different counts: 6 vs 9 ship"
    # An unknown noun after the first word is no head: "polling stations" stay polling.
    assert set(s(0, "Three polling stations opened late.").counts) == {"poll"}


def test_an_open_figure_is_a_sign_of_the_same_claim_only_near_its_bound() -> None:
    held = s(0, "At least nine aid workers are still held in the north of Taoura.")
    staff = s(1, "The charity has worked in Taoura since 2011 and employs 140 staff.")
    near = s(1, "The charity says 11 aid workers are still held in the north of Taoura.")
    assert shared(held, staff)[0] < shared(held, near)[0]
    assert not same_claim(held, staff)


def test_a_currency_sign_counts_its_currency() -> None:
    sign = s(0, "The county paid KSh 588,416,000 to the contractor.")
    word = s(1, "The county paid about 590 million shillings to the contractor.")
    assert set(sign.counts) == set(word.counts)
    assert same_claim(sign, word)
    lakh = s(0, "She announced an ex gratia payment of 2 lakh rupees to each bereaved family.")
    rs = s(1, "She announced an ex gratia payment of Rs 4 lakh to each bereaved family.")
    assert rs.counts == {stem("rupees"): [(400_000.0, 400_000.0)]}
    assert clash(lakh, rs) == "different counts: 200,000 vs 400,000 rupe"
    # Sums of one story told of different things do not clash.
    fine = s(1, "The court fined the governor 1.2 billion shillings for stealing public money.")
    assert clash(sign, fine) is None


def test_advice_is_no_report_that_it_was_done() -> None:
    sent = s(0, "The inspectors' findings have been sent to the State Prosecutor's Office.")
    advice = s(1, "The findings should be sent to the State Prosecutor's Office at once.")
    assert not same_claim(sent, advice)
    # A plan may meet advice, and two pieces of advice may be one.
    plan = s(0, "The findings will be sent to the State Prosecutor's Office at once.")
    assert same_claim(plan, advice)
    assert same_claim(
        advice, s(0, "The findings ought to be sent to the State Prosecutor's Office.")
    )


def test_names_alone_in_common_are_no_claim_in_common() -> None:
    shut = s(0, "The Halvik Container Terminal halted all loading on Monday.")
    cyber = s(1, "The National Cyber Security Centre is assisting Halvik Container Terminal.")
    assert not same_claim(shut, cyber)
    halted = s(1, "Loading at the Halvik Container Terminal was halted on Monday.")
    assert same_claim(shut, halted)
    # A name is no synonym's inflection: "Container" does not say "contained".
    assert "extinguish" not in shut.stems


def test_a_range_counts_from_its_low_end() -> None:
    soon = s(0, "The system should be restored within seven to ten days, the agency said.")
    assert soon.counts == {"days": [(7.0, 10.0)]}
    later = s(1, "The system will be restored within two weeks, the agency said.")
    assert clash(soon, later) == "different counts: 7 to 10 vs 14 days"
    assert (
        clash(soon, s(1, "The system will be restored within nine days, the agency said.")) is None
    )


def test_a_day_against_a_month() -> None:
    day = s(0, "Anti-corruption officers arrested the former mayor on 14 August 2021.")
    month = s(1, "Anti-corruption officers arrested the former mayor in July 2021.")
    assert month.months == {7} and not month.dates
    assert clash(day, month) == "different months: August vs July"
    assert (
        clash(day, s(1, "Anti-corruption officers arrested the former mayor in August 2021."))
        is None
    )


def test_a_second_verb_in_the_past_begins_a_clause() -> None:
    both = s(
        0, "Inspectors sealed the bakery's kitchen and sent samples of bread to the laboratory."
    )
    assert [c.text for c in both.clauses] == [
        "Inspectors sealed the bakery's kitchen",
        "sent samples of bread to the laboratory.",
    ]
    sealed = s(1, "The bakery's kitchen has been sealed pending the laboratory report.")
    assert same_claim(both, sealed)
    assert not s(0, "Bread and butter were served to the guests.").clauses


def test_a_clause_alone_sets_no_outcome_of_its_sentence() -> None:
    won = s(
        0,
        "In a 48-page decision, the election tribunal said the challenger had won the recount "
        "of ballots from 412 precincts by 642 votes.",
    )
    lost = s(
        1, "She lost the first count by some 2,300 votes and filed her protest at the end of May."
    )
    assert lost.clauses[0].text == "She lost the first count by some 2,300 votes"
    assert clash(won, lost) is None
    recount = s(1, "The challenger lost the recount of ballots from 412 precincts by 642 votes.")
    assert clash(won, recount) == "different outcomes: “won” vs “lost”"


def test_a_leading_time_is_no_name() -> None:
    log = s(0, "00:25 - Leak of ammonia from the valve of tank wagon No. 4 confirmed.")
    assert "leak" not in log.named
    denial = s(1, "At no point did ammonia leak from the tank wagons.")
    assert clash(denial, log) is not None
    entry = s(0, "- 2018: Governor Ndirangu launches the dam project")
    assert {stem("Governor"), stem("Ndirangu")} <= entry.named


def test_a_flat_denial_needs_no_more_in_common() -> None:
    ordered = s(
        0,
        "The duty engineer immediately ordered the evacuation of the west hall, and the "
        "plant's own crew shut the valves within ten minutes.",
        voice=True,
    )
    flat = s(1, "No one ordered anything. We walked out on our own.")
    assert clash(ordered, flat) == "one denies what the other asserts: “nobody ordered”"
    # A denial that points elsewhere, a plan, or a long sentence is no flat denial.
    assert clash(ordered, s(1, "Nobody from the plant spoke to us all day.")) is None
    assert clash(ordered, s(1, "We will not order anything. We walked out.")) is None
    long = s(1, "No one ordered the night crew at the south gate to leave the yard.")
    assert clash(ordered, long) is None


def test_a_quote_of_several_sentences_clashes_sentence_by_sentence() -> None:
    demanded = s(
        1,
        "A ransomware attack has shut the operator's systems since early Monday, leaving "
        "lorries queued for kilometres and ships waiting offshore, and the attackers have "
        "demanded 3 million euros in bitcoin, a person familiar with the matter said.",
    )
    quote = s(
        0,
        "We are working day and night with our partners to restore normal service at the "
        "depot, its warehouses and the cold store. The operator has not received "
        "any demand for payment.",
    )
    assert len(quote.sentences) == 2
    assert clash(quote, demanded) == "one denies what the other asserts: “not received any demand”"
    assert not s(0, "The operator has not received any demand.").sentences


def test_a_word_in_ing_after_a_determiner_is_a_noun_not_an_event() -> None:
    assert stem("timing") not in s(0, "The auditors queried the timing of the sales.").events
    assert stem("hearing") not in s(0, "A hearing of the appeal is set for May.").events
    assert stem("building") in s(0, "The firm was building a second plant.").events
    review = s(0, "The review began in August 2026 after a clerk queried the timing of sales.")
    warned = s(1, "The auditors warned the board about the timing of sales in March 2026.")
    assert clash(review, warned) is None
    closed = s(1, "The review began in March 2026 after a clerk queried the timing of sales.")
    assert clash(review, closed) == "different months: August vs March"


def test_not_until_or_not_before_is_no_denial_of_the_event() -> None:
    blocked = s(1, "Dockers blocked the container port at Velm on Monday.", voice=True)
    never = s(0, "The union had staged strikes but had not blocked a port before.")
    assert clash(never, blocked) is None
    lifted = s(0, "The council lifted the ban on river fishing on Friday.")
    late = s(1, "The council did not lift the ban on river fishing until Friday.")
    assert clash(lifted, late) is None
    kept = s(1, "The council did not lift the ban on river fishing on Friday.")
    assert clash(lifted, kept) == "one denies what the other asserts: “not lift”"


def test_a_denial_of_someone_else_is_no_denial() -> None:
    hurt = s(0, "The captain suffered minor injuries in the collision.", voice=True)
    assert clash(hurt, s(1, "Our navigator was not hurt.", voice=True)) is None
    coach = s(0, "The coach overturned, sending two of its five passengers to hospital.")
    others = s(1, "The other three passengers were not injured.", voice=True)
    assert clash(coach, others) is None
    rest = s(1, "The rest of the passengers were not injured.", voice=True)
    assert clash(coach, rest) is None
    # The same person, or a denial of everyone, still clashes.
    same = s(1, "The captain was not hurt, the owner said.")
    assert clash(hurt, same) is not None
    nobody = s(1, "No passenger was injured, the operator said.")
    assert clash(coach, nobody) is not None


def test_a_refusal_to_do_a_thing_is_a_denial_of_it_too() -> None:
    asked = s(0, "Police asked the public to refrain from speculation about the cause.")
    assert asked.negative
    assert clash(asked, s(1, "We will not speculate on the cause of the crash.")) is None
    declined = s(0, "The minister declined to comment on the leaked report.")
    assert clash(declined, s(1, "The minister did not comment on the leaked report.")) is None
    assert not s(0, "Exports declined sharply in March.").negative


def test_an_instruction_is_to_come_and_times_no_event() -> None:
    order = s(1, "Districts to report full damage figures to the committee before 17:00 on 6 May.")
    assert order.future
    assert s(1, "All schools in the valley to stay closed until Monday.").future
    assert not s(1, "Rescuers tried to reach the village on Monday.").future
    assert not s(1, "Two trucks failed to stop at the barrier.").future
    sent = s(0, "At 11:00 on 2 May, the company sent a written report to the committee.", True)
    assert clash(sent, order) is None


def test_a_count_of_people_an_outcome_did_not_befall_is_no_count_of_it() -> None:
    spared = s(1, "The other three passengers were not injured.", voice=True)
    assert "people injured" not in spared.counts
    assert "people injured" not in s(1, "Four miners were unhurt.").counts
    assert s(1, "Four miners were hurt.").counts == {"people injured": [(4.0, 4.0)]}


def test_the_group_some_are_picked_out_of_is_no_count_of_them() -> None:
    sent = s(0, "The coach overturned, sending two of its five passengers to hospital.")
    assert sent.counts.get("people injured") != [(5.0, 5.0)]
    four = s(1, "Four passengers were taken to hospital after the coach overturned.")
    assert clash(sent, four) is None or "5" not in (clash(sent, four) or "")


def test_not_until_denies_only_against_a_statement_with_no_time() -> None:
    fed = s(0, "The crew have been given food and water since the boarding.")
    late = s(1, "The crew were not given food until they reached the port.")
    assert clash(fed, late) is not None


def test_people_counted_by_what_was_done_to_them() -> None:
    six = s(0, "Six persons were detained.", voice=True)
    nine = s(1, "Nine of our members were detained, including our treasurer.", voice=True)
    assert clash(six, nine) == "different counts: 6 vs 9 people arrested"
    took = s(1, "Police detained eleven protesters on Monday evening.", voice=True)
    assert clash(six, took) == "different counts: 6 vs 11 people arrested"
    # One person, in the singular, is a count of people too.
    one = s(0, "One guard was lightly injured.")
    two = s(1, "Two security guards were injured in the scuffle.", voice=True)
    assert clash(one, two) == "different counts: 1 vs 2 people injured"
    # What was done to some is not what was done to others.
    freed = s(1, "Nine of our members were released without charge.", voice=True)
    assert clash(six, freed) is None


def test_no_one_did_a_thing_denies_the_thing() -> None:
    struck = s(0, "An inquiry was opened against a man who struck a steward in the face.", True)
    assert clash(struck, s(1, "No fan struck any steward.", voice=True)) is not None
    fired = s(0, "A guard fired two shots into the air.")
    assert clash(fired, s(1, "No guard fired a shot, the company said.")) is not None
    assert clash(fired, s(1, "No guard was on duty at the gate.")) is None


def test_a_denial_narrowed_by_an_adverb_denies_only_that() -> None:
    sent = s(0, "The bus left the road, sending two of its passengers to hospital.")
    assert clash(sent, s(1, "Nobody was seriously hurt, the operator said.")) is None
    assert clash(sent, s(1, "Nobody was hurt, the operator said.")) is not None
    replied = s(0, "The ministry replied to the union's letter on Monday.")
    assert clash(replied, s(1, "The ministry did not immediately reply to the letter.")) is None
    grave = s(0, "Two passengers were seriously hurt when the bus left the road.")
    assert clash(grave, s(1, "Nobody was seriously hurt, the operator said.")) is not None


def test_two_about_times_half_an_hour_apart_are_two_times() -> None:
    early = s(0, "The slide struck the camp at about 5:40 on Sunday.")
    late = s(1, "The slide struck the camp at about 6:15 on Sunday.")
    assert clash(early, late) == "different times: 05:40/17:40 vs 06:15/18:15"
    near = s(1, "The slide struck the camp at approximately 05:50 on Sunday.")
    assert clash(early, near) is None


def test_an_hour_in_words_is_a_clock_time() -> None:
    words = s(0, "The march began at nine o'clock in the morning on the bridge.")
    assert {t for t, _, _ in words.clock} == {9 * 60}
    before = s(0, "The slide struck the camp shortly before six in the morning.")
    assert {t for t, _, _ in before.clock} == {6 * 60}
    figures = s(1, "The march began at about 10:00 on the bridge.")
    assert clash(words, figures) == "different times: 09:00 vs 10:00/22:00"
    assert clash(before, s(1, "The slide struck the camp at about 6:15.")) is not None
    assert not s(0, "Nine in ten residents stayed.").clock


def test_a_time_that_opens_a_span_is_no_moment() -> None:
    span = s(1, "The tracker was off between about 19:00 on Monday and the time of the raid.")
    raid = s(0, "The raid on the tracker's owner began at about 02:15.")
    assert clash(span, raid) is None
    moment = s(1, "The raid on the tracker's owner began at about 19:00.")
    assert clash(moment, raid) is not None


def test_a_time_that_opens_a_sentence_times_its_first_verb() -> None:
    found = s(
        0,
        "At approximately 04:20 this morning, the operator of the grain terminal at the north "
        "quay, Baltmar Grain AS, detected smoke in its conveyor hall.",
    )
    assert found.timed == frozenset({stem("detected")})
    began = s(1, "The fire broke out shortly before 4 a.m. and spread along the conveyor hall.")
    assert clash(found, began) is None


def test_two_long_sentences_of_a_source_on_one_measure() -> None:
    ran = s(
        0,
        "The twin-hulled ferry, operated by the island council under a contract renewed in "
        "spring, was arriving from Brodvik in thick fog shortly after dawn when it ran about "
        "40 metres past the end of the quay, leaving its bow on the old slipway.",
        voice=True,
    )
    stopped = s(
        1,
        "The ferry, which had come from Brodvik with mail, timber and two lorries of "
        "fodder for the farms, stopped some 90 metres past the end of the quay with its bow "
        "on the old slipway, a harbour worker said.",
        voice=True,
    )
    assert clash(ran, stopped) == "different counts: about 40 vs about 90 metr"
    other = s(
        1,
        "A crane barge some 90 metres long was moored beside the quay to lift the wreck of a "
        "fishing boat that sank in the storm.",
        voice=True,
    )
    assert clash(ran, other) is None
