"""A listing's phones and opening hours, for the writer: rows with history of their own.

Reverting a listing restores the phones and hours it had at a version from their history
(review/history.py), so every row the writer deletes or inserts gets a history record,
and a row that stays the same is kept rather than deleted and re-created.
"""

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any, Protocol

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from directory.listings.history import CREATED, DELETED, record_history
from directory.listings.sql import among, chunks, delete, insert
from directory.models import OpeningHours, Phone
from directory.rules.hours import Interval

PHONE_FIELDS = ("kind", "number")
HOURS_FIELDS = ("weekday", "opens", "closes")
# Listing id -> its rows as (pk, values in *_FIELDS order).
Rows = dict[int, list[tuple[int, tuple]]]


class _Written(Protocol):
    listing_id: int | None
    stored: dict[str, Any] | None
    phones: dict[str, list[str]]
    hours: list[Interval] | None


def wanted_phones(phones: dict[str, list[str]]) -> list[tuple]:
    """The rows a change's phones ask for, calls first, then texts, then TTY: the order
    a person reaching for help needs them (rows are shown in the order written)."""
    order = Phone.Kind.values
    return [(kind, number) for kind in sorted(phones, key=order.index) for number in phones[kind]]


def wanted_hours(hours: list[Interval]) -> list[tuple]:
    return sorted({(i.weekday, i.opens, i.closes) for i in hours})


def current_phones(listing_ids: list[int]) -> Rows:
    return _current_rows(Phone, PHONE_FIELDS, listing_ids)


def current_hours(listing_ids: list[int]) -> Rows:
    return _current_rows(OpeningHours, HOURS_FIELDS, listing_ids)


def _current_rows(model: type[models.Model], fields: tuple[str, ...], listing_ids: list[int]) -> Rows:
    rows: Rows = {}
    for chunk in chunks(listing_ids):
        query = model.objects.filter(among("listing_id", chunk, "bigint")).order_by("pk")
        for pk, listing_id, *values in query.values_list("pk", "listing_id", *fields):
            rows.setdefault(listing_id, []).append((pk, tuple(values)))
    return rows


def save_phones(items: Iterable[_Written], *, actor, reason: str, now: datetime.datetime) -> None:
    with_phones = [item for item in items if item.phones]
    current = current_phones([item.listing_id for item in with_phones if item.stored])
    plans = []
    for item in with_phones:
        # Only the kinds the change gives: a file without a `tty` column keeps the TTY number.
        have = [(pk, values) for pk, values in current.get(item.listing_id, ()) if values[0] in item.phones]
        plans.append((item.listing_id, have, wanted_phones(item.phones)))
    _sync(Phone, PHONE_FIELDS, plans, actor=actor, reason=reason, now=now)


def save_hours(items: Iterable[_Written], *, actor, reason: str, now: datetime.datetime) -> None:
    with_hours = [item for item in items if item.hours is not None]
    current = current_hours([item.listing_id for item in with_hours if item.stored])
    plans = [(item.listing_id, current.get(item.listing_id, []), wanted_hours(item.hours)) for item in with_hours]
    _sync(OpeningHours, HOURS_FIELDS, plans, actor=actor, reason=reason, now=now)


def _sync(
    model: type[models.Model],
    fields: tuple[str, ...],
    plans: list[tuple[int, list[tuple[int, tuple]], list[tuple]]],
    *,
    actor: AbstractBaseUser | None,
    reason: str,
    now: datetime.datetime,
) -> None:
    """Give each listing the rows it should have, with a history record of each row deleted or inserted."""
    gone: list[int] = []
    new: list[tuple] = []
    for listing_id, have, want in plans:
        removed, added = _difference(have, want)
        gone += removed
        new += [(listing_id, *values) for values in added]
    record_history(model, gone, history_type=DELETED, actor=actor, reason=reason, date=now)
    delete(model, gone)
    inserted = insert(model, ("listing", *fields), new)
    record_history(model, inserted, history_type=CREATED, actor=actor, reason=reason, date=now)


def _difference(have: list[tuple[int, tuple]], want: list[tuple]) -> tuple[list[int], list[tuple]]:
    """(pks to delete, values to insert) that turn `have` into `want`, keeping the rows in both."""
    unmatched_want = Counter(want)
    removed = []
    for pk, values in have:
        if unmatched_want[values] > 0:
            unmatched_want[values] -= 1
        else:
            removed.append(pk)
    unmatched_have = Counter(values for _, values in have)
    added = []
    for values in want:
        if unmatched_have[values] > 0:
            unmatched_have[values] -= 1
        else:
            added.append(values)
    return removed, added
