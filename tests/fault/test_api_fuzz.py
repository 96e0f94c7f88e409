"""A bounded fuzz of every API endpoint from its OpenAPI schema (Schemathesis' strategies, driven by
Hypothesis), against the server on 127.0.0.1: whatever the parameters, no answer is a server error, and
every answer carries the security headers."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from tests.fault.test_server_security import SECURITY_HEADERS

EXAMPLES_PER_ENDPOINT = 20


def test_no_parameters_make_any_endpoint_fail(served: str):
    schema = schemathesis.openapi.from_url(f"{served}/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15, "every endpoint is in the schema"
    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_ENDPOINT, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        @given(case=operation.as_strategy())
        def call(case) -> None:
            response = case.call(headers={"Host": "localhost"})
            case.validate_response(response, checks=[not_a_server_error])
            assert [h for h in SECURITY_HEADERS if h not in response.headers] == [], case.path

        call()
