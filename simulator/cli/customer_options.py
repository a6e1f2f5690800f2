"""The customer options of ``hotseat play`` (and anything else that starts a
round): who plays the customer, and the LLM settings."""

from __future__ import annotations

from simulator.customers.factory import CUSTOMER_KINDS, make_customer
from simulator.errors import UsageError


def add_customer_options(parser) -> None:
    g = parser.add_argument_group("customer")
    g.add_argument(
        "--customer",
        choices=CUSTOMER_KINDS,
        default=None,
        help="who plays the customer: the scenario's script (default), an LLM, "
        "or a recording (--replay)",
    )
    g.add_argument("--model", metavar="NAME", help="LLM model (else $HOTSEAT_MODEL, config)")
    g.add_argument(
        "--base-url", metavar="URL", help="OpenAI-compatible server (else $OPENAI_BASE_URL)"
    )
    g.add_argument("--timeout", metavar="S", type=float, help="seconds to wait for the LLM (20)")
    g.add_argument("--retries", metavar="N", type=int, help="retries after an LLM error (1)")
    g.add_argument("--record", metavar="FILE", help="save the customer's lines to FILE")
    g.add_argument("--replay", metavar="FILE", help="play a recorded customer again (no model)")


def customer_kwargs(args) -> dict:
    """The customer options as ``make_customer`` and the TUI's launch options take them."""
    keys = ("model", "base_url", "timeout", "retries", "record", "replay")
    return {key: getattr(args, key) for key in keys}


def customer_from_args(args, scenario_id: str | None = None):
    """The customer the options ask for; checks a recording fits the scenario."""
    kind = args.customer or ("replay" if args.replay else "scripted")
    if args.replay and args.record:
        raise UsageError("--record and --replay cannot be used together")
    customer = make_customer(kind, **customer_kwargs(args))
    recorded_for = getattr(customer, "scenario_id", None)
    if scenario_id and args.replay and recorded_for != scenario_id:
        raise UsageError(
            f"the recording '{args.replay}' is of scenario '{recorded_for}', not '{scenario_id}'"
        )
    return customer
