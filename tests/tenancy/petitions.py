"""Who may reach the petitions URLs, and which records of school A1 they point at."""

ROUTES = {}


def targets(world):
    return {}
