"""The public pages around the search: recognising trafficking, coverage and about."""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from directory.rules import vocab
from directory.web.coverage import county_map, coverage, coverage_csv

HOTLINE_REPORT_FORM_URL = "https://humantraffickinghotline.org/en/report-trafficking"


class CoverageForm(forms.Form):
    service_type = forms.ChoiceField(
        label=_("Type of service"),
        required=False,
        choices=[("", _("Any type of service")), *vocab.SERVICE_TYPES.items()],
        error_messages={"invalid_choice": _("Unknown type of service “%(value)s”.")},
    )


@require_safe
def signs(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/signs.html", {"report_form_url": HOTLINE_REPORT_FORM_URL})


@require_safe
def coverage_page(request: HttpRequest) -> HttpResponse:
    form = CoverageForm(request.GET)
    valid = form.is_valid()
    service_type = form.cleaned_data.get("service_type", "") if valid else ""
    figures = coverage()
    context = {
        "form": form,
        "figures": figures,
        "service_type": service_type,
        "service_type_label": vocab.SERVICE_TYPES.get(service_type, ""),
        "map": county_map(figures.counts(service_type), service_type=service_type),
    }
    return render(request, "directory/coverage.html", context, status=200 if valid else 400)


@require_safe
def coverage_download(request: HttpRequest) -> HttpResponse:
    # A byte-order mark, so that spreadsheets read "Doña Ana" as UTF-8.
    response = HttpResponse("\ufeff" + coverage_csv(coverage()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="new-mexico-services-by-county.csv"'
    return response


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    context = {
        "operator_name": settings.OPERATOR_NAME,
        "operator_email": settings.OPERATOR_EMAIL,
        "operator_address": settings.OPERATOR_POSTAL_ADDRESS,
        "operator_is_demo": settings.OPERATOR_IS_DEMO,
        "data_license_name": settings.DATA_LICENSE_NAME,
        "data_license_url": settings.DATA_LICENSE_URL,
    }
    return render(request, "directory/about.html", context)
