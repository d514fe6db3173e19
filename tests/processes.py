"""Two worker processes in one test, for what a process keeps under a shared generation
(nafitha/generations.py and its users): each "process" is a copy of the per-process state,
the database and the test's cache are what they share (Redis in production), and the clock
that times the generation checks is pinned."""

from nafitha import generations


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def pin_clock(monkeypatch, settings, *modules) -> Clock:
    """A pinned clock for the generation checks (and for the `_clock` of `modules`), with a
    check interval of 1 s."""
    settings.CACHE_GENERATION_CHECK_SECONDS = 1.0
    pinned = Clock()
    for module in (generations, *modules):
        monkeypatch.setattr(module, "_clock", pinned)
    return pinned


def two_processes(monkeypatch, *kept):
    """`switch("a")`, then `switch("b")`: each name has its own copy of the generations read
    and of each (module, attribute, empty copy factory) in `kept`."""
    copies = {name: [{}, *(make() for _module, _attr, make in kept)] for name in "ab"}

    def switch(name: str) -> None:
        local, *others = copies[name]
        monkeypatch.setattr(generations, "_local", local)
        for (module, attr, _make), copy in zip(kept, others, strict=True):
            monkeypatch.setattr(module, attr, copy)

    switch("a")
    return switch
