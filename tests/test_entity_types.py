"""Names whose type the sentence decides when the tagger's type is missing or
wrong (extract/entities.py: _context_label, _second_look)."""
from __future__ import annotations

import pytest

from conftest import relation_keys
from extract.run import extract_texts


def typed(nlp, text: str) -> dict[str, str]:
    record = next(extract_texts(nlp, [("t", text, {})]))
    return {e["name"]: e["type"] for e in record["entities"]}


@pytest.mark.parametrize("text, name, label", [
    # a name the tagger took for a place, described as a start-up ("start", "-", "up")
    ("Kestrelsoft acquired Tollan, a Galway start-up, in 2020.", "Tollan", "Company"),
    # a name the tagger took for a place, listed with funds
    ("The lab's backers are Greenoaks, Balderton Capital, Index Ventures and Lightspeed Venture Partners.",
     "Greenoaks", "Company"),
    # a one-word "person" listed among firms
    ("The lab counts Bristol Myers Squibb and Ipsen among its biggest customers.", "Ipsen", "Company"),
    # an acronym of three capitals is no person's
    ("Harwell Dynamics bought Martin UAV in 2019.", "Martin UAV", "Company"),
])
def test_the_sentence_types_a_name_the_tagger_got_wrong(nlp, text, name, label):
    assert typed(nlp, text).get(name) == label


@pytest.mark.parametrize("text, name", [
    # listed beside a firm, a person's full name stays a person's
    ("Peter Thiel and Founders Fund backed the company early.", "Peter Thiel"),
    # an apposition hung on the wrong name by the parser
    ("To save time, the bureau's then director, Karin Ålund, waived the vetting rules.", "Karin Ålund"),
])
def test_people_stay_people(nlp, text, name):
    assert typed(nlp, text).get(name) == "Person"


def test_places_listed_with_places_stay_places(nlp):
    found = typed(nlp, "Serco runs the probation contracts in Kent, Essex and Norfolk.")
    assert not {"Kent", "Essex", "Norfolk"} & set(found)


def test_a_name_given_once_is_found_again_where_the_tagger_passed_it_over(nlp):
    # a lower-case start the tagger does not take for a name, after the full name
    text = ("Shares in skyLoom Systems, the Pune maker of drones, rose on Friday. "
            "skyLoom was set up in 2009 by Ravi Iyer, who still runs it as chief executive.")
    record = next(extract_texts(nlp, [("t", text, {})]))
    links = relation_keys(record)
    assert ("FOUNDED", "Ravi Iyer", "skyLoom Systems") in links


def test_a_short_form_inside_a_longer_name_is_not_found_again(nlp):
    doc = nlp("Shares in skyLoom Systems, the Pune maker of drones, rose on Friday. "
              "The skyLoom Arena hosted the launch, and skyLoom said it was pleased.")
    found = [doc[m.start:m.end].text for m in doc._.ng_mentions]
    assert found == ["skyLoom Systems", "skyLoom"]  # not the "skyLoom" of "skyLoom Arena"


@pytest.mark.parametrize("text, name, label", [
    # a part of an organisation is of its owner's kind
    ("The trucks will be built by Huta Stalowa, a unit of the state-owned arms group Polska Grupa Zbrojeniowa.",
     "Huta Stalowa", "Company"),
    # what people run is an organisation
    ("Golden Waves was run by Tahera Mansoor and Leila Osman.", "Golden Waves", "Company"),
    # ... or owned by a firm (the tagger took "Zara" for a person)
    ("Zara is owned by Inditex, the Spanish group founded by Amancio Ortega.", "Zara", "Company"),
    # a firm word of a later name, hung on a person's name by the parser, leaves the person one
    ("Pedro Arnt, its finance chief for well over a decade, left in 2023 to become chief executive of dLocal, the "
     "Uruguayan payments company, and was succeeded by Martín de los Santos.", "Pedro Arnt", "Person"),
])
def test_what_a_name_is_part_of_or_run_by_types_it(nlp, text, name, label):
    assert typed(nlp, text).get(name) == label


@pytest.mark.parametrize("text", [
    "Lockheed Martin, which offered a helicopter built by its Sikorsky subsidiary, withdrew.",
    # the parser takes the name for an adjective of "unit"
    "The MH-60R Seahawk, built by Lockheed Martin's Sikorsky unit, is an obvious candidate.",
])
def test_a_firm_named_as_its_owners_subsidiary(nlp, text):
    record = next(extract_texts(nlp, [("t", text, {})]))
    links = relation_keys(record)
    assert ("OWNS", "Lockheed Martin", "Sikorsky") in links


def test_a_rank_is_no_person_and_a_two_word_division_is_one_firm(nlp):
    found = typed(nlp, "Ardent was founded by Blake Morrow, a former Army Ranger, and Sam Quill. "
                       "The consortium also includes Embraer Defense & Security, the military arm of Embraer.")
    assert "Army Ranger" not in found and found.get("Blake Morrow") == "Person"
    assert found.get("Embraer Defense & Security") == "Company" and "Security" not in found


@pytest.mark.parametrize("text, name", [
    # "which" takes up the controls, not the person named in full before
    ("Partners elected Bob Sternfels over Kevin Sneader. Some blamed the tighter controls introduced under "
     "Sneader, which slowed client work.", "Kevin Sneader"),
    # a name the tagger called an organisation, said to hold a title
    ("Kestrel makes robots. Ama Owusu is the company's president.", "Ama Owusu"),
])
def test_a_person_the_tagger_or_a_rule_took_for_a_firm(nlp, text, name):
    assert typed(nlp, text).get(name) == "Person"


def test_listed_initials_spelt_out_otherwise_by_the_story_are_the_storys_body(nlp):
    # "CPS" is listed as the Crown Prosecution Service
    found = typed(nlp, "Cash Paymaster Services, a payments firm, won the deal. CPS paid the grants until 2018.")
    assert "Crown Prosecution Service" not in found
    assert found.get("Cash Paymaster Services") == "Company"


@pytest.mark.parametrize("text, link", [
    # a name with a digit in it
    ("Herman Kotzé is Net1's chief executive.", ("LEADS", "Herman Kotzé", "Net1")),
    # tagged a place elsewhere, but only a firm has a chief executive
    ("Circle runs hospitals. Steve Melton is Circle's chief executive.", ("LEADS", "Steve Melton", "Circle")),
])
def test_a_firm_known_by_its_chief_executive(nlp, text, link):
    record = next(extract_texts(nlp, [("t", text, {})]))
    assert link in relation_keys(record)


def test_a_model_number_is_no_firm(nlp):
    assert "G36" not in typed(nlp, "The rifle replaces the G36, made by Heckler & Koch.")


def test_two_firms_tagged_as_one_name_are_two_when_one_is_written_alone(nlp):
    found = typed(nlp, "The consultancy's work for Eskom and Transnet drew scrutiny. Transnet later sued the firm.")
    assert "Eskom and Transnet" not in found and found.get("Transnet") == "Company"


def test_a_name_said_to_be_part_of_a_group_is_of_its_kind(nlp):
    text = "Vexar is part of the French aerospace and defence group Safran."
    record = next(extract_texts(nlp, [("t", text, {})]))
    assert {e["name"]: e["type"] for e in record["entities"]}.get("Vexar") == "Company"
    assert ("OWNS", "Safran", "Vexar") in relation_keys(record)


def test_a_name_the_tagger_cut_short_goes_on_to_its_head_word(nlp):
    # the tagger takes "Digital" alone; the parser hangs it on "Vibes"
    found = typed(nlp, "The Department of Health had paid Digital Vibes about R150 million for media work.")
    assert found.get("Digital Vibes") == "Company" and "Digital" not in found
    # but a title after a portfolio is no part of the name
    found = typed(nlp, "That September Defense Secretary Robert Gates cancelled the competition.")
    assert "Defense Secretary" not in found


@pytest.mark.parametrize("text, name", [
    # initials without stops, as Indian reporting writes names; the tagger cuts them up
    ("The decision followed a meeting between Defence Minister A K Antony and the prime minister.", "A K Antony"),
    ("The agency has registered a case naming former Air Chief Marshal S P Tyagi, who headed the air force.",
     "S P Tyagi"),
    ("He took over in 2017, when his predecessor N Chandrasekaran moved up to chair the group.", "N Chandrasekaran"),
])
def test_a_name_written_with_initials_is_a_person(nlp, text, name):
    found = typed(nlp, text)
    assert found.get(name) == "Person"
    assert not {n for n in found if n != name and n in name or "Marshal" in n}  # no piece of it, no bare title


def test_a_letter_after_a_capitalised_word_is_no_initial(nlp):
    found = typed(nlp, "A Mumbai analyst said Plan B Capital had led the round.")
    assert not any(t == "Person" for t in found.values())


def test_a_ministers_portfolio_names_the_department_and_no_body_of_its_own(nlp):
    text = ("Seacrest Power was named a preferred bidder under the Department of Mineral Resources and Energy's "
            "tender in March. The refusal is a blow to Gwede Mantashe, the Minister of Mineral Resources and "
            "Energy, who has championed the programme.")
    record = next(extract_texts(nlp, [("t", text, {})]))
    names = {e["name"] for e in record["entities"]}
    links = relation_keys(record)
    assert "Department of Mineral Resources and Energy" in names
    assert not names & {"Energy", "Mineral Resources", "Mineral Resources and Energy"}
    assert ("LEADS", "Gwede Mantashe", "Department of Mineral Resources and Energy") in links


@pytest.mark.parametrize("text, name", [
    ("Existing backers Andreessen Horowitz and Point72 Ventures also took part, the company said.", "Point72 Ventures"),
    # a number word opens the name
    ("Earlier backers include Bpifrance, Cathay Innovation and Eight Roads Ventures.", "Eight Roads Ventures"),
])
def test_a_name_the_tagger_passed_over_ending_in_a_firms_word_is_a_firm(nlp, text, name):
    assert typed(nlp, text).get(name) == "Company"


def test_the_tail_of_a_name_the_tagger_took_in_part_is_no_firm_of_its_own(nlp):
    found = typed(nlp, "The proposal would have seen Adani Airport Holdings, the group's airports arm, spend $1.85 billion.")
    assert "Airport Holdings" not in found


def test_a_one_word_gazetteer_name_inside_a_longer_name(nlp):
    # "Adani" is the Adani Group's alias in the gazetteer; the founder and the arm are others
    text = ("President William Ruto cancelled two deals with India's Adani Group. Prosecutors accused Gautam Adani, "
            "the group's founder and chairman, of bribery. The deal would have seen Adani Airport Holdings, the "
            "group's airports arm, build a new terminal.")
    found = typed(nlp, text)
    assert found.get("Gautam Adani") == "Person"
    assert found.get("Adani Airport Holdings") == "Company"
    assert found.get("Adani Group") == "Company"


@pytest.mark.parametrize("text, name, part", [
    # a gazetteer name of two words; the tagger called the rest, ending in a firm's word, a name of its own
    ("Thyssenkrupp Marine Systems and Mitsubishi Heavy Industries were shortlisted.",
     "Thyssenkrupp Marine Systems", "Marine Systems"),
    ("Singapore's transport authority has awarded a S$540 million contract to China Communications Construction "
     "Company to build two stations.", "China Communications Construction Company", "China Communications Construction"),
    # capitalised words left untyped that end the phrase: an arm of the firm
    ("Cornwall Council ended a £160m outsourcing contract with BT Cornwall after three years.", "BT Cornwall", "BT"),
    ("The round was led by Blockchain Capital, with Andreessen Horowitz, Bain Capital Crypto and Distributed "
     "Global taking part.", "Bain Capital Crypto", "Bain Capital"),
])
def test_a_gazetteer_firms_name_goes_on_to_a_longer_name(nlp, text, name, part):
    found = typed(nlp, text)
    assert found.get(name) == "Company"
    assert part not in found


@pytest.mark.parametrize("text, name, firm", [
    # a product the sentence describes as one
    ("The council decided to adopt Oracle Fusion, a cloud package covering finance and payroll.", "Oracle Fusion",
     "Oracle"),
    # words that go on into a noun
    ("New Zealand will buy four Boeing P-8A Poseidon maritime patrol aircraft.", "Boeing P-8A Poseidon", "Boeing"),
])
def test_a_firms_name_before_a_product_stays_the_firm(nlp, text, name, firm):
    found = typed(nlp, text)
    assert name not in found
    assert found.get(firm) == "Company"


@pytest.mark.parametrize("text, name", [
    # tagged as bodies: a board's chair, an office's head, a name with a particle beside a person's noun
    ("The review was brought by Prasa's current board, chaired by Popo Molefe, which has pressed ahead.", "Popo Molefe"),
    ("The Inspector General's Office, then headed by Margarita Cabello, suspended him.", "Margarita Cabello"),
    ("Marieke de Vries, a spokesperson for the Ministry of Justice and Security, confirmed the deal.",
     "Marieke de Vries"),
    # the subject of a verb "as" a title
    ("Helena Helmersson stepped down as chief executive of H&M on Tuesday.", "Helena Helmersson"),
    # a role beside a name the parser split in two; a surname of two words and a particle
    ("Isaías Táboas, president of Renfe since 2018, and Isabel Pardo de Vera, the secretary of state for transport, "
     "left their posts on Monday.", "Isaías Táboas"),
    ("Isaías Táboas, president of Renfe since 2018, and Isabel Pardo de Vera, the secretary of state for transport, "
     "left their posts on Monday.", "Isabel Pardo de Vera"),
])
def test_a_name_the_tagger_took_for_a_body_is_a_person_by_its_role(nlp, text, name):
    assert typed(nlp, text).get(name) == "Person"


def test_a_consortium_headed_by_a_firm_is_headed_by_no_person(nlp):
    found = typed(nlp, "The line was awarded to a consortium headed by China Harbour.")
    assert found.get("China Harbour") != "Person"


@pytest.mark.parametrize("text", [
    # tagged a person; the parser hangs "to Stadler" on "maintenance"
    "Bulgaria's Ministry of Transport and Communications has awarded a contract for 20 electric trains and 15 years "
    "of maintenance to Stadler, after a rival pulled out of the tender.",
])
def test_one_word_a_contract_is_awarded_to_is_a_firm(nlp, text):
    assert typed(nlp, text).get("Stadler") == "Company"


def test_a_name_cut_after_its_of_is_one(nlp):
    # tagged "The City of" and "Ottawa"
    text = ("The City of Ottawa will keep its 30-year maintenance contract with Rideau Transit Group, the consortium "
            "that built the line, Mayor Mark Sutcliffe said.")
    assert typed(nlp, text).get("City of Ottawa") == "Agency"


@pytest.mark.parametrize("text, names", [
    ("A five-year contract to run school buses across north-east Fife has been handed to Stagecoach, Fife Council "
     "confirmed.", {"Stagecoach": "Company", "Fife Council": "Agency"}),
])
def test_two_names_the_tagger_ran_together_over_a_comma(nlp, text, names):
    found = typed(nlp, text)
    assert {n: found.get(n) for n in names} == names


@pytest.mark.parametrize("text, name, parts", [
    ("Officials at the Department of Enterprise, Trade and Employment said so.",
     "Department of Enterprise, Trade and Employment", ["Department of Enterprise, Trade and Employment"]),
    ("The work was handed to Stagecoach, Fife Council confirmed.", "Stagecoach, Fife Council",
     ["Stagecoach", "Fife Council"]),
])
def test_a_name_holds_no_comma_unless_it_lists_its_remits(nlp, text, name, parts):
    from extract.entities import _comma_inside_a_name
    doc = nlp.make_doc(text)
    start = text.index(name)
    doc.ents = [doc.char_span(start, start + len(name), label="ORG")]
    _comma_inside_a_name(doc, None)
    assert [e.text for e in doc.ents] == parts


def test_a_one_word_name_before_a_firms_noun_phrase_is_a_firm(nlp):
    # tagged a person, "the US company" hung on the verb as its object
    text = ("Transport for London has extended its contract with Cubic, the US company that has run the capital's "
            "Oyster ticketing system since 2003, until 2030.")
    assert typed(nlp, text).get("Cubic") == "Company"


@pytest.mark.parametrize("text", [
    "Sequoia had also led Bolt's previous round, a EUR 600m raise in August that valued the company highly.",
    "Basel medtech start-up Cardiolux has raised CHF 30m.",
])
def test_a_currency_code_cut_from_its_sum_is_no_firm(nlp, text):
    found = typed(nlp, text)
    assert not {"EUR", "CHF"} & set(found)


@pytest.mark.parametrize("text, name", [
    ("In a report tabled last week, Guylaine Leclerc, the Auditor General of Quebec, put the bill at C$1.1 billion.",
     "Auditor General of Quebec"),
    ("President Cyril Ramaphosa asked the Special Investigating Unit (SIU) to look into the contract.",
     "Special Investigating Unit"),
])
def test_an_office_or_a_unit_is_a_public_body(nlp, text, name):
    assert typed(nlp, text).get(name) == "Agency"


@pytest.mark.parametrize("text, name, label", [
    ("NSW Health has hired KPMG to review waiting times in emergency departments across Sydney.", "NSW Health",
     "Agency"),
    ("Babylon Health has signed a deal with the health service to run its app.", "Babylon Health", "Company"),
    # a service word and the place last
    ("The prison was commissioned by Corrective Services NSW from Northern Pathways, a consortium.",
     "Corrective Services NSW", "Agency"),
    # ... and the place first
    ("Queensland Corrective Services took over Arthur Gorrie Correctional Centre from GEO Group.",
     "Queensland Corrective Services", "Agency"),
])
def test_a_places_name_and_a_service_word_is_its_public_service(nlp, text, name, label):
    assert typed(nlp, text).get(name) == label


def test_a_name_sharing_a_persons_surname_is_a_person(nlp):
    # the tagger takes the sister for a firm and her brother for a person
    found = typed(nlp, "Lagos logistics start-up Kestrel Freight has not raised outside money since Amara Oduya "
                       "launched the firm in 2020 with her brother, Chidi Oduya.")
    assert found.get("Amara Oduya") == "Person"
    assert found.get("Chidi Oduya") == "Person"


def test_a_name_said_to_be_a_company_keeps_no_family(nlp):
    # the tagger takes "Ribera Salud" for a person; the firm it controls is no relative
    text = ("The concession, granted by the Conselleria de Sanitat, was held by Torrevieja Salud, a company "
            "controlled by the healthcare group Ribera Salud. Ribera Salud, which is controlled by the US insurer "
            "Centene Corporation, argues that the model delivered care at lower cost.")
    assert typed(nlp, text).get("Torrevieja Salud") != "Person"


def test_listed_initials_are_the_listed_firm_the_story_names_in_full(nlp):
    # "CAF" is listed for the Canadian Armed Forces; the story spells it out as a Spanish train maker
    text = ("Alstom has asked the court to annul the decision to give its biggest order to the Spanish manufacturer "
            "CAF. The contract was awarded by SNCB to Construcciones y Auxiliar de Ferrocarriles this autumn.")
    found = typed(nlp, text)
    assert found.get("Construcciones y Auxiliar de Ferrocarriles") == "Company"
    assert "Canadian Armed Forces" not in found


@pytest.mark.parametrize("text", [
    "Alstom lost to the Spanish train maker CAF. CAF will build 60 trams.",
    "CAF, the Spanish manufacturer, won the order. CAF will build 60 trams.",
    # listed with firms only
    "The contracts went to Alstom, Siemens and CAF.",
])
def test_listed_initials_the_story_calls_a_firm_are_that_firm(nlp, text):
    # "CAF" is listed for the Canadian Armed Forces
    found = typed(nlp, text)
    assert found.get("CAF") == "Company"
    assert "Canadian Armed Forces" not in found


def test_a_name_after_a_lower_case_executive_is_a_person(nlp):
    # the tagger takes the name for a firm; "Executive" capitalised ends public bodies' names
    assert typed(nlp, "IndiGo chief executive Pieter Elbers said the lease would end.").get("Pieter Elbers") == "Person"


def test_a_yuan_of_taiwans_government_is_a_body_and_the_currency_no_name(nlp):
    found = typed(nlp, "Taiwan's Legislative Yuan has frozen part of the budget, halting the Ministry of National "
                       "Defense's contract with CSBC Corporation. The deal is worth 10 billion yuan.")
    assert found.get("Legislative Yuan") == "Agency"
    assert typed(nlp, "Zoom was founded by Eric Yuan in 2011. Yuan remains chief executive.").get("Eric Yuan") == "Person"


def test_a_name_ends_at_its_possessive(nlp):
    # the tagger runs "the Ministry of Health's R$310 million" together
    found = typed(nlp, "The Federal Court of Accounts has suspended the Ministry of Health's R$310 million contract "
                       "with Positivo Tecnologia for tablets.")
    assert found.get("Ministry of Health") == "Agency"


def test_an_official_name_goes_on_past_for_the(nlp):
    found = typed(nlp, "The Czech Office for the Protection of Competition (ÚOHS) has struck down the Prague Public "
                       "Transit Company's award of a contract for 40 new trams to Škoda Group.")
    assert found.get("Czech Office for the Protection of Competition") == "Agency"
    assert "Protection of Competition" not in found


def test_a_regional_government_named_in_its_own_language_is_a_body(nlp):
    assert typed(nlp, "The Xunta de Galicia signed a deal with Indra.") == {"Xunta de Galicia": "Agency", "Indra": "Company"}


def test_the_owner_of_a_deal_is_an_organisation(nlp):
    # the tagger passes "IndiGo" over; its own lease makes it a party
    found = typed(nlp, "IndiGo's wet lease of two Boeing 777 jets from Turkish Airlines ran out in August.")
    assert found.get("IndiGo") == "Company"


def test_a_body_named_for_what_it_is_on_is_a_body(nlp):
    # the tagger takes the whole name; "on" is one of its small words, as "of" is
    assert typed(nlp, "The Philippine Commission on Elections has hired Miru Systems.") == {
        "Philippine Commission on Elections": "Agency", "Miru Systems": "Company"}


def test_a_short_name_in_brackets_is_the_long_names_alias(nlp):
    # the tagger runs "Commission on Elections (Comelec" together; "Comelec" alone later is the same body
    record = next(extract_texts(nlp, [("t", "The Commission on Elections (Comelec) has hired Miru Systems. "
                                            "Comelec said the machines were tested.", {})]))
    bodies = {e["name"]: (e["type"], e["aliases"]) for e in record["entities"]}
    assert bodies["Commission on Elections"] == ("Agency", ["Comelec"])
    assert set(bodies) == {"Commission on Elections", "Miru Systems"}


def test_a_platforms_unit_is_not_its_gazetteer_parent(nlp):
    # "Jio" is Reliance Jio's alias in the gazetteer; Jio Platforms is the holding firm above it
    found = typed(nlp, "Abu Dhabi's Mubadala put $1.2bn into Jio Platforms in 2020.")
    assert found.get("Jio Platforms") == "Company"
    assert "Reliance Jio" not in found


def test_a_firm_named_with_and_without_motor_is_one_firm(nlp):
    # the short name first (a headline), the full one after
    found = typed(nlp, "Toyota puts money into Grab. Toyota Motor Corporation is investing US$1 billion in Grab.")
    assert len([name for name in found if name.startswith("Toyota")]) == 1  # (the gazetteer lists the full name)


def test_a_firm_the_tagger_cut_short_and_took_for_a_person(nlp):
    # the tagger takes "Sakura" alone for a person each time; the founding sentence says what it is
    text = ("Japan's Digital Agency has selected Sakura Internet as a provider for its government cloud. "
            "Sakura Internet was founded in 1996 by Kunihiro Tanaka, who still runs it as president.")
    record = next(extract_texts(nlp, [("t", text, {})]))
    assert {e["name"]: e["type"] for e in record["entities"]}.get("Sakura Internet") == "Company"
    assert ("FOUNDED", "Kunihiro Tanaka", "Sakura Internet") in relation_keys(record)


def test_an_apposition_types_a_firm_the_tagger_takes_for_a_person_everywhere(nlp):
    text = ("Bending Spoons, the Milan company that buys struggling internet services, has raised $710 million. "
            "In September Bending Spoons agreed to buy Vimeo. Luca Ferrari started Bending Spoons in 2013.")
    assert typed(nlp, text).get("Bending Spoons") == "Company"


def test_two_firms_tagged_as_one_name_across_a_comma(nlp):
    text = ("Bending Spoons, the Milan company, bought WeTransfer last year. Within weeks of taking over "
            "WeTransfer, Bending Spoons said it would cut staff.")
    found = typed(nlp, text)
    assert "WeTransfer, Bending Spoons" not in found and found.get("WeTransfer") == "Company"


def test_a_public_body_quoted_as_a_source_is_still_a_party(nlp):
    found = typed(nlp, "According to the Yokohama City Government, the errors appeared when two requests met.")
    assert found.get("Yokohama City Government") == "Agency"


@pytest.mark.parametrize("text, name", [
    ("JCDecaux ran the bike service for the City of Paris from 2007.", "City of Paris"),  # tagged a place
    ("The Capital Region of Denmark picked Epic in 2013.", "Capital Region of Denmark"),  # tagged a firm
])
def test_a_unit_of_government_named_after_its_place_is_an_agency(nlp, text, name):
    assert typed(nlp, text).get(name) == "Agency"


def test_a_place_a_title_and_a_person_tagged_as_one_name(nlp):
    found = typed(nlp, "Politically, the exit may come as a relief to Ontario Premier Doug Ford, whose government "
                       "shook up the agency's board in 2018.")
    assert found == {"Doug Ford": "Person"}


def test_a_region_is_a_public_body(nlp):
    found = typed(nlp, "The hospitals of the Capital Region picked Epic Systems in 2013, and Region Zealand followed.")
    assert found.get("Capital Region") == "Agency"


def test_a_name_that_ends_in_a_place_takes_the_word_it_hangs_on(nlp):
    text = ("Sidewalk Labs has ended its partnership with Waterfront Toronto. Waterfront Toronto, the agency set up "
            "by the federal, provincial and municipal governments to revitalise the lakeshore, chose Sidewalk Labs "
            "as its partner in 2017.")
    found = typed(nlp, text)
    assert found.get("Waterfront Toronto") == "Agency" and "Toronto" not in found


def test_a_name_spelled_out_beside_its_initials_is_the_storys_body(nlp):
    # "Cash Paymaster Services" is tagged a work of art; "CPS" is also a listed body's initials
    text = ("The contract that allowed Cash Paymaster Services to pay social grants ends today. "
            "The South African Social Security Agency (Sassa) hired CPS in 2012 under a five-year deal.")
    record = next(extract_texts(nlp, [("t", text, {})]))
    found = {e["name"]: (e["type"], e["aliases"]) for e in record["entities"]}
    assert found.get("Cash Paymaster Services") == ("Company", ["CPS"])
    assert "Crown Prosecution Service" not in found



def test_a_party_is_no_organisation_of_the_graph(nlp):
    found = typed(nlp, "Labor's health spokesman, Mark Butler, said the government needed to be clearer.")
    assert "Labor" not in found and found.get("Mark Butler") == "Person"


def test_a_name_tagged_without_its_first_word_takes_it_back(nlp):
    text = ("DHL and Linfox to move vaccines as health department names aged-care providers\n\n"
            "The federal Department of Health has signed contracts with logistics companies DHL Supply Chain and "
            "Linfox to store vaccines. DHL Supply Chain is part of Deutsche Post DHL, the German postal group.")
    found = typed(nlp, text)
    assert found.get("DHL Supply Chain") == "Company" and "Supply Chain" not in found


def test_a_campaign_group_is_neither_firm_nor_public_body(nlp):
    found = typed(nlp, "Sierra Nevada said the aircraft were on time. Amnesty International has said an air strike "
                       "on a camp in Rann killed more than a hundred civilians.")
    assert "Amnesty International" not in found


def test_a_public_body_tagged_apart_from_its_country_takes_it_in(nlp):
    # the tagger stops at "Agency" and tags "South Africa's" a place
    found = typed(nlp, "The court has set aside the Passenger Rail Agency of South Africa's contract with Swifambo.")
    assert found.get("Passenger Rail Agency of South Africa") == "Agency" and "Passenger Rail Agency" not in found


def test_a_firms_name_may_hold_for(nlp):
    # the tagger misses the name; the apposition types it, and "for Humanity" is part of it
    found = typed(nlp, "Worldcoin is developed by Tools for Humanity, a company based in San Francisco.")
    assert found.get("Tools for Humanity") == "Company" and "Humanity" not in found and "Tools" not in found


def test_a_name_tagged_a_place_that_people_founded_is_a_firm(nlp):
    # tagged an organisation where it is founded, a place twice elsewhere
    text = ("Moniepoint was founded in 2015 by Tosin Eniolorunda and Felix Ike under the name TeamApt. People familiar "
            "with its plans say Moniepoint intends to expand through acquisitions, beginning in Kenya. The company's "
            "bank is supervised by the Central Bank of Nigeria, which told several large fintechs, Moniepoint among "
            "them, to pause.")
    assert typed(nlp, text).get("Moniepoint") == "Company"


def test_a_person_of_an_organisation_is_two_names(nlp):
    # the tagger takes "Russell Dreisenstock of Prosus" for one person
    text = ("The directors who stepped down were G V Ravishankar, a managing director at Peak XV Partners; Russell "
            "Dreisenstock of Prosus, the Amsterdam-listed technology investor; and Vivian Wu of the Chan Zuckerberg "
            "Initiative.")
    found = typed(nlp, text)
    assert found.get("Russell Dreisenstock") == "Person" and "Russell Dreisenstock of Prosus" not in found


def test_a_body_named_by_a_list_of_portfolios_keeps_the_last(nlp):
    # the tagger stops at "Fisheries"
    found = typed(nlp, "The Department of Forestry, Fisheries and the Environment refused the permits.")
    assert found == {"Department of Forestry, Fisheries and the Environment": "Agency"}


def test_a_name_listed_with_other_programmes_is_a_programme(nlp):
    found = typed(nlp, "The contract is overseen by the Executive Office of Health and Human Services, which administers "
                       "Medicaid and several other programmes.")
    assert "Medicaid" not in found


@pytest.mark.parametrize("text, name", [
    # tagged a place, joined by "and" to a person
    ("Moniepoint was founded in 2015 by Tosin Eniolorunda and Felix Ike under the name TeamApt.", "Tosin Eniolorunda"),
    # tagged an organisation and hung on the person after "and"
    ("The round was led by B Capital Group, the venture firm co-founded by Raj Ganguly and Eduardo Saverin, who was "
     "also one of the founders of Facebook.", "Raj Ganguly"),
])
def test_a_name_joined_to_a_persons_by_and_is_a_person(nlp, text, name):
    assert typed(nlp, text).get(name) == "Person"


def test_a_firms_international_arm_is_a_firm_of_its_own(nlp):
    found = typed(nlp, "Cisco signed the deal through Cisco International, the company's Irish-registered subsidiary.")
    assert found.get("Cisco International") == "Company" and found.get("Cisco") == "Company"


def test_a_trading_house_is_a_firm(nlp):
    text = ("Sakura Internet runs data centres. Sakura Internet was founded in 1996. Its largest shareholder is the "
            "trading house Sojitz.")
    assert typed(nlp, text).get("Sojitz") == "Company"


def test_well_known_firms_from_the_gazetteer(nlp):
    # the tagger takes "Didi Chuxing" for a person
    found = typed(nlp, "Grab raised $2.5 billion in a funding round led by Didi Chuxing and SoftBank last year.")
    assert found.get("DiDi Global") == "Company" and "Didi Chuxing" not in found  # the listed name


@pytest.mark.parametrize("text, expected", [
    # the parser splits the hyphened title into appositions and hangs "at" on the name
    ("Shigeki Tomoyama, an executive vice-president at Toyota, said the carmaker would work with Grab.",
     ("WORKS_FOR", "Shigeki Tomoyama", "Toyota Motor Corporation")),
    ("Jane Smith, a vice-chair at Boeing, said the order was safe.", ("WORKS_FOR", "Jane Smith", "Boeing")),
])
def test_a_hyphened_title_beside_a_name_gives_the_role(nlp, text, expected):
    record = next(extract_texts(nlp, [("t", text, {})]))
    links = relation_keys(record)
    assert expected in links and ("LEADS",) + expected[1:] not in links


def test_a_firms_name_with_and_between_firm_words_is_one_name(nlp):
    found = typed(nlp, "The agency signed a contract in 2017 with HLSI Security Systems and Technologies, an "
                       "Israeli firm.")
    assert found.get("HLSI Security Systems and Technologies") == "Company" and "Technologies" not in found


def test_two_firms_names_tagged_as_one_are_two(nlp):
    found = typed(nlp, "Trax had raised money from Boyu Capital and Hopu Investment Management, both based in China.")
    assert found.get("Boyu Capital") == "Company" and found.get("Hopu Investment Management") == "Company"


def test_initials_that_leave_out_a_place_in_the_name_are_its_short_form(nlp):
    text = ("President Nana Akufo-Addo has ordered the Ghana Revenue Authority to suspend its contract with "
            "Strategic Mobilisation Ghana Limited, a private firm. The company, known as SML, has been paid since "
            "2018. SML said it complied with the terms of its contract.")
    record = next(extract_texts(nlp, [("t", text, {})]))
    firms = {e["name"]: e["aliases"] for e in record["entities"] if e["type"] == "Company"}
    assert "SML" in firms.get("Strategic Mobilisation Ghana Limited", []) and "SML" not in firms


@pytest.mark.parametrize("text", [
    "Vodacom is majority-owned by Vodafone.",
    "Vodacom, which is majority-owned by Britain's Vodafone, said it was disappointed.",
])
def test_a_hyphened_participle_the_parser_hangs_on_be_is_passive(nlp, text):
    record = next(extract_texts(nlp, [("t", text, {})]))
    assert relation_keys(record) == {("OWNS", "Vodafone", "Vodacom")}


def test_a_passive_verb_joined_to_another_shares_its_passive_subject(nlp):
    record = next(extract_texts(nlp, [("t", "Vumatel was founded in 2014 and bought by Vodafone in 2019.", {})]))
    assert relation_keys(record) == {("OWNS", "Vodafone", "Vumatel")}


def test_a_firms_board_described_by_a_participle_stands_for_the_firm(nlp):
    record = next(extract_texts(nlp, [("t", "Palantir's board, chaired by Peter Thiel, met on Monday.", {})]))
    assert relation_keys(record) == {("LEADS", "Peter Thiel", "Palantir")}


def test_a_department_named_by_portfolios_the_tagger_stopped_at_the_first_comma(nlp):
    found = typed(nlp, "The contract will be overseen by the Department of Communications, Climate Action and "
                       "Environment.")
    assert found == {"Department of Communications, Climate Action and Environment": "Agency"}


def test_a_surname_after_an_honorific_is_no_organisation(nlp):
    found = typed(nlp, "The State will pay subsidies over the life of the contract, which will be overseen by Mr "
                       "Bruton's Department of Communications, Climate Action and Environment.")
    assert "Mr Bruton" not in found and "Bruton" not in {n for n, t in found.items() if t != "Person"}


def test_a_council_listed_beside_a_name_taken_for_a_person_stays_a_body(nlp):
    found = typed(nlp, "Cheshire East Council, Cheshire West and Chester Council and Warrington Borough Council have "
                       "jointly appointed Civica to run their revenues software from 2025.")
    assert found.get("Cheshire East Council") == "Agency" and found.get("Warrington Borough Council") == "Agency"


def test_a_shipyard_is_a_firm(nlp):
    assert typed(nlp, "Seaspan Shipyards will build a new polar icebreaker.") == {"Seaspan Shipyards": "Company"}


def test_transport_with_a_place_names_a_public_body(nlp):
    assert typed(nlp, "Transport Scotland has extended the ferry contract.") == {"Transport Scotland": "Agency"}
    assert typed(nlp, "Stagecoach Transport won the bus contract.") == {"Stagecoach Transport": "Company"}


@pytest.mark.parametrize("text, place", [
    ("Vodacom runs mobile networks in Tanzania, Mozambique and Lesotho.", "Mozambique"),
    ("EDGE Group, the state-owned defence conglomerate from Abu Dhabi, has completed the purchase.", "Abu Dhabi"),
])
def test_a_country_or_region_is_no_organisation(nlp, text, place):
    assert place not in typed(nlp, text)


def test_a_firm_named_like_a_country_code_is_still_a_firm():
    from extract.entities import is_place_name
    assert is_place_name("Abu Dhabi") and is_place_name("Egypt")
    assert not any(is_place_name(name) for name in ("BT", "Arm", "EE", "GE", "Palantir"))


def test_a_name_the_tagger_took_for_a_body_described_as_a_consultant_is_a_person(nlp):
    text = "Owners have been paying a heavy price, said Ifeoma Nwosu, a risk consultant at Harbourline Advisory."
    record = next(extract_texts(nlp, [("t", text, {})]))
    assert relation_keys(record) == {
        ("WORKS_FOR", "Ifeoma Nwosu", "Harbourline Advisory")}


@pytest.mark.parametrize("text, name", [
    # an epithet with no article types the firm after it
    ("Oslo-based Fjordlight raised $24m last year.", "Fjordlight"),
    ("Basel medtech start-up Cardiolux has raised CHF 30m.", "Cardiolux"),
    ("Lena Hartmann is a spokeswoman for Munich cloud provider Wolkenwerk.", "Wolkenwerk"),
    # a listed firm's arm named for its trade is a firm of its own, not the listed one
    ("Alstom bought Bombardier Transportation in 2021.", "Bombardier Transportation"),
    ("The consortium of Bouygues Construction and Acciona won.", "Bouygues Construction"),
    ("In 2023 Space Norway took over Telenor Satellite from the telecoms group.", "Telenor Satellite"),
])
def test_the_words_around_a_name_show_it_to_be_a_firm(nlp, text, name):
    assert typed(nlp, text).get(name) == "Company"


def test_a_name_ending_in_systems_is_a_firm_a_system_is_a_thing(nlp):
    assert typed(nlp, "The commission awarded the contract to Miru Systems.").get("Miru Systems") == "Company"
    assert "Federated Data System" not in typed(nlp, "NHS England bought the Federated Data System from Palantir.")


def test_a_commission_on_a_subject_is_one_public_body(nlp):
    assert typed(nlp, "The Commission on Elections awarded the contract to Miru Systems.").get(
        "Commission on Elections") == "Agency"


def test_a_trusts_name_read_whole_over_its_possessive_stays_whole(nlp):
    # the tagger reads "King's College Hospital" whole, and "NHS" is a listed short form
    found = typed(nlp, "Synnovis processes blood tests for King's College Hospital NHS Foundation Trust and Guy's and "
                       "St Thomas' NHS Foundation Trust.")
    assert found.get("King's College Hospital NHS Foundation Trust") == "Agency"
    assert "College Hospital NHS Foundation Trust" not in found


@pytest.mark.parametrize("text, name", [
    # untagged, bought by a firm
    ("Broadspectrum was bought by Ferrovial in 2016.", "Broadspectrum"),
    # tagged a place, sold by a firm
    ("Siemens sold Innomotics to KKR.", "Innomotics"),
])
def test_a_name_a_firm_buys_or_sells_is_a_firm(nlp, text, name):
    assert typed(nlp, text).get(name) == "Company"


def test_a_place_sold_by_a_state_stays_a_place(nlp):
    assert "Alaska" not in typed(nlp, "Russia sold Alaska to the United States.")


def test_listed_transport_bodies_and_operators_are_found(nlp):
    found = typed(nlp, "Transport for Greater Manchester has handed the bus franchises to Stagecoach. "
                       "Ndegwa takes the helm at Safaricom as the pandemic tests M-Pesa.")
    assert found.get("Transport for Greater Manchester") == "Agency"
    assert found.get("Stagecoach") == "Company"
    assert "Pesa Bydgoszcz" not in found  # (no short "Pesa" for the train maker: M-Pesa is a payment service)


def test_a_word_before_a_firms_kind_and_name_is_its_home_not_a_firm(nlp):
    # the tagger takes "Aarhus" for an organisation
    found = typed(nlp, "Danish packaging group Kronborg Emballage has bought Aarhus recycler Grøn Cirkel.")
    assert "Aarhus" not in found and found.get("Grøn Cirkel") == "Company"


def test_a_name_south_of_something_is_a_place(nlp):
    found = typed(nlp, "Spanish builder Acciona has pulled out of its contract with the Norwegian Public Roads "
                       "Administration to build a 12km stretch of the E39 south of Bergen, saying costs had risen.")
    assert "Bergen" not in found and found.get("Acciona") == "Company"


@pytest.mark.parametrize("text", [
    "Workhorse sues the Postal Service. Workhorse has asked a court to review the United States Postal "
    "Service's decision. The USPS declined to comment.",
    "The United States Postal Service gave the work to Oshkosh. The Postal Service said nothing.",
])
def test_a_body_named_without_its_country_is_the_same_body(nlp, text):
    record = next(extract_texts(nlp, [("t", text, {})]))
    bodies = {e["name"]: set(e["aliases"]) for e in record["entities"] if e["type"] == "Agency"}
    assert bodies.get("United States Postal Service", set()) >= {"Postal Service"}
    assert "Postal Service" not in bodies and "USPS" not in {e["name"] for e in record["entities"]}


@pytest.mark.parametrize("text, name", [
    ("The Comisión Federal de Electricidad said on Tuesday it had agreed revised terms.",
     "Comisión Federal de Electricidad"),
    ("The Comissão Nacional de Eleições fined the firm.", "Comissão Nacional de Eleições"),
])
def test_a_body_named_in_spanish_or_portuguese_is_a_public_body(nlp, text, name):
    assert typed(nlp, text).get(name) == "Agency"


@pytest.mark.parametrize("text, name", [
    ("Eoghan McCabe has returned as chief executive of Intercom.", "Eoghan McCabe"),
    ("Sinead MacBride has returned as chairman of Kestrel Payments.", "Sinead MacBride"),
])
def test_a_surname_with_a_second_capital_is_still_a_persons(nlp, text, name):
    assert typed(nlp, text).get(name) == "Person"


def test_the_first_words_of_one_firm_named_before_are_that_firm(nlp):
    record = next(extract_texts(nlp, [("t", "Thinking Machines Lab has raised $2bn. Thinking Machines was founded "
                                            "by Mira Murati.", {})]))
    firms = {e["name"]: e["aliases"] for e in record["entities"] if e["type"] == "Company"}
    assert firms == {"Thinking Machines Lab": ["Thinking Machines"]}
    # two firms so named: the short form is neither
    found = typed(nlp, "General Dynamics UK builds the Ajax. General Dynamics Land Systems builds tanks. "
                       "General Dynamics said nothing.")
    assert {"General Dynamics", "General Dynamics UK", "General Dynamics Land Systems"} <= set(found)


def test_two_peoples_names_tagged_as_one_are_two_people(nlp):
    found = typed(nlp, "CyberArk was founded in 1999 by Udi Mokady and Alon N. Cohen and keeps its main research "
                       "centre in Petah Tikva.")
    assert found.get("Udi Mokady") == "Person" and found.get("Alon N. Cohen") == "Person"
