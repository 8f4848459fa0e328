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
    settings = QgsMapSettings()
    settings.setLayers([layers[t] for t in reversed(ORDER) if t in layers])
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
    job.renderedImage().save(os.path.join(out, "map.png"), "png")
    results = job.takeLabelingResults()
    placed = {}
    by_id = {layer.id(): table for table, layer in layers.items()}
    for label in results.allLabels() if hasattr(results, "allLabels") else results.labelsWithinRect(settings.visibleExtent()):
        table = by_id.get(label.layerID)
        if table:
            placed.setdefault(table, []).append(label.labelText)
    for table in layers:
        report["layers"][table]["labels"] = len(placed.get(table, []))
        report["layers"][table]["label_examples"] = sorted(set(placed.get(table, [])))[:5]
    report["errors"] = [e.message for e in job.errors()]

    report["sheet"] = sheet(project, layers, extent, os.path.join(out, "sheet.png"))
    report["shapefile"] = shapefiles(shapefile_zip)
    print(json.dumps(report, ensure_ascii=False))
    app.exitQgis()


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
