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


def inspection_pages(driver, base, db):
    """双随机: the signed-in planner draws through the form at desktop width and publishes; the
    public reads the draw on a 390 px phone, with nothing wider than the screen."""
    for name, township in (("a1", "大埔镇"), ("a2", "凤山镇"), ("a3", "六塘镇")):
        run(BINARY, "user", "add", name, "--role", "inspector", "--township", township, "--password-stdin", "--db", db, input=PASSWORD + "\n")
    driver.set_window_size(1350, 900)
    driver.get(base + "/inspections")
    form = driver.find_element(By.ID, "draw-form")
    form.find_element(By.NAME, "seed").send_keys("浏览器测试 07-19-23")
    form.find_element(By.NAME, "objects").send_keys("3")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.ID, "publish-form")))
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "浏览器测试 07-19-23" in body and "待检查" in body, body[:500]
    rows = driver.find_elements(By.CSS_SELECTOR, "table.picks tbody tr")
    assert len(rows) == 3, "expected 3 drawn objects, saw %d" % len(rows)
    driver.save_screenshot(os.path.join(ARTIFACTS, "inspection-desktop.png"))
    driver.find_element(By.CSS_SELECTOR, "#publish-form button").click()
    WebDriverWait(driver, 20).until(lambda d: "已公开" in d.find_element(By.TAG_NAME, "body").text)
    driver.delete_all_cookies()
    driver.set_window_size(390, 900)
    driver.get(base + "/public/inspections")
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "双随机抽查公开" in body and "浏览器测试 07-19-23" in body, body[:500]
    assert "退出" not in body and "planner1" not in body, "the public page shows a signed-in header"
    assert len(driver.find_elements(By.CSS_SELECTOR, "table.picks tbody tr")) == 3
    overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 2, "/public/inspections is %d px wider than a 390 px phone" % overflow
    driver.save_screenshot(os.path.join(ARTIFACTS, "public-inspections-phone.png"))
    print("inspection draw, publish and the public page at 390 px")


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

        # The map; find where the level-1 point is on screen and click there.
        svg = wait.until(EC.presence_of_element_located((By.ID, "map")))
        time.sleep(0.5)
        driver.save_screenshot(os.path.join(ARTIFACTS, "map.png"))
        # Where the level-1 point is in the map's CRS, from PROJ's own cs2cs (EPSG:4490 is
        # latitude-first; EPSG:4545 comes out northing-first).
        northing, easting = map(float, run("cs2cs", "-d", "3", "EPSG:4490", "EPSG:4545", input="%s %s\n" % (LEVEL1_LAT, LEVEL1_LON)).stdout.split()[:2])
        driver.execute_script("window.outfallsMap.zoomTo(arguments[0], arguments[1], 1500)", easting, northing)
        sx, sy = driver.execute_script("return window.outfallsMap.screenPoint(arguments[0], arguments[1])", easting, northing)
        # The click must reach the map itself (zone, river), not an outfall's symbol, which links to its page.
        under = driver.execute_script("const e = document.elementFromPoint(arguments[0], arguments[1]); return e.getAttribute('data-href') || ''", sx, sy)
        assert under == "", "the click would land on an outfall: " + under
        driver.save_screenshot(os.path.join(ARTIFACTS, "map-zoomed.png"))
        rect = driver.execute_script("const r = document.getElementById('map').getBoundingClientRect(); return [r.left, r.top, r.width, r.height]")
        ActionChains(driver).move_to_element_with_offset(svg, int(sx - rect[0] - rect[2] / 2), int(sy - rect[1] - rect[3] / 2)).click().perform()
        verdict = wait.until(EC.presence_of_element_located((By.ID, "verdict")))
        assert verdict.get_attribute("data-verdict") == "prohibited", verdict.text
        report = driver.find_element(By.ID, "report").text
        assert "第六十四条" in report, report[:500]
        print("clicked the level-1 zone:", verdict.text)
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
        inspection_pages(driver, base, db)
        print("browser tests passed; screenshots in", ARTIFACTS)
    finally:
        if driver:
            driver.quit()
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except AssertionError as error:
        sys.exit("browser test failed: %s" % error)
