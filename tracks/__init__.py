"""The built-in onboarding tracks (YAML files shipped as package data)."""
