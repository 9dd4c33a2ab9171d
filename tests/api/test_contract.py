"""The OpenAPI document is the contract: Schemathesis generates requests from it, valid and
malformed, against the app serving over real HTTP, and checks every answer: no 5xx, a status
code, content type, headers and body the document allows, and malformed input refused with a 4xx.

Schemathesis's "valid-shaped data must succeed" check is left out: an identifier, date or
cursor of the right type can still name nothing (a 404) or not be one we issued (a 400), as
the document says. Modest example counts keep it well under a minute here."""

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.specs.openapi.checks import positive_data_acceptance  # noqa: E402

from tests.api.conftest import reviewed_page, spanish_twin  # noqa: E402

EXAMPLES = 12  # per operation and mode: six operations, two modes, about 150 requests


@pytest.fixture
def served(live_server, index, conditions, provider_types, crisis_page, settings):
    settings.API_ANONYMOUS_RATE_LIMIT = 0  # the test sends every request from one address
    for days in (3, 2, 1):
        page = reviewed_page(index, days_ago=days, conditions=conditions[:2], provider_types=provider_types[:1])
    spanish_twin(page, title="Terapia", slug="terapia")
    return live_server.url


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_state_restored")
def test_every_operation_keeps_to_the_openapi_document(served):
    schema = schemathesis.openapi.from_url(f"{served}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} == {
        "/approaches",
        "/approaches/{id}",
        "/conditions",
        "/provider-types",
        "/get-help",
    }  # Schemathesis leaves out the document's own address
    checked = 0
    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(generation_mode=mode)

            @settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
            @given(case=strategy)
            def check(case):
                nonlocal checked
                response = case.call_and_validate(
                    base_url=f"{served}/api/v1", excluded_checks=[positive_data_acceptance]
                )
                assert response.status_code < 500
                checked += 1

            check()
    assert checked >= len(operations)  # every operation was called
