import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from directory.rules import vocab
from directory.rules.geo import distance_point
from directory.rules.hours import NEW_MEXICO

STALE_AFTER = datetime.timedelta(days=365)


def stale_cutoff(today: datetime.date | None = None) -> datetime.date:
    """Listings verified before this date are stale (not verified in the last 12 months)."""
    return (today or timezone.localdate()) - STALE_AFTER


class County(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "counties"

    def __str__(self) -> str:
        return self.name


class ServiceType(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80, help_text="English name; the shown name is translated.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return str(vocab.SERVICE_TYPES.get(self.slug, self.name))


class Population(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return str(vocab.POPULATIONS.get(self.slug, self.name))


class Language(models.Model):
    """An ISO 639 language (two-letter code where one exists, else three-letter)."""

    code = models.CharField(max_length=3, unique=True)
    name = models.CharField(max_length=80, help_text="English name from ISO 639.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        from directory.rules.languages import language_name

        return language_name(self.code)


class Organization(models.Model):
    name = models.CharField(max_length=200, unique=True)
    website = models.URLField(blank=True)
    # Advocates who keep this organization's listings current (through the portal,
    # never directly). Added with `manage.py add_to_role USER advocate --organization NAME`.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organizations", help_text="Advocates of this organization."
    )
    history = HistoricalRecords(m2m_fields=["members"])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def serving_counties_q(slugs: list[str]) -> Q:
    """Serving any of these counties (statewide listings serve every county): a condition
    on the listing row itself, which a near search can OR without a second scan."""
    served = Listing.counties_served.through.objects.filter(county__slug__in=slugs).values("listing_id")
    return Q(statewide=True) | Q(pk__in=served)


class ListingQuerySet(models.QuerySet):
    def published(self) -> "ListingQuerySet":
        """The one rule for what the public may see."""
        return self.filter(status=Listing.Status.PUBLISHED)

    def managed_by(self, user) -> "ListingQuerySet":
        """The listings of the organizations `user` is an advocate of (any status)."""
        return self.filter(organization__members=user)

    def going_stale(self, today: datetime.date | None = None, *, days: int = 30) -> "ListingQuerySet":
        """Fresh today, stale within `days` days: the listings to remind advocates of."""
        today = today or timezone.localdate()
        later = today + datetime.timedelta(days=days)
        return self.filter(last_verified__gte=stale_cutoff(today), last_verified__lt=stale_cutoff(later))

    def stale(self, today: datetime.date | None = None) -> "ListingQuerySet":
        return self.filter(Q(last_verified__isnull=True) | Q(last_verified__lt=stale_cutoff(today)))

    def serving_counties(self, slugs: list[str]) -> "ListingQuerySet":
        return self.filter(serving_counties_q(slugs))

    def open_now(self, at: datetime.datetime | None = None) -> "ListingQuerySet":
        """The same rule as hours.is_open(), in SQL. Listings with unknown hours are never open."""
        local = (at or timezone.now()).astimezone(NEW_MEXICO)
        today, now = local.weekday(), local.time().replace(microsecond=0)
        yesterday = (today - 1) % 7
        open_intervals = OpeningHours.objects.filter(
            Q(weekday=today, opens__lte=now, closes__gt=now)
            | Q(weekday=today, opens__lte=now, closes__lte=F("opens"))
            | Q(weekday=yesterday, closes__gt=now, closes__lte=F("opens"))
        )
        # An uncorrelated IN, not a correlated EXISTS: PostgreSQL prices the EXISTS per row
        # (a 30x higher estimate), enough to set off JIT costing more than the whole query.
        return self.filter(Q(hotline_24_7=True) | Q(open_24_7=True) | Q(pk__in=open_intervals.values("listing_id")))

    def for_results(self) -> "ListingQuerySet":
        """Everything a results row shows, in a fixed number of queries whatever the count."""
        return self.select_related("organization", "county").prefetch_related(
            "service_types", "languages", "phones", "hours"
        )

    def for_detail(self) -> "ListingQuerySet":
        return self.for_results().prefetch_related("counties_served", "populations")


class Listing(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        ARCHIVED = "archived", _("Archived")

    class Fees(models.TextChoices):
        FREE = "free", vocab.FEES["free"]
        SLIDING_SCALE = "sliding-scale", vocab.FEES["sliding-scale"]
        FEE = "fee", vocab.FEES["fee"]

    external_id = models.CharField(
        max_length=100, unique=True, null=True, blank=True, help_text="Stable key used by imports."
    )
    slug = models.SlugField(max_length=120, unique=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="listings")
    name = models.CharField(max_length=200)
    description = models.TextField(help_text="English description.")
    description_es = models.TextField(blank=True, verbose_name="Spanish description")
    service_types = models.ManyToManyField(ServiceType, related_name="listings")
    statewide = models.BooleanField(default=False, help_text="Serves every county.")
    counties_served = models.ManyToManyField(County, blank=True, related_name="listings_served")

    # The place. Street address and exact coordinates are private when confidential_location is set.
    address = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    zip = models.CharField(max_length=5, blank=True)
    county = models.ForeignKey(County, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    confidential_location = models.BooleanField(
        default=False, help_text="Street address and coordinates are never shown to the public."
    )
    # The point distances are measured from: the exact point for a public location, the
    # town's (else county's) centre for a confidential one. Derived by geo.distance_point() on every write.
    distance_latitude = models.FloatField(null=True, blank=True, editable=False)
    distance_longitude = models.FloatField(null=True, blank=True, editable=False)

    hotline_24_7 = models.BooleanField("answers 24/7", default=False)
    open_24_7 = models.BooleanField("hours are 24/7", default=False)
    languages = models.ManyToManyField(Language, blank=True, related_name="listings")
    populations = models.ManyToManyField(Population, blank=True, related_name="listings")
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    fees = models.CharField(max_length=20, choices=Fees.choices, blank=True)
    eligibility = models.TextField(blank=True)
    eligibility_es = models.TextField(blank=True, verbose_name="Spanish eligibility")

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    last_verified = models.DateField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    search_vector = SearchVectorField(null=True, editable=False)
    # The public text's exact words (no address): what a typo correction may offer back,
    # if a published listing holds them (search/backends/). PostgreSQL's, like search_vector.
    public_words = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        excluded_fields=["search_vector", "public_words", "distance_latitude", "distance_longitude"],
        m2m_fields=["service_types", "counties_served", "languages", "populations"],
    )
    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_vector"], name="listing_search_gin"),
            GinIndex(fields=["public_words"], name="listing_public_words_gin"),
            models.Index(fields=["distance_latitude", "distance_longitude"], name="listing_point_idx"),
            models.Index(fields=["status", "name"], name="listing_status_name_idx"),
            # Lets search find a page's listings (filters and sort keys) and the ids the
            # facets count from the index alone, instead of from the wide table rows.
            models.Index(
                fields=["id"],
                include=[
                    "statewide", "fees", "hotline_24_7", "open_24_7", "distance_latitude", "distance_longitude",
                    "name", "last_verified",
                ],
                condition=Q(status="published"),
                name="listing_published_cover_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A derived field, not a side effect: kept here so that every single-object write
        # path (admin, review, shell) agrees. Bulk writers call refresh_distance_point() too.
        self.refresh_distance_point()
        super().save(*args, **kwargs)

    def refresh_distance_point(self) -> None:
        def point(county: str | None) -> tuple[float, float] | None:
            return distance_point(
                confidential=self.confidential_location,
                latitude=self.latitude,
                longitude=self.longitude,
                city=self.city,
                zip_code=self.zip,
                county=county,
            )

        # The county is read only when nothing finer places the listing (rare), so that
        # bulk writers holding county ids do not pay a query per row.
        found = point(None) or (point(self.county.slug) if self.county_id else None)
        self.distance_latitude, self.distance_longitude = found if found else (None, None)

    def public_location(self) -> "PublicLocation":
        """What the public may know of this listing's place: the one confidentiality rule.

        Used by every template, the API and the exports. A confidential location shows
        its city and county only: no street address, ZIP or coordinates.
        """
        county = self.county.name if self.county_id else ""
        if self.confidential_location:
            return PublicLocation(address=None, city=self.city, zip=None, county=county, latitude=None, longitude=None)
        return PublicLocation(
            address=self.address or None,
            city=self.city,
            zip=self.zip or None,
            county=county,
            latitude=self.latitude,
            longitude=self.longitude,
        )

    @property
    def is_stale(self) -> bool:
        return self.last_verified is None or self.last_verified < stale_cutoff()

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED


@dataclass(frozen=True)
class PublicLocation:
    address: str | None
    city: str
    zip: str | None
    county: str
    latitude: float | None
    longitude: float | None


class SearchTerm(models.Model):
    """A word of listings' public text (lower case, no accents): the candidates a typo
    correction is chosen from by trigram similarity. Never addresses. A candidate is
    offered only while a published listing contains it (Listing.public_words), so a word
    left here by a listing since unpublished is never offered; cleanup prunes them."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], name="searchterm_word_trgm", opclasses=["gin_trgm_ops"])]

    def __str__(self) -> str:
        return self.word


class Phone(models.Model):
    class Kind(models.TextChoices):
        VOICE = "voice", _("Call")
        TEXT = "text", _("Text")
        TTY = "tty", _("TTY")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="phones")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.VOICE)
    number = models.CharField(max_length=20, help_text="E.164 (+15055550100) or an SMS short code.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        from directory.rules.phones import display_number

        return display_number(self.number)


class OpeningHours(models.Model):
    """One interval on one weekday. closes <= opens means it runs past midnight."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "opening hours"
        indexes = [models.Index(fields=["weekday", "opens", "closes"], name="hours_lookup_idx")]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"

    @property
    def overnight(self) -> bool:
        return self.closes <= self.opens


class ProposalQuerySet(models.QuerySet):
    def pending(self) -> "ProposalQuerySet":
        return self.filter(status=Proposal.Status.PENDING)

    def visible_to(self, user) -> "ProposalQuerySet":
        """An advocate sees every proposal of their organizations, their colleagues' too."""
        return self.filter(organization__members=user)


class Proposal(models.Model):
    """An advocate's proposed change: nothing is public until a reviewer approves it.

    `values` holds only the fields the advocate changed, in the canonical form of
    review.listing_values(); `base_values` is the whole listing as the advocate saw it,
    so that a reviewer can tell which of those fields someone else has changed since.
    """

    class Kind(models.TextChoices):
        EDIT = "edit", _("Change to a listing")
        NEW = "new", _("New listing")
        CONFIRM = "confirm", _("Still accurate")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="proposals")
    listing = models.ForeignKey(Listing, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    # The language the advocate wrote in: the decision email is sent in it.
    language = models.CharField(max_length=10, default="en")
    values = models.JSONField(default=dict, blank=True)
    base_values = models.JSONField(default=dict, blank=True)
    base_updated = models.DateTimeField(null=True, blank=True, help_text="The listing's last change when proposed.")
    note = models.TextField(blank=True, help_text="The advocate's note to the reviewer.")
    created = models.DateTimeField(auto_now_add=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="The reviewer's reason, shown to the advocate.")

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["status", "created"], name="proposal_status_created_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def title(self) -> str:
        """The listing's name, or the proposed name of a new one."""
        if self.listing_id:
            return self.listing.name
        return self.values.get("name", "")


class SuggestionQuerySet(models.QuerySet):
    def pending(self) -> "SuggestionQuerySet":
        return self.filter(resolved__isnull=True)


class Suggestion(models.Model):
    """A correction suggested by anyone on the public site: a note for reviewers, never a change."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="suggestions")
    text = models.TextField()
    contact = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    resolved = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]

    def __str__(self) -> str:
        return f"Suggestion #{self.pk} for {self.listing}"


class RateLimitCounter(models.Model):
    """Hits of one client in one window, for limits across every worker (infra/ratelimit.py):
    keyed by a keyed hash of the client's address, never the address; the daily cleanup
    deletes rows older than a day."""

    key = models.CharField(max_length=100, primary_key=True)
    started = models.FloatField()  # the window's start, in seconds since the epoch
    hits = models.PositiveIntegerField()


class AccountRequestQuerySet(models.QuerySet):
    def pending(self) -> "AccountRequestQuerySet":
        return self.filter(status=AccountRequest.Status.PENDING)


class AccountRequest(models.Model):
    """Someone at a service organization asks for an advocate's account; a reviewer
    approves it into one (accounts.account_request_approve) or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a reviewer")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organization = models.CharField(_("organization"), max_length=200)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(max_length=8, default="en")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(_("sent"), auto_now_add=True)
    decided = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="account_requests"
    )

    objects = AccountRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("account request")
        verbose_name_plural = _("account requests")

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"
