"""Blueprints: thin controllers (load → can_* → form → one service → commit → redirect)."""
