"""Document scans (passport, birth certificate, SNILS): checked, encrypted, stored."""
