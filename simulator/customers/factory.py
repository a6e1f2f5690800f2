"""Building the customer a round asks for, from CLI options or TUI choices."""

from __future__ import annotations

from scoring.llm_settings import SettingsError, load_settings
from simulator.customers.base import Customer
from simulator.customers.replay import RecordingCustomer, ReplayCustomer
from simulator.customers.scripted import ScriptedCustomer
from simulator.errors import UsageError

CUSTOMER_KINDS = ("scripted", "llm", "replay")


def make_customer(
    kind: str = "scripted",
    *,
    model: str | None = None,
    base_url: str | None = None,
    timeout: float | None = None,
    retries: int | None = None,
    record: str | None = None,
    replay: str | None = None,
) -> Customer:
    """A customer of ``kind``. ``model``, ``base_url``, ``timeout`` and
    ``retries`` are for ``llm`` (unset ones come from the environment or the
    config file); ``replay`` is the recording ``replay`` plays; ``record``
    saves the lines of any kind to a file."""
    if replay and kind == "scripted":
        kind = "replay"  # --replay FILE implies the replay customer
    if kind == "scripted":
        customer: Customer = ScriptedCustomer()
    elif kind == "llm":
        # only for an LLM customer: the openai package takes about a second to import
        from simulator.customers.llm import LLMCustomer

        try:
            settings = load_settings(model, base_url, timeout, retries)
        except SettingsError as exc:
            raise UsageError(str(exc)) from None
        customer = LLMCustomer(settings)
    elif kind == "replay":
        if not replay:
            raise UsageError("the replay customer needs a recording to play")
        customer = ReplayCustomer(replay)
    else:
        raise UsageError(f"unknown customer '{kind}'; choose one of: {', '.join(CUSTOMER_KINDS)}")
    if replay and kind != "replay":
        raise UsageError(f"a recording is played by the replay customer, not the {kind} one")
    if record:
        customer = RecordingCustomer(customer, record)
    return customer
