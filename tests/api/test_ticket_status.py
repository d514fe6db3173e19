from queueing import engine


def test_it_shows_public_status_by_token_without_personal_data(api, centre, passport):
    ticket = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], phone="0790000000"
    ).ticket
    response = api.get(f"/api/v1/tickets/{ticket.token}/")
    assert response.status_code == 200
    assert response.json()["number"] == "A-001"
    assert "0790000000" not in response.content.decode()


def test_it_shows_the_counter_once_called(api, centre, passport, open_counter, alice):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    engine.ticket_call_next(counter=open_counter, staff=alice)
    body = api.get(f"/api/v1/tickets/{ticket.token}/").json()
    assert (body["status"], body["counter"], body["position"]) == ("called", 1, None)


def test_it_answers_404_for_an_unknown_token(api, db):
    assert api.get("/api/v1/tickets/not-a-token/").status_code == 404


def test_it_lets_the_citizen_leave_the_queue(api, centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    response = api.post(f"/api/v1/tickets/{ticket.token}/leave/")
    assert response.json()["status"] == "walked_out"
    assert api.post(f"/api/v1/tickets/{ticket.token}/leave/").status_code == 409


def test_it_gives_the_number_as_arabic_screens_show_it(api, centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    body = api.get(f"/api/v1/tickets/{ticket.token}/").json()
    assert (body["number"], body["number_ar"]) == ("A-001", "أ-٠٠١")
