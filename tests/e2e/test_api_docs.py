"""The API docs render with the internet cut off, as on most centres' networks."""

from urllib.parse import urlsplit

from playwright.sync_api import Page, expect


def test_it_renders_the_api_docs_without_internet(page: Page, live_url, artifacts):
    own = urlsplit(live_url).netloc
    foreign = []

    def only_our_server(route):
        if urlsplit(route.request.url).netloc == own:
            return route.continue_()
        foreign.append(route.request.url)
        return route.abort()

    page.route("**/*", only_our_server)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(live_url + "/api/v1/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Nafitha API")
    expect(page.locator(".opblock").first).to_be_visible()
    page.screenshot(path=artifacts / "api-docs.png")
    assert foreign == []
