"""Fixtures shared by every test folder: the LLM servers (tests/llm_server.py)."""

from llm_server import closed_port_url, fake_llm, fake_llm_server, llm_server  # noqa: F401
