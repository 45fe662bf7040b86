import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from helsinki_intl.demo import load
from helsinki_intl.records.data_version import registers_changed


def positive_scale(value: str) -> float:
    scale = float(value)
    if scale <= 0:
        raise ValueError(value)
    return scale


class Command(BaseCommand):
    help = (
        "Generates realistic load data at N times the demo's size (scale 100: about 10,000 "
        "memberships, 30,000 partnerships, 20,000 EU applications and 5,000 event bids), the same "
        "for the same seed. Generated rows are marked so that --replace deletes them alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=positive_scale, default=1, help="Times the demo's size (default 1; 0.1 allowed)."
        )
        parser.add_argument(
            "--seed", type=int, default=load.DEFAULT_SEED, help=f"Random seed (default {load.DEFAULT_SEED})."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Delete load data generated earlier, then generate anew."
        )

    def handle(self, *args, scale: float, seed: int, replace: bool, **options):
        started = time.monotonic()
        with transaction.atomic():
            present = load.is_present()
            if present:
                if not replace:
                    raise CommandError("Load data is already present; use --replace to replace it.")
                load.delete_generated()
            deleted = time.monotonic()
            writer = load.generate(scale=scale, seed=seed)
            # Written in bulk, without save signals.
            registers_changed()
        finished = time.monotonic()
        self._summary(writer)
        if present:
            self.stdout.write(f"Earlier load data deleted in {deleted - started:.1f} s.")
        took = finished - deleted
        self.stdout.write(
            self.style.SUCCESS(f"Load data at scale {scale:g} (seed {seed}) generated in {took:.1f} s.")
        )

    def _summary(self, writer) -> None:
        rows = sorted(writer.rows.items(), key=lambda item: item[0]._meta.label)
        width = max(len(model._meta.label) for model, _ in rows)
        self.stdout.write(f"{'model':<{width}}  {'rows':>9}  {'history':>9}")
        for model, count in rows:
            self.stdout.write(f"{model._meta.label:<{width}}  {count:>9}  {writer.history_rows[model]:>9}")
        total, history = sum(writer.rows.values()), sum(writer.history_rows.values())
        self.stdout.write(f"{'total':<{width}}  {total:>9}  {history:>9}")
