"""Word lists of the places stage: kind words, directions, locative prepositions."""

from __future__ import annotations

PROVINCE_WORDS: frozenset[str] = frozenset({
    "province", "governorate", "state", "region", "oblast", "prefecture", "department", "county",
})
DISTRICT_WORDS: frozenset[str] = frozenset({
    "district", "subdistrict", "sub-district", "qada", "qadaa", "qadha", "nahiya", "nahiyah", "nahia",
    "lga", "upazila", "tehsil", "sub-prefecture", "subprefecture", "commune", "woreda",
})
TOWN_WORDS: frozenset[str] = frozenset({
    "city", "town", "village", "suburb", "neighbourhood", "neighborhood", "area",
    "camp", "capital", "port", "hamlet", "settlement", "municipality", "enclave", "stronghold",
    "outpost", "base", "peninsula",
})
FEATURE_WORDS: frozenset[str] = PROVINCE_WORDS | DISTRICT_WORDS | TOWN_WORDS | {"valley", "border", "crossing", "island"}
DIRECTIONS: frozenset[str] = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "upper", "lower", "greater", "rural",
})
CONNECTORS: frozenset[str] = frozenset({"al", "el", "ad", "ez", "az", "ar", "as", "ash", "an", "-", "bin", "de", "du", "la"})
STRONG_PREPS: frozenset[str] = frozenset({
    "in", "at", "near", "outside", "inside", "around", "within", "throughout", "across",
    "along", "off", "beside", "next", "nearby", "amid", "outskirts", "between",
})
WEAK_PREPS: frozenset[str] = frozenset({"on", "over", "into", "onto", "through", "towards", "toward", "upon"})
MOTION_PREPS: frozenset[str] = frozenset({"to", "from"})
LOCATIVE_PREPS: frozenset[str] = STRONG_PREPS | WEAK_PREPS | MOTION_PREPS
AREA_NOUNS: frozenset[str] = frozenset({
    "outskirts", "edge", "centre", "center", "heart", "part", "parts", "suburbs", "sector",
    "streets", "outside", "inside", "out", "area", "areas", "districts", "neighbourhoods",
})
OF_HEADS: frozenset[str] = DIRECTIONS | AREA_NOUNS  # "east of X", "outside of X", "out of X"
# A demonym before these words names foreigners or a border, not the story's country: "Russian
# mercenaries", "a French aid worker", "the Canadian mining company", "an Italian missionary".
ABROAD_NOUNS: frozenset[str] = frozenset({
    "mercenaries", "mercenary", "national", "nationals", "expatriate", "expatriates", "expats",
    "tourist", "tourists", "missionary", "missionaries", "aid", "company", "companies", "firm",
    "firms", "investor", "investors", "embassy", "ambassador", "diplomat", "diplomats", "envoy",
    "engineer", "engineers", "mining", "contractor", "contractors", "hostage", "hostages",
    "exporter", "exporters", "instructors", "advisers", "advisors",
    "border", "borders", "frontier", "side", "ngo", "ngos", "non-governmental", "organisation",
    "organization", "crew", "crewmen", "owned", "volunteer", "volunteers", "ship", "vessel",
    "tanker", "cartoons", "cartoon",
})
# A country name or demonym before these is money, not a place: "the US dollar exchange rate".
CURRENCY_WORDS: frozenset[str] = frozenset({
    "dollar", "dollars", "euro", "euros", "pound", "pounds", "franc", "francs", "shilling",
    "shillings", "rupee", "rupees", "lira", "rial", "riyal", "dinar", "dinars", "naira", "cedi",
})
