"""One router per area: screen, check, mark, verify, generate, resolve, admin, web."""
