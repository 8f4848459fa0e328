#!/usr/bin/env python3
"""Browser tests of the web app with headless Chromium (Debian's chromium + chromium-driver),
driven through Selenium.

    python3 Tests/Browser/browser_test.py OUTFALLS_BINARY ARTIFACTS_DIR

Creates a sample registry with a planner, starts `outfalls serve` on a free port, and as a
planner would: signs in, clicks the map on a point in the county-seat intake's level-1 zone,
reads the prohibited verdict in the report, and downloads the outfalls as KML (read back with
ogrinfo). Screenshots of the map and of the report go to ARTIFACTS_DIR. Exits 1 on failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BINARY, ARTIFACTS = sys.argv[1], sys.argv[2]
# In the county-seat intake's level-1 zone (the CLI demo's point), in EPSG:4545 metres.
LEVEL1_LON, LEVEL1_LAT = 109.2294705, 24.6885747
PASSWORD = "correct-horse-battery"


def run(*args, **kw):
    return subprocess.run(list(args), check=True, capture_output=True, text=True, **kw)


def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="outfalls-browser-")
    db = os.path.join(work, "registry.sqlite")
    run(BINARY, "init", "--sample", "--db", db)
    run(BINARY, "user", "add", "planner1", "--role", "planner", "--password-stdin", "--db", db, input=PASSWORD + "\n")
    # A remediation case, so that the progress page has something to show.
    run(BINARY, "abnormal", "add", "1", "--reason", "旱天直排", "--at", "2023-05-01", "--db", db)
    run(BINARY, "case", "open", "1", "--class", "规范整治", "--department", "住房城乡建设局", "--deadline", "2023-08-31", "--at", "2023-05-02", "--db", db)
    server = subprocess.Popen([BINARY, "serve", "--db", db, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    driver = None
    try:
        line = server.stdout.readline()
        port = re.search(r"127\.0\.0\.1:(\d+)/", line).group(1)
        base = "http://127.0.0.1:%s" % port
        options = Options()
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000", "--lang=zh-CN"):
            options.add_argument(flag)
        downloads = os.path.join(work, "downloads")
        os.makedirs(downloads)
        options.add_experimental_option("prefs", {"download.default_directory": downloads, "download.prompt_for_download": False})
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 20)

        # Sign in.
        driver.get(base + "/login")
        driver.find_element(By.ID, "username").send_keys("planner1")
        driver.find_element(By.ID, "password").send_keys(PASSWORD)
        driver.find_element(By.ID, "login-submit").click()
        who = wait.until(EC.presence_of_element_located((By.ID, "who")))
        assert "planner1" in who.text, who.text
        print("signed in as", who.text)

        # The slippy map; find where the level-1 point is on screen and click there.
        wait.until(lambda d: d.execute_script("return document.getElementById('map').getAttribute('data-ready')") == "1")
        mapel = driver.find_element(By.ID, "map")
        driver.save_screenshot(os.path.join(ARTIFACTS, "map.png"))
        driver.execute_script("window.outfallsMap.zoomTo(arguments[0], arguments[1], 15)", LEVEL1_LON, LEVEL1_LAT)
        time.sleep(0.5)
        sx, sy = driver.execute_script("return window.outfallsMap.screenPoint(arguments[0], arguments[1])", LEVEL1_LON, LEVEL1_LAT)
        # The click must reach the map itself (zone, river), not an outfall's symbol, which opens its popup.
        under = driver.execute_script("const e = document.elementFromPoint(arguments[0], arguments[1]); return (e.getAttribute('class') || '') + ''", sx, sy)
        assert "leaflet-interactive" not in under, "the click would land on a feature: " + under
        driver.save_screenshot(os.path.join(ARTIFACTS, "map-zoomed.png"))
        rect = driver.execute_script("const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")
        ActionChains(driver).move_to_element_with_offset(mapel, int(sx - rect[0] - rect[2] / 2), int(sy - rect[1] - rect[3] / 2)).click().perform()
        verdict = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#check-result #verdict")))
        assert verdict.get_attribute("data-verdict") == "prohibited", verdict.text
        findings = driver.find_element(By.ID, "check-findings").text
        assert "第六十四条" in findings, findings[:500]
        print("clicked the level-1 zone on the map:", verdict.text)
        driver.save_screenshot(os.path.join(ARTIFACTS, "map-check.png"))
        driver.find_element(By.ID, "check-report-link").click()
        verdict = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#report #verdict")))
        assert verdict.get_attribute("data-verdict") == "prohibited", verdict.text
        report = driver.find_element(By.ID, "report").text
        assert "第六十四条" in report, report[:500]
        driver.save_screenshot(os.path.join(ARTIFACTS, "report.png"))

        # The same place typed in, as GCJ-02 from AMap, gives the same verdict.
        driver.get(base + "/check?lon=%s&lat=%s&datum=cgcs2000&type=industrial_enterprise" % (LEVEL1_LON, LEVEL1_LAT))
        assert driver.find_element(By.ID, "verdict").get_attribute("data-verdict") == "prohibited"

        # Download the outfalls as KML from the downloads page.
        driver.get(base + "/downloads")
        link = driver.find_element(By.CSS_SELECTOR, "a[href='/downloads/outfalls.kml']")
        link.click()
        path = os.path.join(downloads, "outfalls.kml")
        for _ in range(100):
            if os.path.exists(path) and not os.path.exists(path + ".crdownload"):
                break
            time.sleep(0.1)
        info = run("ogrinfo", "-ro", "-al", "-so", path).stdout
        count = sum(int(n) for n in re.findall(r"Feature Count: (\d+)", info))
        assert count == 42, info
        shutil.copy(path, os.path.join(ARTIFACTS, "outfalls.kml"))
        print("downloaded outfalls.kml:", count, "placemarks")

        # The supervision pages at desktop width and on a 390 px phone: what they show, and no
        # page wider than the phone (wide tables scroll inside their own box).
        pages = [
            ("ledger", "/ledger", "排查台账"),
            ("progress", "/progress?as_of=2023-12-31", "整治进度"),
            ("surveys", "/surveys", "排查记录"),
            ("dossier", "/outfalls/1/dossier", "一口一档"),
        ]
        for width, suffix in ((1350, "desktop"), (390, "phone")):
            driver.set_window_size(width, 900)
            for name, path, heading in pages:
                driver.get(base + path)
                body = driver.find_element(By.TAG_NAME, "body").text
                assert heading in body, "%s: %s missing: %s" % (path, heading, body[:300])
                if name == "progress":
                    assert "住房城乡建设局" in body and "逾期" in body, body[:500]
                    assert driver.find_elements(By.CSS_SELECTOR, "svg.bar"), "no progress bars"
                overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
                wide = driver.execute_script(
                    "const out = []; for (const e of document.querySelectorAll('body *')) { const r = e.getBoundingClientRect();"
                    " if (r.right > window.innerWidth + 2 && !e.closest('.scroll, .wrap')) out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right)); }"
                    " return out.slice(0, 8);")
                assert overflow <= 2, "%s is %d px wider than a %d px window: %s" % (path, overflow, width, wide)
                driver.save_screenshot(os.path.join(ARTIFACTS, "%s-%s.png" % (name, suffix)))
        print("supervision pages fit at 1350 px and 390 px")
        slippy_map(driver, wait, base, work)
        print("browser tests passed; screenshots in", ARTIFACTS)
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


def slippy_map(driver, wait, base, work):
    """The home page's map at desktop and phone width, as a planner sees it: features drawn,
    names on the map, legend, scale bar, north arrow, the schematic label, the colouring
    switch (verdict, case state, density), and no page wider than the phone. Then the check
    report printed to PDF (Chromium's own print), read back with pdftotext: the map sheet
    with its legend, the issuing unit and page numbers."""
    def visible(selector):
        return driver.execute_script(
            "return Array.from(document.querySelectorAll(arguments[0])).filter(e => { const r = e.getBoundingClientRect();"
            " const m = document.getElementById('map').getBoundingClientRect();"
            " return getComputedStyle(e).display !== 'none' && r.width > 0 && r.left < m.right && r.right > m.left && r.top < m.bottom && r.bottom > m.top; }).length", selector)

    for width, suffix in ((1350, "desktop"), (390, "phone")):
        driver.set_window_size(width, 900)
        driver.get(base + "/")
        wait.until(lambda d: d.execute_script("return document.getElementById('map').getAttribute('data-ready')") == "1")
        shapes = driver.execute_script("return document.querySelectorAll('.leaflet-overlay-pane path').length")
        assert shapes > 42 + 11 + 16, "%s: only %d shapes drawn" % (suffix, shapes)
        legend = driver.find_element(By.ID, "map-legend")
        if "folded" in legend.get_attribute("class"):
            legend.find_element(By.CSS_SELECTOR, ".legend-toggle").click()
        assert "禁止设置" in legend.text and "饮用水水源一级保护区" in legend.text, legend.text[:300]
        scale = driver.find_element(By.CSS_SELECTOR, ".leaflet-control-scale-line").text
        assert re.match(r"^\d+ (m|km)$", scale), scale
        assert driver.find_element(By.CSS_SELECTOR, ".north-arrow img").is_displayed()
        assert "示意数据" in driver.find_element(By.CSS_SELECTOR, ".map-schematic").text
        driver.execute_script("window.outfallsMap.zoomTo(arguments[0], arguments[1], 14)", LEVEL1_LON, LEVEL1_LAT)
        time.sleep(0.5)
        labels = visible(".map-label.label-outfalls")
        zone_labels = visible(".map-label.label-zones")
        assert labels > 0 and zone_labels > 0, "%s: %d outfall and %d zone labels visible" % (suffix, labels, zone_labels)
        names = driver.execute_script("return Array.from(document.querySelectorAll('.map-label.label-outfalls')).map(e => e.textContent).join('|')")
        assert "排污口" in names or "排口" in names, names[:200]
        mrect = driver.execute_script("const r = document.getElementById('map').getBoundingClientRect(); return [r.width, window.innerWidth]")
        if width == 390:
            assert mrect[0] >= mrect[1] - 40, "map not full width on a phone: %s" % mrect
        overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 2, "home page is %d px wider than a %d px window" % (overflow, width)
        driver.save_screenshot(os.path.join(ARTIFACTS, "map-%s.png" % suffix))
        print("map at %d px: %d shapes, %d outfall labels, scale bar %s" % (width, shapes, labels, scale))

    # Colouring by remediation case state (the signed-in planner) and the density view.
    driver.set_window_size(1350, 900)
    driver.get(base + "/")
    wait.until(lambda d: d.execute_script("return document.getElementById('map').getAttribute('data-ready')") == "1")
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "colour-by")).select_by_value("case")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-colour-by") == "case")
    legend = driver.find_element(By.ID, "map-legend").text
    assert "按整治案件状态" in legend and "待整治" in legend and "已销号" in legend, legend[:300]
    # Outfall 1 has an open case (待整治): its symbol is drawn in that state's colour.
    colours = driver.execute_script(
        "const out = []; window.outfallsMap.map.eachLayer(l => { if (l.feature && l.feature.id === 1 && l.options.fillColor) out.push(l.options.fillColor); }); return out;")
    assert "#d7191c" in colours, colours
    driver.save_screenshot(os.path.join(ARTIFACTS, "map-case.png"))
    Select(driver.find_element(By.ID, "colour-by")).select_by_value("density")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-colour-by") == "density")
    cells = driver.execute_script("return Array.from(document.querySelectorAll('.map-label.label-density')).map(e => Number(e.textContent))")
    assert sum(cells) == 42, cells
    assert "个/平方千米" in driver.find_element(By.ID, "map-legend").text
    driver.save_screenshot(os.path.join(ARTIFACTS, "map-density.png"))
    Select(driver.find_element(By.ID, "colour-by")).select_by_value("reach")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-colour-by") == "reach")
    reach_labels = driver.execute_script("return Array.from(document.querySelectorAll('.map-label.label-reach')).map(e => e.textContent)")
    assert any("个/km" in t for t in reach_labels) and "河段排污口密度" in driver.find_element(By.ID, "map-legend").text, reach_labels[:5]
    driver.save_screenshot(os.path.join(ARTIFACTS, "map-reaches.png"))
    print("map coloured as %d density cells and %d reaches by outfalls per km" % (len(cells), len(reach_labels)))

    # The check report printed by Chromium: the map sheet, legend, issuer, page numbers.
    driver.get(base + "/check?lon=%s&lat=%s&type=industrial_enterprise" % (LEVEL1_LON, LEVEL1_LAT))
    import base64
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
    path = os.path.join(ARTIFACTS, "check-report.pdf")
    with open(path, "wb") as f:
        f.write(base64.b64decode(pdf["data"]))
    text = run("pdftotext", "-layout", path, "-").stdout
    pages = text.split("\f")
    flat = re.sub(r"\s+", "", text)  # lines wrap where the page ends them
    assert "附图：核查位置图" in flat and "出具单位：柳城县生态环境局" in flat, text[:800]
    assert "饮用水水源一级保护区" in flat and "核查位置" in flat, text[:800]
    count = len([p for p in pages if p.strip()])
    # Every page numbered, and no page that holds nothing but its number.
    assert count >= 2 and ("第%d页，共%d页" % (count, count)) in flat and "第1页" in flat, text[-600:]
    bare = [i + 1 for i, p in enumerate(pages) if p.strip() and re.sub(r"\s+", "", p).startswith("第") and len(re.sub(r"\s+", "", p)) < 12]
    assert not bare, "pages with nothing but a page number: %s" % bare
    sheet = [p for p in pages if "附图：核查位置图" in p][0]
    assert sheet.strip().startswith("附图") or "附图：核查位置图" in sheet.split("\n", 3)[0] + sheet.split("\n", 3)[1], "the map sheet's heading is not at the top of its page"
    print("check report printed: %d pages with page numbers and the map sheet" % count)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        sys.exit("browser test failed: %s" % error)
