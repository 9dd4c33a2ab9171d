"""Each quiz step costs a fixed, small number of queries."""

import pytest

# A step shown: the stored answers, with the response, in one query (the pinned revision's flow
# and the language switcher's quiz link are kept per process for the content generation).
# An answer: that read, then the locked read, update and insert in one savepoint (its two
# statements counted); the last answer writes the ending in the same savepoint.
SHOW, ANSWER, LAST_ANSWER, RESULTS = 1, 6, 7, 6


@pytest.mark.django_db
def test_each_step_takes_a_fixed_few_queries(patient, client, django_assert_max_num_queries):
    patient.start()
    client.get("/quiz/step/safety/")  # warm Django's content-type cache, as on a running server
    steps = [("safety", "safe"), ("concern", "low"), ("sleep", "yes"), ("extras", "skills"), ("pace", "own")]
    for key, choice in steps:
        with django_assert_max_num_queries(SHOW):
            assert client.get(f"/quiz/step/{key}/").status_code == 200
        with django_assert_max_num_queries(LAST_ANSWER if key == steps[-1][0] else ANSWER):
            assert patient.answer(key, choice).status_code == 302
    with django_assert_max_num_queries(RESULTS):
        assert client.get("/quiz/results/").status_code == 200


@pytest.mark.django_db
def test_a_changed_answer_after_back_stays_within_budget(patient, client, django_assert_max_num_queries):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "low")
    patient.answer("sleep", "yes")
    # The earlier answers are read (the cookie holds none); then the response, its answers, and
    # the delete, update and insert in one savepoint.
    with django_assert_max_num_queries(8):
        assert patient.answer("concern", "family")["Location"] == "/quiz/step/extras/"
