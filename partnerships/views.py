"""Portal views of the register."""
