from benchmarks.memory import children, status_kib


def _process(proc, pid: int, parent: int, name: str, rss_kib: int) -> None:
    directory = proc / str(pid)
    directory.mkdir()
    (directory / "stat").write_text(f"{pid} ({name}) S {parent} {pid} {pid} 0 -1\n")
    (directory / "status").write_text(f"Name:\t{name}\nVmHWM:\t{rss_kib + 100} kB\nVmRSS:\t{rss_kib} kB\n")


def test_status_reads_the_resident_memory_and_its_peak(tmp_path):
    _process(tmp_path, 10, 1, "gunicorn", 51200)
    assert status_kib(10, proc=tmp_path) == 51200
    assert status_kib(10, "VmHWM", proc=tmp_path) == 51300


def test_status_of_a_process_that_is_gone_is_none(tmp_path):
    assert status_kib(99, proc=tmp_path) is None


def test_children_are_found_by_parent_even_with_spaces_in_the_name(tmp_path):
    _process(tmp_path, 10, 1, "gunicorn: master", 1000)
    _process(tmp_path, 11, 10, "gunicorn: worker [helsinki_intl.wsgi]", 2000)
    _process(tmp_path, 12, 10, "gunicorn: worker [helsinki_intl.wsgi]", 2000)
    _process(tmp_path, 13, 1, "postgres", 3000)
    (tmp_path / "self").mkdir()
    assert children(10, proc=tmp_path) == [11, 12]
