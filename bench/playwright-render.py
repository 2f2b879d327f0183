#!/usr/bin/env python3
"""The Playwright side of `make bench`'s browser figures: render JavaScript-built pages the way a small
hand-written Playwright script does, on the same system Chromium (no browser download).

    playwright-render.py CHROMIUM URLS_FILE TABS

One browser, TABS pages reused across the URLs (as pricewatch reuses its tabs), images, fonts and media
aborted, each page loaded, then the plan cards waited for, then its HTML taken. Prints one JSON line:
{"launch_seconds": ..., "pages": ..., "rendered": ...}.
"""
import asyncio
import json
import sys
import time

from playwright.async_api import async_playwright

BLOCKED = {"image", "font", "media"}


async def main(chromium: str, urls: list[str], tabs: int) -> None:
    async with async_playwright() as playwright:
        started = time.monotonic()
        browser = await playwright.chromium.launch(executable_path=chromium, headless=True)
        context = await browser.new_context()
        launch_seconds = time.monotonic() - started

        async def block(route):
            if route.request.resource_type in BLOCKED:
                await route.abort()
            else:
                await route.continue_()

        await context.route("**/*", block)
        queue: asyncio.Queue[str] = asyncio.Queue()
        for url in urls:
            queue.put_nowait(url)
        rendered = 0

        async def worker() -> None:
            nonlocal rendered
            page = await context.new_page()
            while not queue.empty():
                url = queue.get_nowait()
                await page.goto(url, wait_until="load", timeout=30_000)
                await page.wait_for_selector("#plans .plan", timeout=30_000)
                html = await page.content()
                if "class=\"plan\"" in html:
                    rendered += 1
            await page.close()

        await asyncio.gather(*(worker() for _ in range(tabs)))
        await browser.close()
        print(json.dumps({"launch_seconds": launch_seconds, "pages": len(urls), "rendered": rendered}))


if __name__ == "__main__":
    with open(sys.argv[2]) as file:
        targets = [line.strip() for line in file if line.strip()]
    asyncio.run(main(sys.argv[1], targets, int(sys.argv[3])))
