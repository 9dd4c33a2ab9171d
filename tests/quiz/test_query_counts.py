"""Each quiz step costs a fixed, small number of queries."""

import pytest


@pytest.mark.django_db
def test_each_step_takes_at_most_8_queries(patient, client, django_assert_max_num_queries):
    patient.start()
    client.get("/quiz/step/safety/")  # warm Django's content-type cache, as on a running server
    for key, choice in [
        ("safety", "safe"),
        ("concern", "low"),
        ("sleep", "yes"),
        ("extras", "skills"),
        ("pace", "own"),
    ]:
        with django_assert_max_num_queries(8):
            assert client.get(f"/quiz/step/{key}/").status_code == 200
        with django_assert_max_num_queries(8):
            assert patient.answer(key, choice).status_code == 302
    with django_assert_max_num_queries(8):
        assert client.get("/quiz/results/").status_code == 200


@pytest.mark.django_db
def test_a_changed_answer_after_back_stays_within_budget(patient, client, django_assert_max_num_queries):
    patient.start()
    patient.answer("safety", "safe")
    patient.answer("concern", "low")
    patient.answer("sleep", "yes")
    # Two reads are deliberate: the pinned revision (no process cache, so an approved change
    # reaches patients at once) and the earlier answers (the cookie holds none). Then the
    # response, its answers, and the delete, update and insert in one savepoint.
    with django_assert_max_num_queries(9):
        assert patient.answer("concern", "family")["Location"] == "/quiz/step/extras/"
