"""Home's LLM options: model and server shown only for the LLM customer,
prefilled from the environment, remembered, passed on; never the key."""

from __future__ import annotations

from simulator.customers.scripted import ScriptedCustomer
from simulator.tui.prefs import prefs_path
from simulator.tui.screens.round import RoundScreen

SECRET = "sk-test-never-shown-0123456789"


async def test_llm_model_and_server_are_prefilled_remembered_and_used(make_app, monkeypatch, tui):
    monkeypatch.setenv("HOTSEAT_MODEL", "env-model")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    asked = []

    def fake_make_customer(kind, **options):
        asked.append((kind, options))
        return ScriptedCustomer()

    monkeypatch.setattr("simulator.customers.factory.make_customer", fake_make_customer)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        row = app.screen.query_one("#llm")
        assert not row.display  # scripted: nothing to set
        app.screen.query_one("#customer").value = "llm"
        await pilot.pause()
        assert row.display
        assert app.screen.query_one("#model").value == "env-model"
        assert app.screen.query_one("#base-url").value == "http://127.0.0.1:9/v1"
        assert SECRET not in tui.screen_text(app)
        app.screen.query_one("#model").value = "my-model"
        await pilot.press(*"tires", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RoundScreen)
    kind, options = asked[-1]
    assert kind == "llm" and options["model"] == "my-model"
    # The URL is the environment's anyway: left to it, not copied into prefs.
    assert options["base_url"] is None
    saved = prefs_path().read_text(encoding="utf-8")
    assert '"my-model"' in saved and SECRET not in saved and "127.0.0.1:9" not in saved

    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:8/v1")
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.screen.query_one("#llm").display  # llm was remembered
        assert again.screen.query_one("#model").value == "my-model"
        assert again.screen.query_one("#base-url").value == "http://127.0.0.1:8/v1"
