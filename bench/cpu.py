"""CPU time by component over a measurement, read from /proc: what one cycle costs each part
of a layout (the server processes, PostgreSQL's backends for the layout's database, Redis,
the load generator). On a shared machine this is steadier than a throughput figure, and it
says where a remaining gap lies: at T cycles/s on N cores, a cycle may cost N / T seconds
of CPU in all.

A group is a set of root processes and their descendants (Daphne, gunicorn and its workers,
nginx and its workers), or a test on a process's command line (PostgreSQL backends name
their database in their title). Processes alive at both readings are counted; one that
started or ended in between is not (pooled connections and long-lived workers are).
"""

import os
from collections.abc import Callable
from pathlib import Path

_TICK = os.sysconf("SC_CLK_TCK")


def _processes() -> dict[int, tuple[int, float, str]]:
    """pid -> (parent pid, CPU seconds, command line) of every process readable now."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        # After the command: state, ppid, …, utime (14th field of the line), stime (15th).
        found[int(entry.name)] = (
            int(fields[1]),
            (int(fields[11]) + int(fields[12])) / _TICK,
            cmdline,
        )
    return found


def _descendants(roots: set[int], processes: dict) -> set[int]:
    members, grew = set(roots) & set(processes), True
    while grew:
        more = {pid for pid, (ppid, _cpu, _cmd) in processes.items() if ppid in members}
        grew = bool(more - members)
        members |= more
    return members


class CpuMeter:
    """`groups`: name -> root pids (with their descendants) or a command-line test."""

    def __init__(self, groups: dict[str, set[int] | Callable[[str], bool]]):
        self.groups = groups
        self.start: dict[str, dict[int, float]] = {}

    def _read(self) -> dict[str, dict[int, float]]:
        processes = _processes()
        read = {}
        for name, which in self.groups.items():
            if callable(which):
                members = {pid for pid, (_p, _c, cmd) in processes.items() if which(cmd)}
            else:
                members = _descendants(which, processes)
            read[name] = {pid: processes[pid][1] for pid in members}
        return read

    def __enter__(self) -> "CpuMeter":
        self.start = self._read()
        return self

    def __exit__(self, *exc) -> None:
        end = self._read()
        self.seconds = {
            name: sum(
                cpu - self.start[name][pid] for pid, cpu in now.items() if pid in self.start[name]
            )
            for name, now in end.items()
        }


def postgres_backends(database: str) -> Callable[[str], bool]:
    """PostgreSQL's backends serving `database` (their title: "postgres: user db host …")."""
    return lambda cmd: cmd.startswith("postgres: ") and f" {database} " in cmd


def redis_server(cmd: str) -> bool:
    return cmd.startswith("redis-server") or "/redis-server " in cmd


def per_cycle_table(meter: CpuMeter, cycles: int, client_seconds: float) -> tuple[list, list]:
    """Headers and one row: CPU milliseconds per cycle by group, the client, and the total."""
    seconds = {**meter.seconds, "load generator": client_seconds}
    headers = [*(f"{name} ms" for name in seconds), "total ms"]
    per = [1000 * value / max(cycles, 1) for value in seconds.values()]
    return headers, [*(f"{value:.1f}" for value in per), f"{sum(per):.1f}"]
