"""The API's throttle: the rate limits of ratelimit.py, in DRF's terms.

Its own module because DRF imports it from settings while the API views are defined.
"""

from django.conf import settings
from rest_framework import throttling

from directory.infra import ratelimit


class ClientRateThrottle(throttling.BaseThrottle):
    """API_THROTTLE_RATE per client, counted across every worker and server."""

    def allow_request(self, request, view) -> bool:
        self.limit = ratelimit.Limit.parse("api", settings.API_THROTTLE_RATE)
        return ratelimit.hit(self.limit, request)

    def wait(self) -> float:
        return float(self.limit.seconds)
