"""Print eventwire's agreement with the PETRARCH2 validation suite.

    python scripts/petrarch_suite.py [--dir ../shared/eval/petrarch_unittest] [--json] [--misses N]
                                     [--lexicon petrarch|shipped] [--event-codes]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from eventwire.kb.suite import available, run_suite

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT.parent / "shared" / "eval" / "petrarch_unittest")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--misses", type=int, default=0, help="also print the first N records not matched")
    parser.add_argument("--lexicon", choices=("petrarch", "shipped"), default="petrarch",
                        help="the suite's own verb dictionary (default) or eventwire's shipped event lexicon")
    parser.add_argument("--event-codes", action="store_true",
                        help="score eventwire's codes for future acts (promise 03x, threat 13x) instead of the "
                             "dictionary's code for the verb")
    args = parser.parse_args(argv)
    if not available(args.dir):
        print(f"PETRARCH2 suite not found in {args.dir}", file=sys.stderr)
        return 2
    report = run_suite(args.dir, lexicon=args.lexicon, dictionary_codes=not args.event_codes)
    if args.json:
        print(json.dumps(report.to_json()))
    else:
        print(f"{report.records} records, {report.expected} expected triples, {report.predicted} coded; "
              f"{report.seconds:.1f} s")
        print(f"exact-code agreement {report.exact_agreement:.3f} ({report.exact}/{report.expected})")
        print(f"root-code agreement  {report.root_agreement:.3f} ({report.root}/{report.expected})")
        print(f"diagnostics: both actor codes right in {report.sides}, event root right in {report.codes} "
              f"of {report.expected} expected triples (ignoring the other parts)")
    for error in report.errors:
        print(f"error: {error}", file=sys.stderr)
    for miss in report.misses[:args.misses]:
        print(json.dumps(miss, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
