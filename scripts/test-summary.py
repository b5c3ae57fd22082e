#!/usr/bin/env python3
"""Counts the unit (Surefire) and integration (Failsafe) tests that ran, from their XML reports.

Fails when nothing ran, when any test was skipped (integration tests must never skip), or when a
test failed. Prints one closing line in the form CI reads: 'N passed, N failed'.
"""
import glob
import sys
import xml.etree.ElementTree as ET


def count(pattern):
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for path in glob.glob(pattern, recursive=True):
        suite = ET.parse(path).getroot()
        for key in totals:
            totals[key] += int(suite.get(key, 0))
    return totals


unit = count("**/target/surefire-reports/TEST-*.xml")
integration = count("**/target/failsafe-reports/TEST-*.xml")
problems = []
for name, totals in (("unit", unit), ("integration", integration)):
    failed = totals["failures"] + totals["errors"]
    print(f"{name} tests: {totals['tests']} run, {failed} failed, {totals['skipped']} skipped")
    if totals["tests"] == 0:
        problems.append(f"no {name} tests ran")
    if totals["skipped"]:
        problems.append(f"{totals['skipped']} {name} tests skipped")
failed = sum(t["failures"] + t["errors"] for t in (unit, integration))
passed = sum(t["tests"] for t in (unit, integration)) - failed - unit["skipped"] - integration["skipped"]
print(f"{passed} passed, {failed} failed")
for problem in problems:
    print("test summary: " + problem, file=sys.stderr)
sys.exit(1 if problems or failed else 0)
