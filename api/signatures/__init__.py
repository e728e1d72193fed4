"""Families' simple electronic signatures (простая электронная подпись) by SMS code."""
