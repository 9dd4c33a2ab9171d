"""Count the site search's empty results (approaches.search.found_nothing)."""

import logging

from django.db import DatabaseError
from django.dispatch import receiver

from approaches.search import found_nothing
from feedback import services

logger = logging.getLogger(__name__)


@receiver(found_nothing, dispatch_uid="feedback.count_empty_search")
def count_empty_search(sender, *, query: str, language: str, **kwargs):
    try:
        services.count_empty_search(query=query, language=language)
    except DatabaseError:
        # A counter is never worth a failed search.
        logger.warning("Could not count an empty search")
