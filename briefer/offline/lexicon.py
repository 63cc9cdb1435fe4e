"""Word lists the offline rules lean on: general English and world knowledge, nothing per-article.

Kept as frozensets so membership tests stay O(1) on the hot path.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(w for w in text.split() if w)


# Countries (and common short forms) -> canonical state name.
COUNTRIES: dict[str, str] = {
    name: name
    for name in words(
        "Afghanistan Albania Algeria Angola Argentina Armenia Australia Austria Azerbaijan "
        "Bahrain Bangladesh Belarus Belgium Bolivia Bosnia Brazil Bulgaria Cambodia Cameroon "
        "Canada Chad Chile China Colombia Congo Croatia Cuba Cyprus Denmark Ecuador Egypt "
        "Eritrea Estonia Ethiopia Finland France Georgia Germany Ghana Greece Guatemala Haiti "
        "Honduras Hungary Iceland India Indonesia Iran Iraq Ireland Israel Italy Jamaica "
        "Japan Jordan Kazakhstan Kenya Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Libya "
        "Lithuania Luxembourg Malaysia Mali Malta Mexico Moldova Mongolia Montenegro Morocco "
        "Mozambique Myanmar Namibia Nepal Netherlands Nicaragua Niger Nigeria Norway Oman "
        "Pakistan Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania "
        "Russia Rwanda Scotland Senegal Serbia Singapore Slovakia Slovenia Somalia Spain "
        "Sudan Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Tunisia Turkey "
        "Turkmenistan Uganda Ukraine Uruguay Uzbekistan Venezuela Vietnam Wales Yemen Zambia "
        "Zimbabwe England"
    )
}
COUNTRIES.update(
    {
        "North Korea": "North Korea",
        "South Korea": "South Korea",
        "South Africa": "South Africa",
        "Saudi Arabia": "Saudi Arabia",
        "New Zealand": "New Zealand",
        "Sri Lanka": "Sri Lanka",
        "Czech Republic": "Czech Republic",
        "United States": "United States",
        "United States of America": "United States",
        "US": "United States",
        "U.S.": "United States",
        "USA": "United States",
        "America": "United States",
        "United Kingdom": "United Kingdom",
        "UK": "United Kingdom",
        "U.K.": "United Kingdom",
        "Britain": "United Kingdom",
        "Great Britain": "United Kingdom",
        "United Arab Emirates": "United Arab Emirates",
        "UAE": "United Arab Emirates",
        "European Union": "European Union",
        "EU": "European Union",
        "Belarus": "Belarus",
        "Ivory Coast": "Ivory Coast",
        "Soviet Union": "Soviet Union",
        "USSR": "Soviet Union",
    }
)

# Capitals and seats of power used metonymically for their state ("Moscow said ...").
CAPITALS: dict[str, str] = {
    "Kabul": "Afghanistan",
    "Tirana": "Albania",
    "Algiers": "Algeria",
    "Buenos Aires": "Argentina",
    "Yerevan": "Armenia",
    "Canberra": "Australia",
    "Vienna": "Austria",
    "Baku": "Azerbaijan",
    "Dhaka": "Bangladesh",
    "Minsk": "Belarus",
    "Brussels": "Belgium",
    "Brasilia": "Brazil",
    "Sofia": "Bulgaria",
    "Ottawa": "Canada",
    "Santiago": "Chile",
    "Beijing": "China",
    "Bogota": "Colombia",
    "Havana": "Cuba",
    "Copenhagen": "Denmark",
    "Cairo": "Egypt",
    "Helsinki": "Finland",
    "Paris": "France",
    "Tbilisi": "Georgia",
    "Berlin": "Germany",
    "Athens": "Greece",
    "Budapest": "Hungary",
    "New Delhi": "India",
    "Jakarta": "Indonesia",
    "Tehran": "Iran",
    "Baghdad": "Iraq",
    "Dublin": "Ireland",
    "Jerusalem": "Israel",
    "Rome": "Italy",
    "Tokyo": "Japan",
    "Amman": "Jordan",
    "Nairobi": "Kenya",
    "Beirut": "Lebanon",
    "Tripoli": "Libya",
    "Mexico City": "Mexico",
    "Chisinau": "Moldova",
    "Rabat": "Morocco",
    "Kathmandu": "Nepal",
    "The Hague": "Netherlands",
    "Abuja": "Nigeria",
    "Pyongyang": "North Korea",
    "Oslo": "Norway",
    "Islamabad": "Pakistan",
    "Manila": "Philippines",
    "Warsaw": "Poland",
    "Lisbon": "Portugal",
    "Doha": "Qatar",
    "Bucharest": "Romania",
    "Moscow": "Russia",
    "Kremlin": "Russia",
    "Riyadh": "Saudi Arabia",
    "Belgrade": "Serbia",
    "Seoul": "South Korea",
    "Pretoria": "South Africa",
    "Madrid": "Spain",
    "Khartoum": "Sudan",
    "Stockholm": "Sweden",
    "Bern": "Switzerland",
    "Damascus": "Syria",
    "Taipei": "Taiwan",
    "Bangkok": "Thailand",
    "Ankara": "Turkey",
    "Kyiv": "Ukraine",
    "Kiev": "Ukraine",
    "Washington": "United States",
    "Hanoi": "Vietnam",
    "Caracas": "Venezuela",
    "Harare": "Zimbabwe",
    "Whitehall": "United Kingdom",
}

# Other well-known places: never actors, but a development's `where`.
PLACES = words(
    "London Manchester Birmingham Liverpool Leeds Glasgow Edinburgh Cardiff Belfast Bristol "
    "Oxford Cambridge New York Chicago Houston Texas California Florida Boston Dallas Seattle "
    "Miami Atlanta Detroit Philadelphia Geneva Zurich Frankfurt Munich Hamburg Milan Naples "
    "Barcelona Istanbul Shanghai Hong Kong Mumbai Delhi Sydney Melbourne Toronto Montreal "
    "Vancouver Dubai Gaza Crimea Donbas Kharkiv Odesa Kherson Zaporizhzhia Siberia Europe "
    "Asia Africa Antarctica Arctic Atlantic Pacific Balkans Caribbean Scandinavia Middle East "
    "Latin Los Angeles San Francisco Silicon Valley Wall Street Cumbria Yorkshire Kent "
    "Ulster Bavaria Tibet Xinjiang Chechnya Kashmir Darfur Normandy"
)
MULTIWORD_PLACES = frozenset(
    {
        "New York",
        "Hong Kong",
        "Middle East",
        "Los Angeles",
        "San Francisco",
        "Silicon Valley",
        "Wall Street",
        "Latin America",
        "East Asia",
        "Southeast Asia",
        "Eastern Europe",
        "Western Europe",
        "Black Sea",
        "North Sea",
        "Red Sea",
        "Persian Gulf",
    }
)
# Last words that make a capitalised chain a place or a thing rather than an actor.
PLACE_HEADS = words(
    "Sea Ocean River Lake Mountains Mountain Island Islands Bay Gulf Valley Desert Region "
    "Province County Road Street Avenue Square Bridge Field Dome Stadium Airport Port Canal "
    "Strait Peninsula Coast Hall Park Village Town City District Street Dam Reservoir Corridor "
    "Pipeline Tunnel Substation Quay Wharf Crossing Breakwater Motorway Highway"
)

# Last words that make a capitalised chain a document, law or plan: talked about, never an actor.
DOC_HEADS = words(
    "Act Acts Treaty Treaties Agreement Accord Accords Convention Protocol Charter Directive "
    "Regulation Regulations Bill Law Code Constitution Amendment Declaration Plan Strategy "
    "Report Memorandum Pact Doctrine Manifesto Framework Statute Ordinance Decree"
)

DEMONYMS = words(
    "American British English Scottish Welsh Irish French German Italian Spanish Portuguese "
    "Dutch Danish Swedish Norwegian Finnish Russian Ukrainian Polish Czech Hungarian Romanian "
    "Greek Turkish Chinese Japanese Korean Indian Pakistani Afghan Iranian Iraqi Syrian "
    "Israeli Palestinian Egyptian Saudi Arab Arabic African Nigerian Kenyan Canadian Mexican "
    "Brazilian Argentine Australian Asian European Western Eastern Northern Southern Soviet "
    "Belarusian Georgian Armenian Albanian Serbian Croatian Bosnian Swiss Austrian Belgian "
    "Taiwanese Vietnamese Thai Indonesian Malaysian Filipino Cuban Venezuelan Colombian "
    "Chilean Peruvian Lebanese Libyan Jordanian Yemeni Qatari Emirati Kuwaiti Turkish Kurdish "
    "Muslim Christian Jewish Catholic Protestant Islamic Hindu Buddhist Sikh Latino Hispanic "
    "Welshman Scotsman Englishman Frenchman Dutchman Irishman Asian-American Tory Dem "
    "North South East West Central Korean"
)

MONTHS = words(
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
DAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
HOLIDAYS = words("Christmas Easter Ramadan Eid Thanksgiving Hanukkah Diwali New Year")

# Honorifics: "Mr. Kirby" is a person whose full name may appear elsewhere.
HONORIFICS = words("Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Miss Sir Dame Lord Lady Prof Prof.")

# Title words: a capitalised chain ending in one of these before a name is the role.
TITLES = words(
    "President Vice-President Prime Minister Chancellor Secretary Senator Sen. Rep. "
    "Representative Governor Gov. Mayor Ambassador General Gen Gen. Colonel Col. Admiral "
    "Lieutenant Lt. Major Captain Capt. Sergeant Commander Chief Director Chairman Chairwoman "
    "Chair Premier King Queen Prince Princess Pope Cardinal Bishop Archbishop Sheikh Emir "
    "Judge Justice Attorney Commissioner Inspector Superintendent Constable Officer "
    "Spokesman Spokeswoman Spokesperson Leader Head Deputy Editor Professor Dean Speaker "
    "MP MEP MSP Councillor Envoy Counsel Executive Founder Chief-Executive CEO Economist "
    "Analyst Strategist Correspondent Member Lawyer Minister-President Chancellor-elect"
)
TITLE_NOUNS = words(
    "president minister chancellor secretary senator governor mayor ambassador general "
    "commander chief director chairman chairwoman chair premier leader head deputy editor "
    "professor spokesman spokeswoman spokesperson executive economist analyst strategist "
    "correspondent lawyer founder adviser advisor official officer envoy member candidate "
    "manager owner host presenter researcher scientist expert dealer trader diplomat "
    "negotiator commissioner inspector investigator campaigner activist mp mep msp "
    "politburo chief-executive ceo cfo boss coach captain player author analyst columnist "
    "commentator blogger reporter journalist critic supervisor nurse doctor surgeon engineer "
    "operator driver pilot teacher farmer controller planner auditor counsel judge"
)
# Lowercase nouns that, as the subject of a claim verb, make a collective claimant.
GROUP_NOUNS = words(
    "economists analysts officials experts critics observers commentators investors "
    "diplomats researchers scientists lawyers sources witnesses residents campaigners "
    "activists protesters ministers lawmakers legislators regulators authorities "
    "police officers doctors historians ecologists conservationists environmentalists "
    "opponents supporters rebels militants insiders traders dealers bankers executives "
    "insurers unions teachers parents charities groups organisations observers forecasters "
    "strategists creditors shareholders voters residents officers leaders members "
    "prosecutors investigators judges governments agencies companies firms banks "
    "security-researchers users readers viewers customers consumers journalists reporters "
    "workers employees students hackers patients farmers drivers pilots engineers developers "
    "staff writers gangs criminals scammers fraudsters unionists delegates negotiators "
    "lenders borrowers landlords tenants"
)
# Definite descriptions resolved to an earlier actor of a kind ("the club said").
DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "company": ("company",),
    "firm": ("company",),
    "group": ("company", "organisation"),
    "bank": ("company",),
    "club": ("company", "organisation"),
    "party": ("organisation",),
    "government": ("state", "organisation"),
    "ministry": ("organisation",),
    "department": ("organisation",),
    "agency": ("organisation",),
    "newspaper": ("organisation", "company"),
    "paper": ("organisation",),
    "report": ("organisation",),
    "study": ("organisation",),
    "authors": ("organisation",),
    "force": ("organisation",),
    "court": ("organisation",),
    "board": ("organisation", "company"),
    "country": ("state",),
    "state": ("state",),
    "regime": ("state",),
    "kremlin": ("state",),
}

# Organisation name endings, split by the kind they imply.
COMPANY_SUFFIXES = words(
    "Inc Inc. Ltd Ltd. Corp Corp. Corporation plc PLC LLC Co Co. Company Group Holdings "
    "Bank Banks Securities Capital Resources Airlines Airways Motors Energy Telecom Systems "
    "Technologies Technology Software Pharmaceuticals Partners Investments Industries "
    "Petroleum Mining Media Networks Communications Entertainment Brands Foods Oil Gas "
    "Insurance Financial Finance Fund Trust Labs Electronics Semiconductor Steel Chemicals "
    "Barings Exchange Airline Shipping Logistics Ventures"
)
ORG_SUFFIXES = words(
    "Council Ministry Agency Foundation Party Department Office Committee Commission Centre "
    "Center Institute University College School Police Court Parliament Assembly Congress "
    "Senate Directorate Bureau Service Services Government Army Navy Force Forces Union "
    "Association Federation Organisation Organization League Society Authority Board "
    "Chamber Alliance Coalition Front Movement Network Church Cabinet Ministry Embassy "
    "Tribunal Commission Conference Forum Trust Charity Times Post News Herald Observer "
    "Journal Chronicle Mirror Guardian Telegraph Gazette Tribune Press Radio Television TV "
    "Reuters Democrats Republicans Conservatives Liberals Greens Socialists Unionists "
    "Administration Yard Programme Program Institution Guard Guards Brigade Corps Command "
    "Laboratory Lab Club Team Supplement Review Magazine Agency Secretariat Mission Courier "
    "Bulletin Dispatch Record Examiner Inquirer Sentinel Advertiser Monitor Guild Syndicate "
    "Consortium Cooperative Co-operative Hospital Clinic Infirmary"
)
# Dotted place-name prefixes that start a name: "St. Aurel General Hospital", "Mt. Kenya".
NAME_PREFIXES = words("St Mt Ft")
# A chain headed by one of these takes "of/for/the/and" inside it ("Bank of China").
ORG_HEADS = words(
    "Bank Department University Centre Center Ministry Foundation Institute Council Office "
    "Directorate Bureau Union Republic Chamber Court Commission House Board Committee "
    "Association Society League School College Museum Federation Organisation Organization "
    "Agency Church Kingdom States Party Army Secretary Minister Secretariat Academy Fund "
    "Alliance Coalition Congress Parliament Assembly Tribunal Confederation Corporation "
    "Authority Service Police Movement Save Friends Children's People's Sons Doctors "
    "Conference Front Order Mission Museum Library Hospital Trust Governor Prince Duke"
)
AND_TAILS = words(
    "Gas Industry Industries Islands Sons Company Co Partners Technology Development "
    "Research Innovation Skills Culture Sport Trade Commerce Energy Environment Health "
    "Welfare Security Justice Defence Defense Affairs Finance Planning Statistics Lords "
    "Commons Torture Communications Media Services"
)

# Capitalised words that start sentences or headings but never name anything.
COMMON_CAPS = words(
    "The A An This That These Those There Here It Its It's He She They We I You His Her "
    "Their Our My Your Him Them Us Me But And Or Nor Yet So For Because Although Though "
    "While Whereas Whether If When Where Why How What Which Who Whom Whose After Before "
    "Since Until Unless Despite However Meanwhile Moreover Furthermore Nevertheless "
    "Nonetheless Still Also Even Only Just Now Then Thus Hence Instead Indeed Perhaps "
    "Maybe Yes No Not All Any Some Many Most Much More Less Few Several Both Each Every "
    "Either Neither One Two Three Four Five Six Seven Eight Nine Ten First Second Third "
    "Last Next Other Another Such Same Under Over In On At By From To Of Off Out Up Down "
    "Into Onto Upon Within Without Through Throughout Across Along Among Amid Around About "
    "Above Below Beneath Beside Besides Between Beyond During Except Inside Outside Toward "
    "Towards Via With Like Unlike As Than Similarly Likewise Similarly Overall Officially "
    "Earlier Later Recently Already Eventually Finally Initially Originally Previously "
    "Currently Today Tomorrow Yesterday Tonight Fortunately Unfortunately Sadly Clearly "
    "Obviously Certainly Apparently Reportedly Separately Elsewhere Additionally Consequently "
    "Accordingly Otherwise Anyway Altogether Almost Nearly Rather Quite Very Too Again "
    "Once Twice Always Never Often Sometimes Ever Let Please Do Does Did Is Are Was Were Be "
    "Been Being Has Have Had Will Would Shall Should Can Could May Might Must Ought Whatever "
    "Whoever Whichever Wherever Whenever Everyone Everything Everybody Someone Something "
    "Somebody Anyone Anything Nobody Nothing None Other Others Part Parts "
    "Madam Dear Note Notes Update Updated Read More See Watch Listen Photo Photos Video "
    "Image Images Source Sources Copyright Advertisement Related Share Comment Comments "
    "According Asked Speaking Writing Talking Given Following Including Regarding Concerning "
    "Among Amongst Fellow Plans Shares Growth Trade News Figures Experts Analysts Officials "
    "Critics Observers Researchers Scientists Ecologists Solutions Services Climate Lawyers "
    "Creditors Police Officers Ministers Economists Investors Still Leadership Whereas OK"
)
# Sentence-initial lowercase-able words we also refuse as one-word names.
GENERIC_CAPS = words(
    "GMT BST EST UTC AM PM TV PC PCs CEO CFO AGM GDP BBC's Chapter Act Bill Article "
    "Section Figure Table Internet Web Net IT HR PR ICT CCTV"
)
# A department before a title is part of a role, not an actor: "Communications director
# Ottilie Brann", "Marketing chief Ann Lee".
DEPARTMENTS = words(
    "Communications Marketing Sales Finance Operations Engineering Policy Research Legal "
    "Technology Security Strategy Compliance Procurement Investor Relations Media Press "
    "Public Affairs Corporate Editorial Sports Business Health Education Transport"
)

# Verbs that attribute speech or belief, by the claim kind they imply.
DENIAL_VERBS = words(
    "denied denies deny denying rejected rejects reject dismissed dismisses dismiss "
    "refuted refutes disputed disputes"
)
ASSESSMENT_VERBS = words(
    "believe believes believed think thinks thought expect expects expected estimate "
    "estimates estimated predict predicts predicted forecast forecasts reckon reckons "
    "reckoned fear fears feared see sees hope hopes hoped doubt doubts suspect suspects "
    "hoping anticipate anticipates assess assesses assessed judge judges warned warns warn warning "
    "suggested suggests suggest"
)
REPORT_VERBS = words("reported reports report revealed reveals disclosed discloses")
ASSERT_VERBS = words(
    "said says say saying told tells tell claimed claims claim added adds add accused "
    "accuses accuse insisted insists insist argued argues argue arguing stated states "
    "announced announces noted notes pointed explained explains admitted admits acknowledged "
    "acknowledges confirmed confirms stressed stresses emphasised emphasized emphasises "
    "alleged alleges asserted asserts wrote writes maintained maintains described describes "
    "urged urges called calls queried questioned complained complains conceded concedes "
    "countered counters replied replies responded responds defended defends branded "
    "criticised criticized condemned condemns concluded concludes observed observes "
    "commented comments declared declares promised promises vowed vows recalled recalls "
    "speculated speculates blamed blames cautioned cautions remarked"
)
# Verbs that attribute a finding only when a "that" clause follows ("users have found that").
FINDING_VERBS = words("found find finds shown show shows showed discovered")
CLAIM_VERBS = DENIAL_VERBS | ASSESSMENT_VERBS | REPORT_VERBS | ASSERT_VERBS
# Verbs too weak to attribute unless a named or collective actor is their subject.
WEAK_CLAIM_VERBS = words(
    "see sees hope hopes hoped fear fears feared think thought judge judges described "
    "describes called calls report reports agreed observed observes suspect suspects "
    "questioned defended defends"
)
HEDGES = (
    "may",
    "might",
    "could",
    "likely",
    "unlikely",
    "possibly",
    "possible",
    "probably",
    "appears",
    "appear",
    "apparently",
    "suggests",
    "perhaps",
    "reportedly",
    "believed",
    "thought to",
    "seems",
)

EVENT_VERBS = words(
    "met meet meets signed sign signs raised raise raises launched launch launches announced "
    "visited visit visits arrested arrest delivered deliver grew grow grows fell fall falls "
    "rose rise rises bought buy buys sold sell sells acquired acquire agreed agree agrees "
    "approved approve approves awarded award won win wins lost lose quit resigned resign "
    "appointed appoint elected elect killed kill attacked attack struck strike strikes "
    "invaded invade seized seize fired fire launched imposed impose lifted lift banned ban "
    "cut cuts jumped jump slipped slip dropped drop climbed climb surged surge plunged "
    "expanded expand shrank overtook overtake posted post reported held hold holds "
    "arrived arrive left leave returned return died die freed free released release "
    "opened open closed close merged merge filed file sued sue charged charge jailed "
    "convicted sentenced suspended suspend stepped took take takes put puts blocked block "
    "liberated captured capture targeted target hit hits increased increase decreased "
    "decrease provided provide supplied supply passed pass voted vote collapsed collapse "
    "crashed crash exploded explode began begin begins started start starts ended end "
    "completed complete shared share disappeared went withdrew withdraw deployed deploy "
    "broke break breaks stole steal hacked infected infect discovered discover found "
    "published publish introduced introduce unveiled unveil shut shuts accounted "
    "criticised protested protest beat beaten defeated defeat emerged fled flee escaped "
    "scrapped scrap trebled doubled halved planned hired sacked fined paid pay pays"
)

FIRST_NAMES = words(
    "John James Robert Michael William David Richard Joseph Thomas Charles Christopher "
    "Daniel Matthew Anthony Mark Donald Steven Paul Andrew Joshua Kenneth Kevin Brian "
    "George Timothy Ronald Edward Jason Jeffrey Ryan Jacob Gary Nicholas Eric Jonathan "
    "Stephen Larry Justin Scott Brandon Benjamin Samuel Gregory Alexander Frank Patrick "
    "Raymond Jack Dennis Jerry Tyler Aaron Jose Adam Nathan Henry Douglas Zachary Peter "
    "Kyle Noah Ethan Jeremy Walter Christian Keith Roger Terry Austin Sean Gerald Carl "
    "Harold Dylan Arthur Lawrence Jordan Jesse Bryan Billy Bruce Gabriel Joe Logan Alan "
    "Juan Albert Willie Elijah Wayne Randy Vincent Mason Roy Ralph Bobby Russell Bradley "
    "Philip Eugene Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen "
    "Lisa Nancy Betty Sandra Margaret Ashley Kimberly Emily Donna Michelle Carol Amanda "
    "Melissa Deborah Stephanie Dorothy Rebecca Sharon Laura Cynthia Amy Kathleen Angela "
    "Shirley Brenda Emma Anna Pamela Nicole Samantha Katherine Christine Helen Debra Rachel "
    "Carolyn Janet Maria Catherine Heather Diane Olivia Julie Joyce Victoria Ruth Virginia "
    "Lauren Kelly Christina Joan Evelyn Judith Andrea Hannah Megan Cheryl Jacqueline Martha "
    "Madison Teresa Gloria Sara Janice Ann Kathryn Abigail Sophia Frances Jean Alice Judy "
    "Isabella Julia Grace Amber Denise Danielle Marilyn Beverly Charlotte Natalie Theresa "
    "Diana Brittany Doris Kayla Alexis Lori Marie Tony Tim Tom Jim Bill Bob Mike Dave Steve "
    "Ian Neil Nigel Gordon Ken Alistair Alastair Hamish Angus Malcolm Graham Colin Derek "
    "Trevor Clive Simon Oliver Harry Charlie Gerd Ned Fraser Norman Louise Gillian Tessa "
    "Hilary Jacqui Estelle Margaret Ruth Patricia Mervyn Boris Vladimir Sergei Sergey Dmitry "
    "Dmitri Mikhail Alexei Alexey Igor Yuri Ivan Viktor Volodymyr Petro Oleksandr Andriy "
    "Kim Xi Li Wang Wen Hu Zhang Mohammed Muhammad Ahmed Ali Hassan Hussein Omar Abdul "
    "Jean Pierre Jacques Francois Emmanuel Nicolas Angela Gerhard Helmut Olaf Friedrich "
    "Silvio Giuseppe Mario Carlos Luis Pedro Jorge Manuel Javier Recep Benjamin Shinzo "
    "Junichiro Narendra Jair Luiz Justin Rishi Theresa Keir Nicola Alex Pervez Jimmy Ray "
    "Robin Chris Nick Rob Rupert Hugh Ed Ted Ben Sam Max Luke Matt Greg Jeff Ron Ray Roy "
    "Bernie Hillary Barack Joe Kamala Nancy Mitch Rudy Rudolph Dick Condoleezza Colin "
    "Gavin Pete Marco Ted Elon Jeff Sundar Satya Tim Steve Larry Sergey Mark Sheryl Bill "
    "Warren Ben Janet Jerome Christine Mario Ursula Charles Harry Camilla Diana Anne"
)

# Heads of a noun phrase that make "the X" a description of an earlier person.
PERSON_DESCRIPTION_HEADS = words(
    "spokesman spokeswoman spokesperson president minister premier leader chief chairman "
    "chancellor secretary official executive director editor host economist analyst "
    "strategist mep mp msp ambassador envoy governor mayor senator general commander"
)
