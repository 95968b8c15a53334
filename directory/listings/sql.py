"""Plain bulk statements for the writer: a fixed number of queries whatever the number of rows.

Not bulk_create()/bulk_update(): bulk_create builds its SQL value by value through each
field's pre_save() and placeholder logic, which at 20,000 listings and 200,000 related
rows is most of an import's time (these are about five times faster), and bulk_update
builds a CASE WHEN per row and field, which takes minutes at 20,000 rows. Values still go
through their field's get_db_prep_save(), the part that adapts them to the database.
"""

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, TypeVar

from django.db import connection, models
from django.db.models.expressions import RawSQL

BATCH_SIZE = 1000

T = TypeVar("T")


def chunks(items: list[T]) -> Iterator[list[T]]:
    """Slices small enough for one query's parameters (SQLite caps them; PostgreSQL does not)."""
    size = max(1, connection.ops.bulk_batch_size(["pk"], items))
    for start in range(0, len(items), size):
        yield items[start : start + size]


def among(field: str, values: list, db_type: str) -> models.Q:
    """`field IN (values)`, on PostgreSQL as one array parameter: Django prepares the
    values of an IN one by one, which takes seconds at 20,000. (SQLite: a plain IN.)"""
    if connection.vendor == "postgresql":
        return models.Q(**{f"{field}__in": RawSQL(f"SELECT unnest(%s::{db_type}[])", [values])})
    return models.Q(**{f"{field}__in": values})


# Fields whose values (str, int, bool, float, None, a related row's id) the database
# driver takes as they are. Preparing each value through Django (get_db_prep_save) was a
# third of a 20,000-row import's Python time, for these types to no effect.
_TAKEN_AS_THEY_ARE = {
    *("CharField", "TextField", "SlugField", "EmailField", "URLField", "BooleanField", "FloatField"),
    *("IntegerField", "BigIntegerField", "SmallIntegerField", "PositiveIntegerField"),
    *("PositiveSmallIntegerField", "AutoField", "BigAutoField", "ForeignKey"),
}


def _preparer(field: models.Field) -> Callable[[Any], Any] | None:
    """How to prepare a value of `field` for the driver; None: as it is."""
    if field.get_internal_type() in _TAKEN_AS_THEY_ARE and not field.is_relation:
        return None
    if field.is_relation and field.target_field.get_internal_type() in _TAKEN_AS_THEY_ARE:
        return None
    return partial(field.get_db_prep_save, connection=connection)


def insert(
    model: type[models.Model], fields: tuple[str, ...], rows: list[tuple], *, update: Iterable[str] = ()
) -> list[int]:
    """INSERT rows of plain values (in `fields` order), returning their pks in the order
    of the rows; with `update`, an upsert on the pk that sets those fields."""
    meta, quote = model._meta, connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)
    prepare = [_preparer(meta.get_field(name)) for name in fields]
    one_row = f"({', '.join(['%s'] * len(fields))})"
    on_conflict = ""
    if update:
        assignments = ", ".join(
            f"{column} = EXCLUDED.{column}" for column in (quote(meta.get_field(n).column) for n in update)
        )
        on_conflict = f" ON CONFLICT ({quote(meta.pk.column)}) DO UPDATE SET {assignments}"
    size = max(1, min(BATCH_SIZE, connection.ops.bulk_batch_size(fields, rows)))
    pks: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            params = [
                value if prep is None else prep(value)
                for row in batch
                for prep, value in zip(prepare, row, strict=True)
            ]
            values = ", ".join([one_row] * len(batch))
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {values}{on_conflict} "
                f"RETURNING {quote(meta.pk.column)}",
                params,
            )
            pks += [pk for (pk,) in cursor.fetchall()]
    return pks


def delete(model: type[models.Model], ids: list[int], *, by: str = "pk") -> None:
    """DELETE the rows whose `by` field is in `ids`, sending no signals (history is the
    writer's to record, in bulk, not simple_history's post_delete, a query per row)."""
    quote = connection.ops.quote_name
    field = model._meta.pk if by == "pk" else model._meta.get_field(by)
    table, column = quote(model._meta.db_table), quote(field.column)
    with connection.cursor() as cursor:
        for chunk in chunks(ids):
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({', '.join(['%s'] * len(chunk))})", chunk)
