"""Customers: who writes the customer's lines. The engine decides everything
else (mood, state, the end of the round), whichever customer talks."""

from simulator.customers.base import Customer, CustomerTurn, Restart, join_line
from simulator.customers.scripted import ScriptedCustomer, scripted_line

__all__ = ["Customer", "CustomerTurn", "Restart", "ScriptedCustomer", "join_line", "scripted_line"]
