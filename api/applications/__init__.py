"""Applications (заявления) to connect a child's diary: drafts, review, history, consent."""
