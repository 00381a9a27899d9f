"""popguide serve: loopback by default, a loud warning otherwise, and an offline page."""


def test_serving_beyond_this_machine_warns_that_there_is_no_login():
    from popguide.serve import bind_warning, offline_templates

    assert bind_warning("127.0.0.1") is None and bind_warning("localhost") is None and bind_warning("::1") is None
    for host in ("0.0.0.0", "192.168.1.20"):
        assert "no login" in bind_warning(host) and host in bind_warning(host)
    page = (offline_templates() / "app_index.html").read_text()
    assert "fonts.googleapis" not in page, "the served page asks nothing of the internet"
