"""Many patients at once: nothing lost, nothing doubled, no server errors."""

import pytest
from django.core.cache import cache


@pytest.mark.django_db
def test_a_zero_rate_limit_means_no_limit(patient, client, settings):
    # Load tests send every simulated patient from one loopback address.
    settings.QUIZ_RATE_LIMIT = 0
    patient.start()
    statuses = {client.post("/quiz/step/safety/", {"answer": "safe"}).status_code for _ in range(60)}
    assert 429 not in statuses
    assert not [key for key in cache._cache if "ratelimit" in str(key)]
