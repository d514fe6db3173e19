def test_it_serves_an_openapi_schema_listing_the_endpoints(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/centres/{code}/tickets/" in paths
    assert "/api/v1/centres/{code}/counters/{number}/{action}/" in paths


def test_it_serves_the_browsable_docs_page(client, db):
    assert client.get("/api/v1/docs/").status_code == 200


def test_the_schema_is_valid_openapi_without_a_warning(db, tmp_path):
    """Every view documents its answer and every authenticator its header, so client
    generators get a schema without guesses (drf-spectacular counts a guess as a warning)."""
    from django.core.management import call_command
    from drf_spectacular.drainage import GENERATOR_STATS

    GENERATOR_STATS.reset()
    schema = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    assert "deviceToken" in schema.read_text()
