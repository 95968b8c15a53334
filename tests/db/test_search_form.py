"""The one search form: what it accepts, what it refuses and how, for the results page and
the API alike, and the API's parameters documented from its fields."""

import pytest
from django import forms
from django.http import QueryDict

from directory.api.filters import SearchFormBackend, query_parameter, value_schema
from directory.rules import geo
from directory.search.form import SearchForm


def search_form(query: str = "", **params: str) -> SearchForm:
    data = QueryDict(query, mutable=True)
    data.update(params)
    form = SearchForm(data)
    form.is_valid()
    return form


def test_an_empty_value_means_any():
    form = search_form("county=&service_type=shelter&near=&sort=")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["county"] == [] and form.cleaned_data["service_type"] == ["shelter"]
    assert form.place is None
    assert "county" not in form.data  # the filter form shows no empty choice as chosen


def test_a_place_is_understood_once_with_how_sure_the_answer_is():
    form = search_form("near=albuqerque")
    assert form.is_valid(), form.errors
    assert form.place.name == "Albuquerque"
    assert form.place_answer.how == geo.SPELLING


def test_language_codes_are_any_iso_639_code_in_any_case():
    form = search_form("language=ES&language=kee")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["language"] == ["es", "kee"]
    assert search_form("language=xx").errors["language"] == [
        "Unknown language code “xx” (use ISO 639 codes such as es or nv)."
    ]


@pytest.mark.parametrize(
    ("near", "message"),
    [
        ("123", "“123” is not a ZIP code (use 5 digits)."),
        ("10001", "“10001” is not a New Mexico ZIP code."),
        ("Atlantis", "We don't know a New Mexico town called “Atlantis”."),
        ("100%", "We don't know a New Mexico town called “100%”."),
        ("taos\x00", "Enter a New Mexico ZIP code or town name."),
    ],
)
def test_a_place_that_is_not_understood_is_named_in_its_message(near, message):
    assert search_form(near=near).errors["near"] == [message]


def test_a_place_not_understood_keeps_the_likely_town_to_suggest():
    form = search_form("near=lascrusis")
    assert not form.is_valid()
    assert (form.place, form.place_answer.suggestion) == (None, "Las Cruces")


@pytest.mark.parametrize("query", ["radius=10", "sort=distance"])
def test_a_distance_needs_a_place(query):
    assert set(search_form(query).errors) == {query.split("=")[0]}


@pytest.mark.parametrize("query", ["near=Atlantis&radius=10", "near=Atlantis&sort=distance"])
def test_a_place_not_understood_is_the_only_error_reported_about_it(query):
    assert set(search_form(query).errors) == {"near"}


def test_search_words_with_a_null_character_get_a_plain_message():
    assert search_form(q="shelter\x00").errors["q"] == ["The search contains a character that is not allowed."]


@pytest.mark.parametrize(
    "params",
    [
        {"county": ["taos", "atlantis"], "fees": "cheap"},
        {"near": "Atlantis", "radius": "10"},
        {"near": "123"},
        {"near": "taos", "radius": "501"},
        {"radius": "10", "sort": "random"},
        {"language": "xx", "open_now": "yes", "page": "0"},
        {"q": "x" * 201},
    ],
)
def test_the_page_and_the_api_refuse_the_same_values_with_the_same_messages(client, db, params):
    page = client.get("/services/", params)
    api = client.get("/api/v1/services/", params)
    assert (page.status_code, api.status_code) == (400, 400)
    shown = page.context["form"].errors.get_json_data()
    assert api.json() == {field: [error["message"] for error in errors] for field, errors in shown.items()}


# The API's parameters, documented from the form


def test_every_field_of_the_form_is_a_query_parameter_of_the_api():
    parameters = SearchFormBackend().get_schema_operation_parameters(view=None)
    assert [p["name"] for p in parameters] == list(SearchForm.base_fields)
    assert parameters == [query_parameter(name, field) for name, field in SearchForm.base_fields.items()]


def test_a_field_added_to_the_form_is_documented_with_its_type_and_choices():
    class WiderForm(SearchForm):
        color = forms.MultipleChoiceField(choices=[("red", "Red"), ("blue", "Blue")], required=False, help_text="Hue.")

    backend = SearchFormBackend()
    backend.form_class = WiderForm
    [color] = [p for p in backend.get_schema_operation_parameters(view=None) if p["name"] == "color"]
    assert color == {
        "name": "color",
        "in": "query",
        "required": False,
        "description": "Hue.",
        "schema": {"type": "array", "items": {"type": "string", "enum": ["red", "blue"]}},
        "style": "form",
        "explode": True,
    }


def test_a_kind_of_field_the_schema_cannot_describe_fails_loudly():
    with pytest.raises(TypeError, match="DateField"):
        value_schema(forms.DateField())
