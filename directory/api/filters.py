"""The API's search: the results page's SearchForm and run_search() as a DRF filter backend.

The backend also documents the search parameters for drf-spectacular, from the form's
fields: names, types, choices, limits and help texts all come from SearchForm, so the
schema at /api/schema/ cannot drift from what the API accepts.
"""

from django import forms
from django.db.models import QuerySet
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.filters import BaseFilterBackend

from directory.search.form import LanguageCodesField, SearchForm
from directory.search.query import run_search


class SearchFormBackend(BaseFilterBackend):
    form_class = SearchForm

    def filter_queryset(self, request, queryset: QuerySet, view) -> QuerySet:
        form = self.form_class(request.query_params)
        if not form.is_valid():
            errors = form.errors.get_json_data()
            raise ValidationError(
                {
                    field: [ErrorDetail(error["message"], code=error["code"]) for error in messages]
                    for field, messages in errors.items()
                }
            )
        return run_search(form.cleaned_data, place=form.place, base=queryset).queryset

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [query_parameter(name, field) for name, field in self.form_class.base_fields.items()]


def query_parameter(name: str, field: forms.Field) -> dict:
    """A form field as an OpenAPI query parameter; a list field is the repeated parameter."""
    parameter = {
        "name": name,
        "in": "query",
        "required": field.required,
        "description": str(field.help_text or field.label),
        "schema": value_schema(field),
    }
    if isinstance(field, forms.MultipleChoiceField):
        parameter.update(style="form", explode=True)
    return parameter


def value_schema(field: forms.Field) -> dict:
    """The OpenAPI schema of what a search form field accepts.

    Only the kinds of field the search form has: another kind fails here, when the
    schema is generated (and tested), rather than being documented as a bare string.
    """
    if isinstance(field, LanguageCodesField):
        return {"type": "array", "items": {"type": "string", "pattern": field.pattern}}
    if isinstance(field, forms.MultipleChoiceField):
        return {"type": "array", "items": _choices_schema(field)}
    if isinstance(field, forms.ChoiceField):
        return _choices_schema(field)
    if isinstance(field, forms.IntegerField):
        limits = {"minimum": field.min_value, "maximum": field.max_value}
        return {"type": "integer", **{key: limit for key, limit in limits.items() if limit is not None}}
    if isinstance(field, forms.CharField):
        return {"type": "string", **({"maxLength": field.max_length} if field.max_length else {})}
    raise TypeError(f"No OpenAPI schema for the search form's {type(field).__name__}")


def _choices_schema(field: forms.ChoiceField) -> dict:
    return {"type": "string", "enum": [str(value) for value, _label in field.choices if value != ""]}
