"""Finding 4: after opening a form, later page views set no cookie and renew nothing."""

from django.contrib.sessions.models import Session


def test_a_visitor_who_opened_the_form_gets_no_cookie_from_later_pages(outside, make_listing):
    make_listing("Casa", slug="casa")
    assert outside.request("/services/casa/suggest/").cookies  # the form's session cookie
    (session,) = Session.objects.all()

    for path in ["/", "/services/?q=shelter", "/services/casa/", "/es/services/", "/no-such-page/", "/api/v1/counties/"]:
        answer = outside.request(path)
        assert answer.cookies == [], path

    assert Session.objects.get().expire_date == session.expire_date  # not renewed


def test_a_signed_in_advocate_session_is_renewed(outside, advocate_of):
    from tests.browser.outside import log_in

    log_in(outside, advocate_of("Casa Org"))
    before = Session.objects.get().expire_date

    answer = outside.request("/advocate/")

    assert answer.status == 200
    assert Session.objects.get().expire_date >= before
    assert any(cookie.startswith("sessionid=") for cookie in answer.cookies)
