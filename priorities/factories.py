"""Factories for “What matters to you”, used by the tests and built like the seed."""

from priorities.models import ApproachFit, FitRow, PriorityList, PriorityStatement

DEFAULT_STATEMENTS = [
    ("avoid-side-effects", "I want to avoid medication side effects."),
    ("talk-it-through", "I want to talk things through with someone."),
    ("start-soon", "I want to start soon."),
    ("keep-cost-down", "I want to keep the cost down."),
    ("my-own-pace", "I want to work on this on my own, at my own pace."),
]


def make_priority_list(*, statements=DEFAULT_STATEMENTS, publish=True, **fields) -> PriorityList:
    priority_list = PriorityList(**({"title": "What matters to you"} | fields))
    priority_list.statements = [PriorityStatement(key=key, text=text) for key, text in statements]
    priority_list.save()
    if publish:
        priority_list.save_revision().publish()
    return priority_list


def make_fit(*, approach, meets=(), conflicts=(), publish=True) -> ApproachFit:
    fit = ApproachFit(approach=approach)
    fit.rows = [FitRow(statement_key=k, effect=FitRow.MEETS) for k in meets] + [
        FitRow(statement_key=k, effect=FitRow.CONFLICTS) for k in conflicts
    ]
    fit.save()
    if publish:
        fit.save_revision().publish()
    return fit
