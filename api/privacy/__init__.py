"""152-ФЗ rights of a data subject: a copy of everything held (ст. 14), erasure (ст. 21),
consent withdrawal (ст. 9 ч. 2)."""
