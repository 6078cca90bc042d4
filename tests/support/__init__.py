"""Helpers the test suite shares beyond fixtures and factories (live worker processes)."""
