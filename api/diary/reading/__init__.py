"""What families read: the week diary, grade lists, summaries, the child switcher."""
