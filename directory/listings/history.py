"""History records for rows the writer wrote in bulk: the one history mechanism.

simple_history records a save() by itself, but the writer writes with plain bulk
statements (sql.py), so it records history explicitly: one record per row, as stored,
naming the actor and the reason, and for each record the snapshot of the many-to-many
relations the model declares for its history (HistoricalRecords(m2m_fields=[...])),
which reverting a listing to a version needs (its service types, counties, populations
and languages as they were).

Both are copied inside the database (INSERT ... SELECT from the row's own table into the
historical model's, then from the relation's table into the snapshot's), a fixed number
of queries whatever the number of rows, and described only by what simple_history makes
public: the historical model (Model.history.model), the fields it tracks (tracked_fields,
what its own bulk_history_create() copies) and the descriptor it gives the historical
model for each tracked relation. Not bulk_history_create() itself: it builds a Python
object per record, which at 20,000 listings and 100,000 phones and hours is most of an
import's time, and it leaves out the relation snapshots.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, models
from simple_history.manager import HistoryDescriptor

from directory.listings.sql import chunks

CREATED, CHANGED, DELETED = "+", "~", "-"


def tracked_relations(model: type[models.Model]) -> list[models.ManyToManyField]:
    """The many-to-many fields whose rows `model`'s history records snapshot (those it
    declares in HistoricalRecords(m2m_fields=...), which simple_history gives the
    historical model a descriptor for)."""
    history = model.history.model
    return [
        field for field in model._meta.many_to_many if isinstance(history.__dict__.get(field.name), HistoryDescriptor)
    ]


def record_history(
    model: type[models.Model],
    ids: list[int],
    *,
    history_type: str,
    actor: AbstractBaseUser | None,
    reason: str,
    date: datetime.datetime,
) -> None:
    """A history record of each of these rows as stored now, with the snapshot of its
    tracked relations: after the write for CREATED and CHANGED, before the delete for
    DELETED (the record keeps what was deleted)."""
    if not ids:
        return
    history = model.history.model
    quote = connection.ops.quote_name
    tracked = ", ".join(quote(field.column) for field in history.tracked_fields)
    extra = ", ".join(
        quote(history._meta.get_field(name).column)
        for name in ("history_date", "history_type", "history_change_reason", "history_user")
    )
    insert = (
        f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, {extra}) "
        f"SELECT {tracked}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)} IN ({{}}) RETURNING {quote(history._meta.pk.column)}"
    )
    values = [connection.ops.adapt_datetimefield_value(date), history_type, reason, actor.pk if actor else None]
    relations = tracked_relations(model)
    with connection.cursor() as cursor:
        for chunk in chunks(ids):
            cursor.execute(insert.format(", ".join(["%s"] * len(chunk))), [*values, *chunk])
            records = [record_id for (record_id,) in cursor.fetchall()]
            for relation in relations:
                _snapshot(cursor, model, relation, records)


def _snapshot(cursor, model: type[models.Model], relation: models.ManyToManyField, records: list[int]) -> None:
    """Copy the relation's rows of the recorded rows into their records' snapshot."""
    quote = connection.ops.quote_name
    history = model.history.model
    snapshot = getattr(history, relation.name).model
    through = relation.remote_field.through
    # The snapshot has the relation table's columns, plus its own key and the record's.
    columns = [quote(field.column) for field in through._meta.concrete_fields]
    owner = quote(through._meta.get_field(relation.m2m_field_name()).column)
    record_key = quote(history._meta.pk.column)
    cursor.execute(
        f"INSERT INTO {quote(snapshot._meta.db_table)} "
        f"({', '.join(columns)}, {quote(snapshot._meta.get_field('history').column)}) "
        f"SELECT {', '.join(f't.{column}' for column in columns)}, h.{record_key} "
        f"FROM {quote(through._meta.db_table)} t JOIN {quote(history._meta.db_table)} h "
        f"ON h.{quote(model._meta.pk.column)} = t.{owner} "
        f"WHERE h.{record_key} IN ({', '.join(['%s'] * len(records))})",
        records,
    )
