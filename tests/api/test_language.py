def test_it_serves_pages_in_arabic_whatever_the_browser_asks(client, db):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="ar"' in page


def test_it_serves_pages_in_the_language_the_person_chose(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/").content.decode()


def test_it_answers_api_clients_in_their_accept_language(client, db):
    response = client.get("/api/v1/centres/nowhere/", HTTP_ACCEPT_LANGUAGE="ar")
    assert (
        response.json()["detail"]
        != client.get("/api/v1/centres/nowhere/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    )
