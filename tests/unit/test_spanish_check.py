"""The check of Spanish pages (tests/spanish.py) finds what it is for."""



from tests.spanish import (
    spanish_style_left,
)


def test_the_spanish_style_check_finds_what_it_is_for():
    assert spanish_style_left("<p>Idiomas: Inglés, Español</p>") != []
    assert spanish_style_left("<p>Idiomas: inglés, Eastern Keres</p>") != []
    assert spanish_style_left("<td>14:00–20:00</td>") != []
    assert spanish_style_left("<td>Árábe</td>") != []
    assert spanish_style_left('<label>Español</label><p>Idiomas: inglés, zuñi</p><td>2:00 p. m.–8:30 p. m.</td>') == []
    assert spanish_style_left('<p lang="en">Languages: English, Spanish; 14:00</p>') == []
