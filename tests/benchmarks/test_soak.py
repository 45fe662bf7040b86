from benchmarks.soak import late_growth_mib


def test_memory_growth_is_read_over_the_soak_s_second_half():
    # Worker 1 grows while its caches fill, then stays; worker 2 keeps growing.
    samples = [
        {1: 100_000, 2: 100_000},
        {1: 110_000, 2: 101_024},
        {1: 110_000, 2: 102_048},
        {1: 110_256, 2: 103_072},
        {1: 110_512, 2: 104_096},
    ]

    assert late_growth_mib(samples) == {1: 0.5, 2: 2.0}


def test_a_worker_started_during_the_soak_is_left_out_of_the_growth():
    samples = [{1: 100_000}, {1: 100_000}, {3: 90_000}]

    assert late_growth_mib(samples) == {}
