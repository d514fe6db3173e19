"""The benchmark's CPU meter (bench/cpu.py) counts a group's processes, their children
included, and nothing else."""

import subprocess
import sys

from bench.cpu import CpuMeter, per_cycle_table

# Waits for a line, spins until its own CPU time has grown by the given seconds, says so,
# then waits to be closed.
SPIN = (
    "import sys, time\n"
    "sys.stdin.readline(); until = time.process_time() + float(sys.argv[1])\n"
    "while time.process_time() < until: pass\n"
    "print('done', flush=True); sys.stdin.read()\n"
)


def _spinner(script, seconds: float, *, via_shell: bool = False) -> subprocess.Popen:
    command = [sys.executable, str(script), str(seconds)]
    if via_shell:  # a parent that does nothing (`; true`: not replaced by its child)
        command = ["sh", "-c", f"{' '.join(command)}; true"]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def test_it_counts_a_group_with_its_children_and_nothing_else(tmp_path):
    script = tmp_path / "spin.py"
    script.write_text(SPIN)
    busy, other = _spinner(script, 0.4, via_shell=True), _spinner(script, 0.4)
    try:
        meter = CpuMeter({"busy": {busy.pid}, "nobody": {2**22 + 1}})
        with meter:
            # Both spin inside the reading; only the first belongs to a group.
            for proc in (busy, other):
                proc.stdin.write("go\n")
                proc.stdin.flush()
            assert busy.stdout.readline() == "done\n"
            assert other.stdout.readline() == "done\n"
    finally:
        for proc in (busy, other):
            proc.communicate("")
    assert 0.4 <= meter.seconds["busy"] < 0.8
    assert meter.seconds["nobody"] == 0
    headers, row = per_cycle_table(meter, cycles=4, client_seconds=0.2)
    assert headers == ["busy ms", "nobody ms", "load generator ms", "total ms"]
    assert float(row[2]) == 50.0
    assert float(row[-1]) == float(row[0]) + 50.0
