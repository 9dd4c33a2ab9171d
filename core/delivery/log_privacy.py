"""Logging filters that keep patients' data out of log output.

Django's template engine logs every missing variable at DEBUG with the exception attached, and
that exception's message is the whole template context: on quiz pages, the patient's quiz
state and the answers behind their results. The filter keeps the one-line message (which
variable, which template) and drops the exception, so turning on DEBUG logging to chase a
template problem cannot copy answers into the logs.
"""

import logging


class DropTemplateContext(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True
