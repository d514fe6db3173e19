def test_it_lists_every_centre_with_its_screens_in_arabic(seeded, client):
    html = client.get("/").content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "مركز الخدمات الحكومية الشامل - عمّان" in html and "مراكز الخدمات الحكومية" in html
    for path in (
        "/kiosk/amman/",
        "/display/amman/",
        "/counter/amman/",
        "/dashboard/amman/",
        "/kiosk/irbid/",
        "/scorecard/",
        "/api/v1/docs/",
    ):
        assert f'href="{path}"' in html


def test_it_switches_to_english(seeded, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert 'lang="en" dir="ltr"' in html
    assert "Amman Comprehensive Government Service Centre" in html and "Counter console" in html
    assert 'name="language" value="ar"' in html


def test_it_renders_without_centres(db, client):
    assert "seed_demo" in client.get("/").content.decode()
