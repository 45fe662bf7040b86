"""A process's resident memory, read from /proc (Linux), and its peak while something runs."""

import threading
from pathlib import Path

PROC = Path("/proc")


def status_kib(pid: int, key: str = "VmRSS", *, proc: Path = PROC) -> int | None:
    """A memory line of /proc/<pid>/status in KiB (VmRSS now, VmHWM the peak); None if gone."""
    try:
        text = (proc / str(pid) / "status").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":")
        if name == key:
            return int(value.split()[0])
    return None


def children(pid: int, *, proc: Path = PROC) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers)."""
    found = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        # The command name is in parentheses and may hold spaces; the parent id follows it.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


class PeakSampler:
    """Samples the resident memory of some processes until stopped; keeps each one's peak.

    with PeakSampler(pids) as sampler: ...   then sampler.start_kib, sampler.peak_kib
    """

    def __init__(self, pids: list[int], *, interval: float = 0.02) -> None:
        self.pids = list(pids)
        self.interval = interval
        self.start_kib: dict[int, int] = {}
        self.peak_kib: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _read(self) -> dict[int, int]:
        return {pid: kib for pid in self.pids if (kib := status_kib(pid)) is not None}

    def _sample(self) -> None:
        while not self._stop.is_set():
            for pid, kib in self._read().items():
                self.peak_kib[pid] = max(kib, self.peak_kib.get(pid, 0))
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakSampler":
        self.start_kib = self._read()
        self.peak_kib = dict(self.start_kib)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        for pid, kib in self._read().items():
            self.peak_kib[pid] = max(kib, self.peak_kib.get(pid, 0))

    def growth_kib(self) -> int:
        """The largest growth of any one process over its memory at the start."""
        return max((self.peak_kib[pid] - self.start_kib.get(pid, 0) for pid in self.peak_kib), default=0)

    def peak(self) -> int:
        return max(self.peak_kib.values(), default=0)
