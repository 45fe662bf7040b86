"""The static files' storage with DEBUG off: each file under a name with a hash of its content
(from collectstatic's manifest), compressed, which WhiteNoise serves to be cached for good."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class HashedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names once collectstatic has written its manifest (the image build does); before
    that (the tests, a server started by hand) each file by its own name, as with DEBUG on."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
