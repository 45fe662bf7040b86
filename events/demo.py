"""Demo data of the register."""


def load() -> None:
    pass
