"""Finding 5: every error page the public can reach keeps the way out, in both languages."""

import pytest
from django.conf import settings

from tests.browser.outside import has_way_out, log_in


@pytest.mark.parametrize(("prefix", "words"), [("", "Your form has expired"), ("/es", "Su formulario venció")])
def test_a_form_sent_without_a_valid_token_gets_the_sites_403(outside, make_listing, prefix, words):
    make_listing("Casa", slug="casa")

    answer = outside.request(f"{prefix}/services/casa/suggest/", data={"text": "The phone changed."})

    assert answer.status == 403
    assert words in answer.text
    assert has_way_out(answer.text, settings.QUICK_EXIT_URL)


def test_a_signed_in_person_without_the_role_gets_the_sites_403(outside, django_user_model):
    from tests.browser.outside import PASSWORD

    user = django_user_model.objects.create_user("nobody", "n@example.org", PASSWORD)
    log_in(outside, user)

    answer = outside.request("/advocate/")

    assert answer.status == 403
    assert has_way_out(answer.text, settings.QUICK_EXIT_URL)


@pytest.mark.parametrize(("prefix", "words"), [("", "Too many attempts"), ("/es", "Demasiados intentos")])
def test_a_login_lockout_is_the_sites_429(outside, advocate_of, prefix, words):
    advocate_of("Casa Org")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        token = outside.csrf_token(f"{prefix}/advocate/login/")
        answer = outside.request(
            f"{prefix}/advocate/login/", data={"username": "advocate", "password": "wrong", "csrfmiddlewaretoken": token}
        )

    assert answer.status == 429
    assert words in answer.text
    assert has_way_out(answer.text, settings.QUICK_EXIT_URL)


@pytest.mark.parametrize("path", ["/no-such-page/", "/es/no-such-page/", "/services/?county=atlantis"])
def test_not_found_and_bad_searches_keep_the_way_out(outside, path):
    answer = outside.request(path)

    assert answer.status in (400, 404)
    assert has_way_out(answer.text, settings.QUICK_EXIT_URL)


def test_a_bad_request_keeps_the_way_out(outside):
    answer = outside.request("/", headers={"Host": "evil.example"})

    assert answer.status == 400
    assert has_way_out(answer.text, settings.QUICK_EXIT_URL)
