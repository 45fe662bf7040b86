from benchmarks.run import portal_env


def test_the_benchmark_s_gunicorn_keeps_its_workers_for_the_whole_run():
    """gunicorn.conf.py would replace each worker after GUNICORN_MAX_REQUESTS requests; the soak
    follows the same workers' memory from start to end."""
    assert portal_env("postgres://127.0.0.1/hi_bench1")["GUNICORN_MAX_REQUESTS"] == "0"
