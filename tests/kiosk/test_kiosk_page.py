import json

from queueing import engine


def test_it_serves_the_kiosk_in_arabic_with_both_languages_ready(client, centre):
    response = client.get("/kiosk/amman/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<a " not in html  # no way out of the kiosk
    config = json.loads(
        html.split('id="kiosk-config" type="application/json">')[1].split("</script>")[0]
    )
    assert config["strings"]["ar"]["confirm"] == "احصل على تذكرتي"
    assert config["strings"]["en"]["confirm"] == "Take my ticket"
    assert [p["code"] for p in config["priorities"]] == ["disability", "elderly", "pregnancy"]


def test_it_has_no_kiosk_for_an_unknown_centre(client, db):
    assert client.get("/kiosk/nowhere/").status_code == 404


def test_it_serves_the_ticket_pdf_to_the_kiosk_frame(client, centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    response = client.get(f"/kiosk/tickets/{ticket.token}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response.content.startswith(b"%PDF")
    assert client.get("/kiosk/tickets/unknown.pdf").status_code == 404


def test_it_serves_the_ticket_as_a_page_to_print_with_what_the_pdf_shows(client, centre, passport):
    ticket = engine.ticket_issue(
        centre=centre, service_codes=["passport-renewal"], language="ar"
    ).ticket
    response = client.get(f"/kiosk/tickets/{ticket.token}/print/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<bdi>أ-٠٠١</bdi>" in html
    assert "A-001" in html
    assert "<script" not in html  # the kiosk page calls print(); nothing runs in the frame
    assert f"/kiosk/tickets/{ticket.token}/qr.svg" in html
    assert client.get("/kiosk/tickets/unknown/print/").status_code == 404


def test_it_draws_the_tracking_qr_code_as_svg(client, centre, passport):
    ticket = engine.ticket_issue(centre=centre, service_codes=["passport-renewal"]).ticket
    response = client.get(f"/kiosk/tickets/{ticket.token}/qr.svg")
    assert response["Content-Type"] == "image/svg+xml"
    assert b"<svg" in response.content
