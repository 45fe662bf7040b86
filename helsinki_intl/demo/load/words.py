"""The words generated records are made of: plausible names, goals and texts of international work."""

FIRST_NAMES = [
    "Aino", "Anna", "Eero", "Elina", "Emilia", "Hanna", "Heikki", "Helmi", "Ilkka", "Johanna",
    "Juha", "Kaisa", "Kalle", "Katri", "Lars", "Leena", "Markus", "Minna", "Niklas", "Noora",
    "Oskari", "Paula", "Pekka", "Riikka", "Sanna", "Satu", "Teemu", "Tiina", "Ulla", "Veera",
]  # fmt: skip

LAST_NAMES = [
    "Aaltonen", "Backman", "Eklund", "Hakala", "Heikkinen", "Holmström", "Hämäläinen", "Jokinen",
    "Karjalainen", "Koskinen", "Lahtinen", "Laine", "Lindqvist", "Mattila", "Niemi", "Nurmi",
    "Ojala", "Rantanen", "Saarinen", "Salminen", "Sjöberg", "Tuominen", "Turunen", "Virtanen",
]  # fmt: skip

# Finnish, Swedish, English
UNIT_TOPICS = [
    ("Kaupunkiuudistus", "Stadsförnyelse", "Urban Renewal"),
    ("Ilmastopalvelut", "Klimattjänster", "Climate Services"),
    ("Kulttuuripalvelut", "Kulturtjänster", "Cultural Services"),
    ("Liikuntapalvelut", "Idrottstjänster", "Sports Services"),
    ("Nuorisopalvelut", "Ungdomstjänster", "Youth Services"),
    ("Työllisyyspalvelut", "Sysselsättningstjänster", "Employment Services"),
    ("Digitaaliset palvelut", "Digitala tjänster", "Digital Services"),
    ("Maahanmuuttopalvelut", "Invandrartjänster", "Immigration Services"),
    ("Terveyspalvelut", "Hälsotjänster", "Health Services"),
    ("Satamapalvelut", "Hamntjänster", "Port Services"),
    ("Matkailu ja tapahtumat", "Turism och evenemang", "Tourism and Events"),
    ("Kirjastopalvelut", "Bibliotekstjänster", "Library Services"),
]

NETWORK_ADJECTIVES = [
    "Baltic", "European", "Nordic", "Global", "Arctic", "Metropolitan", "Smart", "Green",
    "Resilient", "Creative", "Healthy", "Digital", "Inclusive", "Coastal", "Learning",
]  # fmt: skip
NETWORK_NOUNS = ["Cities", "Capitals", "Regions", "Ports", "Libraries", "Schools", "Municipalities"]
NETWORK_KINDS = ["Network", "Alliance", "Forum", "Coalition", "Association", "Platform", "Initiative"]

THEMES = [
    "Climate neutrality and energy",
    "Talent attraction and retention",
    "Integration of newcomers",
    "Digital services and open data",
    "Culture and creative industries",
    "Public health and well-being",
    "Education and lifelong learning",
    "Urban mobility",
    "Circular economy",
    "Preventing segregation",
    "Tourism and city marketing",
    "Security and preparedness",
]

# name, country, region
CITIES = [
    ("Tallinn", "EE", "baltic"), ("Riga", "LV", "baltic"), ("Vilnius", "LT", "baltic"),
    ("Tartu", "EE", "baltic"), ("Stockholm", "SE", "nordic"), ("Gothenburg", "SE", "nordic"),
    ("Oslo", "NO", "nordic"), ("Bergen", "NO", "nordic"), ("Copenhagen", "DK", "nordic"),
    ("Aarhus", "DK", "nordic"), ("Reykjavik", "IS", "nordic"), ("Berlin", "DE", "europe"),
    ("Hamburg", "DE", "europe"), ("Amsterdam", "NL", "europe"), ("Rotterdam", "NL", "europe"),
    ("Ghent", "BE", "europe"), ("Vienna", "AT", "europe"), ("Barcelona", "ES", "europe"),
    ("Lisbon", "PT", "europe"), ("Milan", "IT", "europe"), ("Warsaw", "PL", "europe"),
    ("Gdańsk", "PL", "europe"), ("Prague", "CZ", "europe"), ("Dublin", "IE", "europe"),
    ("Seoul", "KR", "asia"), ("Tokyo", "JP", "asia"), ("Singapore", "SG", "asia"),
    ("Shanghai", "CN", "asia"), ("Montréal", "CA", "americas"), ("Boston", "US", "americas"),
    ("Medellín", "CO", "americas"), ("Nairobi", "KE", "africa"), ("Cape Town", "ZA", "africa"),
    ("Melbourne", "AU", "oceania"), ("Auckland", "NZ", "oceania"),
]  # fmt: skip

ORGANISATIONS = [
    ("international_organisation", "Council of European Municipalities"),
    ("international_organisation", "Nordic Council of Ministers"),
    ("international_organisation", "OECD Centre for Entrepreneurship"),
    ("international_organisation", "Baltic Sea States Council"),
    ("un_agency", "UN-Habitat"),
    ("un_agency", "UNICEF"),
    ("un_agency", "UNESCO"),
    ("un_agency", "World Health Organization"),
]

# name, short name
PROGRAMMES = [
    ("Horizon Europe", "HE"),
    ("LIFE", "LIFE"),
    ("Interreg Baltic Sea Region", "BSR"),
    ("Interreg Central Baltic", "CB"),
    ("URBACT", "URBACT"),
    ("European Urban Initiative", "EUI"),
    ("Digital Europe", "DIGITAL"),
    ("Erasmus+", "ERASMUS"),
]

CALL_TOPICS = [
    "Positive energy districts",
    "Climate-neutral and smart cities",
    "Nature-based solutions",
    "Local digital twins",
    "Integration of third-country nationals",
    "Vocational excellence",
    "Sustainable urban mobility",
    "Cultural heritage for urban regeneration",
    "Affordable housing innovation",
    "Youth participation",
]

# title, target, indicator
GOALS = [
    ("Bring the city's positions into EU policy", "Two consultation replies a year", "Replies sent"),
    ("Find partners for EU-funded projects", "Three new consortia a year", "Applications with partners"),
    ("Learn from peer cities", "Two study exchanges a year", "Exchanges held"),
    ("Raise Helsinki's international visibility", "Speakers at four events a year", "Events with speakers"),
    ("Attract international talent", "One joint campaign a year", "Campaigns run"),
    ("Share practice in integrating newcomers", "Two exchanges a year", "Exchanges held"),
    ("Develop shared data standards", "Contribute to one standard", "Contributions made"),
    ("Cut emissions with joint pilots", "One pilot a year", "Pilots started"),
    ("Win international congresses", "Five congress leads a year", "Leads received"),
    ("Report on the Sustainable Development Goals", "Annual report delivered", "Reports delivered"),
]

BENEFITS = [
    "Peer learning and early knowledge of EU policy.",
    "Partners and funding for EU projects.",
    "Influence in international policy on the network's themes.",
    "Visibility for Helsinki's solutions.",
    "Access to the network's programmes and expert support.",
]

BENEFIT_ASSESSMENTS = [
    "The goals were largely met; the cooperation brings clear benefit.",
    "Useful exchange, but little concrete result this year.",
    "Benefit depends on one person's work; broaden participation.",
    "The costs exceed the benefit seen so far.",
    "Strong results in EU advocacy and project partnerships.",
]

DECISIONS = [
    "Continue; review again in a year.",
    "Continue with a narrower focus.",
    "Prepare leaving the network by the end of the year.",
    "",
]

ROLE_TITLES = [
    "Chair of a working group",
    "Member of the Executive Committee",
    "Vice-chair of a forum",
    "Board member",
    "Lead of a thematic task force",
]

CONTACT_SUMMARIES = [
    "Exchange on the year's joint themes and the next steps.",
    "Study visit on digital city services.",
    "Planning meeting for a joint EU application.",
    "Mayors' meeting on climate and security of supply.",
    "Experts' workshop on integrating newcomers.",
]

PARTICIPANTS = [
    "International affairs of both cities",
    "Deputy mayors and their advisers",
    "Experts of the owner unit",
    "Project teams of both cities",
]

EVENT_TOPICS = [
    "Urban Mobility", "Circular Economy", "Digital Health", "Public Libraries", "Smart Energy",
    "Youth Work", "Architecture", "Design", "Water Research", "Game Development", "Marine Science",
]  # fmt: skip
CONGRESS_NAMES = ["European Congress of", "World Summit on", "Nordic Conference on", "Annual Meeting of"]
MAJOR_EVENT_NAMES = ["European Championships in", "World Cup in", "Festival of", "Grand Prix of"]
SPORTS = ["Athletics", "Figure Skating", "Ice Hockey", "Basketball", "Sailing", "Esports"]
VENUES = ["Messukeskus Helsinki", "Finlandia Hall", "Helsinki Olympic Stadium", "Dipoli", "Paasitorni"]

# city, country, host conference
ABROAD = [
    ("Brussels", "BE", "European Week of Regions and Cities"),
    ("Cannes", "FR", "MIPIM"),
    ("Barcelona", "ES", "Smart City Expo World Congress"),
    ("Austin", "US", "SXSW"),
    ("Osaka", "JP", ""),
    ("Tallinn", "EE", "Latitude59"),
    ("Copenhagen", "DK", ""),
]
LOCAL_PARTNERS = ["Team Finland", "Embassy of Finland", "Business Finland", "Finnish Institute"]
