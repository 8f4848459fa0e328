#!/usr/bin/python3
"""Opens our exports in real QGIS (PyQGIS, offscreen) and renders them as a planner would.

    qgis_render.py GPKG SHAPEFILE_ZIP OUTPUT_DIRECTORY

- Loads every map layer of the GeoPackage export with the style QGIS itself finds for it
  (the default in the file's `layer_styles` table), names it by the title QGIS reads from the
  file (its metadata title: gpkg_contents.identifier, in Chinese; QGIS's layer tree itself
  shows the table name), renders the extent of the county with labeling and counts, per
  layer, the labels QGIS placed (QgsLabelingResults).
- Saves the map (map.png) and a map sheet with title, legend and scale bar (sheet.png).
- Opens the Shapefile export twice: inside the zip (/vsizip/, as QGIS does when the zip
  itself is dragged in) and unpacked, and reports whether the `.qml` beside each Shapefile
  was applied.

Prints one JSON object. Exits 3 when PyQGIS cannot be imported (Debian: python3-qgis,
qgis-providers), so that the caller can skip with that reason.
"""
import json
import os
import sys
import tempfile
import zipfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="qgis-runtime-"))
try:
    from qgis.core import (
        Qgis, QgsApplication, QgsCoordinateReferenceSystem, QgsLayout, QgsLayoutExporter, QgsLayoutItemLabel,
        QgsLayoutItemLegend, QgsLayoutItemMap, QgsLayoutItemPicture, QgsLayoutItemScaleBar, QgsLegendStyle, QgsLayoutPoint, QgsLayoutSize,
        QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsProviderRegistry, QgsRectangle, QgsUnitTypes, QgsVectorLayer,
    )
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor, QFont
except ImportError as error:  # pragma: no cover - depends on the machine
    print(json.dumps({"skipped": "PyQGIS is not installed (%s): apt-get install python3-qgis qgis-providers" % error}))
    sys.exit(3)

# Bottom to top, as a planner stacks them: administrative areas, zones, rivers, points.
ORDER = ["areas", "zones", "rivers", "intakes", "sections", "outfalls"]


def legend_labels(layer):
    renderer = layer.renderer()
    return [item.label() for item in renderer.legendSymbolItems()] if renderer else []


def aliases(layer):
    """Field name → alias, for the fields that have one."""
    fields = layer.fields()
    return {f.name(): layer.attributeAlias(i) for i, f in enumerate(fields) if layer.attributeAlias(i)}


def main():
    gpkg, shapefile_zip, out = sys.argv[1], sys.argv[2], sys.argv[3]
    os.makedirs(out, exist_ok=True)
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()
    tables = {d.name() for d in QgsProviderRegistry.instance().querySublayers(gpkg)}
    layers = {}
    report = {"qgis": Qgis.QGIS_VERSION, "layers": {}, "tables": sorted(tables)}
    for table in ORDER:
        if table not in tables:
            continue
        layer = QgsVectorLayer("%s|layername=%s" % (gpkg, table), table, "ogr")
        if not layer.isValid():
            report["layers"][table] = {"valid": False}
            continue
        layer.setName(layer.metadata().title() or table)
        project.addMapLayer(layer)
        layers[table] = layer
        report["layers"][table] = {
            "valid": True, "name": layer.name(), "features": layer.featureCount(),
            "renderer": layer.renderer().type() if layer.renderer() else None,
            "labels_enabled": layer.labelsEnabled(), "legend": legend_labels(layer),
            "aliases": aliases(layer),
        }

    # The county's extent (the areas layer), a little wider so names on the edge fit.
    extent = QgsRectangle(layers["areas"].extent()) if "areas" in layers else QgsRectangle(108.83, 24.43, 109.60, 24.83)
    extent.scale(1.05)
    placed, errors = render([layers[t] for t in reversed(ORDER) if t in layers], extent, os.path.join(out, "map.png"))
    for table, layer in layers.items():
        report["layers"][table]["labels"] = len(placed.get(layer.id(), []))
        report["layers"][table]["label_examples"] = sorted(set(placed.get(layer.id(), [])))[:5]
    report["errors"] = errors

    report["sheet"] = sheet(project, layers, extent, os.path.join(out, "sheet.png"))
    report["shapefile"] = shapefiles(shapefile_zip)
    report["project"] = embedded_project(gpkg, out)
    print(json.dumps(report, ensure_ascii=False))
    app.exitQgis()


def render(layers_top_first, extent, path):
    """Renders the layers at the extent with labeling; returns the labels placed per layer id
    and the renderer's errors."""
    settings = QgsMapSettings()
    settings.setLayers(layers_top_first)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4490"))
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setOutputSize(QSize(1800, 1100))
    settings.setOutputDpi(120)
    settings.setExtent(extent)
    settings.setFlag(QgsMapSettings.DrawLabeling, True)
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(path, "png")
    results = job.takeLabelingResults()
    placed = {}
    for label in results.allLabels() if hasattr(results, "allLabels") else results.labelsWithinRect(settings.visibleExtent()):
        placed.setdefault(label.layerID, []).append(label.labelText)
    return placed, [e.message for e in job.errors()]


def embedded_project(gpkg, out):
    """Opens the project the GeoPackage carries (qgis_projects) as a planner would from the
    Browser panel: where the file was written, then a copy under the same name in another
    folder (the layer sources are relative to the GeoPackage). Reports, per opening, the
    projects QGIS lists in the file, the title, the layers top first with their names,
    validity, features and labels placed when the project's own view is rendered."""
    import shutil
    import sqlite3
    from urllib.parse import quote
    with sqlite3.connect(gpkg) as db:
        names = [row[0] for row in db.execute("SELECT name FROM qgis_projects")] if db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'qgis_projects'").fetchone() else []
    if not names:
        return {"projects": []}
    moved_dir = tempfile.mkdtemp(prefix="qgis-moved-")
    moved = os.path.join(moved_dir, os.path.basename(gpkg))
    shutil.copy(gpkg, moved)
    result = {"projects": names}
    storage = QgsApplication.projectStorageRegistry().projectStorageFromType("geopackage")
    result["listed"] = storage.listProjects(gpkg) if storage else None
    for where, path in [("original", gpkg), ("moved", moved)]:
        uri = "geopackage:%s?projectName=%s" % (path, quote(names[0]))
        project = QgsProject.instance()
        project.clear()
        opened = project.read(uri)
        entry = {"read": bool(opened), "title": project.title(), "crs": project.crs().authid(), "layers": []}
        tree_layers = [node.layer() for node in project.layerTreeRoot().findLayers()]
        for layer in tree_layers:
            entry["layers"].append({
                "table": layer.source().split("layername=")[-1] if layer else None,
                "name": layer.name() if layer else None, "valid": bool(layer and layer.isValid()),
                # The file the layer reads: this GeoPackage, not the one it was copied from.
                "reads_this_file": bool(layer) and os.path.realpath(layer.source().split("|")[0]) == os.path.realpath(path),
                "features": layer.featureCount() if layer and layer.isValid() else 0,
                "labels_enabled": bool(layer and layer.labelsEnabled()),
                "legend": legend_labels(layer) if layer and layer.isValid() else [],
            })
        valid = [layer for layer in tree_layers if layer and layer.isValid()]
        extent = project.viewSettings().defaultViewExtent()
        placed, errors = render(valid, QgsRectangle(extent), os.path.join(out, "project-%s.png" % where))
        for item, layer in zip(entry["layers"], tree_layers):
            item["labels"] = len(placed.get(layer.id(), [])) if layer else 0
        entry["errors"] = errors
        result[where] = entry
        project.clear()
    return result


def sheet(project, layers, extent, path):
    """An A4 landscape sheet: title, the map, its legend, a scale bar in kilometres and a
    north arrow."""
    layout = QgsLayout(project)
    layout.initializeDefaults()
    page = layout.pageCollection().page(0)
    page.setPageSize("A4", page.Landscape)

    def place(item, x, y, w=None, h=None):
        item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
        if w is not None:
            item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))
        layout.addLayoutItem(item)

    title = QgsLayoutItemLabel(layout)
    title.setText("柳城县入河排污口分布图（示意数据，非官方边界，不能作为审批依据）")
    title.setFont(QFont("Noto Sans CJK SC", 15))
    place(title, 10, 5, 230, 10)
    item = QgsLayoutItemMap(layout)
    item.setCrs(QgsCoordinateReferenceSystem("EPSG:4490"))
    item.setLayers([layers[t] for t in reversed(ORDER) if t in layers])
    item.setFrameEnabled(True)
    place(item, 10, 17, 208, 186)
    # setExtent fits the item to the extent's shape; sized back, it keeps the scale.
    item.setExtent(extent)
    item.attemptResize(QgsLayoutSize(208, 186, QgsUnitTypes.LayoutMillimeters))
    legend = QgsLayoutItemLegend(layout)
    legend.setTitle("图例")
    legend.setLinkedMap(item)
    legend.setAutoUpdateModel(True)
    small = QFont("Noto Sans CJK SC", 7)
    for style in (QgsLegendStyle.SymbolLabel, QgsLegendStyle.Subgroup, QgsLegendStyle.Group):
        legend.rstyle(style).setFont(small)
    legend.rstyle(QgsLegendStyle.Title).setFont(QFont("Noto Sans CJK SC", 10))
    legend.setSymbolHeight(3)
    legend.setSymbolWidth(5)
    legend.setColumnCount(2)
    legend.setSplitLayer(True)
    place(legend, 221, 17)
    bar = QgsLayoutItemScaleBar(layout)
    bar.setStyle("Single Box")
    bar.setLinkedMap(item)
    bar.setUnits(QgsUnitTypes.DistanceKilometers)
    bar.setUnitLabel("公里")
    bar.setNumberOfSegments(4)
    bar.setNumberOfSegmentsLeft(0)
    bar.setUnitsPerSegment(5)
    bar.setBackgroundEnabled(True)
    place(bar, 13, 190)
    arrow_svg = os.path.join(QgsApplication.pkgDataPath(), "svg", "arrows", "NorthArrow_02.svg")
    if os.path.exists(arrow_svg):
        arrow = QgsLayoutItemPicture(layout)
        arrow.setPicturePath(arrow_svg)
        arrow.setLinkedMap(item)
        place(arrow, 203, 19, 12, 12)
    exporter = QgsLayoutExporter(layout)
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 110
    settings.exportMetadata = False
    # QGIS then tries to georeference the PNG in place through GDAL, which cannot update a
    # PNG: "ERROR 6: The PNG driver does not support update access" on stderr is harmless.
    result = exporter.exportToImage(path, settings)
    root = project.layerTreeRoot()
    return {"exported": result == QgsLayoutExporter.Success,
            "legend_layers": [node.name() for node in root.findLayers()]}


def shapefiles(zip_path):
    """Whether QGIS applies the .qml beside a Shapefile: inside the zip, and unpacked."""
    result = {}
    with zipfile.ZipFile(zip_path) as z:
        shps = sorted(n for n in z.namelist() if n.endswith(".shp"))
        unpacked = tempfile.mkdtemp(prefix="qgis-shp-")
        z.extractall(unpacked)
    for shp in shps:
        table = shp[:-4]
        entry = {}
        for where, source in [("zip", "/vsizip/%s/%s" % (zip_path, shp)), ("unpacked", os.path.join(unpacked, shp))]:
            layer = QgsVectorLayer(source, table, "ogr")
            entry[where] = {
                "valid": layer.isValid(), "features": layer.featureCount(),
                "renderer": layer.renderer().type() if layer.renderer() else None,
                "labels_enabled": layer.labelsEnabled(), "aliases": aliases(layer),
            }
        result[table] = entry
    return result


if __name__ == "__main__":
    main()
