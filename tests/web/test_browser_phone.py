"""Real browser (headless Debian Chromium) at phone size, 390×844 (issue 12, points 5 and 12): the header's
sections are a menu behind one button with every item reachable and nothing scrolling sideways; a
keyboard user skips to the content; a long text field counts its characters as one types; a need's
requirements show where they come from on its page and its form, where the owner removes an assumed one."""
import pytest
from playwright.sync_api import expect

from browser import new_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
ARCTIC = "Манжеты тормозных камер для эксплуатации в арктических условиях."


@pytest.fixture
def phone(browser):
    with new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        yield page


def _login(page, live_server, username: str, next_url: str = "/") -> None:
    page.goto(f"{live_server.url}/login/?next={next_url}")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill("pw-" + username)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(f"**{next_url}")


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_phone_menu_opens_with_every_section_reachable(live_server, reference_data, roslavl_member, phone):
    from factories import make_user
    from promkoop.accounts.models import Role

    make_user("officer-67", Role.OFFICER, region_id="67")
    _login(phone, live_server, "officer-67")
    nav = phone.locator("#mainnav")
    toggle = phone.get_by_role("button", name="Меню")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(nav).to_be_hidden()
    _no_sideways_scroll(phone)

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    links = nav.locator("a")
    names = [name.strip() for name in links.all_inner_texts()]
    for wanted in ("Организации", "Потребности", "Новости", "Импорт", "Аналитика"):
        assert wanted in names, names
    assert "✉Уведомления" in names  # the notifications bell of a signed-in user, named in the menu
    for i in range(links.count()):  # every item on screen, none cut off at the right edge
        link = links.nth(i)
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (names[i], box)
    _no_sideways_scroll(phone)
    nav.get_by_role("link", name="Новости").click()
    phone.wait_for_url("**/news/**")
    expect(phone.locator("#mainnav")).to_be_hidden()  # a new page starts with the menu closed

    phone.get_by_role("button", name="Меню").click()
    phone.keyboard.press("Escape")
    expect(phone.locator("#mainnav")).to_be_hidden()
    expect(phone.get_by_role("button", name="Меню")).to_be_focused()


def test_skip_link_moves_the_keyboard_to_the_content(live_server, reference_data, phone):
    phone.goto(live_server.url + "/registry/organizations/")
    skip = phone.get_by_role("link", name="Перейти к содержанию")
    phone.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.activeElement.id") == "main"
    phone.keyboard.press("Tab")  # the next stop is inside the content, not the header
    assert phone.evaluate("document.activeElement.closest('main') !== null")


def test_need_form_counts_characters_and_shows_requirement_origins(live_server, reference_data, roslavl_member,
                                                                   phone):
    from promkoop.cooperation.models import Need

    _login(phone, live_server, "member-rts", "/cooperation/needs/new/")
    description = phone.get_by_label("Описание")
    counter = phone.locator("#id_description-count")
    expect(counter).to_have_text("0 из 5000 знаков")
    phone.get_by_label("Заголовок").fill("Манжеты")
    description.fill(ARCTIC)
    expect(counter).to_have_text(f"{len(ARCTIC)} из 5000 знаков")
    description.press_sequentially("!")
    expect(counter).to_have_text(f"{len(ARCTIC) + 1} из 5000 знаков")
    assert description.get_attribute("aria-describedby").endswith("id_description-count")

    # before publishing, the form shows what matching reads from the text, and why
    description.blur()
    origins = phone.locator("#requirement-origins")
    climate = origins.locator('li[data-requirement="climate_version"]')
    expect(climate).to_contain_text("подбор предполагает по описанию: «арктических условиях»")
    expect(origins.locator('li[data-requirement="temperature"]')).to_contain_text("от −60 °C")
    climate.get_by_label("убрать").check()
    phone.wait_for_load_state("networkidle")
    expect(origins.locator('li[data-requirement="climate_version"]').get_by_label("убрать")).to_be_checked()
    _no_sideways_scroll(phone)
    phone.get_by_role("button", name="Опубликовать").click()
    phone.wait_for_url("**/cooperation/needs/*/")

    need = Need.objects.get(title="Манжеты")
    assert need.requirement_origins["climate_version"]["origin"] == "declined"
    temperature = phone.locator('dd[data-requirement="temperature"]')
    expect(temperature).to_contain_text("от −60 °C")
    expect(temperature.locator(".origin")).to_have_text("подбор предполагает по описанию: «арктических условиях»")
    expect(phone.locator('dd[data-requirement="climate_version"] .origin')).to_have_text(
        "убрано владельцем: «арктических условиях»")

    # the owner confirms the assumed temperature on the edit form: it is stated from now on
    phone.goto(live_server.url + f"/cooperation/needs/{need.pk}/edit/")
    phone.locator('li[data-requirement="temperature"]').get_by_label("подтвердить").check()
    phone.wait_for_load_state("networkidle")  # the form's preview of the choice has come back
    expect(phone.locator('li[data-requirement="temperature"]').get_by_label("подтвердить")).to_be_checked()
    phone.get_by_role("button", name="Сохранить").click()
    phone.wait_for_url(f"**/cooperation/needs/{need.pk}/")
    expect(phone.locator('dd[data-requirement="temperature"] .origin')).to_have_text("указано")
    need.refresh_from_db()
    assert need.temp_min_c == -60
