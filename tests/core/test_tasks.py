"""core.plumbing.tasks: Wagtail's index tasks run at once, or once each at the end of a `run_once()` block."""

import threading

import pytest
from django_tasks import task
from wagtail.models import ReferenceIndex

from approaches.factories import ApproachPageFactory
from approaches.models import ApproachPage
from core.plumbing.tasks import HeldTaskFailed, run_once

ran = []


@task()
def remember(value):
    ran.append(value)


@pytest.fixture(autouse=True)
def _clear():
    ran.clear()


def test_outside_a_block_each_task_runs_when_enqueued():
    remember.enqueue("a")
    remember.enqueue("a")
    assert ran == ["a", "a"]


def test_inside_a_block_each_distinct_task_runs_once_in_order_at_the_end():
    with run_once():
        remember.enqueue("a")
        remember.enqueue("b")
        remember.enqueue("a")
        with run_once():
            remember.enqueue("c")
        assert ran == []
    assert ran == ["a", "b", "c"]


def test_a_block_that_fails_drops_what_it_held():
    with pytest.raises(RuntimeError), run_once():
        remember.enqueue("a")
        raise RuntimeError
    assert ran == []
    remember.enqueue("b")
    assert ran == ["b"], "the next block or save must not inherit the failed block's tasks"


def test_other_threads_run_their_tasks_at_once():
    # A live server's request threads keep production behaviour while a test fixture holds its own.
    with run_once():
        thread = threading.Thread(target=remember.enqueue, args=("other thread",))
        thread.start()
        thread.join()
        assert ran == ["other thread"]
        remember.enqueue("this thread")
        assert ran == ["other thread"]
    assert ran == ["other thread", "this thread"]


@pytest.mark.django_db
def test_indexes_end_up_as_if_every_save_had_run_its_tasks(index, conditions):
    """A page built and saved again inside a block is searchable by its last title and its
    references are recorded once the block ends, as when each save runs its own tasks."""
    with run_once():
        page = ApproachPageFactory(parent=index, title="First", conditions=conditions[:2])
        for title in ("Second", "Steady zebra therapy"):
            page.title = title
            page.save_revision().publish()
        assert not ApproachPage.objects.search("zebra")
        assert not ReferenceIndex.get_references_for_object(page).exists()
    assert [found.pk for found in ApproachPage.objects.search("zebra")] == [page.pk]
    referenced = {ref.to_object_id for ref in ReferenceIndex.get_references_for_object(page)}
    assert {str(condition.pk) for condition in conditions[:2]} <= referenced


@task()
def fail(value):
    raise ValueError(value)


def test_a_held_task_that_fails_says_so_when_the_block_ends():
    # Run at once, a failure only marks the task's result; held, nobody would see it.
    fail.enqueue("at once")
    with pytest.raises(HeldTaskFailed, match="held"), run_once():
        fail.enqueue("held")
