#!/usr/bin/env python3
"""The naive price watcher `make bench` compares `pricewatch check` with: curl + lxml, as an analyst writes it.

    naive-check.py URLS_FILE WORK_DIR

URLS_FILE holds one URL per line. `curl --parallel --parallel-max 16` (the same limit the benchmark gives
`check`) writes every page to WORK_DIR/pages/N.html; then one Python process parses each page with lxml, reads
the costbench plans with XPath (vendor, plan names, monthly and annual prices, feature lists keyed by plan,
alternatives), compares them with WORK_DIR/records/N.json from the previous run, and writes the record when it
differs. Prints `changed N new N unchanged N failed N`. No conditional requests, no history, no fsync: what a
hand-written script does, and the floor a tool with crash safety and history has to beat.
"""
import json
import os
import subprocess
import sys

from lxml import html


def text(node):
    return " ".join(node.text_content().split())


def extract(page):
    tree = html.fromstring(page)
    vendor = tree.xpath("//nav[@aria-label='Breadcrumb']//li[@aria-current='page']")
    if not vendor:
        raise ValueError("no vendor")
    vendor = text(vendor[0])
    table = tree.xpath("//section[@id='plans']//table")[0]
    headers = [text(th) for th in table.xpath(".//th")]
    monthly, annual = headers.index("Monthly"), headers.index("Annual")
    cards = {text(h3): card for card in tree.xpath("//section[@id='features']//*[h3]") for h3 in card.xpath("h3[1]")}
    plans = []
    for row in table.xpath(".//tr[count(td) > 1]"):
        cells = [text(td) for td in row.xpath("td")]
        card = cards.get(cells[0])
        plans.append({
            "name": cells[0], "monthly": cells[monthly], "annual": cells[annual],
            "features": [text(li) for li in card.xpath(".//li")] if card is not None else [],
        })
    if not plans:
        raise ValueError("no plans")
    alternatives = [
        [text(td) for td in row.xpath("td")[:3]]
        for row in tree.xpath("//section[@id='alternatives']//table//tr[td]")
        if text(row.xpath("td")[0]) != vendor
    ]
    return {"vendor": vendor, "plans": plans, "alternatives": alternatives}


def main():
    urls_file, work = sys.argv[1], sys.argv[2]
    pages, records = os.path.join(work, "pages"), os.path.join(work, "records")
    os.makedirs(pages, exist_ok=True)
    os.makedirs(records, exist_ok=True)
    with open(urls_file) as f:
        urls = [line.strip() for line in f if line.strip()]
    config = os.path.join(work, "curl.config")
    with open(config, "w") as f:
        for n, url in enumerate(urls):
            f.write(f'url = "{url}"\noutput = "{pages}/{n}.html"\n')
    subprocess.run(["curl", "--silent", "--parallel", "--parallel-max", "16", "--config", config], check=False)
    counts = {"changed": 0, "new": 0, "unchanged": 0, "failed": 0}
    for n in range(len(urls)):
        try:
            with open(f"{pages}/{n}.html", "rb") as f:
                record = extract(f.read())
        except (OSError, ValueError, IndexError):
            counts["failed"] += 1
            continue
        path = f"{records}/{n}.json"
        try:
            with open(path) as f:
                previous = json.load(f)
        except OSError:
            previous = None
        if previous == record:
            counts["unchanged"] += 1
            continue
        counts["new" if previous is None else "changed"] += 1
        with open(path + ".tmp", "w") as f:
            json.dump(record, f, indent=2, sort_keys=True)
        os.replace(path + ".tmp", path)
    print(" ".join(f"{key} {value}" for key, value in counts.items()))


if __name__ == "__main__":
    main()
