# The quiz models (flows, questions, options, responses) arrive with the quiz issue.
