"""The task backend: Django-tasks' immediate one, plus a way to run each distinct task once for
a batch of saves.

Wagtail queues a search-index task and a reference-index task after every save of a page or
snippet, and building one page saves it several times (created, revised, published), so a
seed or a test fixture re-indexes the same object three or four times. Inside `run_once()`
the tasks are held back, each distinct (task, arguments) is kept once, and they run in order
when the block ends: the indexes end up as if every save had run its tasks, for a fraction of
the work. Outside the block, and in other threads (a live server's requests), nothing changes.
"""

import threading
from contextlib import contextmanager

from django_tasks.backends.immediate import ImmediateBackend

_held = threading.local()


class BatchingImmediateBackend(ImmediateBackend):
    def _execute_task(self, task_result):
        pending = getattr(_held, "pending", None)
        if pending is None:
            return super()._execute_task(task_result)
        key = (task_result.task.module_path, repr(task_result.args), repr(sorted(task_result.kwargs.items())))
        pending.setdefault(key, (self, task_result))
        return None

    def run_held(self, task_result):
        super()._execute_task(task_result)
        # Run at once, a failed index task only leaves its result FAILED, as Wagtail expects.
        # Held, it would fail out of sight of the code that queued it: say so, unless its object
        # was deleted later in the same block (nothing left to index).
        for error in task_result.errors:
            if not error.exception_class_path.endswith("DoesNotExist"):
                raise HeldTaskFailed(f"{task_result.task.module_path}{task_result.args}:\n{error.traceback}")


class HeldTaskFailed(RuntimeError):
    pass


@contextmanager
def run_once():
    """Hold back the tasks enqueued in this thread and run each distinct one once at the end.
    Nested blocks join the outermost one. If the block raises, the held tasks are dropped with
    the work that queued them."""
    if getattr(_held, "pending", None) is not None:
        yield
        return
    _held.pending = {}
    try:
        yield
        pending = _held.pending
    finally:
        del _held.pending
    # A task may save and so queue more: those run at once, as they would outside the block.
    for backend, task_result in pending.values():
        backend.run_held(task_result)
