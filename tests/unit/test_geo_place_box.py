"""The place box (`near`) as people type places: geo.understand_place()."""

import pytest

from directory.rules import geo

# typed -> (how it is understood, the place answered, its county)
UNDERSTOOD = {
    # The examples of issue 13 and PRODUCT.md
    "Santa Fe, NM": (geo.EXACT, "Santa Fe", "santa-fe"),
    "Gallup NM": (geo.EXACT, "Gallup", "mckinley"),
    "Las Vegas NM": (geo.EXACT, "Las Vegas", "san-miguel"),
    "Las Cruces, New Mexico": (geo.EXACT, "Las Cruces", "dona-ana"),
    "87501-1234": (geo.EXACT, "Santa Fe", "santa-fe"),
    "875011234": (geo.EXACT, "Santa Fe", "santa-fe"),
    "espanola": (geo.EXACT, "Española", "rio-arriba"),
    "T or C": (geo.ALIAS, "Truth or Consequences", "sierra"),
    "ABQ": (geo.ALIAS, "Albuquerque", "bernalillo"),
    "albuqerque": (geo.SPELLING, "Albuquerque", "bernalillo"),
    "las cruses": (geo.SPELLING, "Las Cruces", "dona-ana"),
    "zuni pueblo": (geo.ALIAS, "Zuni", "mckinley"),
    "El Paso": (geo.OUTSIDE, "El Paso", "dona-ana"),
    "79901": (geo.OUTSIDE, "El Paso", "dona-ana"),
    # More real New Mexico spellings, short forms and misspellings
    "Santa Fe NM 87505": (geo.EXACT, "Santa Fe", "santa-fe"),
    "Espanola NM": (geo.EXACT, "Española", "rio-arriba"),
    "clovis nm": (geo.EXACT, "Clovis", "curry"),
    "Ft Sumner": (geo.EXACT, "Fort Sumner", "de-baca"),
    "TorC": (geo.ALIAS, "Truth or Consequences", "sierra"),
    "truth or consequence": (geo.ALIAS, "Truth or Consequences", "sierra"),
    "Burque": (geo.ALIAS, "Albuquerque", "bernalillo"),
    "alburquerque": (geo.SPELLING, "Albuquerque", "bernalillo"),
    "albq": (geo.SPELLING, "Albuquerque", "bernalillo"),
    "santa fee": (geo.SPELLING, "Santa Fe", "santa-fe"),
    "farmingtn": (geo.SPELLING, "Farmington", "san-juan"),
    "gallop": (geo.SPELLING, "Gallup", "mckinley"),
    "roswel": (geo.SPELLING, "Roswell", "chaves"),
    "tucumcary": (geo.SPELLING, "Tucumcari", "quay"),
    "alamagordo": (geo.SPELLING, "Alamogordo", "otero"),
    "hobs": (geo.SPELLING, "Hobbs", "lea"),
    "ruidosa": (geo.SPELLING, "Ruidoso", "lincoln"),
    "silver cty": (geo.SPELLING, "Silver City", "grant"),
    "socoro": (geo.SPELLING, "Socorro", "socorro"),
    "demming": (geo.SPELLING, "Deming", "luna"),
    "los lunes": (geo.SPELLING, "Los Lunas", "valencia"),
    "moriarity": (geo.SPELLING, "Moriarty", "torrance"),
    "bernalilo": (geo.SPELLING, "Bernalillo", "sandoval"),
    "las crucez": (geo.SPELLING, "Las Cruces", "dona-ana"),
    "espaniola": (geo.SPELLING, "Española", "rio-arriba"),
    "farmintun": (geo.SPELLING, "Farmington", "san-juan"),
    "truthorconsequenses": (geo.SPELLING, "Truth or Consequences", "sierra"),
    "carlsbat": (geo.SPELLING, "Carlsbad", "eddy"),
    "rosswell": (geo.SPELLING, "Roswell", "chaves"),
    "portalez": (geo.SPELLING, "Portales", "roosevelt"),
    "lascruces": (geo.EXACT, "Las Cruces", "dona-ana"),
    "riorancho": (geo.EXACT, "Rio Rancho", "sandoval"),
    # Pueblos and Navajo Nation chapters, where the offline ZIP data files them
    "Taos Pueblo": (geo.ALIAS, "Taos", "taos"),
    "Isleta Pueblo": (geo.EXACT, "Isleta", "bernalillo"),
    "Pueblo of Acoma": (geo.EXACT, "Pueblo of Acoma", "cibola"),
    "Kewa": (geo.ALIAS, "Santo Domingo Pueblo", "sandoval"),
    "San Felipe Pueblo": (geo.ALIAS, "Algodones", "sandoval"),
    "San Juan Pueblo": (geo.ALIAS, "Ohkay Owingeh", "rio-arriba"),
    "Santa Clara Pueblo": (geo.ALIAS, "Española", "rio-arriba"),
    "Picuris": (geo.ALIAS, "Penasco", "taos"),
    "Zia Pueblo": (geo.ALIAS, "San Ysidro", "sandoval"),
    "Jicarilla Apache Nation": (geo.ALIAS, "Dulce", "rio-arriba"),
    "Shiprock": (geo.EXACT, "Shiprock", "san-juan"),
    "Crownpoint": (geo.EXACT, "Crownpoint", "mckinley"),
    "Naschitti": (geo.ALIAS, "Tohatchi", "mckinley"),
    "Two Gray Hills": (geo.ALIAS, "Tohatchi", "mckinley"),
    # Chapters the ZIP data does not name, and counties typed as places: the county's centre
    "Nenahnezad": (geo.COUNTY_ONLY, "Nenahnezad", "san-juan"),
    "Tohajiilee": (geo.COUNTY_ONLY, "Tohajiilee", "bernalillo"),
    "San Juan County": (geo.COUNTY_ONLY, "San Juan County", "san-juan"),
    # Just over the state line: the nearest New Mexico services
    "Durango": (geo.OUTSIDE, "Durango", "san-juan"),
    "Window Rock": (geo.OUTSIDE, "Window Rock", "mckinley"),
    "Trinidad": (geo.OUTSIDE, "Trinidad", "colfax"),
    "79821": (geo.OUTSIDE, "Anthony", "dona-ana"),
    "Juarez": (geo.OUTSIDE, "Ciudad Juárez", "dona-ana"),
}


@pytest.mark.parametrize(("typed", "expected"), UNDERSTOOD.items(), ids=list(UNDERSTOOD))
def test_the_place_box_understands_how_people_type_places(typed, expected):
    how, name, county = expected
    answer = geo.understand_place(typed)
    assert (answer.how, answer.place and answer.place.name, answer.place and answer.place.county) == (how, name, county)


def test_a_town_in_new_mexico_wins_over_a_namesake_over_the_line():
    assert geo.understand_place("Anthony").how == geo.EXACT  # Anthony, NM, not Anthony, TX
    assert geo.understand_place("Anthony").place.county == "dona-ana"


def test_a_place_over_the_line_names_its_state():
    assert geo.understand_place("El Paso").state == "Texas"
    assert geo.understand_place("Durango").state == "Colorado"


@pytest.mark.parametrize("typed", ["xyzzy", "10001", "Denver", "New York", "Phoenix"])
def test_places_we_cannot_answer_find_nothing(typed):
    assert geo.understand_place(typed).place is None


@pytest.mark.parametrize(("typed", "suggestion"), [("lascrusis", "Las Cruces"), ("tukumkari", "Tucumcari")])
def test_a_less_likely_spelling_is_offered_but_not_answered(typed, suggestion):
    answer = geo.understand_place(typed)
    assert (answer.place, answer.suggestion) == (None, suggestion)
