"""Parent meetings with slots that families book, one per child."""
