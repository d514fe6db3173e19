def test_it_serves_an_openapi_schema_listing_the_endpoints(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/centres/{code}/tickets/" in paths
    assert "/api/v1/centres/{code}/counters/{number}/{action}/" in paths


def test_it_serves_the_browsable_docs_page(client, db):
    assert client.get("/api/v1/docs/").status_code == 200
