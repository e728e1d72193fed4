"""A guardian's children: name, birth date, SNILS and birth certificate (encrypted)."""
