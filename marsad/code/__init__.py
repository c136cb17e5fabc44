"""The event coder: triggers, arguments, qualifiers."""
