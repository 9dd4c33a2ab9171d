"""No log line carries a patient's address or what they answered.

Every logger is opened to DEBUG while a patient takes the whole quiz (and another answers the
safety question with a crisis answer), hits a missing page, sends a tampered answer and a forged
cookie. Each record is then searched: its message, its arguments, and every extra attribute a
formatter could print. `django.db.backends` stays silent here as in production: it only logs
SQL when DEBUG is on, and the SQL is the anonymous analytics rows the quiz is meant to store.
"""

import logging
import runpy
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client

from quiz.factories import QuizFactory
from tests.conftest import quiz_questions

ADDRESS = "203.0.113.77"
FORWARDED = "198.51.100.201"
MARK = "Zq7"  # in every option key and label of this quiz, so any echo of an answer shows
SEARCH = "my private worry"


@pytest.fixture
def quiz(pages, levels):
    """The shared test quiz, with every option key and label made unmistakable."""
    questions = quiz_questions(pages, levels)
    for question in questions:
        for option in question["options"]:
            option["key"] = f"{option['key']}-{MARK.lower()}"
            option["label"] = f"{option['label']} {MARK}"
    return QuizFactory(title="Test quiz", questions=questions, publish=True)


class Captured(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def every_log_record():
    """Every logger at DEBUG, including those that don't propagate to the root."""
    handler = Captured()
    manager = logging.root.manager
    loggers = [logging.root] + [log for log in manager.loggerDict.values() if isinstance(log, logging.Logger)]
    saved = [(log, log.level, log.disabled) for log in loggers]
    for log in loggers:
        log.setLevel(logging.DEBUG)
        log.disabled = False
        if log is logging.root or not log.propagate:
            log.addHandler(handler)
    yield handler.records
    for log, level, disabled in saved:
        log.setLevel(level)
        log.disabled = disabled
        log.removeHandler(handler)


def everything_in(record) -> str:
    """What any formatter or handler (a JSON one, the admin e-mail one) could print."""
    parts = [record.getMessage(), repr(record.args), record.exc_text or ""]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    parts += [f"{name}={value!r}" for name, value in vars(record).items() if name not in {"msg", "args"}]
    return "\n".join(parts)


def leaks(records, *secrets):
    return [(r.name, r.getMessage()) for r in records if any(s.lower() in everything_in(r).lower() for s in secrets)]


def browser():
    return Client(REMOTE_ADDR=ADDRESS, HTTP_X_FORWARDED_FOR=FORWARDED, HTTP_USER_AGENT="PatientPhone/9.9")


def key(option):
    return f"{option}-{MARK.lower()}"


@pytest.mark.django_db
def test_a_whole_quiz_run_logs_no_address_and_no_answer(quiz_page, crisis_page, every_log_record):
    patient = browser()
    assert patient.post(quiz_page.start_url).status_code == 302
    steps = [("safety", ["safe"]), ("concern", ["low"]), ("sleep", ["yes"]), ("extras", ["skills", "no-meds"])]
    for question, chosen in steps + [("pace", ["weekly"])]:
        response = patient.post(f"/quiz/step/{question}/", {"answer": [key(c) for c in chosen]})
        assert response.status_code == 302, question
    assert response["Location"] == "/quiz/results/"
    assert patient.get("/quiz/results/").status_code == 200
    click = patient.get("/quiz/suggestion/1/")
    assert click.status_code == 302 and patient.get(click["Location"]).status_code == 200

    in_crisis = browser()
    in_crisis.post(quiz_page.start_url)
    to_help = in_crisis.post("/quiz/step/safety/", {"answer": key("hurt-self")})
    assert to_help["Location"] == crisis_page.url
    assert in_crisis.get(to_help["Location"]).status_code == 200

    assert any(r.levelno == logging.DEBUG for r in every_log_record)  # the capture really is at DEBUG
    assert not leaks(every_log_record, ADDRESS, FORWARDED, MARK, "PatientPhone")


@pytest.mark.django_db
def test_error_pages_log_the_path_but_no_address_answer_or_search(quiz_page, every_log_record):
    patient = browser()
    assert patient.get("/no-such-page/").status_code == 404
    assert patient.get("/search/", {"q": SEARCH}).status_code == 200

    patient.post(quiz_page.start_url)
    tampered = patient.post("/quiz/step/safety/", {"answer": key("made-up-answer")})
    assert tampered.status_code == 400
    patient.post("/quiz/step/safety/", {"answer": key("safe")})
    skipped = patient.post("/quiz/step/concern/", {"skip": "1"})
    assert skipped.status_code == 400

    forged = browser()
    forged.cookies["steady_path_quiz"] = '{"path":["pace"],"answers":{"safety":["safe-zq7"]}}:forged'
    assert forged.post("/quiz/step/pace/", {"answer": key("soon")}).status_code == 410

    warnings = [r.getMessage() for r in every_log_record if r.name == "django.request"]
    assert "Not Found: /no-such-page/" in warnings
    assert "Bad Request: /quiz/step/safety/" in warnings
    assert not leaks(every_log_record, ADDRESS, FORWARDED, MARK, SEARCH, "PatientPhone")


def test_a_missing_template_variable_is_logged_without_the_context(every_log_record):
    Template("{{ missing.attribute }}").render(Context({"answers": {"safety": [f"hurt-self {MARK}"]}}))
    lines = [r for r in every_log_record if r.name == "django.template"]
    assert lines and lines[0].getMessage().startswith("Exception while resolving variable 'missing'")
    assert not leaks(lines, MARK)


def test_server_errors_email_nobody():
    # Django's error e-mail to ADMINS carries REMOTE_ADDR and every cookie, the quiz one included.
    assert not settings.ADMINS


# gunicorn's access log -------------------------------------------------------------------------

# gunicorn atoms that would print the client's address, the query string (a search), where they
# came from, their browser, or the whole request line (query string included).
IDENTIFYING_ATOMS = [
    *["%(h)s", "%(a)s", "%(f)s", "%(q)s", "%(r)s"],
    *["%({x-forwarded-for}i)s", "%({x-real-ip}i)s", "%({forwarded}i)s", "%({referer}i)s", "%({user-agent}i)s"],
]


@pytest.fixture
def gunicorn_conf(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", settings.SETTINGS_MODULE)  # the file only sets a default
    monkeypatch.delenv("GUNICORN_ACCESS_LOG", raising=False)
    return runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))


def test_the_gunicorn_access_log_format_names_no_identifying_field(gunicorn_conf):
    log_format = gunicorn_conf["access_log_format"]
    for atom in IDENTIFYING_ATOMS:
        assert atom.lower() not in log_format.lower(), atom
    assert "}e)s" not in log_format  # no environ value (REMOTE_ADDR, HTTP_* ...) either


def test_a_gunicorn_access_line_shows_the_path_but_not_who_asked(gunicorn_conf):
    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    cfg = Config()
    cfg.set("accesslog", gunicorn_conf["accesslog"])
    cfg.set("access_log_format", gunicorn_conf["access_log_format"])
    logger = Logger(cfg)
    lines = Captured()
    logger.access_log.addHandler(lines)
    try:
        environ = {
            "REQUEST_METHOD": "GET",
            "RAW_URI": f"/search/?q={SEARCH}",
            "PATH_INFO": "/search/",
            "QUERY_STRING": f"q={SEARCH}",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": ADDRESS,
            "HTTP_X_FORWARDED_FOR": FORWARDED,
            "HTTP_REFERER": "https://example.org/my-clinic",
            "HTTP_USER_AGENT": "PatientPhone/9.9",
        }
        headers = [
            ("X-FORWARDED-FOR", FORWARDED),
            ("REFERER", environ["HTTP_REFERER"]),
            ("USER-AGENT", "PatientPhone/9.9"),
        ]
        response = SimpleNamespace(status="200 OK", sent=512, headers=[])
        logger.access(response, SimpleNamespace(headers=headers), environ, timedelta(milliseconds=42))
    finally:
        # Logger() attached its own handlers to gunicorn's loggers; leave them as they were.
        logger.access_log.handlers.clear()
        logger.error_log.handlers.clear()
    [line] = [r.getMessage() for r in lines.records]
    assert "/search/" in line and " 200 " in line
    for secret in (ADDRESS, FORWARDED, SEARCH, "my-clinic", "PatientPhone"):
        assert secret not in line
