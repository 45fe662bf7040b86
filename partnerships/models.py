"""Models arrive with this register; the app is installed so that its place is ready."""
