"""Building the customer a round asks for, from CLI options or TUI choices."""

from __future__ import annotations

from simulator.customers.base import Customer
from simulator.customers.scripted import ScriptedCustomer
from simulator.errors import UsageError

CUSTOMER_KINDS = ("scripted",)


def make_customer(kind: str = "scripted", **options) -> Customer:
    """A customer of ``kind``; options are kind-specific (model, base_url, ...)."""
    if kind == "scripted":
        return ScriptedCustomer()
    raise UsageError(f"unknown customer '{kind}'; choose one of: {', '.join(CUSTOMER_KINDS)}")
