"""The data screen, driven with keys: import the real month, run an analysis, see its figures and chart."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from datagen import real_month  # noqa: E402

from popguide.tui.app import PopguideApp  # noqa: E402
from popguide.tui.commands import LibraryCommands  # noqa: E402
from popguide.workspace import Workspace  # noqa: E402

SIZE = (100, 30)


async def wait_for(pilot, check, tries: int = 600) -> None:
    for _ in range(tries):
        await pilot.pause(0.05)
        if check():
            return
    raise AssertionError("the screen did not get there")


async def test_import_and_profile_from_the_start_screen(tmp_path):
    from popguide.tui.screens.data import DataScreen

    app = PopguideApp(Workspace(data_dir=tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        menu = app.screen.query_one("#menu")
        menu.highlighted = [menu.get_option_at_index(i).id for i in range(menu.option_count)].index("data")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DataScreen)
        screen = app.screen
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("Input").value = str(real_month())
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.selected_dataset() == "2021-12-merseyside-street")
        screen.query_one("#type-filter").value = "asb"
        screen.query_one("#type-filter").focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.last_result is not None)
        result = screen.last_result
        assert result.analysis == "profile" and result.figures["by_type"] == {"Anti-social behaviour": 1144}
        text = str(screen.query_one("#result-text").render())
        assert "1,144 records" in text and "snap points" in text
        assert screen.query_one("#data-chart").plt is not None


async def test_data_screen_is_in_the_command_palette(tmp_path):
    app = PopguideApp(Workspace(data_dir=tmp_path))
    async with app.run_test(size=SIZE):
        hits = [str(h.text) async for h in LibraryCommands(app.screen).discover()]
        assert any(h.startswith("Data") for h in hits)
