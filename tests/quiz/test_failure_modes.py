"""The database fails in the middle of a quiz step: the patient sees the 503 page with the
crisis numbers, and nothing is half-written, neither in the database nor in their cookie.

How each failure is made, on each database the suite runs on:

- Read-only database: real errors from the real database. SQLite runs with
  `PRAGMA query_only = ON` and refuses the first write with SQLITE_READONLY ("attempt to write
  a readonly database"); PostgreSQL runs the step in a `SET TRANSACTION READ ONLY`
  transaction, as on a hot standby after a failover, and refuses the locking read with
  ReadOnlySqlTransaction (SQLSTATE 25006), which Django raises as InternalError.
- Full disk, after the step's first write and before its second, so atomicity is really
  tested. PostgreSQL: the second write is replaced by a statement that makes the server raise
  a real `disk_full` error (SQLSTATE 53100), so the server aborts the transaction as it would.
  SQLite cannot be made to run out of pages at an exact statement, so the second write raises
  the driver's own `sqlite3.OperationalError("database or disk is full")` (SQLITE_FULL's
  message) through Django's error wrapper, exactly where SQLite would.

While the error page renders, every query is refused: the page must come from settings alone.
"""

import re
import sqlite3
from contextlib import contextmanager

import pytest
from django.db import DatabaseError, InternalError, connection, transaction
from psycopg import errors as psycopg_errors

from core.delivery.middleware import database_unavailable
from quiz.models import QuizResponse, ResponseAnswer, ResponseOutcome
from quiz.session import COOKIE_NAME

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Undoing the failed step is the only database work allowed once the failure happened.
UNDO = re.compile(r"^\s*(ROLLBACK|RELEASE)\b", re.IGNORECASE)

# Steps to fail, with the answers that reach them: a middle step (moves the response on, then
# records the answer), the crisis answer (records it, then marks the response) and the last
# step (records it, then completes the response and stores the suggestions).
BEFORE = [("safety", "safe"), ("concern", "low"), ("sleep", "yes"), ("extras", "skills")]
STEPS = {
    "middle step": ("concern", "low", BEFORE[:1]),
    "crisis answer": ("safety", "hurt-self", []),
    "last step": ("pace", "own", BEFORE),
}


class DatabaseFailure:
    """An execute wrapper that watches the step's queries: with `fail`, it lets `writes_before`
    writes through and hands the next one to `fail`. Once the database has failed (made to, or
    by itself), it refuses and records anything but the rollback of the failed step."""

    def __init__(self, fail=None, *, writes_before=0):
        self.fail = fail
        self.writes_before = writes_before
        self.failed = False
        self.writes_done = 0
        self.queries_after_failure = []

    def __call__(self, execute, sql, params, many, context):
        if self.failed:
            if UNDO.match(sql):
                return execute(sql, params, many, context)
            self.queries_after_failure.append(sql)
            raise AssertionError(f"The database was used after it failed: {sql}")
        if self.fail and WRITE.match(sql):
            if self.writes_before == 0:
                self.failed = True
                return self.fail(execute, sql, params, many, context)
            self.writes_before -= 1
        try:
            result = execute(sql, params, many, context)
        except DatabaseError:
            self.failed = True
            raise
        self.writes_done += bool(WRITE.match(sql))
        return result


def disk_full(execute, sql, params, many, context):
    if connection.vendor == "postgresql":
        raise_disk_full = (
            "DO $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' "
            "USING ERRCODE = 'disk_full'; END $$"
        )
        return execute(raise_disk_full, None, False, context)
    with connection.wrap_database_errors:
        raise sqlite3.OperationalError("database or disk is full")


@contextmanager
def read_only_database():
    """The real database refuses writes until the block ends."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # In a savepoint, whose rollback puts the transaction back to read-write.
            with transaction.atomic():
                cursor.execute("SET TRANSACTION READ ONLY")
                yield
                transaction.set_rollback(True)
        else:
            cursor.execute("PRAGMA query_only = ON")
            try:
                yield
            finally:
                cursor.execute("PRAGMA query_only = OFF")


def stored():
    return (
        list(QuizResponse.objects.order_by("pk").values()),
        list(ResponseAnswer.objects.order_by("pk").values()),
        list(ResponseOutcome.objects.order_by("pk").values()),
    )


@pytest.fixture
def reach(patient, client):
    """Start the quiz and answer up to a step; the client reports errors as the patient sees them."""
    client.raise_request_exception = False

    def reach(answers):
        patient.start()
        for key, choice in answers:
            assert patient.answer(key, choice).status_code == 302
        return patient

    return reach


def assert_error_page_with_nothing_half_written(response, patient, before, cookie_before, failure):
    assert response.status_code == 503, response.content.decode()[:500]
    html = response.content.decode()
    assert "We’ll be back shortly" in html
    assert 'href="tel:911"' in html and 'href="tel:988"' in html
    assert response["Retry-After"] == "30"
    assert failure.failed and failure.queries_after_failure == []
    assert COOKIE_NAME not in response.cookies  # progress in the cookie not advanced
    assert patient.client.cookies[COOKIE_NAME].value == cookie_before
    assert stored() == before


@pytest.mark.django_db
@pytest.mark.parametrize("step", STEPS.values(), ids=STEPS.keys())
def test_a_read_only_database_gives_the_error_page_and_writes_nothing(reach, step):
    key, choice, answers = step
    patient = reach(answers)
    before, cookie_before = stored(), patient.client.cookies[COOKIE_NAME].value
    failure = DatabaseFailure()  # the real database refuses; this only watches
    with read_only_database(), connection.execute_wrapper(failure):
        response = patient.answer(key, choice)
    assert_error_page_with_nothing_half_written(response, patient, before, cookie_before, failure)


@pytest.mark.django_db
@pytest.mark.parametrize("step", STEPS.values(), ids=STEPS.keys())
def test_a_full_disk_after_the_first_write_gives_the_error_page_and_writes_nothing(reach, step):
    key, choice, answers = step
    patient = reach(answers)
    before, cookie_before = stored(), patient.client.cookies[COOKIE_NAME].value
    failure = DatabaseFailure(disk_full, writes_before=1)
    with connection.execute_wrapper(failure):
        response = patient.answer(key, choice)
    assert failure.writes_done == 1  # the step's first write went in before the disk filled up
    assert_error_page_with_nothing_half_written(response, patient, before, cookie_before, failure)


@pytest.mark.django_db
def test_the_patient_carries_on_once_the_database_is_back(reach):
    patient = reach(BEFORE)
    with connection.execute_wrapper(DatabaseFailure(disk_full, writes_before=1)):
        assert patient.answer("pace", "own").status_code == 503
    response = patient.answer("pace", "own")
    assert response.status_code == 302 and response["Location"] == "/quiz/results/"
    finished = QuizResponse.objects.get()
    assert finished.completed_at is not None
    assert finished.answers.filter(question_key="pace").count() == 1
    assert finished.outcomes.exists()


@pytest.mark.parametrize(
    "cause, unavailable",
    [
        (psycopg_errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction"), True),
        (psycopg_errors.InFailedSqlTransaction("current transaction is aborted"), False),
        (psycopg_errors.InternalError_("internal error"), False),
    ],
)
def test_only_a_read_only_refusal_among_internal_errors_means_the_database_is_unavailable(cause, unavailable):
    # Other InternalErrors are bugs: they keep the 500 page, which also shows the crisis numbers.
    try:
        raise InternalError(str(cause)) from cause
    except InternalError as error:
        assert database_unavailable(error) is unavailable
