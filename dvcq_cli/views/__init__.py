"""Views: the library's facts rendered for people (plain text, a coloured terminal table)."""
