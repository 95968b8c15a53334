"""Which requests may read from the read replica (directory/infra/db_router.py); the real
replica is tests/browser/test_read_replica.py."""

import pytest
from django.http import HttpRequest
from django.test import RequestFactory

from directory.infra import db_router
from directory.models import Listing

# --- which requests may read from the replica -----------------------------------------------


def request(method: str = "GET", path: str = "/services/", cookies: dict | None = None) -> HttpRequest:
    made = RequestFactory().generic(method, path)
    made.COOKIES = cookies or {}
    return made


@pytest.mark.parametrize("path", ["/", "/services/", "/es/services/", "/services/casa/", "/api/v1/services/"])
def test_anonymous_reads_of_public_pages_and_the_api_may_use_the_replica(path):
    assert db_router.replica_eligible(request(path=path))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_anything_but_a_read_uses_the_primary(method):
    assert not db_router.replica_eligible(request(method))


def test_anyone_with_a_session_reads_from_the_primary():
    """A reviewer, an advocate, or someone who just sent a form: they see their own writes."""
    assert not db_router.replica_eligible(request(cookies={"sessionid": "x"}))


@pytest.mark.parametrize("path", ["/admin/", "/admin/directory/listing/", "/advocate/", "/es/advocate/login/"])
def test_staff_and_advocate_pages_use_the_primary(path):
    assert not db_router.replica_eligible(request(path=path))


def test_without_a_replica_every_read_uses_the_primary():
    assert not db_router.replica_configured()  # DATABASE_REPLICA_URL is not set for the tests
    assert db_router.ReplicaRouter().db_for_read(Listing) == "default"


def test_outside_a_request_every_read_uses_the_primary():
    """Commands (imports, the shell) and tests read what they have just written."""
    assert db_router.ReplicaRouter().db_for_read(Listing) == "default"
    assert db_router.ReplicaRouter().db_for_write(Listing) == "default"
