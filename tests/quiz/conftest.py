"""Quiz fixtures live in tests/conftest.py: the security and analytics tests use them too."""
